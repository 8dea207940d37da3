import {
	can,
	describeIssues,
	handshakeAuthSchema,
	isRequestName,
	ProtocolError,
	REQUEST_NAMES,
	requests,
	type Ack,
	type ProtocolErrorBody,
	type RequestName,
} from '@gladi/shared';
import { createLogger } from '../logger.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import { handlers } from './handlers.ts';
import { TokenBucket } from './rateLimiter.ts';
import type { GladiServer, GladiSocket } from './types.ts';

const log = createLogger('signaling');

/** Largest request payload (serialized) a handler accepts; socket.io itself drops anything over MAX_MESSAGE_BYTES. */
const MAX_PAYLOAD_CHARS = 16 * 1024;

export interface SignalingOptions {
	/** Requests per connection: burst size and sustained rate. */
	rateBurst?: number;
	ratePerSecond?: number;
}

/**
 * The socket.io edge: authenticates each connection from its invite token,
 * then for every request checks, in order, that it is a known event with an
 * acknowledgement, under the rate limit, not oversized, allowed for the role,
 * well-formed (zod) and in order (joined first), before its handler runs.
 */
export function attachSignaling(io: GladiServer, registry: RoomRegistry, options: SignalingOptions = {}): void {
	io.use((socket, next) => {
		const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
		if (!auth.success) return next(new Error(`unauthorized: ${describeIssues(auth.error)}`));
		const invite = registry.resolveToken(auth.data.token);
		if (!invite) return next(new Error('unauthorized: this invite link is not valid'));
		socket.data = {
			peerId: socket.id,
			name: auth.data.name,
			role: invite.role,
			roomCode: invite.room.code,
			joined: false,
		};
		next();
	});

	io.on('connection', (socket) => {
		const room = registry.get(socket.data.roomCode);
		if (!room) {
			socket.disconnect(true);
			return;
		}
		const bucket = new TokenBucket(options.rateBurst ?? 60, options.ratePerSecond ?? 30);

		socket.onAny((event: string, ...args: unknown[]) => {
			if (isRequestName(event)) return;
			// Garbage costs tokens too; past the limit it is dropped without an answer.
			if (!bucket.take()) return;
			const ack = args.at(-1);
			const error: ProtocolErrorBody = { code: 'unknown_event', message: `unknown event "${event}"` };
			if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ ok: false, error });
			else socket.emit('protocol:error', { ...error, event });
		});

		for (const name of REQUEST_NAMES) {
			socket.on(name, (async (payloadArg: unknown, ackArg: unknown) => {
				// `emit('live:start', callback)`: no payload, the callback came first.
				const [payload, ack] = typeof payloadArg === 'function' && ackArg === undefined ? [{}, payloadArg] : [payloadArg, ackArg];
				if (typeof ack !== 'function') {
					if (!bucket.take()) return;
					socket.emit('protocol:error', {
						code: 'bad_request',
						message: `"${name}" must be sent with an acknowledgement callback`,
						event: name,
					});
					return;
				}
				const reply = ack as (result: Ack<unknown>) => void;
				const started = performance.now();
				try {
					if (!bucket.take()) throw new ProtocolError('rate_limited', 'too many requests; slow down');
					reply({ ok: true, data: await dispatch(socket, name, payload) });
					log.debug('request', { event: name, role: socket.data.role, ms: +(performance.now() - started).toFixed(1) });
				} catch (error) {
					const body = toErrorBody(error, name, socket);
					reply({ ok: false, error: body });
					log.debug('request failed', { event: name, role: socket.data.role, code: body.code });
				}
			}) as never);
		}

		socket.on('disconnect', (reason) => {
			log.debug('disconnected', { peerId: socket.id, reason });
			if (socket.data.joined) room.leave(socket.data.peerId);
		});

		async function dispatch(s: GladiSocket, name: RequestName, payload: unknown): Promise<unknown> {
			if (JSON.stringify(payload ?? null).length > MAX_PAYLOAD_CHARS) {
				throw new ProtocolError('payload_too_large', `payload over ${MAX_PAYLOAD_CHARS} bytes`);
			}
			const spec = requests[name];
			if (!can(s.data.role, spec.action)) {
				throw new ProtocolError('forbidden', `a ${s.data.role} cannot do "${name}"`);
			}
			const parsed = spec.schema.safeParse(payload ?? {});
			if (!parsed.success) throw new ProtocolError('bad_request', `${name}: ${describeIssues(parsed.error)}`);
			if (name !== 'room:join' && !s.data.joined) throw new ProtocolError('invalid_state', 'join the room first');
			if (name === 'room:join' && s.data.joined) throw new ProtocolError('invalid_state', 'already joined');
			const handler = handlers[name] as (ctx: unknown, p: unknown) => Promise<unknown> | unknown;
			return handler({ socket: s, room, peer: s.data }, parsed.data);
		}
	});
}

function toErrorBody(error: unknown, event: string, socket: GladiSocket): ProtocolErrorBody {
	if (error instanceof ProtocolError) return error.toBody();
	// mediasoup rejects bad parameters with TypeError / UnsupportedError: the client's fault.
	if (error instanceof Error && (error.name === 'TypeError' || error.name === 'UnsupportedError')) {
		return { code: 'bad_request', message: `${event}: ${error.message}` };
	}
	if (error instanceof Error && error.name === 'InvalidStateError') {
		return { code: 'invalid_state', message: `${event}: ${error.message}` };
	}
	log.error('request failed', { event, peerId: socket.id, error: String(error) });
	return { code: 'internal', message: 'the server could not complete this request' };
}
