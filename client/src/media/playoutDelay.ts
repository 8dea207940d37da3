import { PlayoutDelayPolicy } from '@gladi/shared';
import type { types } from 'mediasoup-client';

const SAMPLE_MS = 2_000;

/**
 * A viewer's video consumer: while its link is lossy, its browser holds
 * frames long enough for a retransmission (PlayoutDelayPolicy), applied as
 * the receiver's jitterBufferTarget. Sampled every 2 s until the consumer
 * closes. A browser without jitterBufferTarget keeps its default.
 */
export function tunePlayoutDelay(consumer: types.Consumer): void {
	const receiver = consumer.rtpReceiver;
	if (consumer.kind !== 'video' || !receiver || !('jitterBufferTarget' in receiver)) return;
	const policy = new PlayoutDelayPolicy();
	const sample = async (): Promise<void> => {
		const report = await consumer.getStats();
		let nackCount: number | null = null;
		let rttMs: number | null = null;
		report.forEach((s: Record<string, unknown>) => {
			if (s['type'] === 'inbound-rtp' && typeof s['nackCount'] === 'number') nackCount = s['nackCount'];
			if (s['type'] === 'candidate-pair' && s['nominated'] === true && typeof s['currentRoundTripTime'] === 'number') rttMs = s['currentRoundTripTime'] * 1000;
		});
		if (nackCount === null || consumer.closed) return;
		const before = policy.targetMs;
		const target = policy.next({ at: performance.now(), nackCount, rttMs });
		if (target !== before) receiver.jitterBufferTarget = target;
	};
	const timer = setInterval(() => {
		// Stats of a receiver that is going away may fail: the next sample tries again.
		sample().catch(() => undefined);
	}, SAMPLE_MS);
	consumer.observer.once('close', () => clearInterval(timer));
}
