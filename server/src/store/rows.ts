import type { MentorNote, NoteTag, Product, Role, RubricCriterion, RubricLevel, RubricScore, SessionInfo, TimelineEvent, Variant } from '@gladi/shared';
import { thumbnailUrlOf } from '@gladi/shared';
import type { AccountRecord, AuthSessionRecord, ClassRecord, InviteRecord, MemberRecord, RecordingRecord, RoomRecord, TurnRecord } from './store.ts';

/*
 * The tables' rows as both stores read them (SQLite and PostgreSQL name
 * their columns alike), and the records made from them.
 */

export interface ProductRow {
	id: string;
	name: string;
	description: string;
	price: number;
	category: string;
	material: string;
	image_url: string | null;
}
export interface VariantRow {
	id: string;
	product_id: string;
	size: string | null;
	color: string | null;
	stock: number;
}

export function variantOf(v: Pick<VariantRow, 'id' | 'size' | 'color' | 'stock'>): Variant {
	return { id: v.id, size: v.size, color: v.color, stock: v.stock };
}

export function productOf(r: ProductRow, variants: Variant[]): Product {
	return {
		id: r.id,
		name: r.name,
		description: r.description,
		price: r.price,
		category: r.category,
		material: r.material,
		imageUrl: r.image_url,
		thumbnailUrl: thumbnailUrlOf(r.image_url),
		variants,
	};
}

export interface RoomRow {
	code: string;
	title: string;
	owner_id: string | null;
	class_id: string | null;
	created_at: number;
}
export interface InviteRow {
	token: string;
	room_code: string;
	role: Role;
	issued_at: number | null;
	member_id: string | null;
	room_created_at: number;
}

export function roomOf(row: RoomRow): RoomRecord {
	return { code: row.code, title: row.title, ownerId: row.owner_id, classId: row.class_id, createdAt: row.created_at };
}

export function inviteOf(row: InviteRow): InviteRecord {
	// Links issued before invites had a date count from their room's creation.
	return { token: row.token, roomCode: row.room_code, role: row.role, issuedAt: row.issued_at ?? row.room_created_at, memberId: row.member_id };
}

export const INVITE_SELECT = 'SELECT i.token, i.room_code, i.role, i.issued_at, i.member_id, r.created_at AS room_created_at FROM invites i JOIN rooms r ON r.code = i.room_code';

export interface SessionRow {
	id: string;
	room_code: string;
	title: string;
	host_name: string;
	started_at: number;
	ended_at: number | null;
	class_id: string | null;
	member_id: string | null;
}

export function sessionOf(row: SessionRow): SessionInfo {
	return {
		id: row.id,
		roomCode: row.room_code,
		title: row.title,
		hostName: row.host_name,
		startedAt: row.started_at,
		endedAt: row.ended_at,
		classId: row.class_id,
		memberId: row.member_id,
	};
}

export interface ClassRow {
	id: string;
	name: string;
	owner_id: string | null;
	mentor_token: string;
	turn_seconds: number;
	created_at: number;
}

export function classOf(r: ClassRow): ClassRecord {
	return { id: r.id, name: r.name, ownerId: r.owner_id, mentorToken: r.mentor_token, turnSeconds: r.turn_seconds, createdAt: r.created_at };
}

export interface MemberRow {
	id: string;
	class_id: string;
	name: string;
	token: string;
	room_code: string;
	position: number;
}
export interface TurnRow {
	room_code: string;
	class_id: string;
	turn_index: number;
	turn_started_at: number;
}

export function memberOf(r: MemberRow): MemberRecord {
	return { id: r.id, classId: r.class_id, name: r.name, token: r.token, roomCode: r.room_code, position: r.position };
}

export function turnOf(r: TurnRow): TurnRecord {
	return { roomCode: r.room_code, classId: r.class_id, turnIndex: r.turn_index, turnStartedAt: r.turn_started_at };
}

export interface RecordingRow {
	session_id: string;
	dir: string;
	status: RecordingRecord['status'];
	file: string | null;
	mime_type: string | null;
	started_at: number | null;
	duration_ms: number | null;
	size_bytes: number;
	created_at: number;
	node_id: string | null;
}

export function recordingOf(r: RecordingRow): RecordingRecord {
	return {
		sessionId: r.session_id,
		dir: r.dir,
		status: r.status,
		file: r.file,
		mimeType: r.mime_type,
		startedAt: r.started_at,
		durationMs: r.duration_ms,
		sizeBytes: r.size_bytes,
		createdAt: r.created_at,
		nodeId: r.node_id,
	};
}

/** A timeline row: `data` is the event without its type and time. */
export function eventOf(type: string, at: number, data: object): TimelineEvent {
	return { type, at, ...data } as TimelineEvent;
}

export interface NoteRow {
	id: string;
	session_id: string;
	at: number;
	mentor_name: string;
	text: string;
}

export function noteOf(r: NoteRow, tags: NoteTag[]): MentorNote {
	return { id: r.id, sessionId: r.session_id, at: r.at, mentorName: r.mentor_name, text: r.text, tags };
}

export interface ScoreRow {
	criterion: RubricCriterion;
	level: RubricLevel;
	mentor_name: string;
	updated_at: number;
}

export function scoreOf(r: ScoreRow): RubricScore {
	return { criterion: r.criterion, level: r.level, mentorName: r.mentor_name, updatedAt: r.updated_at };
}

export interface AccountRow {
	id: string;
	username: string;
	display_name: string;
	password_hash: string;
	role: AccountRecord['role'];
	/** SQLite: 0 or 1; PostgreSQL: a boolean. */
	disabled: number | boolean;
	created_at: number;
	last_login_at: number | null;
}

export function accountOf(r: AccountRow): AccountRecord {
	return {
		id: r.id,
		username: r.username,
		displayName: r.display_name,
		passwordHash: r.password_hash,
		role: r.role,
		disabled: Boolean(r.disabled),
		createdAt: r.created_at,
		lastLoginAt: r.last_login_at,
	};
}

/** The columns AccountStore.update() may set. */
export const ACCOUNT_COLUMNS = { displayName: 'display_name', passwordHash: 'password_hash', role: 'role', disabled: 'disabled', lastLoginAt: 'last_login_at' } as const;



export interface AuthSessionRow {
	token_hash: string;
	account_id: string;
	created_at: number;
	expires_at: number;
	last_seen_at: number;
}

export function authSessionOf(r: AuthSessionRow): AuthSessionRecord {
	return { tokenHash: r.token_hash, accountId: r.account_id, createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at };
}
