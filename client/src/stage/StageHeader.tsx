import type { RoomState } from '@gladi/shared';
import { useI18n } from '../i18n/i18n.tsx';
import type { ConnectionState } from '../media/stageSession.ts';
import { EyeIcon } from './icons.tsx';

/** Top of the stage: live badge, room title, viewer count and connection state. */
export function StageHeader({ room, connection }: { room: RoomState | null; connection: ConnectionState }) {
	const { t } = useI18n();
	const viewers = room ? room.viewers.buyers + room.viewers.mentors : 0;
	return (
		<div className="stage-header">
			<div className="stage-header-left">
				{room?.status === 'live' ? <span className="badge live">{t('liveNow')}</span> : null}
				<span className="stage-title">{room?.title ?? ''}</span>
			</div>
			<div className="stage-header-right">
				<span className="badge viewers" data-testid="viewer-count" title={t('viewersLabel', { n: viewers })}>
					<EyeIcon /> {viewers}
				</span>
			</div>
			{connection !== 'connected' && (
				<div className={`connection-banner ${connection === 'turnOver' ? 'replaced' : connection}`} data-testid="connection-state" role="status">
					{connectionText(connection, t)}
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
		case 'stopped':
		case 'connected':
			return '';
	}
}
