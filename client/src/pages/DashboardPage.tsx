import type { DashboardClass, DashboardRoom, DashboardSession } from '@gladi/shared';
import { useId, useState } from 'react';
import { FormError, LoadingOrRetry } from '../accounts/parts.tsx';
import { useDashboard, useRotateLinks } from '../accounts/useAccount.ts';
import { Link } from '../catalog/Link.tsx';
import { LinkField, StatusBadge } from '../classes/parts.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate, formatDateTime, formatDuration } from '../report/format.ts';
import { InviteLinks } from '../rooms/InviteLinks.tsx';
import '../classes/classes.css';
import '../accounts/accounts.css';

/** /saya: the signed-in mentor's rooms (links, sessions, reports) and classes, and the ways to make more. */
export function DashboardPage() {
	const { t } = useI18n();
	const dashboard = useDashboard();
	const data = dashboard.data;

	if (!data) return <LoadingOrRetry query={dashboard} testId="dashboard-error" />;

	return (
		<div className="cls-page" data-testid="dashboard">
			<header className="catalog-head">
				<div className="cls-head">
					<p className="cls-kicker">{t('dashKicker')}</p>
					<h1>{t('dashTitle', { name: data.account.displayName })}</h1>
					<p className="muted">{t('dashIntro')}</p>
				</div>
				<div className="dash-actions">
					<Link href="/" className="button-like primary" data-testid="dashboard-new-room">
						{t('dashNewRoom')}
					</Link>
					<Link href="/kelas/baru" className="button-like" data-testid="dashboard-new-class">
						{t('dashNewClass')}
					</Link>
					<Link href="/katalog" className="button-like" data-testid="dashboard-catalog">
						{t('dashCatalog')}
					</Link>
				</div>
			</header>

			<section aria-labelledby="dash-rooms-title">
				<h2 id="dash-rooms-title" className="cls-section-title">
					{t('dashRooms')}
				</h2>
				{data.rooms.length === 0 ? (
					<p className="catalog-empty" data-testid="dashboard-rooms-empty">
						{t('dashRoomsEmpty')}
					</p>
				) : (
					<div className="dash-rooms">
						{data.rooms.map((room) => (
							<RoomCard key={room.code} room={room} />
						))}
					</div>
				)}
			</section>

			<section aria-labelledby="dash-classes-title">
				<h2 id="dash-classes-title" className="cls-section-title">
					{t('dashClasses')}
				</h2>
				{data.classes.length === 0 ? (
					<p className="catalog-empty" data-testid="dashboard-classes-empty">
						{t('dashClassesEmpty')}
					</p>
				) : (
					<div className="cls-rooms">
						{data.classes.map((cls) => (
							<ClassCard key={cls.id} cls={cls} />
						))}
					</div>
				)}
			</section>
		</div>
	);
}

/** A room: its three links (with a way to replace them all) and its sessions' reports. */
function RoomCard({ room }: { room: DashboardRoom }) {
	const { t, lang } = useI18n();
	const ids = useId();
	const rotate = useRotateLinks();
	const [confirming, setConfirming] = useState(false);
	const [rotated, setRotated] = useState(false);

	const confirm = () =>
		rotate.mutate(room.code, {
			onSuccess: () => {
				setConfirming(false);
				setRotated(true);
			},
		});

	return (
		<article className={`cls-room is-${room.status}`} data-testid="dashboard-room" data-code={room.code} aria-labelledby={`${ids}-title`}>
			<header className="cls-room-head">
				<div className="cls-room-titles">
					<h3 id={`${ids}-title`}>{room.title}</h3>
					<span className="muted dash-sub">
						{t('dashRoomMeta', { code: room.code, date: formatDate(room.createdAt, lang) })}
						{room.classId !== null && ` · ${t('dashClassRoom')}`}
					</span>
				</div>
				<StatusBadge status={room.status} />
			</header>

			<div className="invites">
				<InviteLinks links={room.links} testId={(role) => `dashboard-room-link-${role}`} />
			</div>
			{rotated && (
				<p className="catalog-notice" role="status" data-testid="dashboard-rotated">
					{t('dashRotated')}
				</p>
			)}
			{confirming ? (
				<div className="cls-private" role="group" aria-labelledby={`${ids}-warn`}>
					<p id={`${ids}-warn`} className="cls-warn">
						{t('dashRotateWarn')}
					</p>
					<div className="product-form-actions">
						<button type="button" className="primary" data-testid="dashboard-rotate-confirm" disabled={rotate.isPending} onClick={confirm}>
							{rotate.isPending ? t('dashRotating') : t('dashRotateConfirm')}
						</button>
						<button type="button" data-testid="dashboard-rotate-cancel" disabled={rotate.isPending} onClick={() => setConfirming(false)}>
							{t('accCancel')}
						</button>
					</div>
					<FormError error={rotate.error} />
				</div>
			) : (
				<div className="cls-room-actions">
					<button
						type="button"
						data-testid="dashboard-rotate-links"
						onClick={() => {
							rotate.reset();
							setRotated(false);
							setConfirming(true);
						}}
					>
						{t('dashRotate')}
					</button>
					<a href={room.links.mentor} className="button-like" target="_blank" rel="noopener" data-testid="dashboard-join-as-mentor">
						{t('clsJoinAsMentor')}
					</a>
				</div>
			)}

			<h4 className="cls-subtitle">{t('dashSessions')}</h4>
			{room.sessions.length === 0 ? (
				<p className="muted cls-hint">{t('dashNoSessions')}</p>
			) : (
				<ul className="cls-queue">
					{room.sessions.map((s) => (
						<SessionRow key={s.sessionId} session={s} />
					))}
				</ul>
			)}
		</article>
	);
}

function SessionRow({ session }: { session: DashboardSession }) {
	const { t, lang } = useI18n();
	return (
		<li className="cls-queue-item">
			<span className="cls-queue-name">
				<Link href={session.reportLink} data-testid="dashboard-session-report">
					{formatDateTime(session.startedAt, lang)}
				</Link>
				<span className="muted">
					{' · '}
					{session.hostName}
					{' · '}
					{session.endedAt === null ? t('dashSessionLive') : formatDuration(session.endedAt - session.startedAt, lang)}
				</span>
			</span>
		</li>
	);
}

function ClassCard({ cls }: { cls: DashboardClass }) {
	const { t, lang } = useI18n();
	const ids = useId();
	return (
		<article className="cls-room" data-testid="dashboard-class" data-class-id={cls.id} aria-labelledby={`${ids}-title`}>
			<div className="cls-room-titles">
				<h3 id={`${ids}-title`}>{cls.name}</h3>
				<span className="muted dash-sub">
					{t('dashClassMeta', { members: cls.members, rooms: cls.rooms, date: formatDate(cls.createdAt, lang) })}
				</span>
			</div>
			<LinkField id={`${ids}-link`} label={t('clsMentorLink')} href={cls.mentorLink} testId="dashboard-class-link" />
			<div className="cls-room-actions">
				<Link href={cls.mentorLink} className="button-like primary" data-testid="dashboard-class-open">
					{t('clsOpenClass')}
				</Link>
			</div>
		</article>
	);
}
