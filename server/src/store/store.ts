import type { MentorNote, Product, ProductInput, Role, RubricScore, SessionInfo, TimelineEvent } from '@gladi/shared';

/**
 * What Gladi keeps. SQLite implements it (sqliteStore.ts); a server database
 * can replace it later behind the same interface.
 */
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
	productIds: string[];
	classId: string | null;
	createdAt: number;
}

export interface RoomStore {
	/** Save a new room with its invite tokens. */
	createRoom(room: RoomRecord, invites: Array<{ token: string; role: Role }>): void;
	getRoom(code: string): RoomRecord | undefined;
	findInvite(token: string): { roomCode: string; role: Role } | undefined;
	invitesOf(code: string): Array<{ token: string; role: Role }>;
	/** Give a role a new token; the old one stops working (a class turn passes the host role on). */
	replaceInvite(code: string, role: Role, token: string): void;
}

export interface ClassRecord {
	id: string;
	name: string;
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

export interface Store {
	readonly catalog: CatalogStore;
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
