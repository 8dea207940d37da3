import type { RoomState } from '@gladi/shared';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { ConnectionState } from '../media/reconnector.ts';
import type { StageSession } from '../media/stageSession.ts';
import { PhoneIcon } from './icons.tsx';
import { StageFrame } from './StageFrame.tsx';
import { StageHeader } from './StageHeader.tsx';
import { StageOverlay } from './StageOverlay.tsx';
import { StageVideo } from './StageVideo.tsx';
import { coveredCameraSize, STAGE_ASPECT_LABEL } from './stageGeometry.ts';
import { useFeed } from './useFeed.ts';
import { WhisperCue } from './WhisperCue.tsx';

const STORAGE_KEY = 'gladi.viewerPreview';

function savedViewerPreview(): boolean {
	try {
		return localStorage.getItem(STORAGE_KEY) === '1';
	} catch {
		return false; // storage blocked: the studio opens as usual
	}
}

/** Whether the host's studio shows the stage as viewers see it; remembered on this device. */
export function useViewerPreview(): [boolean, (on: boolean) => void] {
	const [on, setOn] = useState(savedViewerPreview);
	const set = useCallback((next: boolean) => {
		setOn(next);
		try {
			localStorage.setItem(STORAGE_KEY, next ? '1' : '0');
		} catch {
			// storage blocked: the choice lasts as long as the page
		}
	}, []);
	return [on, set];
}

/** The studio's switch to the viewer preview; while on, it says what the preview shows. */
export function ViewerPreviewToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
	const { t } = useI18n();
	return (
		<>
			<button
				type="button"
				className="viewer-preview-toggle"
				data-testid="viewer-preview-toggle"
				aria-pressed={on}
				aria-describedby={on ? 'viewer-preview-hint' : undefined}
				onClick={() => onChange(!on)}
			>
				<PhoneIcon /> {t('viewerPreview')}
			</button>
			{on && (
				<p className="viewer-preview-hint" id="viewer-preview-hint" data-testid="viewer-preview-hint">
					{t('viewerPreviewHint')}
				</p>
			)}
		</>
	);
}

interface Props {
	session: StageSession;
	stream: MediaStream | null;
	room: RoomState | null;
	connection: ConnectionState;
	onRetry: () => void;
	/** Shown on the stage, as in the studio (a camera error). */
	notice?: ReactNode;
	/** The studio's controls (mic, camera, go live): under the preview, since viewers do not see them. */
	controls: ReactNode;
}

/**
 * The host's own camera as a buyer's phone draws it: the same 9:16 frame and
 * cover crop, not mirrored, under the buyer's own overlay (comments, pinned
 * card, composer) made inert, so the trainee sees what covers their picture.
 * Around it, dimmed, the part of the camera image the crop cuts off.
 */
export function ViewerPreview({ session, stream, room, connection, onRetry, notice, controls }: Props) {
	const { t } = useI18n();
	const { whisper } = useFeed(session);
	return (
		<section className="viewer-preview-stage" aria-label={t('viewerPreviewTitle')}>
			<div className="viewer-preview-window">
				<OutsideTheCrop stream={stream} />
				<StageFrame data-testid="viewer-preview" data-aspect={STAGE_ASPECT_LABEL}>
					<StageVideo stream={stream} self mirrored={false} testId="preview-video" />
					<StageHeader room={room} connection={connection} onRetry={onRetry} />
					{notice}
					<div inert>
						<StageOverlay session={session} role="buyer" />
					</div>
					{/* Not what buyers see, but the mentor's cue must reach the trainee in the preview too. */}
					<WhisperCue whisper={whisper} />
				</StageFrame>
			</div>
			{controls}
		</section>
	);
}

/** The whole camera image behind the frame, scaled and centred as the frame's cover crop draws it. */
function OutsideTheCrop({ stream }: { stream: MediaStream | null }) {
	const ref = useRef<HTMLVideoElement>(null);
	const [size, setSize] = useState<{ width: number; height: number } | null>(null);

	useEffect(() => {
		const video = ref.current;
		if (!video) return;
		video.srcObject = stream;
		if (stream) void video.play().catch(() => undefined);
	}, [stream]);

	const measure = () => {
		const video = ref.current;
		if (video) setSize(coveredCameraSize(video.videoWidth, video.videoHeight));
	};

	return (
		<video
			ref={ref}
			className="viewer-preview-outside"
			aria-hidden="true"
			hidden={!size}
			style={size ? { width: `${size.width * 100}%`, height: `${size.height * 100}%` } : undefined}
			onLoadedMetadata={measure}
			onResize={measure}
			playsInline
			autoPlay
			muted
		/>
	);
}
