import type {
	Ack,
	ClientEvents,
	ErrorBody,
	ErrorCode,
	ErrorKind,
	ErrorParams,
	RequestName,
	RequestPayload,
	ResponseMap,
	ServerEvents,
} from '@gladi/shared';
import { io, type Socket } from 'socket.io-client';
import { browserPersonStore, memoryPersonStore, type PersonStore } from '../person.ts';

/** A request the server refused (its error body), or one it did not answer in time. */
export class RequestError extends Error {
	readonly code: ErrorCode | 'timeout';
	readonly kind: ErrorKind | undefined;
	readonly params: ErrorParams | undefined;
	constructor(error: ErrorBody | { code: 'timeout'; message: string }) {
		super(error.message);
		this.name = 'RequestError';
		this.code = error.code;
		this.kind = 'kind' in error ? error.kind : undefined;
		this.params = 'params' in error ? error.params : undefined;
	}
}

export type GladiSocket = Socket<ServerEvents, ClientEvents>;

/**
 * The socket.io connection to the studio, with typed request/acknowledgement
 * calls. Every handshake (the first and each reconnection) sends the invite
 * token, the display name (once there is one: `name` is read at each
 * handshake; without it the connection names itself in room:join) and this
 * device's person credential, if it has one.
 */
export class SignalingClient {
	readonly socket: GladiSocket;
	readonly person: PersonStore;

	constructor(
		token: string,
		name: string | (() => string | null),
		url?: string,
		person: PersonStore = typeof localStorage === 'undefined' ? memoryPersonStore() : browserPersonStore,
	) {
		this.person = person;
		const nameNow = typeof name === 'string' ? () => name : name;
		const options = {
			auth: (send: (auth: object) => void) => {
				const credential = this.person.load();
				const named = nameNow();
				send({ token, ...(named !== null ? { name: named } : {}), ...(credential ? { person: credential } : {}) });
			},
			transports: ['websocket', 'polling'],
			autoConnect: false,
		};
		this.socket = url ? io(url, options) : io(options);
	}

	/**
	 * Connect to this server (an origin; null: the page's own) from the next
	 * connection on: with several server nodes the room moves when one is
	 * drained or dies. socket.io's Manager reads its address at every
	 * connection and has no setter for it.
	 */
	moveTo(url: string | null): void {
		(this.socket.io as unknown as { uri: string | undefined }).uri = url ?? undefined;
	}

	async request<E extends RequestName>(event: E, payload: RequestPayload<E>, timeoutMs = 10_000): Promise<ResponseMap[E]> {
		// socket.io's typings for timeout() acks are awkward with mapped event types; the shape is fixed here.
		const timed = this.socket.timeout(timeoutMs) as unknown as {
			emit(event: E, payload: RequestPayload<E>, ack: (err: Error | null, result: Ack<ResponseMap[E]>) => void): void;
		};
		return new Promise((resolve, reject) => {
			timed.emit(event, payload, (err, result) => {
				if (err) reject(new RequestError({ code: 'timeout', message: `${event}: no answer from the server` }));
				else if (result.ok) resolve(result.data);
				else reject(new RequestError(result.error));
			});
		});
	}
}

/** The studio refused to let this person in under their name (the host's, a mentor's, a staff word): they pick another. */
export function isNameRefused(error: unknown): error is RequestError {
	return error instanceof RequestError && error.kind === 'name_reserved';
}
