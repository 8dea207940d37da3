import type { HttpErrorBody } from '@gladi/shared';

/**
 * The one way the client calls the studio's HTTP API: every module's calls
 * (rooms, catalog, reports, classes) fail the same way, with an ApiError the
 * pages turn into a message in the user's language.
 */

/** A failed call: the HTTP status (0: no answer at all), the server's error code and its message. */
export class ApiError extends Error {
	readonly status: number;
	readonly code: string;

	constructor(status: number, code: string, message: string) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
	}
}

/** A call the page cancelled (it went away, or asked again): not an error to show. */
function isAbort(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * fetch, asking for JSON and sending a string body as JSON (unless a
 * content-type is given). Resolves with the response when it is OK; throws
 * ApiError otherwise, and an abort as it is.
 */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
	let res: Response;
	try {
		res = await fetch(path, {
			...init,
			headers: { accept: 'application/json', ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers },
		});
	} catch (error) {
		if (isAbort(error)) throw error;
		throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
	}
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as Partial<HttpErrorBody> | null;
		throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
	}
	return res;
}

/** request() and the response's JSON. */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
	return (await (await request(path, init)).json()) as T;
}
