import type { Product, RecordingInfo } from '@gladi/shared';
import { settledAt, stageAt, type Replay } from '@gladi/shared/replay';
import { useEffect, useMemo, useState, type RefObject } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { formatOffset } from '../report/format.ts';
import { CommentFeed } from '../stage/CommentFeed.tsx';
import { FlashSaleBanner } from '../stage/FlashSaleBanner.tsx';
import { PinnedProductCard } from '../stage/PinnedProductCard.tsx';
import { StageFrame } from '../stage/StageFrame.tsx';
import { useClock, type VideoClock } from './videoClock.ts';

interface Props {
	recording: RecordingInfo;
	title: string;
	replay: Replay;
	products: readonly Product[];
	clock: VideoClock;
	videoRef: RefObject<HTMLVideoElement | null>;
}

/** The recording in the stage's 9:16 frame, with the comment feed, pinned product and flash sale as the host saw them then. */
export function ReplayStage({ recording, title, replay, products, clock, videoRef }: Props) {
	const { t } = useI18n();
	const [failed, setFailed] = useState(false);

	useEffect(() => {
		const video = videoRef.current;
		if (!video) return;
		return clock.follow(video);
	}, [clock, videoRef, recording.url]);

	return (
		<StageFrame>
			<video
				ref={videoRef}
				className="stage-video replay-video"
				data-testid="replay-video"
				src={recording.url}
				playsInline
				controls
				preload="auto"
				aria-label={t('rpVideoLabel', { title })}
				onError={() => setFailed(true)}
			/>
			<ReplayOverlay replay={replay} products={products} clock={clock} recordingStartedAt={recording.startedAt} />
			{failed && (
				<div className="stage-message error replay-video-error" role="alert" data-testid="replay-video-error">
					<p>{t('rpVideoError')}</p>
					<a href={recording.url} download>
						{t('rpDownload')}
					</a>
				</div>
			)}
		</StageFrame>
	);
}

/** What was on the host's stage at the video's current moment; recomputed only when an event passes. */
function ReplayOverlay({
	replay,
	products,
	clock,
	recordingStartedAt,
}: {
	replay: Replay;
	products: readonly Product[];
	clock: VideoClock;
	recordingStartedAt: number;
}) {
	const { t } = useI18n();
	const eventAt = useClock(clock, (ms) => settledAt(replay, recordingStartedAt + ms));
	const stage = useMemo(() => stageAt(replay, products, eventAt), [replay, products, eventAt]);
	// The flash sale's countdown ticks with the video; without a sale nothing here needs the clock.
	const now = useClock(clock, (ms) => (stage.flashSale ? recordingStartedAt + Math.floor(ms / 250) * 250 : 0));
	const liveSecond = useClock(clock, (ms) => Math.floor((recordingStartedAt + ms - replay.start) / 1000));
	const pinned = stage.products.find((p) => p.id === stage.pinnedProductId);

	return (
		<div className="replay-overlay">
			<div className="stage-header">
				<div className="stage-header-left">
					<span className="badge replay-clock" data-testid="replay-clock">
						▶ {formatOffset(liveSecond * 1000)}
					</span>
				</div>
			</div>
			{stage.flashSale && (
				<FlashSaleBanner sale={stage.flashSale} product={stage.products.find((p) => p.id === stage.flashSale?.productId)} now={now} />
			)}
			<div className="stage-counters">
				<span className="badge">{t('viewers', { n: stage.viewers })}</span>
				<span className="badge">♥ {stage.likes}</span>
			</div>
			<div className="overlay-bottom">
				<CommentFeed comments={stage.comments} pinnedComment={stage.pinnedComment} commentTestId="replay-comment" />
				{pinned && (
					<div className="product-row">
						<PinnedProductCard product={pinned} flashSale={stage.flashSale} now={now} />
					</div>
				)}
			</div>
		</div>
	);
}
