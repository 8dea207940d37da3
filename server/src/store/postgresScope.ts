import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { SerialQueue } from '../lib/serialQueue.ts';
import type { Logger } from '../logger.ts';
import { TransactionScope } from './transactionScope.ts';

/** Where a PostgreSQL repository's statements go: the pool, or the connection of the transaction it works in. */
export interface Sql {
	query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<QueryResult<R>>;
	/** Statements that must take effect all or none: a transaction of their own on the pool (inside one, they already are). */
	atomic<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

let savepoints = 0;

/**
 * Where store calls run on PostgreSQL: the whole database (a pool: calls run
 * side by side, each on a connection of its own), or one open transaction (a
 * child scope, on the transaction's one connection: its calls run one at a
 * time, in the order they were made). A transaction started in a
 * transaction is a savepoint.
 */
export class PostgresScope extends TransactionScope {
	readonly sql: Sql;
	readonly #pool: Pool;
	readonly #log: Logger;
	/** The transaction's connection; null for the whole database. */
	readonly #client: PoolClient | null;
	readonly #queue = new SerialQueue();
	/** Calls to the whole database still running (end() waits for them). */
	readonly #running = new Set<Promise<unknown>>();

	constructor(pool: Pool, log: Logger, client: PoolClient | null = null, parent: PostgresScope | null = null) {
		super(parent);
		this.#pool = pool;
		this.#log = log;
		this.#client = client;
		this.sql = client ? connectionSql(client) : poolSql(pool, log);
	}

	/** `repository` (made with this scope's `sql`) with each method run in this scope. */
	bind<T extends object>(repository: T): T {
		return this.bindWith<T>(repository, (method) => this.run(method as () => Promise<unknown>));
	}

	/** Run a store call here: at once on the pool; in a transaction after its calls made before, as a savepoint. */
	run<T>(work: () => Promise<T>): Promise<T> {
		const refused = this.refusal();
		if (refused) return Promise.reject(refused);
		const client = this.#client;
		if (!client) return this.#track(work());
		// A failed statement aborts a whole PostgreSQL transaction: as a savepoint, a call that fails undoes only
		// itself, and the transaction goes on (as on SQLite, where a failed statement undoes only itself).
		return this.#queue.run(() => savepoint(client, work));
	}

	/** Run `fn` in a transaction (a savepoint inside another): committed if it resolves, rolled back if it rejects. */
	transaction<T>(fn: (scope: PostgresScope) => Promise<T>): Promise<T> {
		const refused = this.refusal();
		if (refused) return Promise.reject(refused);
		const body = async (client: PoolClient): Promise<T> => {
			const child = new PostgresScope(this.#pool, this.#log, client, this);
			try {
				return await this.within(child, () => fn(child));
			} finally {
				// Calls it left running finish first, so that they commit or roll back with it.
				await child.end();
			}
		};
		const client = this.#client;
		if (!client) return this.#track(inTransaction(this.#pool, this.#log, body));
		return this.#queue.run(() => savepoint(client, () => body(client)));
	}

	/** Take no more calls; resolves once those already made are done. */
	async end(): Promise<void> {
		this.shut();
		await this.#queue.idle();
		await Promise.allSettled(this.#running);
	}

	#track<T>(call: Promise<T>): Promise<T> {
		this.#running.add(call);
		const done = () => void this.#running.delete(call);
		call.then(done, done);
		return call;
	}
}

/** The pool's statements: each on whichever connection is free. */
function poolSql(pool: Pool, log: Logger): Sql {
	return {
		query: (text, values) => pool.query(text, values && storable(values)),
		atomic: (fn) => inTransaction(pool, log, (client) => fn(connectionSql(client))),
	};
}

/** The statements of one transaction, on its connection. */
function connectionSql(client: PoolClient): Sql {
	const sql: Sql = {
		query: (text, values) => client.query(text, values && storable(values)),
		atomic: (fn) => fn(sql),
	};
	return sql;
}

/**
 * The values as PostgreSQL can take them: its text cannot hold U+0000 (SQLite's
 * can), which it refuses with an error. Each becomes U+FFFD, the replacement
 * character: a text written with one keeps its place, and a key looked up with
 * one (a token from a URL) finds nothing, as no key holds one. JSON is sent
 * as text, where JSON.stringify has escaped it (`\u0000`, which JSON columns
 * keep as written).
 */
function storable(values: readonly unknown[]): unknown[] {
	return values.map((value) =>
		typeof value === 'string' ? value.replaceAll('\0', '\uFFFD') : Array.isArray(value) ? storable(value) : value,
	);
}

/** Run `fn` in a transaction on a connection of its own (BEGIN ... COMMIT), rolled back if it rejects. */
export async function inTransaction<T>(pool: Pool, log: Logger, fn: (client: PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	// The pool listens to its idle connections only: one that fails while checked out (the server went away)
	// would otherwise throw an unhandled 'error' and end the process. The statement waiting on it fails too.
	const onError = (error: Error) => log.error({ err: error }, 'a database connection failed during a transaction');
	client.on('error', onError);
	// Whether the connection is back outside a transaction, fit for the next user of the pool.
	let clean = false;
	try {
		await client.query('BEGIN');
		let result: T;
		try {
			result = await fn(client);
		} catch (error) {
			// On a failed connection ROLLBACK fails too: the error to report is fn's.
			clean = await client.query('ROLLBACK').then(
				() => true,
				() => false,
			);
			throw error;
		}
		const commit = await client.query('COMMIT');
		clean = true;
		// COMMIT of a transaction that a failed statement aborted rolls it back, and says so without an error.
		if (commit.command !== 'COMMIT') throw new Error('the transaction was rolled back: one of its statements failed');
		return result;
	} finally {
		client.off('error', onError);
		// A connection left in an unknown state is closed, not reused.
		client.release(!clean);
	}
}

/** Run `work` inside a savepoint of the open transaction on `client`: rolled back to it if it rejects. */
async function savepoint<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
	const name = `sp${++savepoints}`;
	await client.query(`SAVEPOINT ${name}`);
	let result: T;
	try {
		result = await work();
	} catch (error) {
		// If even this fails, the transaction is lost (its connection failed): its COMMIT will say so.
		await client.query(`ROLLBACK TO SAVEPOINT ${name}; RELEASE SAVEPOINT ${name}`).catch(() => {});
		throw error;
	}
	await client.query(`RELEASE SAVEPOINT ${name}`);
	return result;
}
