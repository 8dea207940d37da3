import { useEffect, useId, useState, type FormEvent } from 'react';
import { safeNextPath } from '../accounts/nextPath.ts';
import { Field, FormError } from '../accounts/parts.tsx';
import { useLogin, useMe } from '../accounts/useAccount.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';

/** /masuk?next=PATH: a mentor or admin signs in, then goes back to where they were (a path on this site only) or to the dashboard. */
export function LoginPage({ next }: { next: string | null }) {
	const { t } = useI18n();
	const ids = useId();
	const target = safeNextPath(next);
	const me = useMe();
	const signIn = useLogin();
	const [username, setUsername] = useState('');
	const [password, setPassword] = useState('');

	// Signed in (just now, or already): on to where the mentor was going.
	const account = me.data;
	useEffect(() => {
		if (account) navigate(target, { replace: true });
	}, [account, target]);

	const onSubmit = (e: FormEvent) => {
		e.preventDefault();
		if (!username.trim() || !password) return;
		signIn.mutate({ username: username.trim(), password });
	};

	return (
		<section className="card">
			<h1>{t('accLoginTitle')}</h1>
			<p className="muted">{t('accLoginIntro')}</p>
			<form className="stack" onSubmit={onSubmit}>
				<Field id={`${ids}-username`} label={t('accUsername')}>
					<input
						id={`${ids}-username`}
						data-testid="login-username"
						autoComplete="username"
						autoCapitalize="none"
						spellCheck={false}
						required
						value={username}
						onChange={(e) => setUsername(e.target.value)}
					/>
				</Field>
				<Field id={`${ids}-password`} label={t('accPassword')}>
					<input
						id={`${ids}-password`}
						data-testid="login-password"
						type="password"
						autoComplete="current-password"
						required
						value={password}
						onChange={(e) => setPassword(e.target.value)}
					/>
				</Field>
				<FormError error={signIn.error} testId="login-error" />
				<button type="submit" className="primary" data-testid="login-submit" disabled={signIn.isPending || !username.trim() || !password}>
					{signIn.isPending ? t('accSigningIn') : t('accSignIn')}
				</button>
			</form>
			<p className="muted">{t('accLoginInviteHint')}</p>
		</section>
	);
}
