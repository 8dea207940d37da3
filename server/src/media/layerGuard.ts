/**
 * Keeps a viewer on a simulcast layer its path can hold. mediasoup moves
 * each video consumer up to a higher layer when its bandwidth estimate
 * allows and down when the estimate falls or the host stops sending that
 * layer; on a phone's slow or shared link both happen again and again (the
 * estimate overshoots, a host on a weak uplink turns its 360p layer on and
 * off), and every move up that does not hold costs the viewer a freeze
 * (waiting for a key frame on the new layer, then for one on the old).
 *
 * So an upgrade that does not hold is remembered: when the consumer is back
 * below a layer within the probation after moving up to it, it is kept below
 * that layer for a while, twice as long after each failure in a row (as
 * LiveKit's stream allocator backs off), then let up one layer at a time,
 * each once the one below has held; an upgrade that holds clears the record
 * of failures. Pure: the clock is passed in; the wiring is below.
 */

export interface LayerGuardOptions {
	/** An upgrade that falls back within this long failed. */
	probationMs: number;
	/** The first failure keeps the consumer below the failed layer this long; each next one twice as long. */
	baseHoldMs: number;
	maxHoldMs: number;
}

export const LAYER_GUARD_DEFAULTS: LayerGuardOptions = { probationMs: 8_000, baseHoldMs: 30_000, maxHoldMs: 240_000 };

/** The consumer's preferred spatial layer from now on: at most `cap`, or (null) any. */
export type LayerDecision = { cap: number | null };

export class LayerGuard {
	readonly #options: LayerGuardOptions;
	readonly #top: number;
	/** The spatial layer the consumer forwards now (null: none yet). */
	#current: number | null = null;
	/** The last move up, while on probation. */
	#upgrade: { layer: number; at: number } | null = null;
	#failures = 0;
	/** The highest layer allowed (null: any), and until when it stays so whatever happens (null: until a layer holds). */
	#cap: number | null = null;
	#holdUntil: number | null = null;

	/** `spatialLayers`: how many the producer has (the top one is spatialLayers - 1). */
	constructor(spatialLayers: number, options: LayerGuardOptions = LAYER_GUARD_DEFAULTS) {
		this.#top = spatialLayers - 1;
		this.#options = options;
	}

	/** The highest layer allowed now (null: any). */
	get cap(): number | null {
		return this.#cap;
	}

	/** When tick() may have something to do (null: only a layer change can change anything). */
	get nextCheckAt(): number | null {
		if (this.#holdUntil !== null) return this.#holdUntil;
		if (this.#cap !== null && this.#upgrade?.layer === this.#cap) return this.#upgrade.at + this.#options.probationMs;
		return null;
	}

	/**
	 * The consumer forwards spatial layer `layer` now (null: nothing, e.g.
	 * paused or the host's video stopped; not a move). Returns the new cap,
	 * or null: nothing to change.
	 */
	onLayer(layer: number | null, now: number): LayerDecision | null {
		if (layer === null || layer === this.#current) return null;
		const previous = this.#current;
		this.#current = layer;
		const held = this.#settle(now);
		if (previous === null || layer > previous) {
			this.#upgrade = { layer, at: now };
			return held;
		}
		if (!this.#upgrade || layer >= this.#upgrade.layer) return held;
		// Back below the layer it moved up to, within its probation: that layer is out of reach for a while.
		const cap = this.#upgrade.layer - 1;
		this.#upgrade = null;
		this.#failures++;
		this.#cap = cap;
		this.#holdUntil = now + Math.min(this.#options.maxHoldMs, this.#options.baseHoldMs * 2 ** (this.#failures - 1));
		return { cap };
	}

	/** Time passed (call at nextCheckAt): a hold that is over lets the consumer up one layer; a layer that held, the next. */
	tick(now: number): LayerDecision | null {
		if (this.#holdUntil !== null) {
			if (now < this.#holdUntil) return null;
			this.#holdUntil = null;
			return this.#raise();
		}
		return this.#settle(now);
	}

	/** An upgrade past its probation held: the failures are forgotten, and a cap it reached goes up a layer. */
	#settle(now: number): LayerDecision | null {
		const upgrade = this.#upgrade;
		if (!upgrade || now - upgrade.at < this.#options.probationMs) return null;
		this.#upgrade = null;
		this.#failures = 0;
		return this.#holdUntil === null && this.#cap !== null && upgrade.layer >= this.#cap ? this.#raise() : null;
	}

	#raise(): LayerDecision {
		this.#cap = this.#cap === null || this.#cap + 1 >= this.#top ? null : this.#cap + 1;
		return { cap: this.#cap };
	}
}

/** The part of a mediasoup video consumer the guard uses. */
export interface GuardedConsumer {
	readonly id: string;
	readonly closed: boolean;
	on(event: 'layerschange', listener: (layers?: { spatialLayer: number }) => void): unknown;
	observer: { once(event: 'close', listener: () => void): unknown };
	setPreferredLayers(layers: { spatialLayer: number }): Promise<void>;
}

/**
 * Watch a simulcast consumer of `spatialLayers` layers: its preferred
 * spatial layer follows the guard's cap (the temporal layer is left to
 * mediasoup).
 */
export function guardLayers(
	consumer: GuardedConsumer,
	spatialLayers: number,
	log: { debug(fields: object, message: string): void },
	options: LayerGuardOptions = LAYER_GUARD_DEFAULTS,
): void {
	const guard = new LayerGuard(spatialLayers, options);
	let timer: ReturnType<typeof setTimeout> | null = null;
	const schedule = (): void => {
		if (timer) clearTimeout(timer);
		timer = null;
		const at = guard.nextCheckAt;
		if (at === null || consumer.closed) return;
		timer = setTimeout(() => apply(guard.tick(Date.now())), Math.max(0, at - Date.now()));
		timer.unref();
	};
	const apply = (decision: LayerDecision | null): void => {
		if (consumer.closed) return;
		schedule();
		if (!decision) return;
		log.debug({ consumerId: consumer.id, cap: decision.cap }, decision.cap === null ? 'viewer free to take any layer again' : 'viewer kept at or below a layer');
		// A consumer closing meanwhile refuses: nothing left to guard.
		consumer.setPreferredLayers({ spatialLayer: decision.cap ?? spatialLayers - 1 }).catch(() => undefined);
	};
	consumer.on('layerschange', (layers) => apply(guard.onLayer(layers?.spatialLayer ?? null, Date.now())));
	consumer.observer.once('close', () => {
		if (timer) clearTimeout(timer);
	});
}
