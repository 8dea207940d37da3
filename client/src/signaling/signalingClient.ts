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

/** The socket.io connection to the studio, with typed request/acknowledgement calls. */
export class SignalingClient {
	readonly socket: GladiSocket;

	constructor(token: string, name: string, url?: string) {
		const options = {
			auth: { token, name },
			transports: ['websocket', 'polling'],
			autoConnect: false,
		};
		this.socket = url ? io(url, options) : io(options);
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
