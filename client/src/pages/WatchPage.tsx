import { lazy, Suspense, useEffect } from 'react';
import { isNameRefused } from '../signaling/signalingClient.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StageSession } from '../media/stageSession.ts';
import { useSessionSnapshot } from '../media/useStageSession.ts';
import { StageFrame } from '../stage/StageFrame.tsx';
import { StageOverlay } from '../stage/StageOverlay.tsx';
import { StageHeader } from '../stage/StageHeader.tsx';
import { StageVideo } from '../stage/StageVideo.tsx';
import { ViewerNetwork } from '../stage/ViewerNetwork.tsx';

// Only mentors download the console.
const MentorConsole = lazy(() => import('../mentor/MentorConsole.tsx').then((m) => ({ default: m.MentorConsole })));

export interface WatchPageProps {
	token: string;
	/** Made (and connected) by the join page while the form was on screen; it owns it. */
	session: StageSession;
	onNameRefused: (error: unknown) => void;
}

/**
 * Mentors and buyers: the live host in the 9:16 frame, or a clear
 * waiting/ended state. A name the studio refuses goes back to the join form
 * (`onNameRefused`).
 */
export function WatchPage({ token, session, onNameRefused }: WatchPageProps) {
	const { t } = useI18n();
	const snapshot = useSessionSnapshot(session);
	useEffect(() => {
		if (snapshot.connection === 'failed' && isNameRefused(snapshot.error)) onNameRefused(snapshot.error);
	}, [snapshot.connection, snapshot.error, onNameRefused]);
	const status = snapshot.room?.status ?? 'waiting';
	const showVideo = status === 'live' && snapshot.remoteStream !== null;

	return (
		<div className="stage-page">
			<StageFrame>
				<StageVideo stream={showVideo ? snapshot.remoteStream : null} testId="stage-video" />
				<StageHeader room={snapshot.room} connection={snapshot.connection} onRetry={() => session.retryConnection()} />
				{!showVideo && (
					<div className="stage-message" data-testid={status === 'ended' ? 'stage-offline' : 'stage-waiting'}>
						{status === 'ended' ? t('hostOffline') : t('waitingForHost')}
					</div>
				)}
				{showVideo && <ViewerNetwork session={session} />}
				<div className="role-chip">{snapshot.self?.role === 'mentor' ? t('mentorBadge') : t('buyerBadge')}</div>
				{snapshot.self && <StageOverlay session={session} role={snapshot.self.role} />}
			</StageFrame>
			{snapshot.self?.role === 'mentor' && (
				<Suspense fallback={null}>
					<MentorConsole session={session} snapshot={snapshot} token={token} />
				</Suspense>
			)}
		</div>
	);
}
