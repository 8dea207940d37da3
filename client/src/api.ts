import type { CreateRoomResponse, HttpErrorBody, InviteInfo } from '@gladi/shared';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
	const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as HttpErrorBody | null;
		throw new Error(body?.error.message ?? `HTTP ${res.status}`);
	}
	return (await res.json()) as T;
}

export function createRoom(title: string, productIds?: string[]): Promise<CreateRoomResponse> {
	return call('/api/rooms', { method: 'POST', body: JSON.stringify(productIds ? { title, productIds } : { title }) });
}

export function getInvite(token: string): Promise<InviteInfo> {
	return call(`/api/invites/${encodeURIComponent(token)}`);
}
