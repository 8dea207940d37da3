import type { AccountRole, MentorNote, Product, ProductInput, Role, RubricScore, SessionInfo, TimelineEvent } from '@gladi/shared';

/**
 * What Gladi keeps. SQLite implements it (sqliteStore.ts, the default) and
 * PostgreSQL does (postgresStore.ts, GLADI_DATABASE_URL), alike: one contract
 * suite runs on both (test/integration/storeContract.test.ts). Every call is
 * asynchronous: its promise settles once the read is done or the write is
 * committed.
 */

/** One mentor's catalog: every method sees and changes only that owner's products. */
export interface CatalogStore {
	listProducts(): Promise<Product[]>;
	getProduct(id: string): Promise<Product | undefined>;
	/** Products by id, in the given order; unknown ids are skipped. */
	getProducts(ids: readonly string[]): Promise<Product[]>;
	createProduct(input: ProductInput): Promise<Product>;
	/** Replace a product's fields and variants; undefined if it does not exist. */
	updateProduct(id: string, input: ProductInput): Promise<Product | undefined>;
	deleteProduct(id: string): Promise<boolean>;
	setProductImage(id: string, imageUrl: string | null): Promise<Product | undefined>;
}

export interface RoomRecord {
	code: string;
	title: string;
	/** The account that made it; null for rooms made before accounts existed. */
	ownerId: string | null;
	classId: string | null;
	createdAt: number;
}

export interface InviteRecord {
	token: string;
	roomCode: string;
	role: Role;
	/** When the link was issued (it expires a configured time after). */
	issuedAt: number;
	/** A class turn's host link: the member whose turn it opens (their sessions are theirs alone). */
	memberId: string | null;
}

export interface RoomStore {
	/** Save a new room with its invites and a copy of its products. */
	createRoom(room: RoomRecord, invites: readonly InviteRecord[], products: readonly Product[]): Promise<void>;
	getRoom(code: string): Promise<RoomRecord | undefined>;
	/** An owner's rooms, newest first. */
	roomsOf(ownerId: string): Promise<RoomRecord[]>;
	/** How many rooms an owner made since `since` (epoch ms). */
	countRoomsSince(ownerId: string, since: number): Promise<number>;
	/** The products as copied into the room, in its order. */
	roomProducts(code: string): Promise<Product[]>;
	/** Copy these products into the room in place of what it had. */
	setRoomProducts(code: string, products: readonly Product[]): Promise<void>;
	findInvite(token: string): Promise<InviteRecord | undefined>;
	invitesOf(code: string): Promise<InviteRecord[]>;
	/** Give a role a new token; the old one stops working (a class turn passes the host role on). */
	replaceInvite(invite: InviteRecord): Promise<void>;
}

export interface ClassRecord {
	id: string;
	name: string;
	ownerId: string | null;
	mentorToken: string;
	turnSeconds: number;
	createdAt: number;
}

export interface MemberRecord {
	id: string;
	classId: string;
	name: string;
	token: string;
	/** The member's practice room (group). */
	roomCode: string;
	position: number;
}

export interface TurnRecord {
	roomCode: string;
	classId: string;
	/** Index into the room's members (by position): whose turn as host. */
	turnIndex: number;
	turnStartedAt: number;
}

export interface ClassStore {
	createClass(c: ClassRecord, members: MemberRecord[], turns: TurnRecord[]): Promise<void>;
	getClass(id: string): Promise<ClassRecord | undefined>;
	/** An owner's classes, newest first. */
	classesOf(ownerId: string): Promise<ClassRecord[]>;
	members(classId: string): Promise<MemberRecord[]>;
	memberByToken(token: string): Promise<MemberRecord | undefined>;
	turns(classId: string): Promise<TurnRecord[]>;
	turnOf(roomCode: string): Promise<TurnRecord | undefined>;
	setTurn(roomCode: string, turnIndex: number, startedAt: number): Promise<void>;
}

export interface SessionStore {
	startSession(session: SessionInfo): Promise<void>;
	endSession(id: string, endedAt: number): Promise<void>;
	getSession(id: string): Promise<SessionInfo | undefined>;
	/** Sessions of a room, oldest first. */
	sessionsOfRoom(roomCode: string): Promise<SessionInfo[]>;
	sessionsOfMember(memberId: string): Promise<SessionInfo[]>;
	sessionsOfClass(classId: string): Promise<SessionInfo[]>;
	/** Append to a session's timeline; committed when the promise resolves (calls made one after another are written in that order). */
	appendEvent(sessionId: string, event: TimelineEvent): Promise<void>;
	events(sessionId: string): Promise<TimelineEvent[]>;
	/** How many events the timeline holds (cheap: no rows read). */
	eventCount(sessionId: string): Promise<number>;
	addNote(note: MentorNote): Promise<void>;
	notes(sessionId: string): Promise<MentorNote[]>;
	setScore(sessionId: string, score: RubricScore): Promise<void>;
	scores(sessionId: string): Promise<RubricScore[]>;
	/**
	 * After a crash: end sessions left open (of one room, or all), at their
	 * last recorded event. Returns how many.
	 */
	closeInterruptedSessions(roomCode?: string): Promise<number>;
}

export interface RecordingRecord {
	sessionId: string;
	/** The session's folder (its parts while recording, then the joined file). */
	dir: string;
	status: 'recording' | 'ready' | 'failed';
	/** The joined file, once ready. */
	file: string | null;
	mimeType: string | null;
	/** Epoch ms the file's time 0 corresponds to. */
	startedAt: number | null;
	durationMs: number | null;
	sizeBytes: number;
	createdAt: number;
	/** The server node whose disk holds it (null: made before nodes had ids). */
	nodeId: string | null;
}

export interface RecordingStore {
	begin(sessionId: string, dir: string, createdAt: number, nodeId: string): Promise<void>;
	finish(sessionId: string, result: { file: string; mimeType: string; startedAt: number; durationMs: number; sizeBytes: number }): Promise<void>;
	fail(sessionId: string): Promise<void>;
	get(sessionId: string): Promise<RecordingRecord | undefined>;
	/** Recordings a crash left unfinished. */
	unfinished(): Promise<RecordingRecord[]>;
	/** Every recording, oldest first. */
	all(): Promise<RecordingRecord[]>;
	remove(sessionId: string): Promise<void>;
}

export interface AccountRecord {
	id: string;
	username: string;
	displayName: string;
	passwordHash: string;
	role: AccountRole;
	disabled: boolean;
	createdAt: number;
	lastLoginAt: number | null;
}

export interface AuthSessionRecord {
	/** SHA-256 of the cookie's token: a copy of the database signs nobody in. */
	tokenHash: string;
	accountId: string;
	createdAt: number;
	expiresAt: number;
	lastSeenAt: number;
}

export interface AccountStore {
	count(): Promise<number>;
	create(account: AccountRecord): Promise<void>;
	get(id: string): Promise<AccountRecord | undefined>;
	byUsername(username: string): Promise<AccountRecord | undefined>;
	/** Oldest first. */
	list(): Promise<AccountRecord[]>;
	update(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'passwordHash' | 'role' | 'disabled' | 'lastLoginAt'>>): Promise<void>;
	/** Give products, rooms and classes made before accounts existed to this account; how many products it got. */
	adoptUnowned(id: string): Promise<number>;
	createSession(session: AuthSessionRecord): Promise<void>;
	session(tokenHash: string): Promise<AuthSessionRecord | undefined>;
	touchSession(tokenHash: string, lastSeenAt: number): Promise<void>;
	revokeSession(tokenHash: string): Promise<void>;
	/** Sign an account out everywhere (but `except`, the session asking). */
	revokeSessionsOf(accountId: string, except?: string): Promise<void>;
	/** Forget expired sessions; how many. */
	removeExpiredSessions(now: number): Promise<number>;
}

export interface Store {
	/** One owner's catalog. */
	catalogOf(ownerId: string): CatalogStore;
	readonly accounts: AccountStore;
	readonly rooms: RoomStore;
	readonly sessions: SessionStore;
	readonly classes: ClassStore;
	readonly recordings: RecordingStore;
	/**
	 * Run `fn` all or nothing: every write it makes through `tx` (a store
	 * bound to this transaction) commits together, or none does if it
	 * rejects. A call through `tx` that fails undoes only itself: `fn` may
	 * catch it and go on. Everything `fn` reads or writes must go through
	 * `tx`: calling the store it was started from, from inside, is refused
	 * (on SQLite it would wait for the transaction forever; on PostgreSQL it
	 * would run outside it). `tx.transaction()` nests (a savepoint: its
	 * writes roll back alone if it rejects). Keep `fn` to store calls: on
	 * SQLite every other call waits while it runs; on PostgreSQL other calls
	 * go on (on other connections) and it holds one of the pool's.
	 */
	transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}

/** A store as opened: it can be closed (once what was asked of it is done). */
export interface OpenStore extends Store {
	close(): Promise<void>;
}
