import { Writable } from 'node:stream';
import { defaultCrowdSettings, type TimelineEvent } from '@gladi/shared';
import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger, type Logger } from '../../server/src/logger.ts';
import { Stage } from '../../server/src/rooms/stage.ts';
import { TimelineWriter } from '../../server/src/rooms/timelineWriter.ts';
import { POSTGRES_MIGRATIONS } from '../../server/src/store/postgresMigrations.ts';
import { PostgresStore } from '../../server/src/store/postgresStore.ts';
import { TestPostgres } from '../postgres.ts';

/*
 * What only the PostgreSQL store does: its migrations on a shared database,
 * its pool of connections. What every store does is the contract suite
 * (storeContract.test.ts), run on PostgreSQL too.
 */

let server: TestPostgres;
const opened: PostgresStore[] = [];

beforeAll(async () => {
	server = await TestPostgres.start();
}, 60_000);
afterEach(async () => {
	for (const store of opened.splice(0)) await store.close();
});
afterAll(() => server.stop());

async function open(url: string, options: { log?: Logger; poolSize?: number } = {}): Promise<PostgresStore> {
	const store = await PostgresStore.open(url, options);
	opened.push(store);
	return store;
}

/** Run one statement on `url` over a connection of its own (as a database administrator would). */
async function query<R>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query(text, values)).rows as R[];
	} finally {
		await client.end();
	}
}

/** A logger whose JSON lines the test reads. */
function capturedLog(): { log: Logger; lines: () => Array<{ msg: string; err?: { message: string } }> } {
	const chunks: string[] = [];
	const destination = new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(chunk.toString());
			done();
		},
	});
	const log = createLogger({ level: 'info', format: 'json', destination });
	return {
		log,
		lines: () =>
			chunks
				.join('')
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as { msg: string; err?: { message: string } }),
	};
}

/** The connections this database has from Gladi's pools. */
async function gladiConnections(url: string): Promise<number> {
	const [row] = await query<{ n: number }>(url, "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gladi'");
	return row!.n;
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const account = (id: string) => ({ id, username: id, displayName: id, passwordHash: 'x', role: 'mentor' as const, disabled: false, createdAt: 1, lastLoginAt: null });

describe('PostgresStore migrations', () => {
	it('migrates a new database once when five nodes open it at the same moment', async () => {
		const url = await server.createDatabase();
		const { log, lines } = capturedLog();
		const stores = await Promise.all([1, 2, 3, 4, 5].map(() => open(url, { log })));
		const versions = await query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
		expect(versions.map((v) => v.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
		expect(lines().filter((l) => l.msg === 'migrated')).toHaveLength(POSTGRES_MIGRATIONS.length);
		expect(lines().filter((l) => l.err)).toEqual([]);
		// Each works, and all share one database.
		await Promise.all(stores.map((store, i) => store.accounts.create(account(`a_${i}`))));
		for (const store of stores) expect(await store.accounts.count()).toBe(5);
		// Opened again later: nothing left to migrate.
		await open(url, { log });
		expect(lines().filter((l) => l.msg === 'migrated')).toHaveLength(POSTGRES_MIGRATIONS.length);
	});

	it('refuses a database from a newer Gladi, leaving no connection open', async () => {
		const url = await server.createDatabase();
		await (await PostgresStore.open(url)).close();
		await query(url, 'INSERT INTO schema_migrations (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length + 1]);
		await expect(PostgresStore.open(url)).rejects.toThrow(/newer Gladi/);
		expect(await gladiConnections(url)).toBe(0);
	});

	it('fails to open, with the reason, where no PostgreSQL answers', async () => {
		const gone = await TestPostgres.start();
		const url = gone.url();
		await gone.stop();
		await expect(PostgresStore.open(url)).rejects.toThrow(/ECONNREFUSED/);
	});
});

describe('PostgresStore transactions', () => {
	it('leaves no row behind from a transaction that rejects', async () => {
		const url = await server.createDatabase();
		const store = await open(url);
		await store.accounts.create(account('a_owner'));
		const tables = await query<{ table_name: string }>(
			url,
			"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'accounts') ORDER BY table_name",
		);
		await expect(
			store.transaction(async (tx) => {
				const product = await tx.catalogOf('a_owner').createProduct({ name: 'P', description: '', price: 1000, category: '', material: '', variants: [{ size: 'M', color: null, stock: 1 }] });
				await tx.rooms.createRoom({ code: 'ROOM01', title: 'R', ownerId: 'a_owner', classId: 'c_1', createdAt: 1 }, [{ token: 't1', roomCode: 'ROOM01', role: 'host', issuedAt: 1, memberId: null }], [product]);
				await tx.classes.createClass(
					{ id: 'c_1', name: 'K', ownerId: 'a_owner', mentorToken: 'mt', turnSeconds: 60, createdAt: 1 },
					[{ id: 'm_1', classId: 'c_1', name: 'Ani', token: 'tm', roomCode: 'ROOM01', position: 0 }],
					[{ roomCode: 'ROOM01', classId: 'c_1', turnIndex: 0, turnStartedAt: 1 }],
				);
				await tx.sessions.startSession({ id: 's_1', roomCode: 'ROOM01', title: 'R', hostName: 'Ani', startedAt: 1, endedAt: null, classId: 'c_1', memberId: 'm_1' });
				await tx.sessions.appendEvent('s_1', { type: 'liveStarted', at: 1 });
				await tx.sessions.addNote({ id: 'n_1', sessionId: 's_1', at: 1, mentorName: 'M', text: 'x', tags: [] });
				await tx.sessions.setScore('s_1', { criterion: 'opening', level: 2, mentorName: 'M', updatedAt: 1 });
				await tx.recordings.begin('s_1', '/rec', 1, 'node-a');
				await tx.accounts.createSession({ tokenHash: 'h', accountId: 'a_owner', createdAt: 1, expiresAt: 2, lastSeenAt: 1 });
				throw new Error('undo all of it');
			}),
		).rejects.toThrow('undo all of it');
		const counts = await Promise.all(tables.map(async (t) => [t.table_name, (await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM ${t.table_name}`))[0]!.n]));
		expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(tables.map((t) => [t.table_name, 0])));
		expect(tables.length).toBeGreaterThanOrEqual(12);
	});

	it("keeps the lives' timelines in order when many are written at once, each by its TimelineWriter", async () => {
		const url = await server.createDatabase();
		const store = await open(url);
		const lives = Array.from({ length: 10 }, (_, i) => {
			const stage = new Stage([], defaultCrowdSettings());
			const timeline = new TimelineWriter(store.sessions, stage, null, silentLogger);
			const session = timeline.start({ roomCode: `ROOM${i}`, title: 't', hostName: 'h', classId: null, memberId: null });
			return { stage, timeline, session };
		});
		// Comments arrive on every stage at once; nobody waits for the writes but the acknowledged ones.
		const acked: Array<Promise<unknown>> = [];
		for (let n = 0; n < 100; n++) {
			for (const { stage, timeline } of lives) {
				if (n % 10 === 0) acked.push(timeline.committed(() => stage.addComment({ name: 'Sari', text: `${n}`, source: 'buyer' })));
				else stage.addComment({ name: 'crowd', text: `${n}`, source: 'crowd' });
			}
		}
		await Promise.all(acked);
		for (const { timeline } of lives) timeline.stop();
		await Promise.all(lives.map(({ timeline }) => timeline.flushed()));
		for (const { session } of lives) {
			const events = await store.sessions.events(session.id);
			expect(events[0]?.type).toBe('liveStarted');
			expect(events.at(-1)?.type).toBe('liveEnded');
			const comments = events.filter((e): e is Extract<TimelineEvent, { type: 'comment' }> => e.type === 'comment');
			expect(comments.map((c) => Number(c.text))).toEqual([...Array(100).keys()]);
			expect((await store.sessions.getSession(session.id))?.endedAt).not.toBeNull();
		}
	});
});

describe('PostgresStore connections', () => {
	it('reads int8 as numbers in its own pool only, leaving pg as it is for the rest of the process', async () => {
		const url = await server.createDatabase();
		const store = await open(url);
		await store.sessions.startSession({ id: 's_1', roomCode: 'R', title: 't', hostName: 'h', startedAt: 2 ** 53 - 1, endedAt: null, classId: null, memberId: null });
		expect((await store.sessions.getSession('s_1'))?.startedAt).toBe(2 ** 53 - 1);
		expect(await query(url, 'SELECT 5::int8 AS n')).toEqual([{ n: '5' }]);
	});

	it('holds no more connections than its pool size, and none once closed', async () => {
		const url = await server.createDatabase();
		const store = await open(url, { poolSize: 3 });
		await Promise.all(Array.from({ length: 60 }, (_, i) => store.accounts.create(account(`a_${i}`))));
		await Promise.all(Array.from({ length: 60 }, () => store.accounts.count()));
		const held = await gladiConnections(url);
		expect(held).toBeGreaterThan(0);
		expect(held).toBeLessThanOrEqual(3);
		await store.close();
		await until('the pool to disconnect', async () => (await gladiConnections(url)) === 0);
	});

	it('logs an idle connection the server dropped, and goes on with new ones', async () => {
		const url = await server.createDatabase();
		const { log, lines } = capturedLog();
		const store = await open(url, { log, poolSize: 2 });
		await Promise.all([store.accounts.count(), store.accounts.count()]);
		const dropped = await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gladi'");
		expect(dropped.length).toBeGreaterThan(0);
		// Every dropped connection is noticed (and logged) on its own: until then the pool could still hand one out.
		await until('the dropped connections to be logged', () => lines().filter((l) => l.msg === 'an idle database connection failed').length === dropped.length);
		expect(await store.accounts.count()).toBe(0);
	});

	it('fails the transaction whose connection is lost, not the process, and goes on', async () => {
		const url = await server.createDatabase();
		const { log, lines } = capturedLog();
		const store = await open(url, { log });
		const lost = store.transaction(async (tx) => {
			await tx.accounts.create(account('a_lost'));
			await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'");
			await tx.accounts.create(account('a_after'));
		});
		await expect(lost).rejects.toThrow();
		expect(lines().some((l) => l.msg === 'a database connection failed during a transaction')).toBe(true);
		await store.accounts.create(account('a_next'));
		expect((await store.accounts.list()).map((a) => a.id)).toEqual(['a_next']);
	});
});
