/** Every error the server can answer with; clients switch on `code`, people read `message`. */
export const ERROR_CODES = [
	'bad_request',
	'payload_too_large',
	'unknown_event',
	'unauthorized',
	'forbidden',
	'not_found',
	'invalid_state',
	'rate_limited',
	'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolErrorBody {
	code: ErrorCode;
	message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolErrorBody };

/** Thrown by server handlers; turned into `{ ok: false, error }` at the edge. */
export class ProtocolError extends Error {
	readonly code: ErrorCode;
	constructor(code: ErrorCode, message: string) {
		super(message);
		this.name = 'ProtocolError';
		this.code = code;
	}
	toBody(): ProtocolErrorBody {
		return { code: this.code, message: this.message };
	}
}
