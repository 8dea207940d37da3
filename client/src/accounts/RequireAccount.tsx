import { useEffect, type ReactNode } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate, useLocation } from '../router.ts';
import { loginPath } from './nextPath.ts';
import { useMe } from './useAccount.ts';

/** A page for mentors only: shown once an account is signed in; a visitor without one is sent to sign in and brought back. */
export function RequireAccount({ children }: { children: ReactNode }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const here = useLocation();
	const me = useMe();
	const signedOut = me.data === null;
	useEffect(() => {
		if (signedOut) navigate(loginPath(here), { replace: true });
	}, [signedOut, here]);

	if (me.data) return children;
	if (me.error && !me.isFetching) {
		return (
			<section className="card" role="alert" data-testid="account-error">
				<p className="error">{errorText(me.error)}</p>
				<button type="button" onClick={() => void me.refetch()}>
					{t('accRetry')}
				</button>
			</section>
		);
	}
	return (
		<p className="card" role="status">
			{t('loading')}
		</p>
	);
}
