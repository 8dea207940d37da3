import type { AccountInfo, DashboardResponse, NodeState, UpdateAccountBody } from '@gladi/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
	changePassword,
	createAccount,
	getDashboard,
	getMe,
	listAccounts,
	listNodes,
	login,
	logout,
	rotateRoomLinks,
	setNodeState,
	setup,
	updateAccount,
} from './accountsApi.ts';
import { LOGIN_PATH } from './nextPath.ts';

export const ME_KEY = ['me'] as const;
const DASHBOARD_KEY = ['dashboard'] as const;
const ACCOUNTS_KEY = ['admin', 'accounts'] as const;
const NODES_KEY = ['admin', 'nodes'] as const;

/**
 * Who is signed in (null: nobody). Asked at most once a minute: a session that
 * ends meanwhile shows up as a 401 on the next call (see QueryProvider).
 */
export function useMe() {
	return useQuery({ queryKey: ME_KEY, queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });
}

/** After a sign-in: the new account, and nothing cached from before it (another account's data). */
function useSignedIn() {
	const client = useQueryClient();
	return (account: AccountInfo) => {
		client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
		client.setQueryData(ME_KEY, account);
	};
}

export function useLogin() {
	const signedIn = useSignedIn();
	return useMutation({ mutationFn: login, onSuccess: signedIn });
}

export function useSetup() {
	const signedIn = useSignedIn();
	return useMutation({ mutationFn: setup, onSuccess: signedIn });
}

/** Sign out, then reload at the login page: nothing of the account stays in this tab's memory. */
export function useLogout() {
	return useMutation({ mutationFn: logout, onSuccess: () => window.location.assign(LOGIN_PATH) });
}

export function useChangePassword() {
	return useMutation({ mutationFn: changePassword });
}

export function useDashboard() {
	return useQuery({ queryKey: DASHBOARD_KEY, queryFn: ({ signal }) => getDashboard(signal) });
}

/** New links for a room: shown at once, then the dashboard is read again (its report links carry the room's tokens). */
export function useRotateLinks() {
	const client = useQueryClient();
	return useMutation({
		mutationFn: rotateRoomLinks,
		onSuccess: async (fresh, code) => {
			client.setQueryData(DASHBOARD_KEY, (d: DashboardResponse | undefined) =>
				d && { ...d, rooms: d.rooms.map((r) => (r.code === code ? { ...r, links: fresh.links } : r)) },
			);
			await client.invalidateQueries({ queryKey: DASHBOARD_KEY });
		},
	});
}

/** The server nodes, read again every few seconds (their load and health change by themselves). */
export function useNodes() {
	return useQuery({ queryKey: NODES_KEY, queryFn: ({ signal }) => listNodes(signal), refetchInterval: 5_000 });
}

export function useSetNodeState() {
	const client = useQueryClient();
	return useMutation({
		mutationFn: ({ id, state }: { id: string; state: NodeState }) => setNodeState(id, state),
		onSuccess: () => client.invalidateQueries({ queryKey: NODES_KEY }),
	});
}

export function useAccounts() {
	return useQuery({ queryKey: ACCOUNTS_KEY, queryFn: ({ signal }) => listAccounts(signal) });
}

/** Puts an admin write's answer into the cached account list. */
function useStoreAccount() {
	const client = useQueryClient();
	return (account: AccountInfo) =>
		client.setQueryData(ACCOUNTS_KEY, (list: AccountInfo[] | undefined) =>
			list && (list.some((a) => a.id === account.id) ? list.map((a) => (a.id === account.id ? account : a)) : [...list, account]),
		);
}

export function useCreateAccount() {
	return useMutation({ mutationFn: createAccount, onSuccess: useStoreAccount() });
}

export function useUpdateAccount() {
	return useMutation({
		mutationFn: ({ id, change }: { id: string; change: UpdateAccountBody }) => updateAccount(id, change),
		onSuccess: useStoreAccount(),
	});
}
