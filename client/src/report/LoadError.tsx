import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { isForbidden } from './reportApi.ts';

/** A report or progress page that could not load: why, a retry (unless the link is not allowed), and home. */
function LoadError({ error, title, testId, onRetry }: { error: unknown; title: StringKey; testId: string; onRetry: () => void }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	return (
		<section className="card report-error" role="alert" data-testid={testId}>
			<h1>{t(title)}</h1>
			<p>{errorText(error)}</p>
			<div className="report-actions">
				{!isForbidden(error) && (
					<button type="button" onClick={onRetry}>
						{t('repRetry')}
					</button>
				)}
				<a href="/" className="button-like">
					{t('backHome')}
				</a>
			</div>
		</section>
	);
}

/** What a report or progress page shows until its data is there: why it failed, except while it is tried again. */
export function NotLoaded({
	query,
	title,
	testId,
	loading,
}: {
	query: { error: unknown; isFetching: boolean; refetch(): unknown };
	title: StringKey;
	testId: string;
	loading: StringKey;
}) {
	const { t } = useI18n();
	if (query.error && !query.isFetching) return <LoadError error={query.error} title={title} testId={testId} onRetry={() => void query.refetch()} />;
	return (
		<p className="muted" role="status">
			{t(loading)}
		</p>
	);
}

/** A report, replay or progress link without its access code. */
export function NoToken({ testId }: { testId: string }) {
	const { t } = useI18n();
	return (
		<section className="card" role="alert" data-testid={testId}>
			<p>{t('repNoToken')}</p>
			<a href="/">{t('backHome')}</a>
		</section>
	);
}
