import type { CreateRoomResponse, InviteInfo } from '@gladi/shared';
import { requestJson } from './http.ts';

export function createRoom(title: string, productIds?: string[]): Promise<CreateRoomResponse> {
	return requestJson('/api/rooms', { method: 'POST', body: JSON.stringify(productIds ? { title, productIds } : { title }) });
}

export function getInvite(token: string, signal?: AbortSignal): Promise<InviteInfo> {
	return requestJson(`/api/invites/${encodeURIComponent(token)}`, signal ? { signal } : {});
}

let early: { token: string; invite: Promise<InviteInfo> } | null = null;

/** Look the invite up now (main.tsx, before React renders): the join form waits for it. */
export function prefetchInvite(token: string): Promise<InviteInfo> {
	const invite = getInvite(token);
	invite.catch(() => undefined); // whoever takes it handles a failure
	early = { token, invite };
	return invite;
}

/** The lookup prefetchInvite started for `token` (taken once: where a room runs changes), else a new one. */
export function takeInvite(token: string): Promise<InviteInfo> {
	const taken = early?.token === token ? early.invite : null;
	early = null;
	return taken ?? getInvite(token);
}
