/**
 * At most `maxRunning` tasks at once, up to `maxWaiting` more queued in
 * order; beyond that run() refuses at once (the caller says "busy").
 */
export class TaskGate {
	readonly #maxRunning: number;
	readonly #maxWaiting: number;
	readonly #waiting: Array<() => void> = [];
	#running = 0;

	constructor(maxRunning: number, maxWaiting: number) {
		this.#maxRunning = maxRunning;
		this.#maxWaiting = maxWaiting;
	}

	get running(): number {
		return this.#running;
	}

	get waiting(): number {
		return this.#waiting.length;
	}

	/** Run `task` when a place is free; throws `busy()` without running it when the queue is full. */
	async run<T>(task: () => Promise<T>, busy: () => Error): Promise<T> {
		if (this.#running < this.#maxRunning) {
			this.#running++;
		} else {
			if (this.#waiting.length >= this.#maxWaiting) throw busy();
			// The finishing task hands its place over, so #running stays the same.
			await new Promise<void>((resolve) => this.#waiting.push(resolve));
		}
		try {
			return await task();
		} finally {
			const next = this.#waiting.shift();
			if (next) next();
			else this.#running--;
		}
	}
}
