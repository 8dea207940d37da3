import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { MemberView } from '../classes/MemberView.tsx';
import { MentorOverview } from '../classes/MentorOverview.tsx';
import { useClassView } from '../classes/useClassView.ts';
import '../classes/classes.css';

/** Poll often enough that a member sees their turn within seconds of the mentor moving it. */
const POLL_MS = 3000;

/**
 * /kelas/:id?t=TOKEN: the mentor's overview or a member's own page, depending
 * on whose token it is. Without a token (only for a signed-in mentor, see
 * needsAccount): the overview of a class the account owns.
 */
export function ClassPage({ classId, token }: { classId: string; token: string | null }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const { data, error, reload } = useClassView(classId, token, POLL_MS);

	if (token === '') return <p className="card error">{t('clsNoToken')}</p>;
	if (!data) {
		if (error === null) return <p className="card" role="status">{t('clsLoading')}</p>;
		return (
			<section className="card" data-testid="class-error">
				<p className="error" role="alert">
					{errorText(error)}
				</p>
				<button type="button" onClick={reload}>
					{t('clsRetry')}
				</button>
			</section>
		);
	}
	const { view, clockOffsetMs } = data;
	if (view.kind === 'mentor') {
		return <MentorOverview overview={view} token={token} clockOffsetMs={clockOffsetMs} staleError={error} />;
	}
	// A member's view comes only with a member's token.
	if (token === null) return <p className="card error">{t('clsNoToken')}</p>;
	return <MemberView view={view} token={token} clockOffsetMs={clockOffsetMs} staleError={error} />;
}
