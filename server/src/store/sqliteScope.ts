import type { DatabaseSync } from 'node:sqlite';
import { SerialQueue } from '../lib/serialQueue.ts';
import { TransactionScope } from './transactionScope.ts';

/** The synchronous form of a store interface: what the SQLite repositories implement (node:sqlite is synchronous). */
export type Sync<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never };

let savepoints = 0;

/**
 * Where store calls run on the one SQLite connection: the whole database, or
 * one open transaction (a child scope). A scope carries out its calls one at
 * a time, in the order they were made; a transaction holds its parent's
 * queue from BEGIN to COMMIT, so two transactions never interleave and no
 * call from outside lands inside one (it waits until the transaction ends).
 * A transaction's own calls go through its child scope, and a transaction
 * started there is a savepoint.
 */
export class SqliteScope extends TransactionScope {
	readonly #db: DatabaseSync;
	readonly #queue = new SerialQueue();

	constructor(db: DatabaseSync, parent: SqliteScope | null = null) {
		super(parent);
		this.#db = db;
	}

	/** `repository` with each method run in this scope (and returning a promise). */
	bind<T>(repository: Sync<T>): T {
		return this.bindWith<T>(repository, (method) => this.run(method));
	}

	/** Run synchronous database work after the calls made before it. */
	run<T>(work: () => T): Promise<T> {
		const refused = this.refusal();
		return refused ? Promise.reject(refused) : this.#queue.run(work);
	}

	/** Run `fn` in a transaction (a savepoint inside another): committed if it resolves, rolled back if it rejects. */
	transaction<T>(fn: (scope: SqliteScope) => Promise<T>): Promise<T> {
		const refused = this.refusal();
		if (refused) return Promise.reject(refused);
		return this.#queue.run(async () => {
			const savepoint = this.inTransaction ? `tx${++savepoints}` : null;
			this.#db.exec(savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN IMMEDIATE');
			const child = new SqliteScope(this.#db, this);
			let result: T;
			try {
				result = await this.within(child, () => fn(child));
			} catch (error) {
				// Calls it left running finish first, so that they roll back with it.
				await child.end();
				this.#db.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
				throw error;
			}
			await child.end();
			try {
				this.#db.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
			} catch (error) {
				if (this.#db.isTransaction) this.#db.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
				throw error;
			}
			return result;
		});
	}

	/** Take no more calls; resolves once those already made are done. */
	end(): Promise<void> {
		this.shut();
		return this.#queue.idle();
	}
}
