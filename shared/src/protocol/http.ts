import { z } from 'zod';
import type { Role } from '../domain/roles.ts';
import { TITLE_MAX } from '../domain/room.ts';

export const createRoomBodySchema = z.strictObject({
	title: z.string().trim().min(1, 'title is required').max(TITLE_MAX),
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
}

export interface HealthResponse {
	status: 'ok' | 'degraded';
	uptimeSeconds: number;
	workers: Array<{ index: number; pid: number; alive: boolean; routers: number; peers: number }>;
	rooms: { total: number; active: number; live: number; peers: number };
}

export interface HttpErrorBody {
	error: { code: string; message: string };
}
