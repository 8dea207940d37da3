import {
	can,
	describeIssues,
	handshakeAuthSchema,
	isRequestName,
	GladiError,
	nestedDeeperThan,
	REQUEST_NAMES,
	requestOrder,
	requests,
	type Ack,
	type ErrorBody,
	type ErrorKind,
	type RequestName,
} from '@gladi/shared';
import type { ConnectionLimits } from '../config.ts';
import type { StudioSecret } from '../lib/secret.ts';
import { TokenBucket } from '../lib/tokenBucket.ts';
import type { Logger } from '../logger.ts';
import { clientAddress } from '../net/addresses.ts';
import type { Peer } from '../rooms/peer.ts';
import type { Room } from '../rooms/room.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import { ConnectionCounts } from './connectionCounts.ts';
import { handlers } from './handlers.ts';
import { PersonIds } from './personIds.ts';
import { roomChannel, SocketConnection } from './socketChannels.ts';
import type { GladiServer, GladiSocket } from './types.ts';

/** Largest request payload (serialized) a handler accepts; socket.io itself drops anything over MAX_MESSAGE_BYTES. */
const MAX_PAYLOAD_CHARS = 16 * 1024;
/**
 * Deepest nesting a payload may have (the protocol's own go 6 levels down):
 * thousands of levels fit in 16 KiB and overflow the stack of JSON.stringify
 * here and of mediasoup's structuredClone of media parameters.
 */
const MAX_PAYLOAD_DEPTH = 16;

export interface SignalingOptions {
	/** Requests per connection: burst size and sustained rate. */
	rateBurst?: number;
	ratePerSecond?: number;
}

export interface SignalingDeps {
	/** Signs the person ids handed to clients. */
	secret: StudioSecret;
	limits: ConnectionLimits;
}

/**
 * The socket.io edge. The handshake authenticates a connection from its
 * invite token, brings its room into memory, counts it against its link's
 * and its address's caps in the room, and tells who the person is (their signed person id, or a new
 * one, handed out sparingly per address); the connection is then admitted to
 * its room as a Peer, and closed if it has not joined within the join
 * timeout. For every request it checks, in order, that it is a known event
 * with an acknowledgement, under the rate limit, not nested too deep nor
 * oversized, allowed for the role, well-formed (zod) and in order (see
 * RequestOrder), before its handler runs. A request
 * that arrives while a room:join is being answered waits for that answer,
 * so a client can send its consume right behind its join. A closed socket closes its Peer and frees
 * its slots.
 */
export function attachSignaling(io: GladiServer, registry: RoomRegistry, log: Logger, deps: SignalingDeps, options: SignalingOptions = {}): void {
	const { limits } = deps;
	const counts = new ConnectionCounts();
	const people = new PersonIds(deps.secret, limits.newPeoplePerMinute);

	/** The room each handshake brought into memory, for its connection to be admitted to at once. */
	const roomOf = new WeakMap<GladiSocket, Room>();

	io.use((socket, next) => {
		void handshake(socket).then(next, (error: unknown) => {
			log.error({ err: error }, 'handshake failed');
			next(refusal('internal', 'the server could not check this link; try again'));
		});
	});

	/** Check the link, load its room, count the connection: a refusal, or undefined to let it in. */
	async function handshake(socket: GladiSocket): Promise<Error | undefined> {
		const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
		if (!auth.success) return refusal('unauthorized', `unauthorized: ${describeIssues(auth.error)}`);
		const { token, name } = auth.data;
		const invite = await registry.resolveToken(token);
		let room;
		try {
			room = invite && (await registry.get(invite.room.code));
		} catch (error) {
			// Another node runs the room (the error names its URL: the client connects there), or none can take it now.
			if (error instanceof GladiError) return Object.assign(new Error(error.message), { data: error.toBody() });
			throw error;
		}
		if (!invite || !room) return refusal('invite_invalid', 'unauthorized: this invite link is not valid');
		// Closed while the store was read: nothing is reserved for it (socket.io drops it).
		if (socket.conn.readyState !== 'open') return new Error('the connection closed during its handshake');
		const roomCode = invite.room.code;
		const address = clientAddress(socket.request);
		const release = counts.reserve([
			[`link:${token}`, limits.perLink[invite.role]],
			[`address:${roomCode}:${address}`, limits.perAddress],
		]);
		if (!release) return refusal('too_many_connections', 'too many connections open on this link or from this address; try again later');
		const person = people.identify(auth.data.person, `${roomCode}:${address}`);
		if (!person) {
			release();
			return refusal('person_rate_limited', 'too many new people from this address; try again in a minute');
		}
		// The slots go back when the socket disconnects, or its connection closes before it was ever admitted.
		socket.on('disconnect', release);
		socket.conn.once('close', release);
		socket.data = { name: name ?? null, role: invite.role, roomCode, token, person };
		roomOf.set(socket, room);
		return undefined;
	}

	io.on('connection', (socket) => {
		const room = roomOf.get(socket);
		if (!room || room.closed) {
			socket.disconnect(true);
			return;
		}
		const { name, role, token, person } = socket.data;
		const peer = room.admit({ id: socket.id, name, role, token, person }, new SocketConnection(socket));
		// A connection that never joins holds its slots and its room for nothing.
		const joinTimer = setTimeout(() => {
			if (peer.joined) return;
			peer.log.debug('did not join in time');
			peer.close();
		}, limits.joinTimeoutMs);
		joinTimer.unref();
		peer.on('closed', () => clearTimeout(joinTimer));
		socket.on('disconnect', (reason) => {
			peer.log.debug({ reason }, 'disconnected');
			peer.close();
		});
		serveRequests(socket, room, peer, options);
	});

	function serveRequests(socket: GladiSocket, room: Room, peer: Peer, o: SignalingOptions): void {
		const bucket = new TokenBucket(o.rateBurst ?? 60, o.ratePerSecond ?? 30);
		/** The room:join being answered: requests that arrive behind it wait for it (a consume sent right after the join). */
		let joining: Promise<unknown> | null = null;
		socket.onAny((event: string, ...args: unknown[]) => {
			if (isRequestName(event)) return;
			// Garbage costs tokens too; past the limit it is dropped without an answer.
			if (!bucket.take()) return;
			const ack = args.at(-1);
			const error = new GladiError('unknown_event', `unknown event "${event}"`).toBody();
			if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ ok: false, error });
			else socket.emit('protocol:error', { ...error, event });
		});

		for (const name of REQUEST_NAMES) {
			socket.on(name, (async (payloadArg: unknown, ackArg: unknown) => {
				// `emit('live:start', callback)`: no payload, the callback came first.
				const [payload, ack] = typeof payloadArg === 'function' && ackArg === undefined ? [{}, payloadArg] : [payloadArg, ackArg];
				if (typeof ack !== 'function') {
					if (!bucket.take()) return;
					const error = new GladiError('missing_ack', `"${name}" must be sent with an acknowledgement callback`);
					socket.emit('protocol:error', { ...error.toBody(), event: name });
					return;
				}
				const reply = ack as (result: Ack<unknown>) => void;
				const started = performance.now();
				try {
					if (!bucket.take()) throw new GladiError('request_rate_limited', 'too many requests; slow down');
					let data: unknown;
					if (name === 'room:join') {
						const join = dispatch(name, payload).then(async (joined) => {
							// Joined: from now on the room's broadcasts reach this socket.
							await socket.join(roomChannel(room.code));
							return joined;
						});
						joining = join.then(
							() => undefined,
							() => undefined,
						);
						data = await join;
					} else {
						await joining;
						data = await dispatch(name, payload);
					}
					reply({ ok: true, data });
					peer.log.debug({ event: name, ms: +(performance.now() - started).toFixed(1) }, 'request');
				} catch (error) {
					const body = toErrorBody(error, name, peer);
					reply({ ok: false, error: body });
					peer.log.debug({ event: name, kind: body.kind }, 'request failed');
				}
			}) as never);
		}

		async function dispatch(name: RequestName, payload: unknown): Promise<unknown> {
			if (nestedDeeperThan(payload, MAX_PAYLOAD_DEPTH)) {
				throw new GladiError('bad_request', `payload nested deeper than ${MAX_PAYLOAD_DEPTH} levels`);
			}
			if (JSON.stringify(payload ?? null).length > MAX_PAYLOAD_CHARS) {
				throw new GladiError('payload_too_large', `payload over ${MAX_PAYLOAD_CHARS} bytes`);
			}
			const spec = requests[name];
			if (!can(peer.role, spec.action)) throw new GladiError('role_forbidden', `a ${peer.role} cannot do "${name}"`);
			const parsed = spec.schema.safeParse(payload ?? {});
			if (!parsed.success) throw new GladiError('bad_request', `${name}: ${describeIssues(parsed.error)}`);
			const order = requestOrder(name);
			if (order === 'unjoined' && peer.joined) throw new GladiError('already_joined', 'already joined');
			if (order === 'joined' && !peer.joined) throw new GladiError('not_joined', 'join the room first');
			if (order === 'prepared' && !peer.joined && !peer.prepared) throw new GladiError('not_joined', 'prepare or join the room first');
			const handler = handlers[name] as (ctx: unknown, p: unknown) => Promise<unknown> | unknown;
			return handler({ peer, room }, parsed.data);
		}
	}

	/** Anything a handler throws becomes an error body; what is not a GladiError is logged with its stack. */
	function toErrorBody(error: unknown, event: string, peer: Peer): ErrorBody {
		if (error instanceof GladiError) return error.toBody();
		// mediasoup rejects bad parameters with TypeError / UnsupportedError: the client's fault.
		if (error instanceof Error && (error.name === 'TypeError' || error.name === 'UnsupportedError')) {
			return new GladiError('bad_request', `${event}: ${error.message}`).toBody();
		}
		// Closed under the request (its producer or transport went meanwhile): mediasoup says InvalidStateError
		// when its Node object knows, NotFoundError when only the worker does.
		if (error instanceof Error && (error.name === 'InvalidStateError' || error.name === 'NotFoundError')) {
			return new GladiError('invalid_state', `${event}: ${error.message}`).toBody();
		}
		peer.log.error({ event, err: error }, 'request failed');
		return new GladiError('internal', 'the server could not complete this request').toBody();
	}
}

/** A refused handshake: socket.io hands the client `message` and `data` (the error body) in connect_error. */
function refusal(kind: ErrorKind, message: string): Error & { data: ErrorBody } {
	return Object.assign(new Error(message), { data: new GladiError(kind, message).toBody() });
}
