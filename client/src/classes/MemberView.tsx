import type { ClassMemberView } from '@gladi/shared';
import { Link } from '../catalog/Link.tsx';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { currentHost, formatClock, formatSessionDate, newestFirst, rubricLabel, shareLabel, turnsUntil } from './classModel.ts';
import { StatusBadge, TurnQueue, TurnTimer, useRoomName } from './parts.tsx';

/** A member's own page: whose turn it is in their group, the button into the room, and their past sessions. */
export function MemberView({
	view,
	token,
	clockOffsetMs,
	staleError,
}: {
	view: ClassMemberView;
	token: string;
	clockOffsetMs: number;
	staleError: unknown;
}) {
	const { t, lang } = useI18n();
	const errorText = useErrorText();
	const roomName = useRoomName();
	const host = currentHost(view.room);
	const wait = turnsUntil(view.room, view.member.id);
	const sessions = newestFirst(view.sessions);

	let turnText: string;
	if (view.myTurn) turnText = t('clsYourTurnNow');
	else turnText = t('clsTurnOf', { name: host?.name ?? '?' });
	let waitText: string | null = null;
	if (!view.myTurn && wait === 1) waitText = t('clsTurnNext');
	else if (!view.myTurn && wait !== null && wait > 1) waitText = t('clsTurnsUntil', { n: wait });

	return (
		<section className="card cls-member-view" data-testid="class-member-view">
			<p className="cls-kicker">{view.name}</p>
			<h1>{t('clsHello', { name: view.member.name })}</h1>

			<div className={`cls-turn-banner${view.myTurn ? ' is-mine' : ''}`} data-testid="turn-banner" role="status">
				<strong>{turnText}</strong>
				{waitText && <span>{waitText}</span>}
			</div>

			<Link
				href={view.joinLink}
				className={`button-link cls-join${view.myTurn ? ' primary' : ''}`}
				data-testid="join-room"
				data-role={view.myTurn ? 'host' : 'buyer'}
			>
				{view.myTurn ? t('clsStartHosting') : t('clsJoinAsBuyer')}
			</Link>
			<p className="muted cls-hint">{t('clsMemberPoll')}</p>
			{staleError !== null && (
				<p className="cls-stale" role="status">
					{t('clsStale', { message: errorText(staleError) })}
				</p>
			)}

			<section className="cls-member-section" aria-labelledby="cls-group-title">
				<div className="cls-room-head">
					<div className="cls-room-titles">
						<h2 id="cls-group-title">{t('clsYourGroup')}</h2>
						<span className="muted cls-room-sub">
							{[roomName(view.room.title, view.name), t('clsRoomCode', { code: view.room.code })].filter(Boolean).join(' · ')}
						</span>
					</div>
					<StatusBadge status={view.room.status} />
				</div>
				<TurnTimer turnStartedAt={view.room.turnStartedAt} turnSeconds={view.turnSeconds} clockOffsetMs={clockOffsetMs} />
				<TurnQueue room={view.room} me={view.member.id} />
			</section>

			<section className="cls-member-section" aria-labelledby="cls-sessions-title">
				<h2 id="cls-sessions-title">{t('clsMySessions')}</h2>
				{sessions.length === 0 ? (
					<p className="muted">{t('clsNoSessions')}</p>
				) : (
					<ul className="cls-sessions" data-testid="my-sessions">
						{sessions.map((s) => (
							<li key={s.sessionId} className="cls-session">
								<div className="cls-session-main">
									<strong>{formatSessionDate(s.startedAt, lang)}</strong>
									<span className="muted">
										{t('clsDuration', { d: formatClock(s.durationMs) })} · {t('clsColAnswered')}:{' '}
										{shareLabel(s.answeredShare) ?? t('clsNoQuestions')} · {t('clsRubric')}: {rubricLabel(s) ?? t('clsNotScored')}
									</span>
								</div>
								<Link href={s.reportLink} className="button-link" data-testid="my-report-link">
									{t('clsReport')}
								</Link>
							</li>
						))}
					</ul>
				)}
				{sessions.length > 0 && (
					<Link href={`/kemajuan?t=${encodeURIComponent(token)}`} data-testid="my-progress">
						{t('clsMyProgress')}
					</Link>
				)}
			</section>
		</section>
	);
}
