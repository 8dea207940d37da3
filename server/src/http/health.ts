import type { HealthDetails, HealthResponse } from '@gladi/shared';
import type { RequestHandler } from 'express';
import type { RoomPlacement } from '../cluster/roomPlacement.ts';
import { slotLoad, type WorkerPool } from '../media/workerPool.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import { requireAdmin } from './auth.ts';

/** What health is read from: a Studio has these. */
export interface HealthSource {
	registry: RoomRegistry;
	pool: WorkerPool;
	placement: RoomPlacement;
	startedAt: number;
}

/** Liveness: every media worker alive, how long the studio has run, and this node with the rooms it runs. */
export function healthSummary({ pool, startedAt, placement, registry }: HealthSource): HealthResponse {
	return {
		status: pool.slots.every((slot) => !slot.worker.closed) ? 'ok' : 'degraded',
		uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
		node: { id: placement.nodeId, state: placement.state, rooms: [...registry.fences()].map((f) => f.code).sort() },
	};
}

/** Liveness and the load: each worker's process and what it carries, and the rooms. */
export function healthDetails(source: HealthSource): HealthDetails {
	let active = 0;
	let live = 0;
	let peers = 0;
	let total = 0;
	for (const room of source.registry.rooms()) {
		total++;
		if (room.media) active++;
		if (room.status === 'live') live++;
		peers += room.participantCount;
	}
	const workers = source.pool.slots.map((slot) => {
		const load = slotLoad(slot);
		return { index: slot.index, pid: slot.worker.pid, alive: !slot.worker.closed, routers: load.routers, consumers: load.consumers, peers: load.peers };
	});
	return { ...healthSummary(source), workers, rooms: { total, active, live, peers } };
}

const statusOf = (health: HealthResponse): number => (health.status === 'ok' ? 200 : 503);

/**
 * GET /healthz: liveness for anyone. Worker PIDs and room counts tell an
 * outsider how busy the studio is and what to aim at, so they are only in
 * `details` (GET /api/admin/health).
 */
export function healthRoutes(source: HealthSource): { liveness: RequestHandler; details: RequestHandler } {
	return {
		liveness: (_req, res) => {
			const body = healthSummary(source);
			res.status(statusOf(body)).json(body);
		},
		details: (_req, res) => {
			requireAdmin(res);
			const body = healthDetails(source);
			res.status(statusOf(body)).json(body);
		},
	};
}
