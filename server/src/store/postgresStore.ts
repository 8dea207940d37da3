import type { MentorNote, NoteTag, Product, ProductInput, RubricScore, SessionInfo, TimelineEvent, Variant } from '@gladi/shared';
import { GladiError } from '@gladi/shared';
import { Pool, TypeOverrides, types as pgTypes } from 'pg';
import type { Fence } from '../cluster/fence.ts';
import { SerialQueue } from '../lib/serialQueue.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { newId } from './ids.ts';
import { POSTGRES_MIGRATIONS } from './postgresMigrations.ts';
import { inTransaction, PostgresScope, type Sql } from './postgresScope.ts';
import {
	ACCOUNT_COLUMNS,
	INVITE_SELECT,
	accountOf,
	authSessionOf,
	classOf,
	eventOf,
	inviteOf,
	memberOf,
	noteOf,
	productOf,
	recordingOf,
	roomOf,
	scoreOf,
	sessionOf,
	turnOf,
	variantOf,
	type AccountRow,
	type AuthSessionRow,
	type ClassRow,
	type InviteRow,
	type MemberRow,
	type NoteRow,
	type ProductRow,
	type RecordingRow,
	type RoomRow,
	type ScoreRow,
	type SessionRow,
	type TurnRow,
	type VariantRow,
} from './rows.ts';
import type {
	AccountRecord,
	AccountStore,
	AuthSessionRecord,
	CatalogStore,
	ClassRecord,
	ClassStore,
	InviteRecord,
	MemberRecord,
	OpenStore,
	RecordingRecord,
	RecordingStore,
	RoomRecord,
	RoomStore,
	SessionStore,
	Store,
	TurnRecord,
} from './store.ts';

export interface PostgresStoreOptions {
	log?: Logger;
	/** Connections the pool may open (each transaction holds one while it runs). */
	poolSize?: number;
}

/** Any constant, the same on every node: whoever holds it migrates, the others wait and then find nothing left to do. */
const MIGRATION_LOCK = 0x676c_6164_69; // "gladi"

/**
 * Epoch-ms times, sizes and counts are int8, which pg reads as strings (for
 * values past 2^53, which these never reach): this pool reads them as
 * numbers, without changing pg's parsers for anyone else in the process.
 */
const types = new TypeOverrides();
types.setTypeParser(pgTypes.builtins.INT8, Number);

/** The store's repositories over one scope: the whole database, or one open transaction. */
class PostgresScopedStore implements Store {
	readonly accounts: AccountStore;
	readonly rooms: RoomStore;
	readonly sessions: SessionStore;
	readonly classes: ClassStore;
	readonly recordings: RecordingStore;
	/** Module-private class: the fence check runs its query in a transaction's scope. */
	readonly scope: PostgresScope;

	constructor(scope: PostgresScope) {
		this.scope = scope;
		this.accounts = scope.bind<AccountStore>(new PostgresAccounts(scope.sql));
		this.rooms = scope.bind<RoomStore>(new PostgresRooms(scope.sql));
		this.sessions = scope.bind<SessionStore>(new PostgresSessions(scope.sql));
		this.classes = scope.bind<ClassStore>(new PostgresClasses(scope.sql));
		this.recordings = scope.bind<RecordingStore>(new PostgresRecordings(scope.sql));
	}

	catalogOf(ownerId: string): CatalogStore {
		return this.scope.bind<CatalogStore>(new PostgresCatalog(this.scope.sql, ownerId));
	}

	/** On a pooled connection of its own: calls from outside go on meanwhile, on other connections (see PostgresScope). */
	transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
		return this.scope.transaction((scope) => fn(new PostgresScopedStore(scope)));
	}
}

/**
 * The server database store: PostgreSQL over a pool of connections (pg).
 * Each call's promise settles once its statements are committed (in a
 * transaction of their own, unless the call runs in one). Studios starting
 * together on one database migrate it once; what else several studios on one
 * database would need is not here yet (closeInterruptedSessions() ends every
 * open session, another studio's live ones too).
 */
export class PostgresStore extends PostgresScopedStore implements OpenStore {
	readonly #pool: Pool;
	#closed: Promise<void> | null = null;

	/** Where the database is (the cluster's LISTEN connection opens its own). */
	readonly url: string;

	private constructor(pool: Pool, url: string, log: Logger) {
		super(new PostgresScope(pool, log));
		this.#pool = pool;
		this.url = url;
	}

	/**
	 * The secret named `name`, shared by every node: made once by whichever
	 * node asks first (`make`), read by the others.
	 */
	async sharedSecret(name: string, make: () => string): Promise<string> {
		await this.#pool.query('INSERT INTO studio_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, make()]);
		const { rows } = await this.#pool.query<{ value: string }>('SELECT value FROM studio_secrets WHERE name = $1', [name]);
		return rows[0]!.value;
	}

	/**
	 * Several nodes: sessions left open in rooms no node holds (their node
	 * died and nobody has opened the room since), ended at their last event.
	 * A running live is never among them: its node holds the room's lease.
	 */
	closeOrphanedSessions(): Promise<number> {
		return closeOpenSessions(this.scope.sql, 'NOT EXISTS (SELECT 1 FROM room_leases l WHERE l.code = s.room_code AND l.lease_until > now())', []);
	}

	/** The pool, shared with this node's room placement (leases are rows of this database). */
	get pool(): Pool {
		return this.#pool;
	}

	/**
	 * A room's session writes, each committed only while `fence` is still
	 * the room's lease: the lease row is read FOR SHARE in the write's
	 * transaction, so a node taking the room over waits for the write, and
	 * a node that lost the room writes nothing (`room_elsewhere`).
	 */
	fencedSessions(fence: Fence): SessionStore {
		const sessions = this.sessions;
		const fenced = <A extends unknown[]>(write: (tx: SessionStore, ...args: A) => Promise<void>) =>
			(...args: A): Promise<void> =>
				this.transaction(async (tx) => {
					const held = await (tx as PostgresScopedStore).scope.sql.query(
						'SELECT 1 FROM room_leases WHERE code = $1 AND node_id = $2 AND epoch = $3 FOR SHARE',
						[fence.code, fence.nodeId, fence.epoch],
					);
					if (!held.rowCount) throw new GladiError('room_elsewhere', `room ${fence.code}: this node no longer holds its lease (epoch ${fence.epoch})`);
					await write(tx.sessions, ...args);
				});
		return {
			startSession: fenced((tx, session: SessionInfo) => tx.startSession(session)),
			endSession: fenced((tx, id: string, endedAt: number) => tx.endSession(id, endedAt)),
			appendEvent: fenced((tx, sessionId: string, event: TimelineEvent) => tx.appendEvent(sessionId, event)),
			addNote: fenced((tx, note: MentorNote) => tx.addNote(note)),
			setScore: fenced((tx, sessionId: string, score: RubricScore) => tx.setScore(sessionId, score)),
			getSession: (id) => sessions.getSession(id),
			sessionsOfRoom: (code) => sessions.sessionsOfRoom(code),
			sessionsOfMember: (id) => sessions.sessionsOfMember(id),
			sessionsOfClass: (id) => sessions.sessionsOfClass(id),
			events: (id) => sessions.events(id),
			eventCount: (id) => sessions.eventCount(id),
			notes: (id) => sessions.notes(id),
			scores: (id) => sessions.scores(id),
			closeInterruptedSessions: (code) => sessions.closeInterruptedSessions(code),
		};
	}

	/** Connect to the database at `url` (postgres://...) and bring its schema up to date. */
	static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
		const log = options.log ?? silentLogger;
		const pool = new Pool({
			connectionString: url,
			max: options.poolSize ?? 10,
			types,
			application_name: 'gladi',
			// A database that cannot be reached fails the call rather than leaving it waiting for ever.
			connectionTimeoutMillis: 30_000,
		});
		// An idle connection that fails (the server restarted, a network cut) is dropped by the pool and
		// replaced when next needed; unhandled, its 'error' would end the process.
		pool.on('error', (error) => log.error({ err: error }, 'an idle database connection failed'));
		try {
			await migrate(pool, log);
		} catch (error) {
			await pool.end();
			throw error;
		}
		return new PostgresStore(pool, url, log);
	}

	/** Close once the calls already made are done; later ones are refused. */
	close(): Promise<void> {
		this.#closed ??= this.scope.end().then(() => this.#pool.end());
		return this.#closed;
	}
}

/**
 * Apply pending migrations, all in one transaction that holds an advisory
 * lock: nodes starting together migrate once, one after another.
 */
async function migrate(pool: Pool, log: Logger): Promise<void> {
	const applied = await inTransaction(pool, log, async (client) => {
		await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
		await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
		const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
		const version = rows[0]?.version ?? 0;
		if (version > POSTGRES_MIGRATIONS.length) {
			throw new Error(`the database is from a newer Gladi (schema ${version}, this one knows ${POSTGRES_MIGRATIONS.length})`);
		}
		const done: number[] = [];
		for (let i = version; i < POSTGRES_MIGRATIONS.length; i++) {
			await client.query(POSTGRES_MIGRATIONS[i]!);
			await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [i + 1]);
			done.push(i + 1);
		}
		return done;
	});
	for (const to of applied) log.info({ to }, 'migrated');
}

/** End the open sessions `where` says (a condition on `s`) at their last recorded event, or their start. */
async function closeOpenSessions(sql: Sql, where: string, values: unknown[]): Promise<number> {
	const result = await sql.query(
		`UPDATE sessions s SET ended_at = COALESCE((SELECT MAX(at) FROM session_events e WHERE e.session_id = s.id), s.started_at)
		 WHERE s.ended_at IS NULL AND ${where}`,
		values,
	);
	return result.rowCount ?? 0;
}

/** Products with their variants (in order), read in one statement: one snapshot, one round trip. */
const PRODUCT_SELECT = `SELECT p.id, p.name, p.description, p.price, p.category, p.material, p.image_url,
	COALESCE((SELECT json_agg(json_build_object('id', v.id, 'size', v.size, 'color', v.color, 'stock', v.stock) ORDER BY v.position)
		FROM variants v WHERE v.product_id = p.id), '[]') AS variants
	FROM products p`;

type ProductWithVariants = ProductRow & { variants: Array<Pick<VariantRow, 'id' | 'size' | 'color' | 'stock'>> };

/** Insert variants (with their positions) in one statement. */
async function insertVariants(sql: Sql, productId: string, variants: ReadonlyArray<{ position: number; size: string | null; color: string | null; stock: number }>): Promise<void> {
	if (variants.length === 0) return;
	await sql.query(
		`INSERT INTO variants (id, product_id, position, size, color, stock)
		 SELECT v.id, $1, v.position, v.size, v.color, v.stock FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::int[]) AS v(id, position, size, color, stock)`,
		[
			productId,
			variants.map(() => newId('v')),
			variants.map((v) => v.position),
			variants.map((v) => v.size),
			variants.map((v) => v.color),
			variants.map((v) => v.stock),
		],
	);
}

/** One owner's products: every statement is limited to `owner_id`, so another mentor's ids are simply not there. */
class PostgresCatalog implements CatalogStore {
	readonly #sql: Sql;
	readonly #owner: string;

	constructor(sql: Sql, ownerId: string) {
		this.#sql = sql;
		this.#owner = ownerId;
	}

	async listProducts(): Promise<Product[]> {
		const { rows } = await this.#sql.query<ProductWithVariants>(`${PRODUCT_SELECT} WHERE p.owner_id = $1 ORDER BY p.created_at, p.seq`, [this.#owner]);
		return rows.map(productWithVariants);
	}

	async getProduct(id: string): Promise<Product | undefined> {
		return (await this.getProducts([id]))[0];
	}

	getProducts(ids: readonly string[]): Promise<Product[]> {
		return this.#read(this.#sql, ids);
	}

	createProduct(input: ProductInput): Promise<Product> {
		const id = newId('p');
		const now = Date.now();
		return this.#sql.atomic(async (sql) => {
			await sql.query(
				'INSERT INTO products (id, owner_id, name, description, price, category, material, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
				[id, this.#owner, input.name, input.description, input.price, input.category, input.material, now, now],
			);
			await insertVariants(sql, id, input.variants.map((v, position) => ({ ...v, position })));
			return (await this.#read(sql, [id]))[0]!;
		});
	}

	updateProduct(id: string, input: ProductInput): Promise<Product | undefined> {
		return this.#sql.atomic(async (sql) => {
			const result = await sql.query(
				'UPDATE products SET name = $1, description = $2, price = $3, category = $4, material = $5, updated_at = $6 WHERE id = $7 AND owner_id = $8',
				[input.name, input.description, input.price, input.category, input.material, Date.now(), id, this.#owner],
			);
			if (result.rowCount === 0) return undefined;
			await this.#replaceVariants(sql, id, input.variants);
			return (await this.#read(sql, [id]))[0];
		});
	}

	async deleteProduct(id: string): Promise<boolean> {
		const result = await this.#sql.query('DELETE FROM products WHERE id = $1 AND owner_id = $2', [id, this.#owner]);
		return (result.rowCount ?? 0) > 0;
	}

	async setProductImage(id: string, imageUrl: string | null): Promise<Product | undefined> {
		const result = await this.#sql.query('UPDATE products SET image_url = $1, updated_at = $2 WHERE id = $3 AND owner_id = $4', [imageUrl, Date.now(), id, this.#owner]);
		return (result.rowCount ?? 0) > 0 ? this.getProduct(id) : undefined;
	}

	/** Products by id, in the given order (repeats included); unknown ids are skipped. */
	async #read(sql: Sql, ids: readonly string[]): Promise<Product[]> {
		if (ids.length === 0) return [];
		const { rows } = await sql.query<ProductWithVariants>(`${PRODUCT_SELECT} WHERE p.owner_id = $1 AND p.id = ANY($2::text[])`, [this.#owner, ids]);
		const byId = new Map(rows.map((r) => [r.id, productWithVariants(r)]));
		return ids.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
	}

	/**
	 * Replace a product's variants, keeping the id of each variant whose size
	 * and colour stay the same (live rooms and orders refer to variant ids).
	 */
	async #replaceVariants(sql: Sql, productId: string, variants: ProductInput['variants']): Promise<void> {
		const { rows: existing } = await sql.query<Pick<VariantRow, 'id' | 'size' | 'color'>>('SELECT id, size, color FROM variants WHERE product_id = $1', [productId]);
		const key = (v: { size: string | null; color: string | null }) => JSON.stringify([v.size, v.color]);
		const byKey = new Map(existing.map((v) => [key(v), v.id]));
		const kept = new Map<string, { position: number; stock: number }>();
		const added: Array<ProductInput['variants'][number] & { position: number }> = [];
		variants.forEach((v, position) => {
			const id = byKey.get(key(v));
			if (id && !kept.has(id)) kept.set(id, { position, stock: v.stock });
			else added.push({ ...v, position });
		});
		if (kept.size > 0) {
			await sql.query(
				`UPDATE variants AS v SET position = k.position, stock = k.stock
				 FROM unnest($1::text[], $2::int[], $3::int[]) AS k(id, position, stock) WHERE v.id = k.id`,
				[[...kept.keys()], [...kept.values()].map((k) => k.position), [...kept.values()].map((k) => k.stock)],
			);
		}
		await insertVariants(sql, productId, added);
		const removed = existing.filter((v) => !kept.has(v.id)).map((v) => v.id);
		if (removed.length > 0) await sql.query('DELETE FROM variants WHERE id = ANY($1::text[])', [removed]);
	}
}

function productWithVariants(r: ProductWithVariants): Product {
	return productOf(r, r.variants.map((v): Variant => variantOf(v)));
}

/** Copy `products` into the room in place of what it had (one statement for all of them). */
async function replaceRoomProducts(sql: Sql, code: string, products: readonly Product[]): Promise<void> {
	await sql.query('DELETE FROM room_products WHERE room_code = $1', [code]);
	if (products.length === 0) return;
	// Each copy as JSON text, kept as written (not taken apart in SQL: PostgreSQL refuses to unescape \u0000).
	await sql.query(
		`INSERT INTO room_products (room_code, position, product_id, data)
		 SELECT $1, p.n - 1, p.id, p.data FROM unnest($2::text[], $3::json[]) WITH ORDINALITY AS p(id, data, n)`,
		[code, products.map((p) => p.id), products.map((p) => JSON.stringify(p))],
	);
}

class PostgresRooms implements RoomStore {
	readonly #sql: Sql;

	constructor(sql: Sql) {
		this.#sql = sql;
	}

	createRoom(room: RoomRecord, invites: readonly InviteRecord[], products: readonly Product[]): Promise<void> {
		return this.#sql.atomic(async (sql) => {
			await sql.query('INSERT INTO rooms (code, title, owner_id, class_id, created_at) VALUES ($1, $2, $3, $4, $5)', [
				room.code,
				room.title,
				room.ownerId,
				room.classId,
				room.createdAt,
			]);
			await insertInvites(sql, invites);
			await replaceRoomProducts(sql, room.code, products);
		});
	}

	async getRoom(code: string): Promise<RoomRecord | undefined> {
		const { rows } = await this.#sql.query<RoomRow>('SELECT * FROM rooms WHERE code = $1', [code]);
		return rows[0] ? roomOf(rows[0]) : undefined;
	}

	async roomsOf(ownerId: string): Promise<RoomRecord[]> {
		const { rows } = await this.#sql.query<RoomRow>('SELECT * FROM rooms WHERE owner_id = $1 ORDER BY created_at DESC, seq DESC', [ownerId]);
		return rows.map(roomOf);
	}

	async countRoomsSince(ownerId: string, since: number): Promise<number> {
		const { rows } = await this.#sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM rooms WHERE owner_id = $1 AND created_at >= $2', [ownerId, since]);
		return rows[0]!.n;
	}

	async roomProducts(code: string): Promise<Product[]> {
		const { rows } = await this.#sql.query<{ data: Product }>('SELECT data FROM room_products WHERE room_code = $1 ORDER BY position', [code]);
		return rows.map((r) => r.data);
	}

	setRoomProducts(code: string, products: readonly Product[]): Promise<void> {
		return this.#sql.atomic((sql) => replaceRoomProducts(sql, code, products));
	}

	async findInvite(token: string): Promise<InviteRecord | undefined> {
		const { rows } = await this.#sql.query<InviteRow>(`${INVITE_SELECT} WHERE i.token = $1`, [token]);
		return rows[0] ? inviteOf(rows[0]) : undefined;
	}

	async invitesOf(code: string): Promise<InviteRecord[]> {
		const { rows } = await this.#sql.query<InviteRow>(`${INVITE_SELECT} WHERE i.room_code = $1 ORDER BY i.seq`, [code]);
		return rows.map(inviteOf);
	}

	replaceInvite(invite: InviteRecord): Promise<void> {
		return this.#sql.atomic(async (sql) => {
			await sql.query('DELETE FROM invites WHERE room_code = $1 AND role = $2', [invite.roomCode, invite.role]);
			await insertInvites(sql, [invite]);
		});
	}
}

/** Insert invites in one statement, in their order (invitesOf lists them so). */
async function insertInvites(sql: Sql, invites: readonly InviteRecord[]): Promise<void> {
	if (invites.length === 0) return;
	await sql.query(
		`INSERT INTO invites (token, room_code, role, issued_at, member_id)
		 SELECT token, room_code, role, issued_at, member_id
		 FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) WITH ORDINALITY AS i(token, room_code, role, issued_at, member_id, n) ORDER BY n`,
		[invites.map((i) => i.token), invites.map((i) => i.roomCode), invites.map((i) => i.role), invites.map((i) => i.issuedAt), invites.map((i) => i.memberId)],
	);
}

/**
 * Sessions and their timelines. Each append is its own committed write: once
 * the call resolves, a crash of the server process cannot lose it.
 */
class PostgresSessions implements SessionStore {
	readonly #sql: Sql;
	/**
	 * Each session's appends, one at a time: on the pool two calls could run
	 * on two connections and be numbered the other way round.
	 */
	readonly #appends = new Map<string, SerialQueue>();

	constructor(sql: Sql) {
		this.#sql = sql;
	}

	async startSession(s: SessionInfo): Promise<void> {
		await this.#sql.query(
			'INSERT INTO sessions (id, room_code, title, host_name, started_at, ended_at, class_id, member_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
			[s.id, s.roomCode, s.title, s.hostName, s.startedAt, s.endedAt, s.classId, s.memberId],
		);
	}

	async endSession(id: string, endedAt: number): Promise<void> {
		await this.#sql.query('UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL', [endedAt, id]);
	}

	async getSession(id: string): Promise<SessionInfo | undefined> {
		const { rows } = await this.#sql.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id]);
		return rows[0] ? sessionOf(rows[0]) : undefined;
	}

	sessionsOfRoom(roomCode: string): Promise<SessionInfo[]> {
		return this.#list('room_code', roomCode);
	}

	sessionsOfMember(memberId: string): Promise<SessionInfo[]> {
		return this.#list('member_id', memberId);
	}

	sessionsOfClass(classId: string): Promise<SessionInfo[]> {
		return this.#list('class_id', classId);
	}

	appendEvent(sessionId: string, event: TimelineEvent): Promise<void> {
		const { type, at, ...data } = event;
		let queue = this.#appends.get(sessionId);
		if (!queue) this.#appends.set(sessionId, (queue = new SerialQueue()));
		const written = queue.run(async () => {
			await this.#sql.query('INSERT INTO session_events (session_id, at, type, data) VALUES ($1, $2, $3, $4)', [sessionId, at, type, JSON.stringify(data)]);
		});
		const idle = queue;
		void idle.idle().then(() => {
			if (!idle.busy && this.#appends.get(sessionId) === idle) this.#appends.delete(sessionId);
		});
		return written;
	}

	async events(sessionId: string): Promise<TimelineEvent[]> {
		const { rows } = await this.#sql.query<{ at: number; type: string; data: object }>('SELECT at, type, data FROM session_events WHERE session_id = $1 ORDER BY seq', [
			sessionId,
		]);
		return rows.map((r) => eventOf(r.type, r.at, r.data));
	}

	async eventCount(sessionId: string): Promise<number> {
		const { rows } = await this.#sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM session_events WHERE session_id = $1', [sessionId]);
		return rows[0]!.n;
	}

	async addNote(note: MentorNote): Promise<void> {
		await this.#sql.query('INSERT INTO notes (id, session_id, at, mentor_name, text, tags, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
			note.id,
			note.sessionId,
			note.at,
			note.mentorName,
			note.text,
			note.tags,
			Date.now(),
		]);
	}

	async notes(sessionId: string): Promise<MentorNote[]> {
		const { rows } = await this.#sql.query<NoteRow & { tags: NoteTag[] }>('SELECT * FROM notes WHERE session_id = $1 ORDER BY at, created_at, seq', [sessionId]);
		return rows.map((r) => noteOf(r, r.tags));
	}

	async setScore(sessionId: string, score: RubricScore): Promise<void> {
		await this.#sql.query(
			`INSERT INTO rubric_scores (session_id, criterion, level, mentor_name, updated_at) VALUES ($1, $2, $3, $4, $5)
			 ON CONFLICT (session_id, criterion) DO UPDATE SET level = excluded.level, mentor_name = excluded.mentor_name, updated_at = excluded.updated_at`,
			[sessionId, score.criterion, score.level, score.mentorName, score.updatedAt],
		);
	}

	async scores(sessionId: string): Promise<RubricScore[]> {
		const { rows } = await this.#sql.query<ScoreRow>('SELECT * FROM rubric_scores WHERE session_id = $1 ORDER BY criterion', [sessionId]);
		return rows.map(scoreOf);
	}

	closeInterruptedSessions(roomCode?: string): Promise<number> {
		return closeOpenSessions(this.#sql, '($1::text IS NULL OR s.room_code = $1)', [roomCode ?? null]);
	}

	async #list(column: 'room_code' | 'member_id' | 'class_id', value: string): Promise<SessionInfo[]> {
		const { rows } = await this.#sql.query<SessionRow>(`SELECT * FROM sessions WHERE ${column} = $1 ORDER BY started_at, seq`, [value]);
		return rows.map(sessionOf);
	}
}

class PostgresClasses implements ClassStore {
	readonly #sql: Sql;

	constructor(sql: Sql) {
		this.#sql = sql;
	}

	createClass(c: ClassRecord, members: MemberRecord[], turns: TurnRecord[]): Promise<void> {
		return this.#sql.atomic(async (sql) => {
			await sql.query('INSERT INTO classes (id, name, owner_id, mentor_token, turn_seconds, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
				c.id,
				c.name,
				c.ownerId,
				c.mentorToken,
				c.turnSeconds,
				c.createdAt,
			]);
			if (members.length > 0) {
				await sql.query(
					`INSERT INTO class_members (id, class_id, name, token, room_code, position)
					 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
					[members.map((m) => m.id), members.map((m) => m.classId), members.map((m) => m.name), members.map((m) => m.token), members.map((m) => m.roomCode), members.map((m) => m.position)],
				);
			}
			if (turns.length > 0) {
				// In their order: turns() lists them so.
				await sql.query(
					`INSERT INTO class_turns (room_code, class_id, turn_index, turn_started_at)
					 SELECT room_code, class_id, turn_index, turn_started_at
					 FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) WITH ORDINALITY AS t(room_code, class_id, turn_index, turn_started_at, n) ORDER BY n`,
					[turns.map((t) => t.roomCode), turns.map((t) => t.classId), turns.map((t) => t.turnIndex), turns.map((t) => t.turnStartedAt)],
				);
			}
		});
	}

	async getClass(id: string): Promise<ClassRecord | undefined> {
		const { rows } = await this.#sql.query<ClassRow>('SELECT * FROM classes WHERE id = $1', [id]);
		return rows[0] ? classOf(rows[0]) : undefined;
	}

	async classesOf(ownerId: string): Promise<ClassRecord[]> {
		const { rows } = await this.#sql.query<ClassRow>('SELECT * FROM classes WHERE owner_id = $1 ORDER BY created_at DESC, seq DESC', [ownerId]);
		return rows.map(classOf);
	}

	async members(classId: string): Promise<MemberRecord[]> {
		const { rows } = await this.#sql.query<MemberRow>('SELECT * FROM class_members WHERE class_id = $1 ORDER BY position', [classId]);
		return rows.map(memberOf);
	}

	async memberByToken(token: string): Promise<MemberRecord | undefined> {
		const { rows } = await this.#sql.query<MemberRow>('SELECT * FROM class_members WHERE token = $1', [token]);
		return rows[0] ? memberOf(rows[0]) : undefined;
	}

	async turns(classId: string): Promise<TurnRecord[]> {
		const { rows } = await this.#sql.query<TurnRow>('SELECT * FROM class_turns WHERE class_id = $1 ORDER BY seq', [classId]);
		return rows.map(turnOf);
	}

	async turnOf(roomCode: string): Promise<TurnRecord | undefined> {
		const { rows } = await this.#sql.query<TurnRow>('SELECT * FROM class_turns WHERE room_code = $1', [roomCode]);
		return rows[0] ? turnOf(rows[0]) : undefined;
	}

	async setTurn(roomCode: string, turnIndex: number, startedAt: number): Promise<void> {
		await this.#sql.query('UPDATE class_turns SET turn_index = $1, turn_started_at = $2 WHERE room_code = $3', [turnIndex, startedAt, roomCode]);
	}
}

class PostgresRecordings implements RecordingStore {
	readonly #sql: Sql;

	constructor(sql: Sql) {
		this.#sql = sql;
	}

	async begin(sessionId: string, dir: string, createdAt: number, nodeId: string): Promise<void> {
		await this.#sql.query("INSERT INTO recordings (session_id, dir, status, created_at, node_id) VALUES ($1, $2, 'recording', $3, $4)", [sessionId, dir, createdAt, nodeId]);
	}

	async finish(sessionId: string, r: { file: string; mimeType: string; startedAt: number; durationMs: number; sizeBytes: number }): Promise<void> {
		await this.#sql.query(
			"UPDATE recordings SET status = 'ready', file = $1, mime_type = $2, started_at = $3, duration_ms = $4, size_bytes = $5 WHERE session_id = $6",
			[r.file, r.mimeType, r.startedAt, r.durationMs, r.sizeBytes, sessionId],
		);
	}

	async fail(sessionId: string): Promise<void> {
		await this.#sql.query("UPDATE recordings SET status = 'failed' WHERE session_id = $1", [sessionId]);
	}

	async get(sessionId: string): Promise<RecordingRecord | undefined> {
		const { rows } = await this.#sql.query<RecordingRow>('SELECT * FROM recordings WHERE session_id = $1', [sessionId]);
		return rows[0] ? recordingOf(rows[0]) : undefined;
	}

	async unfinished(): Promise<RecordingRecord[]> {
		const { rows } = await this.#sql.query<RecordingRow>("SELECT * FROM recordings WHERE status = 'recording' ORDER BY created_at, seq");
		return rows.map(recordingOf);
	}

	async all(): Promise<RecordingRecord[]> {
		const { rows } = await this.#sql.query<RecordingRow>('SELECT * FROM recordings ORDER BY created_at, seq');
		return rows.map(recordingOf);
	}

	async remove(sessionId: string): Promise<void> {
		await this.#sql.query('DELETE FROM recordings WHERE session_id = $1', [sessionId]);
	}
}

class PostgresAccounts implements AccountStore {
	readonly #sql: Sql;

	constructor(sql: Sql) {
		this.#sql = sql;
	}

	async count(): Promise<number> {
		const { rows } = await this.#sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM accounts');
		return rows[0]!.n;
	}

	async create(a: AccountRecord): Promise<void> {
		await this.#sql.query(
			'INSERT INTO accounts (id, username, display_name, password_hash, role, disabled, created_at, last_login_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
			[a.id, a.username, a.displayName, a.passwordHash, a.role, a.disabled, a.createdAt, a.lastLoginAt],
		);
	}

	async get(id: string): Promise<AccountRecord | undefined> {
		const { rows } = await this.#sql.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
		return rows[0] ? accountOf(rows[0]) : undefined;
	}

	async byUsername(username: string): Promise<AccountRecord | undefined> {
		const { rows } = await this.#sql.query<AccountRow>('SELECT * FROM accounts WHERE username = $1', [username]);
		return rows[0] ? accountOf(rows[0]) : undefined;
	}

	async list(): Promise<AccountRecord[]> {
		const { rows } = await this.#sql.query<AccountRow>('SELECT * FROM accounts ORDER BY created_at, seq');
		return rows.map(accountOf);
	}

	async update(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'passwordHash' | 'role' | 'disabled' | 'lastLoginAt'>>): Promise<void> {
		const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<[keyof typeof ACCOUNT_COLUMNS, string | number | boolean | null]>;
		if (entries.length === 0) return;
		const sets = entries.map(([k], i) => `${ACCOUNT_COLUMNS[k]} = $${i + 1}`).join(', ');
		await this.#sql.query(`UPDATE accounts SET ${sets} WHERE id = $${entries.length + 1}`, [...entries.map(([, v]) => v), id]);
	}

	adoptUnowned(id: string): Promise<number> {
		return this.#sql.atomic(async (sql) => {
			const products = await sql.query('UPDATE products SET owner_id = $1 WHERE owner_id IS NULL', [id]);
			await sql.query('UPDATE rooms SET owner_id = $1 WHERE owner_id IS NULL', [id]);
			await sql.query('UPDATE classes SET owner_id = $1 WHERE owner_id IS NULL', [id]);
			return products.rowCount ?? 0;
		});
	}

	async createSession(s: AuthSessionRecord): Promise<void> {
		await this.#sql.query('INSERT INTO auth_sessions (token_hash, account_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)', [
			s.tokenHash,
			s.accountId,
			s.createdAt,
			s.expiresAt,
			s.lastSeenAt,
		]);
	}

	async session(tokenHash: string): Promise<AuthSessionRecord | undefined> {
		const { rows } = await this.#sql.query<AuthSessionRow>('SELECT * FROM auth_sessions WHERE token_hash = $1', [tokenHash]);
		return rows[0] ? authSessionOf(rows[0]) : undefined;
	}

	async touchSession(tokenHash: string, lastSeenAt: number): Promise<void> {
		await this.#sql.query('UPDATE auth_sessions SET last_seen_at = $1 WHERE token_hash = $2', [lastSeenAt, tokenHash]);
	}

	async revokeSession(tokenHash: string): Promise<void> {
		await this.#sql.query('DELETE FROM auth_sessions WHERE token_hash = $1', [tokenHash]);
	}

	async revokeSessionsOf(accountId: string, except?: string): Promise<void> {
		await this.#sql.query('DELETE FROM auth_sessions WHERE account_id = $1 AND token_hash != $2', [accountId, except ?? '']);
	}

	async removeExpiredSessions(now: number): Promise<number> {
		const result = await this.#sql.query('DELETE FROM auth_sessions WHERE expires_at <= $1', [now]);
		return result.rowCount ?? 0;
	}
}
