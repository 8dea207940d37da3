import type { ErrorBody, ErrorKind, RoomClosedReason } from '@gladi/shared';
import { RequestError, type GladiSocket } from '../signaling/signalingClient.ts';
import { ReconnectPolicy } from './reconnectPolicy.ts';

export type ConnectionState =
	| 'connecting'
	| 'connected'
	| 'reconnecting'
	/** The policy's time ran out: waiting for the person to ask for another try. */
	| 'gaveUp'
	/** The invite is not valid (or no longer), or the name is taken: trying again cannot help. */
	| 'failed'
	| 'replaced'
	| 'turnOver'
	| 'stopped';

/** Why the connection is being tried again. */
export type RetryReason =
	| 'socket_lost'
	| Extract<RoomClosedReason, 'media_failure' | 'room_closed' | 'moved'>
	/** Another server node runs the room now (the handshake said so). */
	| 'room_elsewhere'
	| 'media_restarting'
	| 'ice_failed'
	| 'join_failed'
	/** The server is full for this link or address right now (a cap, not a verdict): later it may not be. */
	| 'rate_limited';

export interface RetryInfo {
	reason: RetryReason;
	/** 1 for the first attempt of this outage. */
	attempt: number;
	delayMs: number;
	error: unknown;
}

export interface ReconnectorEvents {
	/** `error` is what led here (a refused invite, the last failed attempt), or null. */
	state: (state: ConnectionState, error: unknown) => void;
	/** An attempt is scheduled `delayMs` from now. */
	retry: (info: RetryInfo) => void;
}

export interface ReconnectorOptions {
	/**
	 * Joins the room over the connection that just opened; resolves once the
	 * person is in (for a page: media ready too). `signal` aborts when that
	 * connection is gone; a join that fails is tried again on a new connection.
	 * `waiting()`: the connection is set up and the join now waits for the
	 * person (their name): however long that takes, it is not an outage, so
	 * the policy starts over (a connection the server drops meanwhile, at
	 * its join timeout, is made again without ever giving up).
	 */
	join: (signal: AbortSignal, waiting: () => void) => Promise<void>;
	policy?: ReconnectPolicy;
	/**
	 * Before each new connection but the first: find out where to connect
	 * (several server nodes: the room may run on another one now). If it
	 * fails the last address is tried again.
	 */
	locate?: () => Promise<void>;
}

const TRYING: ReadonlySet<ConnectionState> = new Set(['connecting', 'connected', 'reconnecting']);
/**
 * Refusals (of the handshake or the join) that the same invite and name will
 * always get. Caps on connections and new people are not among them: they
 * are retried on the policy's schedule.
 */
const PERMANENT_REFUSALS: ReadonlySet<ErrorKind> = new Set(['unauthorized', 'invite_invalid', 'name_reserved']);

/**
 * Owns "when do we try again" for one socket: socket.io's own reconnection is
 * off and every new connection is made here, on the ReconnectPolicy's
 * schedule, followed by a fresh join. Used for socket drops, the server's
 * "media is restarting" answers and closing of a room's media, and ICE
 * failures (through rejoin()). What cannot get better is not retried: a
 * refused invite, the host replaced by another device, a class turn that is
 * over, a name that is taken. No React, no DOM, no mediasoup: usable in Node.
 */
export class Reconnector {
	readonly #socket: GladiSocket;
	readonly #join: ReconnectorOptions['join'];
	readonly #locate: ReconnectorOptions['locate'];
	readonly #policy: ReconnectPolicy;
	readonly #listeners: { [E in keyof ReconnectorEvents]: Set<ReconnectorEvents[E]> } = { state: new Set(), retry: new Set() };
	#state: ConnectionState = 'stopped';
	#timer: ReturnType<typeof setTimeout> | null = null;
	#joining: AbortController | null = null;
	#everJoined = false;
	/** The server said why it is about to close this connection. */
	#closedReason: RetryReason | null = null;

	constructor(socket: GladiSocket, options: ReconnectorOptions) {
		this.#socket = socket;
		this.#join = options.join;
		this.#locate = options.locate;
		this.#policy = options.policy ?? new ReconnectPolicy();
		// When to connect again is decided here (jittered, bounded), not by socket.io's own backoff.
		socket.io.reconnection(false);
		socket.on('connect', () => void this.#onConnect());
		socket.on('disconnect', (reason) => {
			this.#abortJoin();
			// Our own disconnect: stop(), or #retry() has already scheduled the next attempt.
			if (reason === 'io client disconnect' || !TRYING.has(this.#state)) return;
			this.#retry(this.#closedReason ?? 'socket_lost', null);
		});
		socket.on('connect_error', (error) => {
			if (!TRYING.has(this.#state)) return;
			// The server's refusal carries its error body; a network failure has none.
			const refusal = (error as Error & { data?: ErrorBody }).data;
			if (refusal && PERMANENT_REFUSALS.has(refusal.kind)) this.#end('failed', error);
			else this.#retry(refusal?.kind === 'room_elsewhere' ? 'room_elsewhere' : refusal?.code === 'rate_limited' ? 'rate_limited' : 'socket_lost', error);
		});
		socket.on('room:closed', ({ reason, message }) => {
			if (reason === 'replaced') this.#end('replaced', null);
			else if (reason === 'turn_over') this.#end('turnOver', null);
			else if (reason === 'link_revoked') this.#end('failed', new RequestError({ code: 'not_found', kind: 'invite_invalid', message }));
			else this.#closedReason = reason;
		});
	}

	get state(): ConnectionState {
		return this.#state;
	}

	on<E extends keyof ReconnectorEvents>(event: E, listener: ReconnectorEvents[E]): () => void {
		this.#listeners[event].add(listener);
		return () => this.#listeners[event].delete(listener);
	}

	/** Connect (again, after stop()); a session that was replaced or whose turn is over stays ended. */
	start(): void {
		if (this.#state === 'replaced' || this.#state === 'turnOver' || TRYING.has(this.#state)) return;
		this.#policy.reset();
		this.#setState(this.#everJoined ? 'reconnecting' : 'connecting', null);
		this.#socket.connect();
	}

	stop(): void {
		if (this.#state === 'stopped') return;
		this.#halt();
		this.#setState('stopped', null);
	}

	/** The connection is up but its media failed for good (ICE): start over on a new connection. */
	rejoin(reason: RetryReason, error: unknown = null): void {
		if (TRYING.has(this.#state)) this.#retry(reason, error);
	}

	/**
	 * The device's network is back (the browser's `online` event: Wi-Fi or
	 * mobile data returned): an attempt waiting out its delay is made now, and
	 * one that gave up tries again, on the policy from its first step (a network
	 * that has only just come up may refuse the first attempt). Its later steps
	 * wait seconds, which after an outage of ten seconds would keep a host off
	 * the air long after the network returned.
	 */
	networkBack(): void {
		if (this.#state === 'gaveUp') {
			this.retryNow();
			return;
		}
		if (!this.#timer) return;
		this.#policy.reset();
		clearTimeout(this.#timer);
		this.#timer = null;
		void this.#reconnect();
	}

	/** After giving up: try again now, with the policy from its first step. */
	retryNow(): void {
		if (this.#state !== 'gaveUp') return;
		this.#policy.reset();
		this.#setState('reconnecting', null);
		void this.#reconnect();
	}

	async #onConnect(): Promise<void> {
		this.#closedReason = null;
		const joining = new AbortController();
		this.#joining = joining;
		try {
			await this.#join(joining.signal, () => {
				if (!joining.signal.aborted) this.#policy.reset();
			});
		} catch (error) {
			if (joining.signal.aborted) return;
			this.#joining = null;
			if (error instanceof RequestError && error.kind && PERMANENT_REFUSALS.has(error.kind)) this.#end('failed', error);
			else this.#retry(isMediaRestarting(error) ? 'media_restarting' : 'join_failed', error);
			return;
		}
		if (joining.signal.aborted) return;
		this.#joining = null;
		this.#everJoined = true;
		this.#policy.reset();
		this.#setState('connected', null);
	}

	/** Drop what is left of this connection and schedule the next one (unless one is already scheduled). */
	#retry(reason: RetryReason, error: unknown): void {
		if (this.#timer) return;
		this.#abortJoin();
		if (this.#socket.active) this.#socket.disconnect();
		const delayMs = this.#policy.nextDelayMs();
		if (delayMs === null) {
			this.#setState('gaveUp', error);
			return;
		}
		this.#setState(this.#everJoined ? 'reconnecting' : 'connecting', error);
		this.#emit('retry', { reason, attempt: this.#policy.attempts, delayMs, error });
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#reconnect();
		}, delayMs);
	}

	/** Connect again, where locate() says the room is now. */
	async #reconnect(): Promise<void> {
		if (this.#locate) {
			try {
				await this.#locate();
			} catch {
				// The lookup failed too (the network is down): the last address it is.
			}
		}
		if (TRYING.has(this.#state) && !this.#timer && !this.#socket.active) this.#socket.connect();
	}

	#end(state: 'failed' | 'replaced' | 'turnOver', error: unknown): void {
		this.#halt();
		this.#setState(state, error);
	}

	#halt(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#abortJoin();
		this.#socket.disconnect();
	}

	#abortJoin(): void {
		this.#joining?.abort();
		this.#joining = null;
	}

	#setState(state: ConnectionState, error: unknown): void {
		this.#state = state;
		this.#emit('state', state, error);
	}

	#emit<E extends keyof ReconnectorEvents>(event: E, ...args: Parameters<ReconnectorEvents[E]>): void {
		for (const listener of this.#listeners[event]) (listener as (...a: Parameters<ReconnectorEvents[E]>) => void)(...args);
	}
}

/** The server's "the room's media is restarting, rejoin in a moment" (a worker died, its replacement is starting). */
function isMediaRestarting(error: unknown): boolean {
	return error instanceof RequestError && error.kind === 'media_restarting';
}
