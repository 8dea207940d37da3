import { formatRupiah, type RubricCriterion, type RubricLevel, type SessionReport } from '@gladi/shared';
import { useState, type ReactNode } from 'react';
import { Link } from '../catalog/Link.tsx';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { focusMetrics, focusMoment, METRIC_LABEL_KEY, METRIC_TIP_KEY, MOMENT_REASON_KEY, targetPercent } from '../report/focus.ts';
import {
	formatDateTime,
	formatDuration,
	formatMetricValue,
	formatNumber,
	formatOffset,
	formatShare,
} from '../report/format.ts';
import { MentorTimeline, NoteForm } from '../report/MentorNotes.tsx';
import { NotLoaded, NoToken } from '../report/LoadError.tsx';
import { mentorName } from '../report/mentorName.ts';
import { MinuteChart } from '../report/MinuteChart.tsx';
import { progressPath, replayHref, reportCsvPath, reportJsonPath } from '../report/reportApi.ts';
import { RubricSection } from '../report/RubricSection.tsx';
import { useAddNote, useMentorAccess, useReport, useScore } from '../report/useReport.ts';
import '../report/report.css';

type Message = { key: StringKey; vars?: Record<string, string> };

/** /laporan/:sessionId?t=TOKEN: the trainee's personal report after a live. */
export function ReportPage({ sessionId, token }: { sessionId: string; token: string | null }) {
	if (!token) return <NoToken testId="report-error" />;
	return <Report sessionId={sessionId} token={token} />;
}

function Report({ sessionId, token }: { sessionId: string; token: string }) {
	const { t, lang } = useI18n();
	const errorText = useErrorText();
	const query = useReport(sessionId, token);
	const { access, editing, setEditing, refused } = useMentorAccess(token);
	const [editError, setEditError] = useState<unknown>(null);
	const [notice, setNotice] = useState<Message | null>(null);
	const denied = access === 'denied';

	/** A mentor-only call failed: on 403 the controls go away with an explanation. */
	const failedEdit = (err: unknown) => {
		refused(err);
		setEditError(err);
	};
	const score = useScore(sessionId, token, { onSaved: () => setNotice({ key: 'repRubricSaved' }), onFailed: failedEdit });
	const note = useAddNote(sessionId, token, { onFailed: failedEdit });
	const beginEdit = () => {
		setEditError(null);
		setNotice(null);
	};

	const choose = (criterion: RubricCriterion, level: RubricLevel) => {
		beginEdit();
		score.mutate({ criterion, level, ...mentorName() });
	};

	const addNote = async ({ text, tags, offsetMs }: { text: string; tags: SessionReport['notes'][number]['tags']; offsetMs: number | null }) => {
		const report = query.data;
		if (!report) return;
		beginEdit();
		await note.mutateAsync({
			text,
			tags,
			...mentorName(),
			...(offsetMs !== null ? { at: report.session.startedAt + offsetMs } : {}),
		});
	};

	const report = query.data;
	if (!report) return <NotLoaded query={query} title="repKicker" testId="report-error" loading="repLoading" />;
	const saving = score.isPending ? score.variables.criterion : null;

	const { session, talk, questions, sales, audience } = report;
	const focus = focusMetrics(report.dashboard);
	const num = (n: number, digits = 0) => formatNumber(n, lang, digits);
	/** The replay opened at a moment of the live (ms from its start). */
	const replayAt = (offsetMs: number) => replayHref(session.id, token, offsetMs);

	return (
		<article className="report-page printable-page" data-testid="report">
			<header className="report-section report-header">
				<p className="report-kicker">{t('repKicker')}</p>
				<h1 data-testid="report-title">{session.title}</h1>
				<dl className="report-meta">
					<div>
						<dt>{t('repHostLabel')}</dt>
						<dd data-testid="report-host">{session.hostName}</dd>
					</div>
					<div>
						<dt>{t('repDateLabel')}</dt>
						<dd>{formatDateTime(session.startedAt, lang)}</dd>
					</div>
					<div>
						<dt>{t('repDurationLabel')}</dt>
						<dd data-testid="report-duration">{formatDuration(session.durationMs, lang)}</dd>
					</div>
					<div>
						<dt>{t('repRoomLabel')}</dt>
						<dd>{session.roomCode}</dd>
					</div>
				</dl>
				{session.endedAt === null && <p className="report-warning">{t('repStillLive')}</p>}
				<nav className="report-actions no-print" aria-label={t('repActions')}>
					<Link className="button-like replay-button" href={replayHref(session.id, token)} data-testid="replay-link">
						▶ {t('repReplayLink')}
					</Link>
					<button type="button" className="primary" data-testid="report-print" onClick={() => window.print()}>
						{t('repPrint')}
					</button>
					<a className="button-like" href={reportCsvPath(session.id, token, lang)} data-testid="report-csv" download>
						{t('repDownloadCsv')}
					</a>
					<a className="button-like" href={reportJsonPath(session.id, token)} data-testid="report-json" target="_blank" rel="noopener">
						{t('repJson')}
					</a>
					<Link className="button-like" href={progressPath(token)} data-testid="progress-link">
						{t('repProgressLink')}
					</Link>
				</nav>
			</header>

			<section className="report-section report-focus" data-testid="report-focus" aria-labelledby="rep-focus-title">
				<h2 id="rep-focus-title">{t(focus.length >= 3 ? 'repFocusTitle' : 'repFocusTitleFew')}</h2>
				{focus.length === 0 ? (
					<p>{t(report.dashboard.length === 0 ? 'repFocusNoData' : 'repFocusNone')}</p>
				) : (
					<ol className="focus-list">
						{focus.map((m) => {
							const moment = focusMoment(m.key, report);
							return (
								<li key={m.key} data-testid="focus-item" data-metric={m.key}>
									<p className="focus-name">{t(METRIC_LABEL_KEY[m.key])}</p>
									<p className="focus-now">
										{t('repFocusNow', {
											value: formatMetricValue(m.value, m.unit, lang),
											target: formatMetricValue(m.target, m.unit, lang),
										})}
									</p>
									<p className="focus-tip">{t(METRIC_TIP_KEY[m.key])}</p>
									{moment && (
										<p className="focus-moment no-print">
											<Link href={replayAt(moment.offsetMs)} data-testid="focus-moment">
												▶ {t(MOMENT_REASON_KEY[moment.reason], { time: formatOffset(moment.offsetMs) })}
											</Link>
										</p>
									)}
								</li>
							);
						})}
					</ol>
				)}
			</section>

			<div className="report-grid">
				<Section id="talk" title={t('repTalkTitle')}>
					<Stats>
						<Stat label={t('repTalkTime')} value={formatDuration(talk.talkMs, lang)} />
						<Stat label={t('repTalkShare')} value={formatShare(talk.talkShare, lang)} />
						<Stat label={t('repLongestSilence')} value={formatDuration(talk.longestSilenceMs, lang)} />
					</Stats>
				</Section>

				<Section id="audience" title={t('repAudienceTitle')}>
					<Stats>
						<Stat label={t('repPeakViewers')} value={num(audience.peakViewers)} />
						<Stat label={t('repAverageViewers')} value={num(audience.averageViewers, 1)} />
						<Stat label={t('repCommentRate')} value={num(audience.commentsPerMinute, 1)} />
						<Stat label={t('repLikes')} value={num(audience.likes)} />
						<Stat label={t('repEntries')} value={num(audience.entries)} />
					</Stats>
				</Section>
			</div>

			<Section id="minutes" title={t('repMinutesTitle')}>
				<MinuteChart report={report} replayAt={replayAt} />
			</Section>

			<Section id="questions" title={t('repQuestionsTitle')}>
				<Stats>
					<Stat label={t('repAsked')} value={num(questions.asked)} />
					<Stat label={t('repAnswered')} value={num(questions.answered)} />
					<Stat label={t('repAnsweredShare')} value={formatShare(questions.answeredShare, lang)} />
					<Stat
						label={t('repMedianAnswer')}
						value={questions.medianTimeToAnswerMs === null ? '–' : formatDuration(questions.medianTimeToAnswerMs, lang)}
					/>
				</Stats>
				{questions.asked === 0 ? (
					<p className="muted">{t('repNoQuestions')}</p>
				) : questions.unanswered.length === 0 ? (
					<p className="report-ok">{t('repUnansweredNone')}</p>
				) : (
					<>
						<h3>{t('repUnansweredTitle', { n: String(questions.unanswered.length) })}</h3>
						<ol className="unanswered-list" data-testid="unanswered">
							{questions.unanswered.map((q) => (
								<li key={q.id}>
									<Link
										className="timeline-at replay-at"
										href={replayAt(q.at - session.startedAt)}
										data-testid="unanswered-replay"
										aria-label={t('repReplayAt', { time: formatOffset(q.at - session.startedAt) })}
									>
										<span className="replay-glyph" aria-hidden="true">
											▶{' '}
										</span>
										{formatOffset(q.at - session.startedAt)}
									</Link>
									<span>
										<strong>{q.name}</strong> {q.text}
									</span>
								</li>
							))}
						</ol>
					</>
				)}
			</Section>

			<Section id="sales" title={t('repSalesTitle')}>
				<Stats>
					<Stat label={t('repOrders')} value={num(sales.orders)} note={t('repOrdersSplit', { human: num(sales.humanOrders), simulated: num(sales.simulatedOrders) })} />
					<Stat label={t('repUnits')} value={num(sales.units)} />
					<Stat label={t('repGmv')} value={formatRupiah(sales.gmv)} />
					<Stat label={t('repFlashSales')} value={num(sales.flashSales)} />
				</Stats>
			</Section>

			<Section id="products" title={t('repProductsTitle')}>
				{report.products.length === 0 ? (
					<p className="muted">{t('repNoProducts')}</p>
				) : (
					<div className="table-scroll">
						<table className="report-table stack-on-phone products-table" data-testid="products-table">
							<thead>
								<tr>
									<th scope="col">{t('repColProduct')}</th>
									<th scope="col" className="num">{t('repColPins')}</th>
									<th scope="col" className="num">{t('repColPinnedTime')}</th>
									<th scope="col" className="num">{t('repColOrders')}</th>
									<th scope="col" className="num">{t('repColUnits')}</th>
									<th scope="col" className="num">{t('repColGmv')}</th>
								</tr>
							</thead>
							<tbody>
								{report.products.map((p) => (
									<tr key={p.productId}>
										<th scope="row">{p.productName}</th>
										<td className="num" data-label={t('repColPins')}>{num(p.pins)}</td>
										<td className="num" data-label={t('repColPinnedTime')}>{formatOffset(p.pinnedMs)}</td>
										<td className="num" data-label={t('repColOrders')}>{num(p.orders)}</td>
										<td className="num" data-label={t('repColUnits')}>{num(p.units)}</td>
										<td className="num" data-label={t('repColGmv')}>{formatRupiah(p.gmv)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</Section>

			<Section id="dashboard" title={t('repDashboardTitle')}>
				<p className="muted">{t('repDashboardIntro')}</p>
				<div className="table-scroll">
					<table className="report-table stack-on-phone dashboard-table" data-testid="dashboard-table">
						<thead>
							<tr>
								<th scope="col">{t('repColMetric')}</th>
								<th scope="col" className="num">{t('repColValue')}</th>
								<th scope="col" className="num">{t('repColTarget')}</th>
								<th scope="col">{t('repColStatus')}</th>
							</tr>
						</thead>
						<tbody>
							{report.dashboard.map((m) => (
								<tr key={m.key} className={m.weak ? 'is-weak' : undefined} data-testid="dashboard-row" data-weak={m.weak}>
									<th scope="row">{t(METRIC_LABEL_KEY[m.key])}</th>
									<td className="num" data-label={t('repColValue')}>{formatMetricValue(m.value, m.unit, lang)}</td>
									<td className="num" data-label={t('repColTarget')}>{formatMetricValue(m.target, m.unit, lang)}</td>
									<td className="status-cell">
										<span className="meter" aria-hidden="true">
											<span style={{ width: `${targetPercent(m)}%` }} />
										</span>
										<span className={`status-chip ${m.weak ? 'is-weak' : m.score >= 1 ? 'is-ok' : 'is-below'}`}>
											{t(m.weak ? 'repWeak' : m.score >= 1 ? 'repOnTarget' : 'repBelowTarget')}
										</span>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			</Section>

			{access === 'maybe' && !editing && (
				<div className="no-print report-mentor-switch">
					<button type="button" data-testid="mentor-edit" onClick={() => setEditing(true)}>
						{t('repMentorTools')}
					</button>
				</div>
			)}
			{editError !== null && (
				<p className="form-error no-print" role="alert" data-testid="edit-error">
					{denied ? t('repEditForbidden') : errorText(editError)}
				</p>
			)}
			{editing && (
				<div className="no-print report-mentor-bar">
					<p className="muted">{t('repMentorHint')}</p>
					{notice && (
						<p className="report-ok" role="status">
							{t(notice.key, notice.vars)}
						</p>
					)}
					{access === 'maybe' && (
						<button type="button" onClick={() => setEditing(false)}>
							{t('repMentorToolsClose')}
						</button>
					)}
				</div>
			)}

			<RubricSection rubric={report.rubric} editing={editing} saving={saving} onChoose={choose} />

			<MentorTimeline report={report} replayAt={replayAt} />
			{editing && <NoteForm durationMs={session.durationMs} onSubmit={addNote} />}
		</article>
	);
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
	return (
		<section className="report-section" data-testid={`report-${id}`} aria-labelledby={`rep-${id}-title`}>
			<h2 id={`rep-${id}-title`}>{title}</h2>
			{children}
		</section>
	);
}

function Stats({ children }: { children: ReactNode }) {
	return <dl className="report-stats">{children}</dl>;
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
	return (
		<div className="report-stat">
			<dt>{label}</dt>
			<dd>
				<span className="report-stat-value">{value}</span>
				{note && <span className="report-stat-note">{note}</span>}
			</dd>
		</div>
	);
}
