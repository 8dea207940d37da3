import { formatRupiah, reportPath } from '@gladi/shared';
import { Link } from '../catalog/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { METRIC_LABEL_KEY, type MetricKey } from '../report/focus.ts';
import { formatDate, formatDuration, formatNumber, formatShare } from '../report/format.ts';
import { NotLoaded, NoToken } from '../report/LoadError.tsx';
import { ProgressChart } from '../report/ProgressChart.tsx';
import { useProgress } from '../report/useReport.ts';
import '../report/report.css';

const metricLabel = (key: string): StringKey | null =>
	Object.hasOwn(METRIC_LABEL_KEY, key) ? METRIC_LABEL_KEY[key as MetricKey] : null;

/** /kemajuan?t=TOKEN: the trainee's sessions over time. */
export function ProgressPage({ token }: { token: string | null }) {
	if (!token) return <NoToken testId="progress-error" />;
	return <Progress token={token} />;
}

function Progress({ token }: { token: string }) {
	const { t, lang } = useI18n();
	const query = useProgress(token);
	const progress = query.data;
	if (!progress) return <NotLoaded query={query} title="progTitle" testId="progress-error" loading="progLoading" />;

	// Newest first in the table; the chart runs oldest to newest.
	const sessions = [...progress.sessions].sort((a, b) => b.startedAt - a.startedAt);
	const num = (n: number) => formatNumber(n, lang);

	return (
		<article className="report-page printable-page" data-testid="progress">
			<header className="report-section report-header">
				<p className="report-kicker">{t('progTitle')}</p>
				<h1>{progress.trainee}</h1>
				<p className="muted">{t('progIntro')}</p>
				<div className="report-actions no-print">
					<button type="button" onClick={() => window.print()}>
						{t('repPrint')}
					</button>
				</div>
			</header>

			{sessions.length === 0 ? (
				<section className="report-section report-empty" data-testid="progress-empty">
					<p>{t('progEmpty')}</p>
				</section>
			) : (
				<>
					<section className="report-section" aria-labelledby="prog-chart-title">
						<h2 id="prog-chart-title">{t('progChartTitle')}</h2>
						<ProgressChart entries={progress.sessions} />
					</section>

					<section className="report-section" aria-labelledby="prog-table-title">
						<h2 id="prog-table-title">{t('progTableTitle')}</h2>
						<div className="table-scroll">
							<table className="report-table stack-on-phone progress-table" data-testid="progress-table">
								<thead>
									<tr>
										<th scope="col">{t('progColDate')}</th>
										<th scope="col">{t('progColTitle')}</th>
										<th scope="col" className="num">{t('progColDuration')}</th>
										<th scope="col" className="num">{t('progColAnswered')}</th>
										<th scope="col" className="num">{t('progColTalk')}</th>
										<th scope="col" className="num">{t('progColRubric')}</th>
										<th scope="col" className="num">{t('progColOrders')}</th>
										<th scope="col" className="num">{t('progColGmv')}</th>
										<th scope="col">{t('progColWeak')}</th>
									</tr>
								</thead>
								<tbody>
									{sessions.map((s) => (
										<tr key={s.sessionId} data-testid="progress-row" data-session-id={s.sessionId}>
											<td className="nowrap" data-label={t('progColDate')}>{formatDate(s.startedAt, lang)}</td>
											<th scope="row">
												<Link href={reportPath(s.sessionId, token)} data-testid="progress-report-link">
													{s.title}
												</Link>
												<span className="visually-hidden"> ({t('progOpenReport')})</span>
											</th>
											<td className="num nowrap" data-label={t('progColDuration')}>{formatDuration(s.durationMs, lang)}</td>
											<td className="num" data-label={t('progColAnswered')}>{formatShare(s.answeredShare, lang)}</td>
											<td className="num" data-label={t('progColTalk')}>{formatShare(s.talkShare, lang)}</td>
											<td className="num" data-label={t('progColRubric')}>
												{Object.keys(s.rubric).length > 0 ? `${num(s.rubricTotal)}/${num(s.rubricMax)}` : '–'}
											</td>
											<td className="num" data-label={t('progColOrders')}>{num(s.orders)}</td>
											<td className="num nowrap" data-label={t('progColGmv')}>{formatRupiah(s.gmv)}</td>
											<td className="weak-list" data-label={t('progColWeak')}>
												{s.weakMetrics
													.map((key) => {
														const label = metricLabel(key);
														return label ? t(label) : key;
													})
													.join(', ') || '–'}
											</td>
										</tr>
									))}
								</tbody>
							</table>
						</div>
					</section>
				</>
			)}
		</article>
	);
}
