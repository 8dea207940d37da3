import type { RoomState } from '@gladi/shared';
import { useI18n } from '../i18n/i18n.tsx';
import { DEFAULT_GIVE_UP_AFTER_MS } from '../media/reconnectPolicy.ts';
import type { ConnectionState } from '../media/reconnector.ts';
import { EyeIcon } from './icons.tsx';

/**
 * Top of the stage: live badge (and for the host, whether it is recorded),
 * room title, viewer count and connection state (with a retry button once
 * reconnecting has given up).
 */
export function StageHeader({
	room,
	connection,
	onRetry,
	showRecording = false,
}: {
	room: RoomState | null;
	connection: ConnectionState;
	onRetry: () => void;
	/** The host's studio says when the server records the live. */
	showRecording?: boolean;
}) {
	const { t } = useI18n();
	const viewers = room ? room.viewers.buyers + room.viewers.mentors : 0;
	return (
		<div className="stage-header">
			<div className="stage-header-left">
				{room?.status === 'live' ? <span className="badge live">{t('liveNow')}</span> : null}
				{showRecording && room?.status === 'live' && room.recording && (
					<span className="badge recording" data-testid="recording-badge" title={t('recBadgeTitle')}>
						<span className="rec-dot" aria-hidden="true" /> {t('recBadge')}
					</span>
				)}
				<span className="stage-title">{room?.title ?? ''}</span>
			</div>
			<div className="stage-header-right">
				<span className="badge viewers" data-testid="viewer-count" title={t('viewersLabel', { n: viewers })}>
					<EyeIcon /> {viewers}
				</span>
			</div>
			{connection !== 'connected' && (
				<div className={`connection-banner ${bannerClass(connection)}`} data-testid="connection-state" role="status">
					{connection === 'gaveUp' ? (
						<>
							<span data-testid="connection-gave-up">{t('connGaveUp', { minutes: DEFAULT_GIVE_UP_AFTER_MS / 60_000 })}</span>
							<button type="button" data-testid="reconnect-retry" onClick={onRetry}>
								{t('connRetry')}
							</button>
						</>
					) : (
						connectionText(connection, t)
					)}
				</div>
			)}
		</div>
	);
}

function connectionText(connection: ConnectionState, t: ReturnType<typeof useI18n>['t']): string {
	switch (connection) {
		case 'connecting':
			return t('connConnecting');
		case 'reconnecting':
			return t('connReconnecting');
		case 'failed':
			return t('connFailed');
		case 'replaced':
			return t('replaced');
		case 'turnOver':
			return t('turnOver');
		case 'gaveUp':
		case 'stopped':
		case 'connected':
			return '';
	}
}

/** The banner's colour: red (failed, replaced) for what needs the person, amber while it sorts itself out. */
function bannerClass(connection: ConnectionState): string {
	if (connection === 'turnOver') return 'replaced';
	if (connection === 'gaveUp') return 'failed';
	return connection;
}
