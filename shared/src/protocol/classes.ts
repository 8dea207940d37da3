import { z } from 'zod';
import { MAX_ROOM_PRODUCTS } from '../domain/catalog.ts';
import { DISPLAY_NAME_MAX, type LiveStatus } from '../domain/room.ts';

export const CLASS_MEMBERS_MAX = 40;
export const CLASS_ROOMS_MAX = 8;

/**
 * Classes: a mentor's roster; members are split into practice rooms (groups)
 * and take turns as host while the others in the room play buyers.
 *   POST /api/classes                              CreateClassBody -> 201 ClassCreatedResponse
 *   GET  /api/classes/:id?t=TOKEN                  mentor token -> ClassOverview; member token -> ClassMemberView
 *   POST /api/classes/:id/rooms/:code/advance?t=   (mentor) the next member's turn -> ClassOverview
 */
export const createClassBodySchema = z.strictObject({
	name: z.string().trim().min(1, 'name is required').max(80),
	members: z
		.array(z.string().trim().min(1).max(DISPLAY_NAME_MAX))
		.min(1)
		.max(CLASS_MEMBERS_MAX)
		.refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'member names must be different'),
	/** Practice rooms that run at once; members are spread over them. */
	rooms: z.int().min(1).max(CLASS_ROOMS_MAX).default(1),
	turnMinutes: z.int().min(1).max(60).default(5),
	productIds: z.array(z.string().min(1).max(64)).min(1).max(MAX_ROOM_PRODUCTS).optional(),
});
export type CreateClassBody = z.input<typeof createClassBodySchema>;

export interface ClassCreatedResponse {
	id: string;
	name: string;
	/** The mentor's page for the class (keep it private). */
	mentorLink: string;
	members: Array<{ id: string; name: string; link: string }>;
}

export interface ClassSessionSummary {
	sessionId: string;
	startedAt: number;
	durationMs: number;
	answeredShare: number | null;
	orders: number;
	rubricTotal: number;
	rubricMax: number;
	/** The report, opened with the viewer's own token. */
	reportLink: string;
}

export interface ClassRoomView {
	code: string;
	title: string;
	status: LiveStatus;
	members: Array<{ id: string; name: string }>;
	/** Whose turn as host (index into members). */
	turnIndex: number;
	turnStartedAt: number;
}

export interface ClassOverview {
	kind: 'mentor';
	id: string;
	name: string;
	turnSeconds: number;
	rooms: Array<ClassRoomView & { mentorLink: string }>;
	members: Array<{ id: string; name: string; roomCode: string; link: string; sessions: ClassSessionSummary[] }>;
}

export interface ClassMemberView {
	kind: 'member';
	id: string;
	name: string;
	turnSeconds: number;
	member: { id: string; name: string };
	room: ClassRoomView;
	myTurn: boolean;
	/** Opens the room: as host on this member's turn, as a buyer otherwise. */
	joinLink: string;
	sessions: ClassSessionSummary[];
}

export function classLink(classId: string, token: string): string {
	return `/kelas/${encodeURIComponent(classId)}?t=${encodeURIComponent(token)}`;
}
