import type { ClassCreatedResponse, ClassMemberView, ClassOverview, CreateClassBody } from '@gladi/shared';
import { request } from '../http.ts';
import { clockOffset } from './classModel.ts';

/**
 * The classes HTTP API (shared/src/protocol/classes.ts). Every read and the
 * turn advance carry the class token (`?t=`): the mentor's token shows the
 * overview, a member's token that member's own view. The signed-in mentor who
 * owns the class may leave the token out.
 */

export type ClassView = ClassOverview | ClassMemberView;

/** A class view with how far the server's clock is ahead of this device's (for the turn timer). */
export interface Timed<T> {
	view: T;
	clockOffsetMs: number;
}

/** The class token as a query; none for the owning mentor, whose session cookie is the way in. */
const q = (token: string | null) => (token === null ? '' : `?t=${encodeURIComponent(token)}`);
const classBase = (id: string) => `/api/classes/${encodeURIComponent(id)}`;

export function classApiPath(id: string, token: string | null): string {
	return `${classBase(id)}${q(token)}`;
}

export function advancePath(id: string, roomCode: string, token: string | null): string {
	return `${classBase(id)}/rooms/${encodeURIComponent(roomCode)}/advance${q(token)}`;
}

/** The response's JSON and the server's clock offset from its Date header. */
async function call<T>(path: string, init: RequestInit = {}): Promise<Timed<T>> {
	const res = await request(path, init);
	const receivedAt = Date.now();
	return { view: (await res.json()) as T, clockOffsetMs: clockOffset(res.headers.get('date'), receivedAt) };
}

export async function createClass(body: CreateClassBody): Promise<ClassCreatedResponse> {
	return (await call<ClassCreatedResponse>('/api/classes', { method: 'POST', body: JSON.stringify(body) })).view;
}

/** The mentor's overview or a member's own view, depending on the token (no token: the owning mentor's overview). */
export function getClass(id: string, token: string | null, signal?: AbortSignal): Promise<Timed<ClassView>> {
	return call(classApiPath(id, token), signal ? { signal } : {});
}

/** Mentor only: the next member's turn in a room (the current host's live ends). */
export function advanceTurn(id: string, roomCode: string, token: string | null): Promise<Timed<ClassOverview>> {
	return call(advancePath(id, roomCode, token), { method: 'POST', body: '{}' });
}
