import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { markJoin } from '../joinMarks.ts';

interface Props {
	stream: MediaStream | null;
	/** The host's own preview: muted, and mirrored unless `mirrored` says otherwise. */
	self?: boolean;
	/** Drawn as in a mirror (the host's self-view); viewers always get the camera's own orientation. */
	mirrored?: boolean;
	testId?: string;
}

/** A video element bound to a MediaStream; viewers get a "tap for sound" button when autoplay with sound is blocked. */
export function StageVideo({ stream, self = false, mirrored = self, testId }: Props) {
	const ref = useRef<HTMLVideoElement>(null);
	const [needsTap, setNeedsTap] = useState(false);
	const { t } = useI18n();

	useEffect(() => {
		const video = ref.current;
		if (!video) return;
		video.srcObject = stream;
		if (!stream) return;
		video.muted = self;
		// The first picture of someone else's stream: where a join ends.
		if (!self && stream.getVideoTracks().length > 0) video.requestVideoFrameCallback?.(() => markJoin('first-frame'));
		video.play().catch(() => {
			// Autoplay with sound blocked: play muted and offer to unmute.
			video.muted = true;
			setNeedsTap(!self);
			void video.play().catch(() => undefined);
		});
	}, [stream, self]);

	return (
		<>
			<video
				ref={ref}
				className={mirrored ? 'stage-video mirrored' : 'stage-video'}
				data-testid={testId}
				playsInline
				autoPlay
				muted={self}
			/>
			{needsTap && (
				<button
					type="button"
					className="tap-for-sound"
					onClick={() => {
						if (ref.current) ref.current.muted = false;
						setNeedsTap(false);
					}}
				>
					{t('tapForSound')}
				</button>
			)}
		</>
	);
}
