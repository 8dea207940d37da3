import { useId, useState, type FormEvent } from 'react';
import { passwordProblem } from '../accounts/accountForms.ts';
import { DASHBOARD_PATH } from '../accounts/nextPath.ts';
import { Field, FormError } from '../accounts/parts.tsx';
import { PasswordPair } from '../accounts/PasswordPair.tsx';
import { useChangePassword } from '../accounts/useAccount.ts';
import { Link } from '../catalog/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** /akun/sandi: the signed-in mentor changes their password (their other sessions are signed out). */
export function PasswordPage() {
	const { t } = useI18n();
	const ids = useId();
	const change = useChangePassword();
	const [current, setCurrent] = useState('');
	const [password, setPassword] = useState('');
	const [again, setAgain] = useState('');
	const [tried, setTried] = useState(false);
	const problem = passwordProblem(password, again);

	const onSubmit = (e: FormEvent) => {
		e.preventDefault();
		setTried(true);
		if (!current || problem) return;
		change.mutate(
			{ currentPassword: current, newPassword: password },
			{
				onSuccess: () => {
					setCurrent('');
					setPassword('');
					setAgain('');
					setTried(false);
				},
			},
		);
	};

	return (
		<section className="card">
			<h1>{t('accPasswordTitle')}</h1>
			<p className="muted">{t('accPasswordIntro')}</p>
			{change.isSuccess && (
				<p className="catalog-notice" role="status" data-testid="password-done">
					{t('accPasswordDone')}
				</p>
			)}
			<form className="stack" onSubmit={onSubmit} noValidate>
				<Field id={`${ids}-current`} label={t('accPasswordCurrent')}>
					<input
						id={`${ids}-current`}
						data-testid="password-current"
						type="password"
						autoComplete="current-password"
						required
						value={current}
						aria-invalid={tried && !current ? true : undefined}
						onChange={(e) => setCurrent(e.target.value)}
					/>
				</Field>
				<PasswordPair
					id={`${ids}-password`}
					label={t('accPasswordNew')}
					password={password}
					again={again}
					onPassword={setPassword}
					onAgain={setAgain}
					problem={problem}
					showProblem={tried}
					testIds={['password-new', 'password-again']}
				/>
				<FormError error={change.error} testId="password-error" />
				<button type="submit" className="primary" data-testid="password-submit" disabled={change.isPending}>
					{change.isPending ? t('accSaving') : t('accPasswordSubmit')}
				</button>
			</form>
			<p>
				<Link href={DASHBOARD_PATH}>{t('accBackToDashboard')}</Link>
			</p>
		</section>
	);
}
