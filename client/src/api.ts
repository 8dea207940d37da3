import type { CreateRoomResponse, InviteInfo } from '@gladi/shared';
import { requestJson } from './http.ts';

export function createRoom(title: string, productIds?: string[]): Promise<CreateRoomResponse> {
	return requestJson('/api/rooms', { method: 'POST', body: JSON.stringify(productIds ? { title, productIds } : { title }) });
}

export function getInvite(token: string, signal?: AbortSignal): Promise<InviteInfo> {
	return requestJson(`/api/invites/${encodeURIComponent(token)}`, signal ? { signal } : {});
}
