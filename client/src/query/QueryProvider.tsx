import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { loginPath } from '../accounts/nextPath.ts';
import { ME_KEY } from '../accounts/useAccount.ts';
import { matchRoute, navigate, needsAccount } from '../router.ts';
import { createQueryClient } from './queryClient.ts';

/**
 * A call answered "sign in first" on a mentor's page: the session ended (it
 * expired, or the password was changed elsewhere). Forget the account and
 * send the mentor to sign in, then back here. Invite-link pages stay put:
 * their visitors have no account to sign in with.
 */
function onSignedOut() {
	queryClient.setQueryData(ME_KEY, null);
	const here = window.location.pathname + window.location.search;
	if (needsAccount(matchRoute(here))) navigate(loginPath(here), { replace: true });
}

// One client for the whole app: its cache outlives a page, so going back shows what was loaded.
const queryClient = createQueryClient({ onSignedOut });

export function QueryProvider({ children }: { children: ReactNode }) {
	return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
