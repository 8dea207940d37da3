import type { ClassCreatedResponse, ClassMemberView, ClassOverview, CreateClassBody, HttpErrorBody } from '@gladi/shared';
import { clockOffset } from './classModel.ts';

/**
 * The classes HTTP API (shared/src/protocol/classes.ts). Every read and the
 * turn advance carry the class token (`?t=`): the mentor's token shows the
 * overview, a member's token that member's own view.
 */

/** A failed call with the HTTP status and the server's error code/message (status 0: no answer at all). */
export class ClassApiError extends Error {
	readonly status: number;
	readonly code: string;

	constructor(status: number, code: string, message: string) {
		super(message);
		this.name = 'ClassApiError';
		this.status = status;
		this.code = code;
	}
}

export type ClassView = ClassOverview | ClassMemberView;

/** A class view with how far the server's clock is ahead of this device's (for the turn timer). */
export interface Timed<T> {
	view: T;
	clockOffsetMs: number;
}

const q = (token: string) => `?t=${encodeURIComponent(token)}`;
const classBase = (id: string) => `/api/classes/${encodeURIComponent(id)}`;

export function classApiPath(id: string, token: string): string {
	return `${classBase(id)}${q(token)}`;
}

export function advancePath(id: string, roomCode: string, token: string): string {
	return `${classBase(id)}/rooms/${encodeURIComponent(roomCode)}/advance${q(token)}`;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<Timed<T>> {
	let res: Response;
	try {
		res = await fetch(path, {
			...init,
			headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
		});
	} catch (err) {
		if (err instanceof DOMException && err.name === 'AbortError') throw err;
		throw new ClassApiError(0, 'network', err instanceof Error ? err.message : String(err));
	}
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as Partial<HttpErrorBody> | null;
		throw new ClassApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
	}
	const receivedAt = Date.now();
	return { view: (await res.json()) as T, clockOffsetMs: clockOffset(res.headers.get('date'), receivedAt) };
}

export async function createClass(body: CreateClassBody): Promise<ClassCreatedResponse> {
	return (await call<ClassCreatedResponse>('/api/classes', { method: 'POST', body: JSON.stringify(body) })).view;
}

/** The mentor's overview or a member's own view, depending on the token. */
export function getClass(id: string, token: string, signal?: AbortSignal): Promise<Timed<ClassView>> {
	return call(classApiPath(id, token), signal ? { signal } : {});
}

/** Mentor only: the next member's turn in a room (the current host's live ends). */
export function advanceTurn(id: string, roomCode: string, token: string): Promise<Timed<ClassOverview>> {
	return call(advancePath(id, roomCode, token), { method: 'POST', body: '{}' });
}

export type ClassErrorKey = 'clsErrForbidden' | 'clsErrNotFound' | 'clsErrInvalid' | 'clsErrRateLimited' | 'clsErrNetwork' | 'clsErrServer';

/** Which message explains a failed call (the server's own text goes into {message}). */
export function classErrorKey(error: unknown): ClassErrorKey {
	if (!(error instanceof ClassApiError)) return 'clsErrNetwork';
	if (error.status === 0) return 'clsErrNetwork';
	if (error.status === 403 || error.status === 401) return 'clsErrForbidden';
	if (error.status === 404) return 'clsErrNotFound';
	if (error.status === 429) return 'clsErrRateLimited';
	if (error.status >= 400 && error.status < 500) return 'clsErrInvalid';
	return 'clsErrServer';
}

export function isAbort(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'AbortError';
}
