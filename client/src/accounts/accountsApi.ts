import type {
	AccountInfo,
	AccountListResponse,
	ChangePasswordBody,
	CreateAccountBody,
	CreateRoomResponse,
	DashboardResponse,
	LoginBody,
	MeResponse,
	NodeInfo,
	NodeListResponse,
	NodeState,
	SetupBody,
	SetupStatus,
	UpdateAccountBody,
} from '@gladi/shared';
import { ApiError, request, requestJson } from '../http.ts';

/**
 * The accounts HTTP API (shared/src/protocol/accounts.ts). The session rides
 * in an httpOnly cookie the browser sends with every same-origin call.
 */

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const withSignal = (signal?: AbortSignal): RequestInit => (signal ? { signal } : {});

export async function login(body: LoginBody): Promise<AccountInfo> {
	return (await requestJson<MeResponse>('/api/auth/login', json('POST', body))).account;
}

export async function logout(): Promise<void> {
	await request('/api/auth/logout', { method: 'POST' });
}

/** Who is signed in on this browser; null when nobody is (a 401 is an answer here, not a failure). */
export async function getMe(signal?: AbortSignal): Promise<AccountInfo | null> {
	try {
		return (await requestJson<MeResponse>('/api/auth/me', withSignal(signal))).account;
	} catch (error) {
		if (error instanceof ApiError && error.status === 401) return null;
		throw error;
	}
}

export async function changePassword(body: ChangePasswordBody): Promise<void> {
	await request('/api/auth/password', json('POST', body));
}

export async function getSetupStatus(token: string, signal?: AbortSignal): Promise<SetupStatus> {
	return requestJson(`/api/auth/setup?t=${encodeURIComponent(token)}`, withSignal(signal));
}

export async function setup(body: SetupBody): Promise<AccountInfo> {
	return (await requestJson<MeResponse>('/api/auth/setup', json('POST', body))).account;
}

export async function listAccounts(signal?: AbortSignal): Promise<AccountInfo[]> {
	return (await requestJson<AccountListResponse>('/api/admin/accounts', withSignal(signal))).accounts;
}

export function createAccount(body: CreateAccountBody): Promise<AccountInfo> {
	return requestJson('/api/admin/accounts', json('POST', body));
}

export function updateAccount(id: string, body: UpdateAccountBody): Promise<AccountInfo> {
	return requestJson(`/api/admin/accounts/${encodeURIComponent(id)}`, json('PATCH', body));
}

export function getDashboard(signal?: AbortSignal): Promise<DashboardResponse> {
	return requestJson('/api/me/dashboard', withSignal(signal));
}

/** New invite links for an owned room; the old ones stop working at once. */
export function rotateRoomLinks(code: string): Promise<CreateRoomResponse> {
	return requestJson(`/api/rooms/${encodeURIComponent(code)}/links`, { method: 'POST', body: '{}' });
}

/** The server nodes (one studio: just itself), for admins. */
export async function listNodes(signal?: AbortSignal): Promise<NodeInfo[]> {
	return (await requestJson<NodeListResponse>('/api/admin/nodes', withSignal(signal))).nodes;
}

/** Drain a node, or take it back into service. */
export async function setNodeState(id: string, state: NodeState): Promise<void> {
	await request(`/api/admin/nodes/${encodeURIComponent(id)}/state`, json('POST', { state }));
}
