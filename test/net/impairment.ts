/**
 * What the UDP relay (udpRelay.ts) does to each packet, as pure functions:
 * the kernel here has no netem, so loss, delay, jitter and outages are made
 * in userspace. Pure: the random source and the clock are passed in.
 */

/** One direction of one client's path. */
export interface PathImpairment {
	/** Share of packets dropped, 0-100 (independent, uniform: no bursts). */
	lossPercent: number;
	/** One-way delay added to every packet, ms. */
	delayMs: number;
	/** Each packet's delay varies uniformly by up to this much either way, ms (clamped at 0). */
	jitterMs: number;
}

/** A client's path through the relay: `up` is client -> studio, `down` studio -> client. */
export interface Impairment {
	up: PathImpairment;
	down: PathImpairment;
	/** Every packet either way is dropped (the media path is gone; signalling over TCP is not relayed). */
	outage: boolean;
}

export const CLEAN_PATH: PathImpairment = { lossPercent: 0, delayMs: 0, jitterMs: 0 };
export const NO_IMPAIRMENT: Impairment = { up: CLEAN_PATH, down: CLEAN_PATH, outage: false };

/** What a caller may set: any part left out stays clean. */
export interface ImpairmentSpec {
	up?: Partial<PathImpairment>;
	down?: Partial<PathImpairment>;
	/** Both directions at once (`up`/`down` override it). */
	both?: Partial<PathImpairment>;
	outage?: boolean;
}

export function impairmentOf(spec: ImpairmentSpec): Impairment {
	const path = (own: Partial<PathImpairment> | undefined): PathImpairment => {
		const p = { ...CLEAN_PATH, ...spec.both, ...own };
		if (!(p.lossPercent >= 0 && p.lossPercent <= 100)) throw new Error(`lossPercent must be 0-100, not ${p.lossPercent}`);
		if (!(p.delayMs >= 0) || !(p.jitterMs >= 0)) throw new Error('delayMs and jitterMs must be >= 0');
		return p;
	};
	return { up: path(spec.up), down: path(spec.down), outage: spec.outage ?? false };
}

/**
 * When the packets of one direction of one flow are delivered. Packets keep
 * their order: a packet is never delivered before the one sent ahead of it
 * (a jittered delay shorter than the previous packet's waits for it), as in
 * a real queue on a bottleneck; so jitter shows as delay variation, not as
 * reordering (which mobile networks rarely do and which would only add noise).
 */
export class DeliverySchedule {
	readonly #random: () => number;
	#lastDeliverAt = Number.NEGATIVE_INFINITY;

	constructor(random: () => number = Math.random) {
		this.#random = random;
	}

	/** The time (same clock as `now`) to deliver a packet sent at `now`, or null: it is dropped. */
	deliverAt(now: number, path: PathImpairment, outage: boolean): number | null {
		if (outage) return null;
		if (path.lossPercent > 0 && this.#random() * 100 < path.lossPercent) return null;
		const jitter = path.jitterMs > 0 ? path.jitterMs * (2 * this.#random() - 1) : 0;
		const at = Math.max(now + Math.max(0, path.delayMs + jitter), this.#lastDeliverAt);
		this.#lastDeliverAt = at;
		return at;
	}
}
