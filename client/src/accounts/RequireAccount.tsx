import { useEffect, type ReactNode } from 'react';
import { navigate, useLocation } from '../router.ts';
import { loginPath } from './nextPath.ts';
import { LoadingOrRetry } from './parts.tsx';
import { useMe } from './useAccount.ts';

/** A page for mentors only: shown once an account is signed in; a visitor without one is sent to sign in and brought back. */
export function RequireAccount({ children }: { children: ReactNode }) {
	const here = useLocation();
	const me = useMe();
	const signedOut = me.data === null;
	useEffect(() => {
		if (signedOut) navigate(loginPath(here), { replace: true });
	}, [signedOut, here]);

	if (me.data) return children;
	return <LoadingOrRetry query={me} testId="account-error" />;
}
