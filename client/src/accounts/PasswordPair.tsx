import { useI18n } from '../i18n/i18n.tsx';
import type { PasswordProblem } from './accountForms.ts';
import { Field, FieldHint, useProblemText } from './parts.tsx';

/**
 * A new password typed twice, with the rule (≥ 10 characters) and, once the
 * form was tried, what is wrong. `testIds`: the two fields.
 */
export function PasswordPair({
	id,
	password,
	again,
	onPassword,
	onAgain,
	problem,
	showProblem,
	label,
	testIds,
}: {
	id: string;
	password: string;
	again: string;
	onPassword(value: string): void;
	onAgain(value: string): void;
	problem: PasswordProblem | null;
	showProblem: boolean;
	label: string;
	testIds: [string, string];
}) {
	const { t } = useI18n();
	const problemText = useProblemText();
	const shown = showProblem ? problem : null;
	const lengthProblem = shown === 'mismatch' ? null : shown;
	return (
		<>
			<Field id={`${id}-new`} label={label}>
				<input
					id={`${id}-new`}
					data-testid={testIds[0]}
					type="password"
					autoComplete="new-password"
					required
					value={password}
					aria-invalid={lengthProblem ? true : undefined}
					aria-describedby={`${id}-new-hint`}
					onChange={(e) => onPassword(e.target.value)}
				/>
				<FieldHint id={`${id}-new-hint`} rule="accPasswordRule" problem={problemText.password(lengthProblem)} />
			</Field>
			<Field id={`${id}-again`} label={t('accPasswordAgain')}>
				<input
					id={`${id}-again`}
					data-testid={testIds[1]}
					type="password"
					autoComplete="new-password"
					required
					value={again}
					aria-invalid={shown === 'mismatch' ? true : undefined}
					aria-describedby={shown === 'mismatch' ? `${id}-again-hint` : undefined}
					onChange={(e) => onAgain(e.target.value)}
				/>
				{shown === 'mismatch' && <FieldHint id={`${id}-again-hint`} rule="accPasswordRule" problem={problemText.password(shown)} />}
			</Field>
		</>
	);
}
