import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { passwordProblem, usernameProblem } from '../accounts/accountForms.ts';
import { getSetupStatus } from '../accounts/accountsApi.ts';
import { DASHBOARD_PATH, LOGIN_PATH } from '../accounts/nextPath.ts';
import { DisplayNameField, FormError, LoadingOrRetry, UsernameField } from '../accounts/parts.tsx';
import { PasswordPair } from '../accounts/PasswordPair.tsx';
import { useSetup } from '../accounts/useAccount.ts';
import { Link } from '../catalog/Link.tsx';
import { ApiError } from '../http.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.ts';

/** /pasang?t=TOKEN: the studio's first start: the link the server printed creates the first admin. */
export function SetupPage({ token }: { token: string | null }) {
	if (!token) return <SetupInvalid />;
	return <Setup token={token} />;
}

function Setup({ token }: { token: string }) {
	const status = useQuery({ queryKey: ['setup', token], queryFn: ({ signal }) => getSetupStatus(token, signal) });
	if (status.data && !status.data.valid) return <SetupInvalid />;
	if (!status.data) return <LoadingOrRetry query={status} />;
	return <SetupForm token={token} />;
}

function SetupForm({ token }: { token: string }) {
	const { t } = useI18n();
	const ids = useId();
	const setup = useSetup();
	const [username, setUsername] = useState('');
	const [displayName, setDisplayName] = useState('');
	const [password, setPassword] = useState('');
	const [again, setAgain] = useState('');
	const [tried, setTried] = useState(false);
	const nameProblem = usernameProblem(username);
	const pwProblem = passwordProblem(password, again);

	const onSubmit = (e: FormEvent) => {
		e.preventDefault();
		setTried(true);
		if (nameProblem || pwProblem) return;
		setup.mutate(
			{ token, username: username.trim(), password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) },
			{ onSuccess: () => navigate(DASHBOARD_PATH, { replace: true }) },
		);
	};

	if (setup.error instanceof ApiError && setup.error.kind === 'setup_link_invalid') return <SetupInvalid />;

	return (
		<section className="card">
			<h1>{t('accSetupTitle')}</h1>
			<p className="muted">{t('accSetupIntro')}</p>
			<form className="stack" onSubmit={onSubmit} noValidate>
				<UsernameField id={`${ids}-username`} testId="setup-username" autoComplete="username" required value={username} onChange={setUsername} problem={nameProblem} showProblem={tried} />
				<DisplayNameField id={`${ids}-display`} testId="setup-display-name" autoComplete="name" value={displayName} onChange={setDisplayName} />
				<PasswordPair
					id={`${ids}-password`}
					label={t('accPassword')}
					password={password}
					again={again}
					onPassword={setPassword}
					onAgain={setAgain}
					problem={pwProblem}
					showProblem={tried}
					testIds={['setup-password', 'setup-password-again']}
				/>
				<FormError error={setup.error} testId="setup-error" />
				<button type="submit" className="primary" data-testid="setup-submit" disabled={setup.isPending}>
					{setup.isPending ? t('accSettingUp') : t('accSetupSubmit')}
				</button>
			</form>
		</section>
	);
}

/** The link was used already (an account exists) or never was right. */
function SetupInvalid() {
	const { t } = useI18n();
	return (
		<section className="card" role="alert" data-testid="setup-invalid">
			<h1>{t('accSetupTitle')}</h1>
			<p>{t('accSetupInvalid')}</p>
			<Link href={LOGIN_PATH} className="button-like primary">
				{t('accGoSignIn')}
			</Link>
		</section>
	);
}
