import { z } from 'zod';
import type { Role } from '../domain/roles.ts';
import type { ErrorBody } from './errors.ts';
import type { MentorNote, SessionInfo, TimelineEvent } from '../report/types.ts';
import { TITLE_MAX } from '../domain/room.ts';
import { MAX_ROOM_PRODUCTS, type Product } from '../domain/catalog.ts';
import { displayNameSchema, mentorNoteShape, mentorScoreShape, NOTE_NEEDS_CONTENT, noteHasContent } from './events.ts';

export const createRoomBodySchema = z.strictObject({
	title: z.string().trim().min(1, 'title is required').max(TITLE_MAX),
	/** The room's product set from the catalog; default: the whole catalog (up to 100). */
	productIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_ROOM_PRODUCTS).optional(),
});
export type CreateRoomBody = z.infer<typeof createRoomBodySchema>;

export interface CreateRoomResponse {
	code: string;
	title: string;
	/** Root-relative links that open each role's page; the token in each decides the role. */
	links: Record<Role, string>;
}

/** GET /api/invites/:token: what an invite opens, so the join page can greet the person. */
export interface InviteInfo {
	code: string;
	title: string;
	role: Role;
	/** Lives in this room are recorded (the join page tells viewers so). */
	recorded: boolean;
	/**
	 * Several server nodes: the origin of the node running the room, where
	 * the page connects its socket (absent: the page's own origin).
	 */
	server?: string;
}

/** GET /healthz, for anyone (load balancers, uptime checks): 200 when every media worker is alive, else 503. */
export interface HealthResponse {
	status: 'ok' | 'degraded';
	uptimeSeconds: number;
	/** This server node: its id (GLADI_NODE_ID), whether it takes new rooms, and the codes of the rooms it runs now. */
	node: { id: string; state: NodeState; rooms: string[] };
}

/** `draining`: a node takes no new rooms and hands its rooms to the others as they go idle. */
export const NODE_STATES = ['active', 'draining'] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** A server node as the admin page lists it (GET /api/admin/nodes). */
export interface NodeInfo {
	id: string;
	/** Where clients reach it ('' for the single studio: the page's own address). */
	url: string;
	state: NodeState;
	/** Its heartbeat is recent. */
	healthy: boolean;
	load: { rooms: number; consumers: number; cpu: number };
	/** The node that answered. */
	self: boolean;
}

export interface NodeListResponse {
	nodes: NodeInfo[];
}

/** POST /api/admin/nodes/:id/state: drain a node (or take it back into service). */
export const nodeStateBodySchema = z.strictObject({ state: z.enum(NODE_STATES) });
export type NodeStateBody = z.infer<typeof nodeStateBodySchema>;

/** GET /api/admin/health, for admins only: what the studio is carrying. */
export interface HealthDetails extends HealthResponse {
	/** routers: rooms' own and edge routers; consumers: media streams being sent out. */
	workers: Array<{ index: number; pid: number; alive: boolean; routers: number; consumers: number; peers: number }>;
	rooms: { total: number; active: number; live: number; peers: number };
}

export interface ProductListResponse {
	products: Product[];
}

/** Product images: types, file size and pixels accepted on upload. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** Width x height: a 48 MP camera's full-size photo is refused, a usual 12 MP one has room to spare. */
export const IMAGE_MAX_PIXELS = 40_000_000;

/** What the first bytes of a file say it is (a name or Content-Type is only a claim): JPEG, PNG, WebP, or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
	const startsWith = (magic: number[], at = 0) => bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
	const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
	if (startsWith([0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(ascii('RIFF')) && startsWith(ascii('WEBP'), 8)) return 'image/webp';
	return null;
}

/** Every failed API call answers with this body and its code's status (protocol/errors.ts). */
export interface HttpErrorBody {
	error: ErrorBody;
}

/**
 * Reports. Every call carries the invite token (`?t=`) of the room's host
 * (the trainee), a mentor of that room, or a class member for their own
 * sessions; anyone else gets 403.
 *   GET  /api/sessions/:id/report?t=      -> SessionReport (JSON)
 *   GET  /api/sessions/:id/report.csv?t=  -> CSV export
 *   PUT  /api/sessions/:id/rubric?t=      (mentor) RubricUpdateBody -> SessionReport
 *   POST /api/sessions/:id/notes?t=       (mentor) NoteBody -> MentorNote
 *   (a mentor's link is shared by every mentor of the room, so the body names who is writing)
 *   GET  /api/progress?t=                 -> ProgressResponse (the trainee's sessions over time)
 * The report page is /laporan/:id?t= (linked from the host's studio when the live ends).
 */
/** The name a mentor's note or score is saved under, when the body gives none. */
export const DEFAULT_MENTOR_NAME = 'Pendamping';

/** PUT /rubric: the live `mentor:score` payload, and the mentor's display name. */
export const rubricUpdateBodySchema = z.strictObject({ ...mentorScoreShape, mentorName: displayNameSchema.optional() });
export type RubricUpdateBody = z.infer<typeof rubricUpdateBodySchema>;

/** POST /notes: the live `mentor:note` payload (`at`: epoch ms of the moment), and the mentor's display name. */
export const noteBodySchema = z
	.strictObject({ ...mentorNoteShape, mentorName: displayNameSchema.optional() })
	.refine(noteHasContent, NOTE_NEEDS_CONTENT);
export type NoteBody = z.infer<typeof noteBodySchema>;

export interface ProgressEntry {
	sessionId: string;
	title: string;
	startedAt: number;
	durationMs: number;
	answeredShare: number | null;
	talkShare: number;
	orders: number;
	gmv: number;
	averageViewers: number;
	rubricTotal: number;
	rubricMax: number;
	/** Rubric levels by criterion (missing = not scored). */
	rubric: Record<string, number>;
	weakMetrics: string[];
}

export interface ProgressResponse {
	trainee: string;
	sessions: ProgressEntry[];
}

export function reportPath(sessionId: string, token: string): string {
	return `/laporan/${encodeURIComponent(sessionId)}?t=${encodeURIComponent(token)}`;
}

/** The replay page of a session (its recording in sync with its timeline). */
export function replayPath(sessionId: string, token: string): string {
	return `/laporan/${encodeURIComponent(sessionId)}/putar?t=${encodeURIComponent(token)}`;
}

/** A session's recording: GET serves it (byte ranges), DELETE removes it. */
export function recordingPath(sessionId: string, token: string): string {
	return `/api/sessions/${encodeURIComponent(sessionId)}/recording?t=${encodeURIComponent(token)}`;
}

/** GET /api/sessions/:id/timeline?t=: everything the replay page shows in sync with the video. */
export interface SessionTimelineResponse {
	session: SessionInfo;
	/** In time order; `at` is epoch ms (server clock), as the recording's startedAt. */
	events: TimelineEvent[];
	notes: MentorNote[];
	/** The room's products as the catalog has them now (the pinned card's picture and price). */
	products: Product[];
}

export function reportJsonPath(sessionId: string, token: string): string {
	return `/api/sessions/${encodeURIComponent(sessionId)}/report?t=${encodeURIComponent(token)}`;
}
