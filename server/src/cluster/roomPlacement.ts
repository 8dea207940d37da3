import { GladiError } from '@gladi/shared';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Fence } from './fence.ts';
import type { NodeState, NodeView } from './nodeChoice.ts';

export type { Fence };

/** acquire(): this node holds the room now, or another node does (go there). */
export type Acquired = { held: true; fence: Fence } | { held: false; nodeId: string; url: string };

/** What one node tells the node running a room (a class turn moved on, links were replaced). */
export type RoomMessage = { code: string; kind: 'revokeTokens'; tokens: string[] } | { code: string; kind: 'endTurn' };

/** What one node tells another about what it keeps: a recording on its disk was deleted through another node. */
export type NodeMessage = { kind: 'recordingDeleted'; nodeId: string; sessionId: string };

export type PlacementEvents = {
	/** This node no longer holds the room (its lease was taken, or could not be renewed): stop running it. */
	lost: [code: string];
	/** A message for a room, from any node (this one included). */
	message: [message: RoomMessage];
	/** A recording this node keeps was deleted (its record is gone): its files go too. */
	recordingDeleted: [sessionId: string];
	/** This node was asked to drain (SIGTERM, or an admin on any node). */
	drain: [];
};

/**
 * Which node runs which room. One studio (SQLite) runs every room itself;
 * several nodes sharing PostgreSQL place each room on one node through a
 * lease (postgresPlacement.ts). Either way the rest of the server asks the
 * same questions.
 */
export interface RoomPlacement {
	readonly nodeId: string;
	/** Several nodes share the database: rooms may run elsewhere. */
	readonly clustered: boolean;
	readonly state: NodeState;
	/**
	 * Where a person should connect for this room: null for this node's own
	 * origin (one node), else the URL of the node that runs it, placing the
	 * room on the least-loaded node if nobody holds it.
	 */
	locate(code: string): Promise<string | null>;
	/** Hold the room to run it here (it is free, or placed here), or learn who runs it. */
	acquire(code: string): Promise<Acquired>;
	/** This node stopped running the room: another may take it at once. */
	release(fence: Fence): Promise<void>;
	/** Deliver a message to the room's node (and this one: the room may be here), or to the node it names. */
	publish(message: RoomMessage | NodeMessage): Promise<void>;
	/** The URLs of the nodes last seen (one node: none). */
	nodeUrls(): ReadonlySet<string>;
	/** Every node the database knows, with its load (one node: just this one). */
	nodes(): Promise<NodeView[]>;
	/** Ask a node to drain (false: no such node). */
	setState(nodeId: string, state: NodeState): Promise<boolean>;
	on<E extends keyof PlacementEvents & string>(event: E, listener: (...args: PlacementEvents[E]) => void): this;
	off<E extends keyof PlacementEvents & string>(event: E, listener: (...args: PlacementEvents[E]) => void): this;
	close(): Promise<void>;
}

/** The single studio: every room runs here, messages stay in the process. */
export class LocalPlacement extends TypedEmitter<PlacementEvents> implements RoomPlacement {
	readonly nodeId: string;
	readonly clustered = false;
	readonly #load: () => NodeView['load'];

	constructor(nodeId: string, load: () => NodeView['load']) {
		super();
		this.nodeId = nodeId;
		this.#load = load;
	}

	get state(): NodeState {
		return 'active';
	}

	locate(): Promise<string | null> {
		return Promise.resolve(null);
	}

	acquire(code: string): Promise<Acquired> {
		return Promise.resolve({ held: true, fence: { code, nodeId: this.nodeId, epoch: 0 } });
	}

	release(): Promise<void> {
		return Promise.resolve();
	}

	publish(message: RoomMessage | NodeMessage): Promise<void> {
		if (message.kind === 'recordingDeleted') this.emit('recordingDeleted', message.sessionId);
		else this.emit('message', message);
		return Promise.resolve();
	}

	nodeUrls(): ReadonlySet<string> {
		return new Set();
	}

	nodes(): Promise<NodeView[]> {
		return Promise.resolve([{ id: this.nodeId, url: '', state: 'active', load: this.#load(), healthy: true }]);
	}

	/** One studio has no other node to move its rooms to: it is always active. */
	setState(nodeId: string, state: NodeState): Promise<boolean> {
		if (nodeId !== this.nodeId) return Promise.resolve(false);
		if (state === 'draining') return Promise.reject(new GladiError('invalid_state', 'a single studio has no other node to move its rooms to'));
		return Promise.resolve(true);
	}

	close(): Promise<void> {
		return Promise.resolve();
	}
}
