import { EventEmitter } from 'node:events';

/** An EventEmitter whose event names and listener arguments are checked by TypeScript. */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
	readonly #emitter = new EventEmitter();

	on<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): this {
		this.#emitter.on(event, listener as (...args: unknown[]) => void);
		return this;
	}

	off<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): this {
		this.#emitter.off(event, listener as (...args: unknown[]) => void);
		return this;
	}

	protected emit<E extends keyof Events & string>(event: E, ...args: Events[E]): void {
		this.#emitter.emit(event, ...args);
	}
}
