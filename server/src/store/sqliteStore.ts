import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { MentorNote, NoteTag, Product, ProductInput, RubricScore, SessionInfo, TimelineEvent, Variant } from '@gladi/shared';
import { silentLogger, type Logger } from '../logger.ts';
import { newId } from './ids.ts';
import { MIGRATIONS } from './migrations.ts';
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
import { SqliteScope, type Sync } from './sqliteScope.ts';
import type {
	AccountRecord,
	AccountStore,
	AuthSessionRecord,
	CatalogStore,
	ClassRecord,
	InviteRecord,
	ClassStore,
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

/** The store's repositories over one scope: the whole database, or one open transaction. */
class SqliteScopedStore implements Store {
	readonly accounts: AccountStore;
	readonly rooms: RoomStore;
	readonly sessions: SessionStore;
	readonly classes: ClassStore;
	readonly recordings: RecordingStore;
	protected readonly db: DatabaseSync;
	protected readonly scope: SqliteScope;

	constructor(db: DatabaseSync, scope: SqliteScope) {
		this.db = db;
		this.scope = scope;
		this.accounts = scope.bind<AccountStore>(new SqliteAccounts(db));
		this.rooms = scope.bind<RoomStore>(new SqliteRooms(db));
		this.sessions = scope.bind<SessionStore>(new SqliteSessions(db));
		this.classes = scope.bind<ClassStore>(new SqliteClasses(db));
		this.recordings = scope.bind<RecordingStore>(new SqliteRecordings(db));
	}

	catalogOf(ownerId: string): CatalogStore {
		return this.scope.bind<CatalogStore>(new SqliteCatalog(this.db, ownerId));
	}

	/** One transaction at a time on the connection; calls from outside wait for it to end (see SqliteScope). */
	transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
		return this.scope.transaction((scope) => fn(new SqliteScopedStore(this.db, scope)));
	}
}

/**
 * The embedded default store: one SQLite file (node:sqlite, built into Node),
 * WAL mode. node:sqlite is synchronous: each call runs whole when its turn
 * comes (SqliteScope), and its promise settles once it is committed.
 */
export class SqliteStore extends SqliteScopedStore implements OpenStore {
	private constructor(db: DatabaseSync) {
		super(db, new SqliteScope(db));
	}

	/** Open (creating if needed) the database file and bring its schema up to date. */
	static open(file: string, options: { log?: Logger } = {}): SqliteStore {
		const log = options.log ?? silentLogger;
		if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
		const db = new DatabaseSync(file);
		try {
			// WAL + NORMAL: a committed write survives a crash of the server process.
			db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
			migrate(db, log);
		} catch (error) {
			db.close();
			throw error;
		}
		return new SqliteStore(db);
	}

	/** Close once the calls already made are done; later ones are refused. */
	async close(): Promise<void> {
		await this.scope.end();
		if (this.db.isOpen) this.db.close();
	}
}

let savepoints = 0;

/** Run synchronous `fn` all or nothing; inside another transaction it is a savepoint, so store methods nest. */
function transaction<T>(db: DatabaseSync, fn: () => T): T {
	if (db.isTransaction) {
		const name = `sp${++savepoints}`;
		db.exec(`SAVEPOINT ${name}`);
		try {
			const result = fn();
			db.exec(`RELEASE ${name}`);
			return result;
		} catch (error) {
			db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
			throw error;
		}
	}
	db.exec('BEGIN IMMEDIATE');
	try {
		const result = fn();
		db.exec('COMMIT');
		return result;
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}
}

/** Apply pending migrations. */
function migrate(db: DatabaseSync, log: Logger): void {
	const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
	if (version > MIGRATIONS.length) {
		throw new Error(`the database is from a newer Gladi (schema ${version}, this one knows ${MIGRATIONS.length})`);
	}
	for (let i = version; i < MIGRATIONS.length; i++) {
		transaction(db, () => {
			db.exec(MIGRATIONS[i]!);
			db.exec(`PRAGMA user_version = ${i + 1}`);
		});
		log.info({ to: i + 1 }, 'migrated');
	}
}

/** One owner's products: every statement is limited to `owner_id`, so another mentor's ids are simply not there. */
class SqliteCatalog implements Sync<CatalogStore> {
	readonly #db: DatabaseSync;
	readonly #owner: string;

	constructor(db: DatabaseSync, ownerId: string) {
		this.#db = db;
		this.#owner = ownerId;
	}

	listProducts(): Product[] {
		const rows = this.#db.prepare('SELECT * FROM products WHERE owner_id = ? ORDER BY created_at, rowid').all(this.#owner) as unknown as ProductRow[];
		return this.#withVariants(rows);
	}

	getProduct(id: string): Product | undefined {
		return this.getProducts([id])[0];
	}

	getProducts(ids: readonly string[]): Product[] {
		if (ids.length === 0) return [];
		const placeholders = ids.map(() => '?').join(',');
		const rows = this.#db
			.prepare(`SELECT * FROM products WHERE owner_id = ? AND id IN (${placeholders})`)
			.all(this.#owner, ...ids) as unknown as ProductRow[];
		const byId = new Map(this.#withVariants(rows).map((p) => [p.id, p]));
		return ids.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
	}

	createProduct(input: ProductInput): Product {
		const id = newId('p');
		const now = Date.now();
		transaction(this.#db, () => {
			this.#db
				.prepare(
					'INSERT INTO products (id, owner_id, name, description, price, category, material, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
				)
				.run(id, this.#owner, input.name, input.description, input.price, input.category, input.material, now, now);
			this.#insertVariants(id, input.variants);
		});
		return this.getProduct(id)!;
	}

	updateProduct(id: string, input: ProductInput): Product | undefined {
		const changed = transaction(this.#db, () => {
			const result = this.#db
				.prepare('UPDATE products SET name = ?, description = ?, price = ?, category = ?, material = ?, updated_at = ? WHERE id = ? AND owner_id = ?')
				.run(input.name, input.description, input.price, input.category, input.material, Date.now(), id, this.#owner);
			if (result.changes === 0) return false;
			this.#replaceVariants(id, input.variants);
			return true;
		});
		return changed ? this.getProduct(id) : undefined;
	}

	deleteProduct(id: string): boolean {
		return this.#db.prepare('DELETE FROM products WHERE id = ? AND owner_id = ?').run(id, this.#owner).changes > 0;
	}

	setProductImage(id: string, imageUrl: string | null): Product | undefined {
		const result = this.#db
			.prepare('UPDATE products SET image_url = ?, updated_at = ? WHERE id = ? AND owner_id = ?')
			.run(imageUrl, Date.now(), id, this.#owner);
		return result.changes > 0 ? this.getProduct(id) : undefined;
	}

	/**
	 * Replace a product's variants, keeping the id of each variant whose size
	 * and colour stay the same (live rooms and orders refer to variant ids).
	 */
	#replaceVariants(productId: string, variants: ProductInput['variants']): void {
		const existing = this.#db.prepare('SELECT id, size, color FROM variants WHERE product_id = ?').all(productId) as unknown as Array<
			Pick<VariantRow, 'id' | 'size' | 'color'>
		>;
		const key = (v: { size: string | null; color: string | null }) => JSON.stringify([v.size, v.color]);
		const byKey = new Map(existing.map((v) => [key(v), v.id]));
		const kept = new Set<string>();
		const update = this.#db.prepare('UPDATE variants SET position = ?, stock = ? WHERE id = ?');
		const insert = this.#db.prepare('INSERT INTO variants (id, product_id, position, size, color, stock) VALUES (?, ?, ?, ?, ?, ?)');
		variants.forEach((v, i) => {
			const id = byKey.get(key(v));
			if (id && !kept.has(id)) {
				update.run(i, v.stock, id);
				kept.add(id);
			} else {
				insert.run(newId('v'), productId, i, v.size, v.color, v.stock);
			}
		});
		const remove = this.#db.prepare('DELETE FROM variants WHERE id = ?');
		for (const v of existing) if (!kept.has(v.id)) remove.run(v.id);
	}

	#insertVariants(productId: string, variants: ProductInput['variants']): void {
		const insert = this.#db.prepare('INSERT INTO variants (id, product_id, position, size, color, stock) VALUES (?, ?, ?, ?, ?, ?)');
		variants.forEach((v, i) => insert.run(newId('v'), productId, i, v.size, v.color, v.stock));
	}

	#withVariants(rows: ProductRow[]): Product[] {
		if (rows.length === 0) return [];
		const placeholders = rows.map(() => '?').join(',');
		const variants = this.#db
			.prepare(`SELECT id, product_id, size, color, stock FROM variants WHERE product_id IN (${placeholders}) ORDER BY position`)
			.all(...rows.map((r) => r.id)) as unknown as VariantRow[];
		const byProduct = new Map<string, Variant[]>();
		for (const v of variants) {
			const list = byProduct.get(v.product_id) ?? [];
			list.push(variantOf(v));
			byProduct.set(v.product_id, list);
		}
		return rows.map((r) => productOf(r, byProduct.get(r.id) ?? []));
	}
}


class SqliteRooms implements Sync<RoomStore> {
	readonly #db: DatabaseSync;

	constructor(db: DatabaseSync) {
		this.#db = db;
	}

	createRoom(room: RoomRecord, invites: readonly InviteRecord[], products: readonly Product[]): void {
		transaction(this.#db, () => {
			this.#db
				.prepare('INSERT INTO rooms (code, title, product_ids, owner_id, class_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
				.run(room.code, room.title, JSON.stringify(products.map((p) => p.id)), room.ownerId, room.classId, room.createdAt);
			for (const invite of invites) this.#insertInvite(invite);
			this.setRoomProducts(room.code, products);
		});
	}

	getRoom(code: string): RoomRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM rooms WHERE code = ?').get(code) as unknown as RoomRow | undefined;
		return row ? roomOf(row) : undefined;
	}

	roomsOf(ownerId: string): RoomRecord[] {
		const rows = this.#db.prepare('SELECT * FROM rooms WHERE owner_id = ? ORDER BY created_at DESC, rowid DESC').all(ownerId) as unknown as RoomRow[];
		return rows.map(roomOf);
	}

	countRoomsSince(ownerId: string, since: number): number {
		const row = this.#db.prepare('SELECT COUNT(*) AS n FROM rooms WHERE owner_id = ? AND created_at >= ?').get(ownerId, since) as { n: number };
		return row.n;
	}

	roomProducts(code: string): Product[] {
		const rows = this.#db.prepare('SELECT data FROM room_products WHERE room_code = ? ORDER BY position').all(code) as unknown as Array<{ data: string }>;
		return rows.map((r) => JSON.parse(r.data) as Product);
	}

	setRoomProducts(code: string, products: readonly Product[]): void {
		transaction(this.#db, () => {
			this.#db.prepare('DELETE FROM room_products WHERE room_code = ?').run(code);
			const insert = this.#db.prepare('INSERT INTO room_products (room_code, position, product_id, data) VALUES (?, ?, ?, ?)');
			products.forEach((p, i) => insert.run(code, i, p.id, JSON.stringify(p)));
			this.#db.prepare('UPDATE rooms SET product_ids = ? WHERE code = ?').run(JSON.stringify(products.map((p) => p.id)), code);
		});
	}

	findInvite(token: string): InviteRecord | undefined {
		const row = this.#db.prepare(`${INVITE_SELECT} WHERE i.token = ?`).get(token) as unknown as InviteRow | undefined;
		return row ? inviteOf(row) : undefined;
	}

	replaceInvite(invite: InviteRecord): void {
		transaction(this.#db, () => {
			this.#db.prepare('DELETE FROM invites WHERE room_code = ? AND role = ?').run(invite.roomCode, invite.role);
			this.#insertInvite(invite);
		});
	}

	invitesOf(code: string): InviteRecord[] {
		const rows = this.#db.prepare(`${INVITE_SELECT} WHERE i.room_code = ? ORDER BY i.rowid`).all(code) as unknown as InviteRow[];
		return rows.map(inviteOf);
	}

	#insertInvite(invite: InviteRecord): void {
		this.#db
			.prepare('INSERT INTO invites (token, room_code, role, issued_at, member_id) VALUES (?, ?, ?, ?, ?)')
			.run(invite.token, invite.roomCode, invite.role, invite.issuedAt, invite.memberId);
	}
}


/**
 * Sessions and their timelines. Each append is its own committed write (WAL):
 * once the call returns, a crash of the server process cannot lose it.
 */
class SqliteSessions implements Sync<SessionStore> {
	readonly #db: DatabaseSync;
	readonly #append: ReturnType<DatabaseSync['prepare']>;

	constructor(db: DatabaseSync) {
		this.#db = db;
		this.#append = db.prepare('INSERT INTO session_events (session_id, at, type, data) VALUES (?, ?, ?, ?)');
	}

	startSession(session: SessionInfo): void {
		this.#db
			.prepare(
				'INSERT INTO sessions (id, room_code, title, host_name, started_at, ended_at, class_id, member_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
			)
			.run(session.id, session.roomCode, session.title, session.hostName, session.startedAt, session.endedAt, session.classId, session.memberId);
	}

	endSession(id: string, endedAt: number): void {
		this.#db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(endedAt, id);
	}

	getSession(id: string): SessionInfo | undefined {
		const row = this.#db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as unknown as SessionRow | undefined;
		return row ? sessionOf(row) : undefined;
	}

	sessionsOfRoom(roomCode: string): SessionInfo[] {
		return this.#list('room_code', roomCode);
	}

	sessionsOfMember(memberId: string): SessionInfo[] {
		return this.#list('member_id', memberId);
	}

	sessionsOfClass(classId: string): SessionInfo[] {
		return this.#list('class_id', classId);
	}

	appendEvent(sessionId: string, event: TimelineEvent): void {
		const { type, at, ...data } = event;
		this.#append.run(sessionId, at, type, JSON.stringify(data));
	}

	events(sessionId: string): TimelineEvent[] {
		const rows = this.#db.prepare('SELECT at, type, data FROM session_events WHERE session_id = ? ORDER BY seq').all(sessionId) as unknown as Array<{
			at: number;
			type: string;
			data: string;
		}>;
		return rows.map((r) => eventOf(r.type, r.at, JSON.parse(r.data) as object));
	}

	eventCount(sessionId: string): number {
		const row = this.#db.prepare('SELECT COUNT(*) AS n FROM session_events WHERE session_id = ?').get(sessionId) as { n: number };
		return row.n;
	}

	addNote(note: MentorNote): void {
		this.#db
			.prepare('INSERT INTO notes (id, session_id, at, mentor_name, text, tags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
			.run(note.id, note.sessionId, note.at, note.mentorName, note.text, JSON.stringify(note.tags), Date.now());
	}

	notes(sessionId: string): MentorNote[] {
		const rows = this.#db.prepare('SELECT * FROM notes WHERE session_id = ? ORDER BY at, created_at').all(sessionId) as unknown as Array<NoteRow & { tags: string }>;
		return rows.map((r) => noteOf(r, JSON.parse(r.tags) as NoteTag[]));
	}

	setScore(sessionId: string, score: RubricScore): void {
		this.#db
			.prepare(
				`INSERT INTO rubric_scores (session_id, criterion, level, mentor_name, updated_at) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (session_id, criterion) DO UPDATE SET level = excluded.level, mentor_name = excluded.mentor_name, updated_at = excluded.updated_at`,
			)
			.run(sessionId, score.criterion, score.level, score.mentorName, score.updatedAt);
	}

	scores(sessionId: string): RubricScore[] {
		const rows = this.#db.prepare('SELECT * FROM rubric_scores WHERE session_id = ? ORDER BY criterion').all(sessionId) as unknown as ScoreRow[];
		return rows.map(scoreOf);
	}

	closeInterruptedSessions(roomCode?: string): number {
		const result = this.#db
			.prepare(
				`UPDATE sessions SET ended_at = COALESCE((SELECT MAX(at) FROM session_events e WHERE e.session_id = sessions.id), started_at)
				 WHERE ended_at IS NULL AND (? IS NULL OR room_code = ?)`,
			)
			.run(roomCode ?? null, roomCode ?? null);
		return Number(result.changes);
	}

	#list(column: 'room_code' | 'member_id' | 'class_id', value: string): SessionInfo[] {
		const rows = this.#db.prepare(`SELECT * FROM sessions WHERE ${column} = ? ORDER BY started_at`).all(value) as unknown as SessionRow[];
		return rows.map(sessionOf);
	}
}

class SqliteClasses implements Sync<ClassStore> {
	readonly #db: DatabaseSync;

	constructor(db: DatabaseSync) {
		this.#db = db;
	}

	createClass(c: ClassRecord, members: MemberRecord[], turns: TurnRecord[]): void {
		transaction(this.#db, () => {
			this.#db
				.prepare('INSERT INTO classes (id, name, owner_id, mentor_token, turn_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?)')
				.run(c.id, c.name, c.ownerId, c.mentorToken, c.turnSeconds, c.createdAt);
			const member = this.#db.prepare('INSERT INTO class_members (id, class_id, name, token, room_code, position) VALUES (?, ?, ?, ?, ?, ?)');
			for (const m of members) member.run(m.id, m.classId, m.name, m.token, m.roomCode, m.position);
			const turn = this.#db.prepare('INSERT INTO class_turns (room_code, class_id, turn_index, turn_started_at) VALUES (?, ?, ?, ?)');
			for (const t of turns) turn.run(t.roomCode, t.classId, t.turnIndex, t.turnStartedAt);
		});
	}

	getClass(id: string): ClassRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM classes WHERE id = ?').get(id) as unknown as ClassRow | undefined;
		return row ? classOf(row) : undefined;
	}

	classesOf(ownerId: string): ClassRecord[] {
		const rows = this.#db.prepare('SELECT * FROM classes WHERE owner_id = ? ORDER BY created_at DESC, rowid DESC').all(ownerId) as unknown as ClassRow[];
		return rows.map(classOf);
	}

	members(classId: string): MemberRecord[] {
		return (this.#db.prepare('SELECT * FROM class_members WHERE class_id = ? ORDER BY position').all(classId) as unknown as MemberRow[]).map(memberOf);
	}

	memberByToken(token: string): MemberRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM class_members WHERE token = ?').get(token) as unknown as MemberRow | undefined;
		return row ? memberOf(row) : undefined;
	}

	turns(classId: string): TurnRecord[] {
		return (this.#db.prepare('SELECT * FROM class_turns WHERE class_id = ? ORDER BY rowid').all(classId) as unknown as TurnRow[]).map(turnOf);
	}

	turnOf(roomCode: string): TurnRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM class_turns WHERE room_code = ?').get(roomCode) as unknown as TurnRow | undefined;
		return row ? turnOf(row) : undefined;
	}

	setTurn(roomCode: string, turnIndex: number, startedAt: number): void {
		this.#db.prepare('UPDATE class_turns SET turn_index = ?, turn_started_at = ? WHERE room_code = ?').run(turnIndex, startedAt, roomCode);
	}
}


class SqliteRecordings implements Sync<RecordingStore> {
	readonly #db: DatabaseSync;

	constructor(db: DatabaseSync) {
		this.#db = db;
	}

	begin(sessionId: string, dir: string, createdAt: number, nodeId: string): void {
		this.#db.prepare("INSERT INTO recordings (session_id, dir, status, created_at, node_id) VALUES (?, ?, 'recording', ?, ?)").run(sessionId, dir, createdAt, nodeId);
	}

	finish(sessionId: string, r: { file: string; mimeType: string; startedAt: number; durationMs: number; sizeBytes: number }): void {
		this.#db
			.prepare("UPDATE recordings SET status = 'ready', file = ?, mime_type = ?, started_at = ?, duration_ms = ?, size_bytes = ? WHERE session_id = ?")
			.run(r.file, r.mimeType, r.startedAt, r.durationMs, r.sizeBytes, sessionId);
	}

	fail(sessionId: string): void {
		this.#db.prepare("UPDATE recordings SET status = 'failed' WHERE session_id = ?").run(sessionId);
	}

	get(sessionId: string): RecordingRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM recordings WHERE session_id = ?').get(sessionId) as unknown as RecordingRow | undefined;
		return row ? recordingOf(row) : undefined;
	}

	unfinished(): RecordingRecord[] {
		return (this.#db.prepare("SELECT * FROM recordings WHERE status = 'recording' ORDER BY created_at").all() as unknown as RecordingRow[]).map(recordingOf);
	}

	all(): RecordingRecord[] {
		return (this.#db.prepare('SELECT * FROM recordings ORDER BY created_at, rowid').all() as unknown as RecordingRow[]).map(recordingOf);
	}

	remove(sessionId: string): void {
		this.#db.prepare('DELETE FROM recordings WHERE session_id = ?').run(sessionId);
	}
}


class SqliteAccounts implements Sync<AccountStore> {
	readonly #db: DatabaseSync;

	constructor(db: DatabaseSync) {
		this.#db = db;
	}

	count(): number {
		return (this.#db.prepare('SELECT COUNT(*) AS n FROM accounts').get() as { n: number }).n;
	}

	create(a: AccountRecord): void {
		this.#db
			.prepare('INSERT INTO accounts (id, username, display_name, password_hash, role, disabled, created_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
			.run(a.id, a.username, a.displayName, a.passwordHash, a.role, a.disabled ? 1 : 0, a.createdAt, a.lastLoginAt);
	}

	get(id: string): AccountRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as unknown as AccountRow | undefined;
		return row ? accountOf(row) : undefined;
	}

	byUsername(username: string): AccountRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as unknown as AccountRow | undefined;
		return row ? accountOf(row) : undefined;
	}

	list(): AccountRecord[] {
		return (this.#db.prepare('SELECT * FROM accounts ORDER BY created_at, rowid').all() as unknown as AccountRow[]).map(accountOf);
	}

	update(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'passwordHash' | 'role' | 'disabled' | 'lastLoginAt'>>): void {
		const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<[keyof typeof ACCOUNT_COLUMNS, string | number | boolean | null]>;
		if (entries.length === 0) return;
		const sets = entries.map(([k]) => `${ACCOUNT_COLUMNS[k]} = ?`).join(', ');
		const values = entries.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
		this.#db.prepare(`UPDATE accounts SET ${sets} WHERE id = ?`).run(...values, id);
	}

	adoptUnowned(id: string): number {
		return transaction(this.#db, () => {
			const products = this.#db.prepare('UPDATE products SET owner_id = ? WHERE owner_id IS NULL').run(id).changes;
			this.#db.prepare('UPDATE rooms SET owner_id = ? WHERE owner_id IS NULL').run(id);
			this.#db.prepare('UPDATE classes SET owner_id = ? WHERE owner_id IS NULL').run(id);
			return Number(products);
		});
	}

	createSession(s: AuthSessionRecord): void {
		this.#db
			.prepare('INSERT INTO auth_sessions (token_hash, account_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
			.run(s.tokenHash, s.accountId, s.createdAt, s.expiresAt, s.lastSeenAt);
	}

	session(tokenHash: string): AuthSessionRecord | undefined {
		const row = this.#db.prepare('SELECT * FROM auth_sessions WHERE token_hash = ?').get(tokenHash) as unknown as AuthSessionRow | undefined;
		return row ? authSessionOf(row) : undefined;
	}

	touchSession(tokenHash: string, lastSeenAt: number): void {
		this.#db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE token_hash = ?').run(lastSeenAt, tokenHash);
	}

	revokeSession(tokenHash: string): void {
		this.#db.prepare('DELETE FROM auth_sessions WHERE token_hash = ?').run(tokenHash);
	}

	revokeSessionsOf(accountId: string, except?: string): void {
		this.#db.prepare('DELETE FROM auth_sessions WHERE account_id = ? AND token_hash != ?').run(accountId, except ?? '');
	}

	removeExpiredSessions(now: number): number {
		return Number(this.#db.prepare('DELETE FROM auth_sessions WHERE expires_at <= ?').run(now).changes);
	}
}
