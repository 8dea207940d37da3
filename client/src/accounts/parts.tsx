import { DISPLAY_NAME_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN } from '@gladi/shared';
import type { ReactNode } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import type { PasswordProblem, UsernameProblem } from './accountForms.ts';

/** Pieces shared by the account forms. */

const USERNAME_PROBLEM: Record<UsernameProblem, StringKey> = {
	tooShort: 'accUsernameTooShort',
	tooLong: 'accUsernameTooLong',
	characters: 'accUsernameCharacters',
};

const PASSWORD_PROBLEM: Record<PasswordProblem, StringKey> = {
	tooShort: 'accPasswordTooShort',
	tooLong: 'accPasswordTooLong',
	mismatch: 'accPasswordMismatch',
};

const vars = { min: PASSWORD_MIN, usernameMin: USERNAME_MIN, usernameMax: USERNAME_MAX };

/** The rule under a field, or what breaks it (once there is something to check). */
export function FieldHint({ id, rule, problem }: { id: string; rule: StringKey; problem: string | null }) {
	const { t } = useI18n();
	return (
		<p id={id} className={problem ? 'field-error' : 'field-hint'}>
			{problem ?? t(rule, vars)}
		</p>
	);
}

export function useProblemText() {
	const { t } = useI18n();
	return {
		username: (p: UsernameProblem | null) => (p ? t(USERNAME_PROBLEM[p], vars) : null),
		password: (p: PasswordProblem | null) => (p ? t(PASSWORD_PROBLEM[p], vars) : null),
	};
}

/** A labelled input in the account forms' layout. */
export function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{children}
		</div>
	);
}

/** A failed request, in the user's language. */
export function FormError({ error, testId }: { error: unknown; testId?: string }) {
	const errorText = useErrorText();
	if (error === null || error === undefined) return null;
	return (
		<p className="form-error" role="alert" data-testid={testId}>
			{errorText(error)}
		</p>
	);
}

/** What a page shows until its data arrives: "loading", or the failure with a button to try again. */
export function LoadingOrRetry({ query, testId }: { query: { error: unknown; isFetching: boolean; refetch: () => Promise<unknown> }; testId?: string }) {
	const { t } = useI18n();
	if (query.error && !query.isFetching) {
		return (
			<section className="card">
				<FormError error={query.error} {...(testId ? { testId } : {})} />
				<button type="button" onClick={() => void query.refetch()}>
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

/** The username of an account being made, with its rule (or, once tried, what is wrong with it). */
export function UsernameField(o: {
	id: string;
	testId: string;
	autoComplete: string;
	value: string;
	onChange: (value: string) => void;
	problem: UsernameProblem | null;
	showProblem: boolean;
	required?: boolean;
}) {
	const { t } = useI18n();
	const problemText = useProblemText();
	return (
		<Field id={o.id} label={t('accUsername')}>
			<input
				id={o.id}
				data-testid={o.testId}
				autoComplete={o.autoComplete}
				autoCapitalize="none"
				spellCheck={false}
				required={o.required}
				value={o.value}
				aria-invalid={o.showProblem && o.problem ? true : undefined}
				aria-describedby={`${o.id}-hint`}
				onChange={(e) => o.onChange(e.target.value)}
			/>
			<FieldHint id={`${o.id}-hint`} rule="accUsernameRule" problem={o.showProblem ? problemText.username(o.problem) : null} />
		</Field>
	);
}

/** The name an account is shown by (optional: the username stands in). */
export function DisplayNameField(o: { id: string; testId: string; autoComplete: string; value: string; onChange: (value: string) => void }) {
	const { t } = useI18n();
	return (
		<Field id={o.id} label={t('accDisplayName')}>
			<input
				id={o.id}
				data-testid={o.testId}
				autoComplete={o.autoComplete}
				maxLength={DISPLAY_NAME_MAX}
				placeholder={t('accDisplayNamePlaceholder')}
				value={o.value}
				onChange={(e) => o.onChange(e.target.value)}
			/>
		</Field>
	);
}
