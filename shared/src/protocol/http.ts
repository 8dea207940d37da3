import { z } from 'zod';
import type { Role } from '../domain/roles.ts';
import { TITLE_MAX } from '../domain/room.ts';
import { MAX_ROOM_PRODUCTS, type Product } from '../domain/catalog.ts';

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
}

export interface HealthResponse {
	status: 'ok' | 'degraded';
	uptimeSeconds: number;
	workers: Array<{ index: number; pid: number; alive: boolean; routers: number; peers: number }>;
	rooms: { total: number; active: number; live: number; peers: number };
}

export interface ProductListResponse {
	products: Product[];
}

/** Product images: types and size accepted on upload. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;

export interface HttpErrorBody {
	error: { code: string; message: string };
}
