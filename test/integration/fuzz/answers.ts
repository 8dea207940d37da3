/*
 * What every answer of the fuzzed server must look like: a success, or an
 * error of the one error model (a known kind under its own code, a message)
 * that is the client's fault or the room's state, never `internal`.
 */
import { ERROR_KINDS, ERROR_STATUS, isErrorCode, isErrorKind, type Ack, type ErrorBody } from '@gladi/shared';
import { deepJson } from './frames.ts';

/** A short, printable view of what was sent (fuzzed payloads can be huge or deep). */
export function preview(value: unknown, max = 300): string {
	let text: string;
	try {
		text = deepJson(value);
	} catch {
		text = `<${typeof value} that does not serialise>`;
	}
	return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Throws unless `error` is a typed error body other than `internal`. */
export function expectTypedError(error: unknown, what: string): asserts error is ErrorBody {
	const e = error as Partial<ErrorBody> | null;
	if (!e || typeof e !== 'object') throw new Error(`${what}: the error is not an object: ${preview(error)}`);
	if (!isErrorCode(e.code) || !isErrorKind(e.kind) || ERROR_KINDS[e.kind] !== e.code) {
		throw new Error(`${what}: not a known kind under its code: ${preview(error)}`);
	}
	if (typeof e.message !== 'string' || e.message.length === 0) throw new Error(`${what}: the error has no message: ${preview(error)}`);
	if (e.code === 'internal') throw new Error(`${what}: answered internal: ${preview(error)}`);
}

/** Throws unless `ack` is `{ ok: true, data }` or `{ ok: false, error }` with a typed, non-internal error. */
export function expectTypedAck(ack: unknown, what: string): asserts ack is Ack<unknown> {
	const a = ack as { ok?: unknown; data?: unknown; error?: unknown } | null;
	if (!a || typeof a !== 'object') throw new Error(`${what}: the ack is not an object: ${preview(ack)}`);
	if (a.ok === true) {
		if (!('data' in a)) throw new Error(`${what}: a success without data: ${preview(ack)}`);
		return;
	}
	if (a.ok !== false) throw new Error(`${what}: the ack has no ok flag: ${preview(ack)}`);
	expectTypedError(a.error, what);
}

/** Throws unless an HTTP answer is a success, or a client error with the error body its code's status promises. */
export function expectTypedResponse(status: number, body: unknown, what: string): void {
	if (status >= 200 && status < 300) return;
	if (status >= 500) throw new Error(`${what}: answered ${status}: ${preview(body)}`);
	const error = (body as { error?: unknown } | null)?.error;
	expectTypedError(error, `${what} (${status})`);
	if (ERROR_STATUS[error.code] !== status) throw new Error(`${what}: status ${status} for code ${error.code}`);
}
