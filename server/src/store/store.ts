import type { AccountRole, MentorNote, Product, ProductInput, Role, RubricScore, SessionInfo, TimelineEvent } from '@gladi/shared';

/**
 * What Gladi keeps. SQLite implements it (sqliteStore.ts); a server database
 * can replace it later behind the same interface.
 */

/** One mentor's catalog: every method sees and changes only that owner's products. */
export interface CatalogStore {
	listProducts(): Product[];
	getProduct(id: string): Product | undefined;
	/** Products by id, in the given order; unknown ids are skipped. */
	getProducts(ids: readonly string[]): Product[];
	createProduct(input: ProductInput): Product;
	/** Replace a product's fields and variants; undefined if it does not exist. */
	updateProduct(id: string, input: ProductInput): Product | undefined;
	deleteProduct(id: string): boolean;
	setProductImage(id: string, imageUrl: string | null): Product | undefined;
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
	createRoom(room: RoomRecord, invites: readonly InviteRecord[], products: readonly Product[]): void;
	getRoom(code: string): RoomRecord | undefined;
	/** An owner's rooms, newest first. */
	roomsOf(ownerId: string): RoomRecord[];
	/** How many rooms an owner made since `since` (epoch ms). */
	countRoomsSince(ownerId: string, since: number): number;
	/** The products as copied into the room, in its order. */
	roomProducts(code: string): Product[];
	/** Copy these products into the room in place of what it had. */
	setRoomProducts(code: string, products: readonly Product[]): void;
	findInvite(token: string): InviteRecord | undefined;
	invitesOf(code: string): InviteRecord[];
	/** Give a role a new token; the old one stops working (a class turn passes the host role on). */
	replaceInvite(invite: InviteRecord): void;
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
	createClass(c: ClassRecord, members: MemberRecord[], turns: TurnRecord[]): void;
	getClass(id: string): ClassRecord | undefined;
	/** An owner's classes, newest first. */
	classesOf(ownerId: string): ClassRecord[];
	members(classId: string): MemberRecord[];
	memberByToken(token: string): MemberRecord | undefined;
	turns(classId: string): TurnRecord[];
	turnOf(roomCode: string): TurnRecord | undefined;
	setTurn(roomCode: string, turnIndex: number, startedAt: number): void;
}

export interface SessionStore {
	startSession(session: SessionInfo): void;
	endSession(id: string, endedAt: number): void;
	getSession(id: string): SessionInfo | undefined;
	/** Sessions of a room, oldest first. */
	sessionsOfRoom(roomCode: string): SessionInfo[];
	sessionsOfMember(memberId: string): SessionInfo[];
	sessionsOfClass(classId: string): SessionInfo[];
	/** Append to a session's timeline; written before the call returns. */
	appendEvent(sessionId: string, event: TimelineEvent): void;
	events(sessionId: string): TimelineEvent[];
	/** How many events the timeline holds (cheap: no rows read). */
	eventCount(sessionId: string): number;
	addNote(note: MentorNote): void;
	notes(sessionId: string): MentorNote[];
	setScore(sessionId: string, score: RubricScore): void;
	scores(sessionId: string): RubricScore[];
	/** After a crash: end sessions left open, at their last recorded event. Returns how many. */
	closeInterruptedSessions(): number;
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
}

export interface RecordingStore {
	begin(sessionId: string, dir: string, createdAt: number): void;
	finish(sessionId: string, result: { file: string; mimeType: string; startedAt: number; durationMs: number; sizeBytes: number }): void;
	fail(sessionId: string): void;
	get(sessionId: string): RecordingRecord | undefined;
	/** Recordings a crash left unfinished. */
	unfinished(): RecordingRecord[];
	/** Every recording, oldest first. */
	all(): RecordingRecord[];
	remove(sessionId: string): void;
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
	count(): number;
	create(account: AccountRecord): void;
	get(id: string): AccountRecord | undefined;
	byUsername(username: string): AccountRecord | undefined;
	/** Oldest first. */
	list(): AccountRecord[];
	update(id: string, patch: Partial<Pick<AccountRecord, 'displayName' | 'passwordHash' | 'role' | 'disabled' | 'lastLoginAt'>>): void;
	/** Give products, rooms and classes made before accounts existed to this account; how many products it got. */
	adoptUnowned(id: string): number;
	createSession(session: AuthSessionRecord): void;
	session(tokenHash: string): AuthSessionRecord | undefined;
	touchSession(tokenHash: string, lastSeenAt: number): void;
	revokeSession(tokenHash: string): void;
	/** Sign an account out everywhere (but `except`, the session asking). */
	revokeSessionsOf(accountId: string, except?: string): void;
	/** Forget expired sessions; how many. */
	removeExpiredSessions(now: number): number;
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
	 * Run `fn` all or nothing: every write it makes through this store
	 * commits together, or none does if it throws. `fn` is synchronous, so
	 * nothing else writes in between.
	 */
	transaction<T>(fn: () => T): T;
	close(): void;
}
