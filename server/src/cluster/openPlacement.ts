import os from 'node:os';
import type { Logger } from '../logger.ts';
import { slotLoad, type WorkerPool } from '../media/workerPool.ts';
import { PostgresStore } from '../store/postgresStore.ts';
import type { OpenStore, SessionStore } from '../store/store.ts';
import type { NodeLoad } from './nodeChoice.ts';
import { PostgresPlacement } from './postgresPlacement.ts';
import { LocalPlacement, type Fence, type RoomPlacement } from './roomPlacement.ts';

export interface PlacementSetup {
	placement: RoomPlacement;
	/** A room's session writes, fenced by its lease where rooms can move between nodes. */
	sessionsFor(fence: Fence): SessionStore;
}

export interface PlacementOptions {
	nodeId: string;
	/** Where clients reach this node (required with several nodes). */
	publicUrl: string | null;
	leaseMs: number;
	pool: WorkerPool;
	/** The rooms running here (the registry, made after the placement). */
	held: () => Iterable<Fence>;
	log: Logger;
}

/** What this node carries: its workers' consumers, and the machine's load average per core. */
export function nodeLoad(pool: WorkerPool): Omit<NodeLoad, 'rooms'> {
	let consumers = 0;
	for (const slot of pool.slots) consumers += slotLoad(slot).consumers;
	return { consumers, cpu: Math.round((os.loadavg()[0]! / os.availableParallelism()) * 1000) / 1000 };
}

/**
 * One node (SQLite): every room runs here. A PostgreSQL store: this node is
 * one of several, placing rooms through leases in the database.
 */
export async function openPlacement(store: OpenStore, options: PlacementOptions): Promise<PlacementSetup> {
	const load = () => nodeLoad(options.pool);
	if (!(store instanceof PostgresStore)) {
		return { placement: new LocalPlacement(options.nodeId, () => ({ ...load(), rooms: [...options.held()].length })), sessionsFor: () => store.sessions };
	}
	if (!options.publicUrl) throw new Error('invalid configuration: with GLADI_DATABASE_URL, set GLADI_PUBLIC_URL to the address clients reach this node at');
	const placement = await PostgresPlacement.create({
		pool: store.pool,
		databaseUrl: store.url,
		nodeId: options.nodeId,
		url: options.publicUrl,
		leaseMs: options.leaseMs,
		heartbeatMs: Math.min(2000, options.leaseMs / 4),
		healthyWithinMs: Math.min(6000, (options.leaseMs * 3) / 4),
		load,
		held: options.held,
		sweep: async () => {
			const closed = await store.closeOrphanedSessions();
			if (closed > 0) options.log.warn({ sessions: closed }, 'lives left open by a node that died were closed at their last event');
		},
		log: options.log,
	});
	return { placement, sessionsFor: (fence) => store.fencedSessions(fence) };
}
