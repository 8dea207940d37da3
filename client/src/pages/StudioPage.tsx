import { replayPath, reportPath } from '@gladi/shared';
import { useEffect, useState } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useLocalMedia } from '../media/useLocalMedia.ts';
import { useStageSession } from '../media/useStageSession.ts';
import { HostPanel } from '../stage/HostPanel.tsx';
import { HostNetwork, HostQualitySelect } from '../stage/HostNetwork.tsx';
import { StageFrame } from '../stage/StageFrame.tsx';
import { StageOverlay } from '../stage/StageOverlay.tsx';
import { MicIcon, SwitchCameraIcon } from '../stage/icons.tsx';
import { StageHeader } from '../stage/StageHeader.tsx';
import { StageVideo } from '../stage/StageVideo.tsx';
import { useViewerPreview, ViewerPreview, ViewerPreviewToggle } from '../stage/ViewerPreview.tsx';

/** The host's studio: camera preview in the 9:16 frame (or as viewers see it), device choice, mute, Go live / End live. */
export function StudioPage({ token, name, server }: { token: string; name: string; server?: string | undefined }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const media = useLocalMedia();
	const { session, snapshot } = useStageSession(token, name, server);
	const [busy, setBusy] = useState(false);
	const [actionError, setActionError] = useState<string | null>(null);
	const [viewerPreview, setViewerPreview] = useViewerPreview();
	const live = snapshot.room?.status === 'live' && snapshot.publishing;

	// Hand the current tracks to the session (swapped into the live producers when the device changes).
	useEffect(() => {
		const video = media.stream?.getVideoTracks()[0] ?? null;
		const audio = media.stream?.getAudioTracks()[0] ?? null;
		if (audio) audio.enabled = !snapshot.micMuted;
		void session.setLocalTrack('camera', video);
		void session.setLocalTrack('mic', audio);
	}, [media.stream, session, snapshot.micMuted]);

	const run = async (action: () => Promise<void>) => {
		setBusy(true);
		setActionError(null);
		try {
			await action();
		} catch (err) {
			setActionError(errorText(err));
		} finally {
			setBusy(false);
		}
	};

	const controls = (
		<div className="stage-controls">
			<button
				type="button"
				className="round"
				onClick={() => void session.setMicMuted(!snapshot.micMuted)}
				aria-pressed={snapshot.micMuted}
				data-testid="mute"
				title={snapshot.micMuted ? t('unmute') : t('mute')}
				aria-label={snapshot.micMuted ? t('unmute') : t('mute')}
			>
				<MicIcon off={snapshot.micMuted} />
			</button>
			<button
				type="button"
				className="round"
				onClick={media.flipCamera}
				title={t('switchCamera')}
				aria-label={t('switchCamera')}
			>
				<SwitchCameraIcon />
			</button>
			{live ? (
				<button type="button" className="danger" data-testid="end-live" disabled={busy} onClick={() => void run(() => session.endLive())}>
					{t('endLive')}
				</button>
			) : (
				<button
					type="button"
					className="primary live-button"
					data-testid="go-live"
					disabled={busy || !media.stream || snapshot.connection !== 'connected'}
					onClick={() => void run(() => session.goLive())}
				>
					{busy ? t('startingLive') : t('goLive')}
				</button>
			)}
		</div>
	);

	const mediaError =
		media.error === 'insecure'
			? t('insecureContext')
			: media.error === 'denied'
				? t('cameraDenied')
				: media.error === 'unavailable'
					? t('cameraOff')
					: null;

	// On the stage in both views: the connection while live, and a camera error.
	const notices = (
		<>
			{live && <HostNetwork session={session} choice={snapshot.hostQuality} />}
			{mediaError && <div className="stage-message error">{mediaError}</div>}
		</>
	);

	return (
		<div className="stage-page">
			{viewerPreview ? (
				<ViewerPreview
					session={session}
					stream={media.stream}
					room={snapshot.room}
					connection={snapshot.connection}
					onRetry={() => session.retryConnection()}
					notice={notices}
					controls={controls}
				/>
			) : (
				<StageFrame>
					<StageVideo stream={media.stream} self testId="preview-video" />
					<StageHeader room={snapshot.room} connection={snapshot.connection} onRetry={() => session.retryConnection()} showRecording />
					{notices}
					<StageOverlay session={session} role="host" controls={controls} />
				</StageFrame>
			)}
			<aside className="side-panel">
				<p className="status-line" data-testid="live-status">
					{live ? `● ${t('liveNow')}` : snapshot.room?.status === 'ended' ? t('liveEnded') : t('notLive')}
				</p>
				<ViewerPreviewToggle on={viewerPreview} onChange={setViewerPreview} />
				{!live && snapshot.room?.status === 'ended' && snapshot.room.sessionId && (
					<div className="ended-links">
						<a className="button-link primary" data-testid="report-link" href={reportPath(snapshot.room.sessionId, token)}>
							{t('reportLink')}
						</a>
						<a className="button-link" data-testid="studio-replay-link" href={replayPath(snapshot.room.sessionId, token)}>
							▶ {t('replayLink')}
						</a>
					</div>
				)}
				{actionError && (
					<p className="error" role="alert">
						{actionError}
					</p>
				)}
				<label htmlFor="camera-select">{t('camera')}</label>
				<select
					id="camera-select"
					value={media.cameraId ?? ''}
					onChange={(e) => media.selectCamera(e.target.value)}
					disabled={media.cameras.length === 0}
				>
					{media.cameras.map((d, i) => (
						<option key={d.deviceId} value={d.deviceId}>
							{d.label || `${t('camera')} ${i + 1}`}
						</option>
					))}
				</select>
				<label htmlFor="mic-select">{t('microphone')}</label>
				<select
					id="mic-select"
					value={media.microphoneId ?? ''}
					onChange={(e) => media.selectMicrophone(e.target.value)}
					disabled={media.microphones.length === 0}
				>
					{media.microphones.map((d, i) => (
						<option key={d.deviceId} value={d.deviceId}>
							{d.label || `${t('microphone')} ${i + 1}`}
						</option>
					))}
				</select>
				<HostQualitySelect session={session} choice={snapshot.hostQuality} />
				<HostPanel session={session} live={live} />
			</aside>
		</div>
	);
}
