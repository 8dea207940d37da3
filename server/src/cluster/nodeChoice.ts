import type { NodeState } from '@gladi/shared';

export type { NodeState };

/** What a node says about itself in its heartbeat, and what the others read. */
export interface NodeLoad {
	/** Rooms it holds a lease on (in use, or placed on it and about to be). */
	rooms: number;
	/** mediasoup consumers (what its viewers receive). */
	consumers: number;
	/** Share of the machine's CPU in use, 0..1 (load average per core). */
	cpu: number;
}

export interface NodeView {
	id: string;
	/** Where clients reach it (GLADI_PUBLIC_URL). */
	url: string;
	state: NodeState;
	load: NodeLoad;
	/** Its heartbeat is recent: it is alive. */
	healthy: boolean;
}

/** Past this CPU share a node takes new rooms only when every node is past it. */
export const CPU_LIMIT = 0.85;
/** What one room weighs against one consumer: its router, crowd and recorder, before any viewer. */
const ROOM_WEIGHT = 4;

/** How loaded a node is, comparable across nodes (lower takes the next room). */
export function loadScore(load: NodeLoad): number {
	return load.consumers + ROOM_WEIGHT * load.rooms;
}

/**
 * The node a new room goes to: a healthy one that is not draining, under
 * the CPU limit if any is, with the lowest load score (ties: the lowest id,
 * so that every node answers alike). Undefined when no node can take it.
 */
export function chooseNode(nodes: readonly NodeView[]): NodeView | undefined {
	const open = nodes.filter((n) => n.healthy && n.state === 'active');
	const cool = open.filter((n) => n.load.cpu < CPU_LIMIT);
	const candidates = cool.length > 0 ? cool : open;
	return [...candidates].sort((a, b) => loadScore(a.load) - loadScore(b.load) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}
