import { isErrorCode, isErrorKind, type ErrorCode, type ErrorKind, type ErrorParams, type HttpErrorBody } from '@gladi/shared';

/**
 * The one way the client calls the studio's HTTP API: every module's calls
 * (rooms, catalog, reports, classes) fail the same way, with an ApiError the
 * pages turn into a sentence in the user's language (i18n/errors.ts).
 */

/** What the client saw when the server sent no Gladi error: no answer at all, or an answer without the error body (a proxy's 502). */
export type ClientErrorCode = 'network' | 'http_error';

/** A failed call: the HTTP status (0: no answer at all) and the server's error (its message is for developers). */
export class ApiError extends Error {
	readonly status: number;
	readonly code: ErrorCode | ClientErrorCode;
	readonly kind: ErrorKind | undefined;
	readonly params: ErrorParams | undefined;

	constructor(status: number, error: { code: ErrorCode | ClientErrorCode; kind?: ErrorKind | undefined; message: string; params?: ErrorParams | undefined }) {
		super(error.message);
		this.name = 'ApiError';
		this.status = status;
		this.code = error.code;
		this.kind = error.kind;
		this.params = error.params;
	}
}

/** A call the page cancelled (it went away, or asked again): not an error to show. */
function isAbort(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'AbortError';
}

/** The ApiError for a failed answer, trusting of its body only what has the error model's shape. */
function failure(status: number, body: unknown): ApiError {
	const error = (body as Partial<HttpErrorBody> | null)?.error;
	if (!error || !isErrorCode(error.code)) return new ApiError(status, { code: 'http_error', message: `HTTP ${status}` });
	return new ApiError(status, {
		code: error.code,
		kind: isErrorKind(error.kind) ? error.kind : undefined,
		message: String(error.message),
		params: typeof error.params === 'object' && error.params !== null ? error.params : undefined,
	});
}

/**
 * fetch, asking for JSON, sending a string body as JSON (unless a
 * content-type is given) and the session cookie. Resolves with the response when it is OK; throws
 * ApiError otherwise, and an abort as it is.
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
	let res: Response;
	try {
		res = await fetch(path, {
			...init,
			// The mentor's session cookie goes with every call to the studio (and never elsewhere).
			credentials: 'same-origin',
			headers: { accept: 'application/json', ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers },
		});
	} catch (error) {
		if (isAbort(error)) throw error;
		throw new ApiError(0, { code: 'network', message: error instanceof Error ? error.message : String(error) });
	}
	if (!res.ok) throw failure(res.status, await res.json().catch(() => null));
	return res;
}

/** request() and the response's JSON. */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
	return (await (await request(path, init)).json()) as T;
}
