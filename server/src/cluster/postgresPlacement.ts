import { GladiError, NODE_STATES } from '@gladi/shared';
import pg from 'pg';
import { z } from 'zod';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';
import { chooseNode, type NodeLoad, type NodeState, type NodeView } from './nodeChoice.ts';
import type { Acquired, Fence, NodeMessage, PlacementEvents, RoomMessage, RoomPlacement } from './roomPlacement.ts';

/** The NOTIFY channel room messages cross nodes on. */
const CHANNEL = 'gladi_rooms';

/** What crosses the channel: a room's messages, and a node's new state (drain, or back into service). */
const channelMessageSchema = z.discriminatedUnion('kind', [
	z.object({ code: z.string().max(32), kind: z.literal('revokeTokens'), tokens: z.array(z.string().max(128)).max(16) }),
	z.object({ code: z.string().max(32), kind: z.literal('endTurn') }),
	z.object({ kind: z.literal('nodeState'), nodeId: z.string().max(63), state: z.enum(NODE_STATES) }),
	z.object({ kind: z.literal('recordingDeleted'), nodeId: z.string().max(63), sessionId: z.string().max(64) }),
]);

export interface PostgresPlacementOptions {
	/** The store's pool: leases and nodes are rows beside the rest. */
	pool: pg.Pool;
	/** For the one connection that LISTENs (a pooled one would be handed back). */
	databaseUrl: string;
	nodeId: string;
	/** Where clients reach this node. */
	url: string;
	/** What this node carries now (rooms are counted from its leases). */
	load: () => Omit<NodeLoad, 'rooms'>;
	/** The rooms running here, with the fences they run under. */
	held: () => Iterable<Fence>;
	/** After each heartbeat: tidy what dead nodes left (their lives' open sessions). */
	sweep?: () => Promise<void>;
	/** A lease lasts this long unless renewed: how long a dead node's rooms wait for a new one. */
	leaseMs?: number;
	/** Heartbeat and lease renewal period. */
	heartbeatMs?: number;
	/** A node whose heartbeat is older than this is dead to the others. */
	healthyWithinMs?: number;
	log: Logger;
}

interface NodeRow {
	id: string;
	url: string;
	state: NodeState;
	consumers: number;
	cpu: number;
	rooms: string;
	healthy: boolean;
}

/**
 * Rooms placed on nodes through PostgreSQL. Each node has a row in `nodes`
 * (its URL, state and load, refreshed by a heartbeat); each room in use has
 * a row in `room_leases`: the node that runs it, until when, and an epoch
 * that grows with every new holder. Claiming is one INSERT ... ON CONFLICT
 * that only takes a lease that has run out (or is already the claimer's), so
 * of any number of nodes asking at once exactly one wins. A node renews its
 * rooms' leases with its heartbeat; rooms whose lease did not come back are
 * `lost` (taken over after this node was presumed dead), and when renewing
 * fails for a whole lease period the node gives up every room by itself.
 * Messages for a room cross nodes with NOTIFY.
 */
export class PostgresPlacement extends TypedEmitter<PlacementEvents> implements RoomPlacement {
	readonly nodeId: string;
	readonly clustered = true;
	readonly url: string;
	readonly #pool: pg.Pool;
	readonly #options: Required<Omit<PostgresPlacementOptions, 'pool' | 'databaseUrl' | 'nodeId' | 'url' | 'log' | 'load' | 'held' | 'sweep'>> &
		Pick<PostgresPlacementOptions, 'load' | 'held' | 'databaseUrl' | 'sweep'>;
	readonly #log: Logger;
	#state: NodeState = 'active';
	#timer: NodeJS.Timeout | null = null;
	#ticking: Promise<void> | null = null;
	#lastRenewedAt = Date.now();
	#listener: pg.Client | null = null;
	#closed = false;
	/** The other nodes' URLs as last read (for the Origin check). */
	#knownUrls = new Set<string>();

	private constructor(options: PostgresPlacementOptions) {
		super();
		this.nodeId = options.nodeId;
		this.url = options.url;
		this.#pool = options.pool;
		this.#log = options.log;
		this.#options = {
			leaseMs: options.leaseMs ?? 8000,
			heartbeatMs: options.heartbeatMs ?? 2000,
			healthyWithinMs: options.healthyWithinMs ?? 6000,
			load: options.load,
			held: options.held,
			databaseUrl: options.databaseUrl,
			...(options.sweep ? { sweep: options.sweep } : {}),
		};
	}

	/** Register this node (active), start listening for room messages and beating. */
	static async create(options: PostgresPlacementOptions): Promise<PostgresPlacement> {
		const placement = new PostgresPlacement(options);
		await placement.#register();
		await placement.#options.sweep?.();
		await placement.#listen();
		placement.#timer = setInterval(() => void placement.#tick(), placement.#options.heartbeatMs);
		placement.#timer.unref();
		return placement;
	}

	get state(): NodeState {
		return this.#state;
	}

	/** URLs of every node the database knows (for the Origin check: pages of one node connect to another). */
	nodeUrls(): ReadonlySet<string> {
		return this.#knownUrls;
	}

	async locate(code: string): Promise<string | null> {
		for (let attempt = 0; attempt < 3; attempt++) {
			const owner = await this.#owner(code);
			if (owner) return owner.url;
			const target = chooseNode(await this.nodes());
			if (!target) throw new GladiError('no_node_available', 'no studio node can take this room now; try again in a moment');
			// Placed for the target, which holds it for a lease period while the person connects there.
			if (await this.#claim(code, target.id, false)) return target.url;
		}
		throw new GladiError('no_node_available', 'the room could not be placed on a node; try again in a moment');
	}

	async acquire(code: string): Promise<Acquired> {
		for (let attempt = 0; attempt < 3; attempt++) {
			if (this.#state === 'active') {
				const epoch = await this.#claim(code, this.nodeId, true);
				if (epoch) return { held: true, fence: { code, nodeId: this.nodeId, epoch } };
			}
			const owner = await this.#owner(code);
			if (owner && owner.nodeId !== this.nodeId) return { held: false, ...owner };
			if (this.#state === 'draining') {
				// The room goes to another node rather than coming here. A lookup that placed it here
				// meanwhile (its node thought this one active) is undone: the room does not run here.
				if (owner) await this.#pool.query('DELETE FROM room_leases WHERE code = $1 AND node_id = $2', [code, this.nodeId]);
				const target = chooseNode((await this.nodes()).filter((n) => n.id !== this.nodeId));
				if (!target) throw new GladiError('no_node_available', 'no other studio node can take this room now; try again in a moment');
				if (await this.#claim(code, target.id, false)) return { held: false, nodeId: target.id, url: target.url };
			}
		}
		throw new GladiError('no_node_available', 'the room could not be placed on a node; try again in a moment');
	}

	async release(fence: Fence): Promise<void> {
		await this.#pool.query('DELETE FROM room_leases WHERE code = $1 AND node_id = $2 AND epoch = $3', [fence.code, fence.nodeId, fence.epoch]);
	}

	publish(message: RoomMessage | NodeMessage): Promise<void> {
		return this.#notify(message);
	}

	async nodes(): Promise<NodeView[]> {
		const { rows } = await this.#pool.query<NodeRow>(
			`SELECT n.id, n.url, n.state, n.consumers, n.cpu,
				n.heartbeat_at > now() - make_interval(secs => $1::double precision / 1000) AS healthy,
				(SELECT count(*) FROM room_leases l WHERE l.node_id = n.id AND l.lease_until > now()) AS rooms
			FROM nodes n ORDER BY n.id`,
			[this.#options.healthyWithinMs],
		);
		this.#knownUrls = new Set(rows.map((r) => r.url));
		return rows.map((r) => ({
			id: r.id,
			url: r.url,
			state: r.state,
			healthy: r.healthy,
			load: { rooms: Number(r.rooms), consumers: r.consumers, cpu: r.cpu },
		}));
	}

	async setState(nodeId: string, state: NodeState): Promise<boolean> {
		const { rowCount } = await this.#pool.query('UPDATE nodes SET state = $2 WHERE id = $1', [nodeId, state]);
		if (nodeId === this.nodeId) this.#apply(state);
		// That node hears it now rather than at its next heartbeat (which would tell it too).
		else if (rowCount) await this.#notify({ kind: 'nodeState', nodeId, state });
		return (rowCount ?? 0) > 0;
	}

	/** Send a message over the channel every node listens on (this one too). */
	async #notify(message: z.input<typeof channelMessageSchema>): Promise<void> {
		await this.#pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(message)]);
	}

	/** Stop beating and listening; give up this node's leases and its row (the others see it gone at once). */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#timer) clearInterval(this.#timer);
		await this.#ticking;
		const listener = this.#listener;
		this.#listener = null;
		await listener?.end().catch(() => undefined);
		try {
			await this.#pool.query('DELETE FROM room_leases WHERE node_id = $1', [this.nodeId]);
			await this.#pool.query('DELETE FROM nodes WHERE id = $1', [this.nodeId]);
		} catch (error) {
			this.#log.warn({ err: error }, 'could not give up this node’s leases; they run out by themselves');
		}
	}

	/**
	 * Take the room's lease for `nodeId` if it is free (never held, or run
	 * out) or, when `own`, already that node's (placed there by a lookup).
	 * Returns the new epoch, or null if another node holds it.
	 */
	async #claim(code: string, nodeId: string, own: boolean): Promise<number | null> {
		const { rows } = await this.#pool.query<{ epoch: string }>(
			`INSERT INTO room_leases (code, node_id, epoch, lease_until)
			VALUES ($1, $2, 1, now() + make_interval(secs => $3::double precision / 1000))
			ON CONFLICT (code) DO UPDATE SET node_id = EXCLUDED.node_id, epoch = room_leases.epoch + 1, lease_until = EXCLUDED.lease_until
			WHERE room_leases.lease_until <= now() OR ($4 AND room_leases.node_id = EXCLUDED.node_id)
			RETURNING epoch`,
			[code, nodeId, this.#options.leaseMs, own],
		);
		return rows[0] ? Number(rows[0].epoch) : null;
	}

	/** The node holding the room's lease now, if any. */
	async #owner(code: string): Promise<{ nodeId: string; url: string } | undefined> {
		const { rows } = await this.#pool.query<{ node_id: string; url: string }>(
			`SELECT l.node_id, n.url FROM room_leases l JOIN nodes n ON n.id = l.node_id WHERE l.code = $1 AND l.lease_until > now()`,
			[code],
		);
		return rows[0] ? { nodeId: rows[0].node_id, url: rows[0].url } : undefined;
	}

	async #register(): Promise<void> {
		const { consumers, cpu } = this.#options.load();
		await this.#pool.query(
			`INSERT INTO nodes (id, url, state, consumers, cpu, started_at, heartbeat_at) VALUES ($1, $2, 'active', $3, $4, $5, now())
			ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, state = 'active', consumers = EXCLUDED.consumers, cpu = EXCLUDED.cpu,
				started_at = EXCLUDED.started_at, heartbeat_at = now()`,
			[this.nodeId, this.url, consumers, cpu, Date.now()],
		);
		// A node restarting under its old id runs nothing yet: leases from its previous life are free at once.
		await this.#pool.query('DELETE FROM room_leases WHERE node_id = $1', [this.nodeId]);
		await this.nodes();
		this.#log.info({ node: this.nodeId, url: this.url }, 'node registered');
	}

	#tick(): Promise<void> {
		this.#ticking ??= this.#beat().finally(() => (this.#ticking = null));
		return this.#ticking;
	}

	/** Heartbeat with the load, renew the held rooms' leases, and notice rooms taken away. */
	async #beat(): Promise<void> {
		if (this.#closed) return;
		const held = [...this.#options.held()];
		try {
			const { consumers, cpu } = this.#options.load();
			const beat = await this.#pool.query<{ state: NodeState }>(
				'UPDATE nodes SET consumers = $2, cpu = $3, heartbeat_at = now(), state = CASE WHEN $4 THEN \'draining\' ELSE state END WHERE id = $1 RETURNING state',
				[this.nodeId, consumers, cpu, this.#state === 'draining'],
			);
			if (!beat.rows[0]) {
				// Our row was removed (an operator cleaning up): register again.
				await this.#register();
			} else {
				this.#apply(beat.rows[0].state);
			}
			const renewed = await this.#pool.query<{ code: string }>(
				`UPDATE room_leases l SET lease_until = now() + make_interval(secs => $4::double precision / 1000)
				FROM unnest($2::text[], $3::bigint[]) AS h(code, epoch)
				WHERE l.code = h.code AND l.epoch = h.epoch AND l.node_id = $1
				RETURNING l.code`,
				[this.nodeId, held.map((f) => f.code), held.map((f) => f.epoch), this.#options.leaseMs],
			);
			this.#lastRenewedAt = Date.now();
			const kept = new Set(renewed.rows.map((r) => r.code));
			for (const fence of held) {
				if (!kept.has(fence.code)) {
					this.#log.warn({ room: fence.code, epoch: fence.epoch }, 'the room’s lease was taken by another node');
					this.emit('lost', fence.code);
				}
			}
			await this.nodes();
			await this.#options.sweep?.();
		} catch (error) {
			const since = Date.now() - this.#lastRenewedAt;
			this.#log.error({ err: error, sinceRenewedMs: since }, 'heartbeat failed');
			// Our leases may have run out: another node may be running these rooms now.
			if (since >= this.#options.leaseMs) for (const fence of held) this.emit('lost', fence.code);
		}
	}

	#apply(state: NodeState): void {
		const drain = state === 'draining' && this.#state !== 'draining';
		this.#state = state;
		if (drain) {
			this.#log.info('draining: no new rooms here');
			this.emit('drain');
		}
	}

	/** One connection LISTENs for room messages; if it drops it is made again. */
	async #listen(): Promise<void> {
		const client = new pg.Client({ connectionString: this.#options.databaseUrl });
		client.on('notification', (n) => {
			if (n.channel !== CHANNEL || !n.payload) return;
			let parsed: unknown;
			try {
				parsed = JSON.parse(n.payload);
			} catch {
				parsed = null;
			}
			const message = channelMessageSchema.safeParse(parsed);
			if (!message.success) this.#log.warn('an unreadable room message was ignored');
			else if (message.data.kind === 'nodeState') {
				if (message.data.nodeId === this.nodeId) this.#apply(message.data.state);
			} else if (message.data.kind === 'recordingDeleted') {
				if (message.data.nodeId === this.nodeId) this.emit('recordingDeleted', message.data.sessionId);
			} else this.emit('message', message.data);
		});
		const dropped = (error?: Error): void => {
			if (this.#listener !== client) return;
			this.#listener = null;
			void client.end().catch(() => undefined);
			this.#log.error({ err: error }, 'the room message connection dropped; reconnecting');
			this.#listenAgain();
		};
		client.on('error', dropped);
		client.on('end', () => dropped());
		this.#listener = client;
		try {
			await client.connect();
			await client.query(`LISTEN ${CHANNEL}`);
		} catch (error) {
			if (this.#listener === client) this.#listener = null;
			await client.end().catch(() => undefined);
			throw error;
		}
	}

	#listenAgain(): void {
		if (this.#closed) return;
		const retry = setTimeout(() => {
			this.#listen().catch((error: unknown) => {
				this.#log.error({ err: error }, 'could not listen for room messages; trying again');
				this.#listenAgain();
			});
		}, 1000);
		retry.unref();
	}
}
