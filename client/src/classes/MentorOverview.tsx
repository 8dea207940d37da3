import { classLink, type ClassOverview, type ClassSessionSummary } from '@gladi/shared';
import { useEffect } from 'react';
import { Link } from '../catalog/Link.tsx';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { absoluteLink, currentHost, formatSessionDate, latestSession, nextHost, rubricLabel, shareLabel } from './classModel.ts';
import { CopyButton, StatusBadge, TurnQueue, TurnTimer, useRoomName } from './parts.tsx';
import { saveClass } from './savedClasses.ts';
import { useAdvanceTurn } from './useClassView.ts';

type Room = ClassOverview['rooms'][number];
type Member = ClassOverview['members'][number];

/** The mentor's page: every practice room at once, the turns, and every member's sessions and scores. */
export function MentorOverview({
	overview,
	token,
	clockOffsetMs,
	staleError,
}: {
	overview: ClassOverview;
	token: string | null;
	clockOffsetMs: number;
	staleError: unknown;
}) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const { id, name } = overview;
	// Keep the mentor link on this device, so "Kelas" in the header finds the class again (opened by the account, there is none to keep).
	useEffect(() => {
		if (token !== null) saveClass({ id, name, mentorLink: classLink(id, token) });
	}, [id, name, token]);
	const roomNumber = new Map(overview.rooms.map((r, i) => [r.code, i + 1]));

	return (
		<div className="cls-page" data-testid="class-overview">
			<header className="cls-head">
				<p className="cls-kicker">{t('clsMentorKicker')}</p>
				<h1>{overview.name}</h1>
				<p className="muted">
					{t('clsOverviewIntro', {
						members: overview.members.length,
						rooms: overview.rooms.length,
						minutes: Math.round(overview.turnSeconds / 60),
					})}{' '}
					· {t('clsUpdatedAt')}
				</p>
				{staleError !== null && (
					<p className="cls-stale" role="status">
						{t('clsStale', { message: errorText(staleError) })}
					</p>
				)}
			</header>

			<section aria-labelledby="cls-rooms-title">
				<h2 id="cls-rooms-title" className="cls-section-title">
					{t('clsRoomsTitle')}
				</h2>
				<div className="cls-rooms">
					{overview.rooms.map((room) => (
						<RoomCard
							key={room.code}
							classId={overview.id}
							token={token}
							room={room}
							className={overview.name}
							number={roomNumber.get(room.code) ?? 0}
							turnSeconds={overview.turnSeconds}
							clockOffsetMs={clockOffsetMs}
						/>
					))}
				</div>
			</section>

			<section aria-labelledby="cls-members-title" className="cls-panel">
				<h2 id="cls-members-title" className="cls-section-title">
					{t('clsMembersTitle')}
				</h2>
				<MembersTable members={overview.members} roomNumber={roomNumber} rooms={overview.rooms} />
			</section>
		</div>
	);
}

function RoomCard({
	classId,
	token,
	room,
	className,
	number,
	turnSeconds,
	clockOffsetMs,
}: {
	classId: string;
	token: string | null;
	room: Room;
	className: string;
	number: number;
	turnSeconds: number;
	clockOffsetMs: number;
}) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const roomName = useRoomName();
	const advance = useAdvanceTurn(classId, token);
	const host = currentHost(room);
	const next = nextHost(room) ?? host;

	return (
		<article className={`cls-room is-${room.status}`} data-testid="class-room" data-room-code={room.code} aria-labelledby={`cls-room-${room.code}`}>
			<header className="cls-room-head">
				<div className="cls-room-titles">
					<h3 id={`cls-room-${room.code}`} title={room.title}>
						{roomName(room.title, className) ?? t('clsRoomN', { n: number })}
					</h3>
					<span className="muted cls-room-sub">{t('clsRoomCode', { code: room.code })}</span>
				</div>
				<StatusBadge status={room.status} />
			</header>
			<TurnTimer turnStartedAt={room.turnStartedAt} turnSeconds={turnSeconds} clockOffsetMs={clockOffsetMs} />
			<h4 className="cls-subtitle">{t('clsQueue')}</h4>
			<TurnQueue room={room} />
			{next && host && (
				<p className="muted cls-hint">
					{room.status === 'live' ? t('clsAdvanceEndsLive', { host: host.name, name: next.name }) : t('clsAdvanceHint', { name: next.name })}
				</p>
			)}
			<div className="cls-room-actions">
				<button type="button" className="primary" data-testid="advance-turn" disabled={advance.isPending} onClick={() => advance.mutate(room.code)}>
					{advance.isPending ? t('clsAdvancing') : t('clsAdvance')}
				</button>
				<a className="button-link" href={room.mentorLink} target="_blank" rel="noopener" data-testid="join-as-mentor">
					{t('clsJoinAsMentor')}
				</a>
			</div>
			{advance.error !== null && (
				<p className="error" role="alert">
					{t('clsAdvanceFailed', { message: errorText(advance.error) })}
				</p>
			)}
		</article>
	);
}

function MembersTable({ members, rooms, roomNumber }: { members: Member[]; rooms: Room[]; roomNumber: Map<string, number> }) {
	const { t, lang } = useI18n();
	const hosting = new Set(rooms.map((r) => currentHost(r)?.id).filter(Boolean));
	const liveHost = new Set(rooms.filter((r) => r.status === 'live').map((r) => currentHost(r)?.id));
	return (
		<div className="cls-table-wrap">
			<table className="cls-table">
				<thead>
					<tr>
						<th scope="col">{t('clsColName')}</th>
						<th scope="col">{t('clsColGroup')}</th>
						<th scope="col">{t('clsColSessions')}</th>
						<th scope="col">{t('clsColRubric')}</th>
						<th scope="col">{t('clsColAnswered')}</th>
						<th scope="col">{t('clsColReports')}</th>
						<th scope="col">{t('clsColLink')}</th>
					</tr>
				</thead>
				<tbody>
					{members.map((m) => {
						const latest = latestSession(m.sessions);
						return (
							<tr key={m.id} data-testid="class-member" data-member-id={m.id}>
								<th scope="row" className="cls-member-name">
									{m.name}
									{hosting.has(m.id) && (
										<span className={`cls-chip${liveHost.has(m.id) ? ' is-live' : ' is-host'}`}>
											{liveHost.has(m.id) ? t('clsStatusLive') : t('clsNowHosting')}
										</span>
									)}
								</th>
								<td data-label={t('clsColGroup')}>{t('clsRoomN', { n: roomNumber.get(m.roomCode) ?? '?' })}</td>
								<td data-label={t('clsColSessions')} data-testid="member-sessions">
									{m.sessions.length}
								</td>
								<td data-label={t('clsColRubric')}>{latest ? (rubricLabel(latest) ?? <span className="muted">{t('clsNotScored')}</span>) : '–'}</td>
								<td data-label={t('clsColAnswered')}>
									{latest ? (shareLabel(latest.answeredShare) ?? <span className="muted">{t('clsNoQuestions')}</span>) : '–'}
								</td>
								<td data-label={t('clsColReports')} className="cls-col-reports">
									<ReportLinks sessions={m.sessions} lang={lang} />
								</td>
								<td data-label={t('clsColLink')} className="cls-col-link">
									<CopyButton text={absoluteLink(m.link, window.location.origin)} label={t('clsCopyLink')} />
								</td>
							</tr>
						);
					})}
				</tbody>
			</table>
		</div>
	);
}

function ReportLinks({ sessions, lang }: { sessions: ClassSessionSummary[]; lang: 'id' | 'en' }) {
	const { t } = useI18n();
	if (sessions.length === 0) return <span className="muted">{t('clsNoSessions')}</span>;
	return (
		<ul className="cls-report-links">
			{[...sessions].sort((a, b) => a.startedAt - b.startedAt).map((s, i) => (
				<li key={s.sessionId}>
					<Link href={s.reportLink} data-testid="member-report-link" title={formatSessionDate(s.startedAt, lang)}>
						{t('clsSessionN', { n: i + 1 })}
					</Link>
				</li>
			))}
		</ul>
	);
}
