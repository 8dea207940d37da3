/**
 * Runs tasks one at a time, in the order they were given: a task starts once
 * the one before it has settled. Given while nothing runs, a task starts at
 * once, within the call (a synchronous one has finished when run() returns).
 */
export class SerialQueue {
	/** Tasks given and not yet settled. */
	#pending = 0;
	/** Settles after the last task given so far. */
	#tail: Promise<void> = Promise.resolve();

	run<T>(task: () => T | Promise<T>): Promise<T> {
		if (this.#pending > 0) return this.#hold(this.#tail.then(task));
		let value: T | Promise<T>;
		try {
			value = task();
		} catch (error) {
			return Promise.reject(error as Error);
		}
		return value instanceof Promise ? this.#hold(value) : Promise.resolve(value);
	}

	/** Whether a task is running or waiting. */
	get busy(): boolean {
		return this.#pending > 0;
	}

	/** Resolves once every task given so far has settled. */
	idle(): Promise<void> {
		return this.#tail;
	}

	#hold<T>(result: Promise<T>): Promise<T> {
		this.#pending++;
		this.#tail = result.then(
			() => void this.#pending--,
			() => void this.#pending--,
		);
		return result;
	}
}
