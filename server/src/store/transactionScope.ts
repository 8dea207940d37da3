import { AsyncLocalStorage } from 'node:async_hooks';

/** The innermost transaction the running code was started in (to refuse calls that must not be made from there). */
const running = new AsyncLocalStorage<TransactionScope>();

/**
 * Where a store's calls run: the whole database, or one open transaction in
 * it (a child scope; a transaction started there is a savepoint). What a
 * transaction's body does goes through its own scope: a call it makes to a
 * scope the transaction was started from is refused. On SQLite that call
 * would wait for the transaction forever; on PostgreSQL it would run beside
 * the transaction, on another connection (unseen by it, not rolled back
 * with it, and a pool full of such transactions would wait for itself).
 * Both stores refuse it, so code that works on one works on the other.
 */
export abstract class TransactionScope {
	readonly #parent: TransactionScope | null;
	#open = true;

	constructor(parent: TransactionScope | null) {
		this.#parent = parent;
	}

	/** Whether this scope is a transaction (not the whole database). */
	protected get inTransaction(): boolean {
		return this.#parent !== null;
	}

	/** `repository`'s methods, each made through `call` (which runs it in this scope and returns its promise). */
	protected bindWith<T>(repository: object, call: (method: () => unknown) => Promise<unknown>): T {
		const bound: Record<string, unknown> = {};
		const methods = repository as Record<string, (...args: unknown[]) => unknown>;
		for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(repository))) {
			if (name === 'constructor' || typeof methods[name] !== 'function') continue;
			bound[name] = (...args: unknown[]) => call(() => methods[name]!.apply(repository, args));
		}
		return bound as T;
	}

	/** Run `body` as the transaction `child` (started from this scope): what it calls here is refused until `child` ends. */
	protected within<T>(child: TransactionScope, body: () => Promise<T>): Promise<T> {
		return running.run(child, body);
	}

	/** Take no more calls. */
	protected shut(): void {
		this.#open = false;
	}

	/** Why a call here cannot be made now, if it cannot. */
	protected refusal(): Error | null {
		if (!this.#open) return new Error(this.#parent ? 'this transaction has ended' : 'the store is closed');
		for (let inner = running.getStore(); inner; inner = inner.#parent ?? undefined) {
			if (inner.#parent === this) {
				return inner.#open ? new Error('inside a transaction, use the store it was given (tx), not the one it was started from') : null;
			}
		}
		return null;
	}
}
