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
 * LiveKit's stream allocator backs off); an upgrade that holds clears the
 * record. Pure: the clock is passed in; the wiring is in roomMedia.ts.
 */

export interface LayerGuardOptions {
	/** An upgrade that falls back within this long failed. */
	probationMs: number;
	/** The first failure keeps the consumer below the failed layer this long; each next one twice as long. */
	baseHoldMs: number;
	maxHoldMs: number;
}

export const LAYER_GUARD_DEFAULTS: LayerGuardOptions = { probationMs: 8_000, baseHoldMs: 30_000, maxHoldMs: 240_000 };

/** What to do with the consumer's preferred spatial layer: keep it at most `cap`, or (null) lift the cap. */
export type LayerDecision = { cap: number } | { cap: null };

export class LayerGuard {
	readonly #options: LayerGuardOptions;
	/** The spatial layer the consumer forwards now (null: none yet). */
	#current: number | null = null;
	/** The last move up, while on probation. */
	#upgrade: { layer: number; at: number } | null = null;
	#failures = 0;
	#hold: { cap: number; until: number } | null = null;

	constructor(options: LayerGuardOptions = LAYER_GUARD_DEFAULTS) {
		this.#options = options;
	}

	/** The cap in force, and until when (ms, the clock's). */
	get hold(): { cap: number; until: number } | null {
		return this.#hold;
	}

	/**
	 * The consumer forwards spatial layer `layer` now (null: nothing, e.g.
	 * paused or the host's video stopped; not a move). Returns a cap to apply,
	 * or null: nothing to change.
	 */
	onLayer(layer: number | null, now: number): LayerDecision | null {
		if (layer === null || layer === this.#current) return null;
		const previous = this.#current;
		this.#current = layer;
		const upgrade = this.#upgrade;
		if (upgrade && now - upgrade.at > this.#options.probationMs) {
			// It held: the path carries it.
			this.#upgrade = null;
			this.#failures = 0;
		}
		if (previous === null || layer > previous) {
			this.#upgrade = { layer, at: now };
			return null;
		}
		if (!this.#upgrade || layer >= this.#upgrade.layer) return null;
		// Back below the layer it moved up to, within its probation: that layer is out of reach for a while.
		const cap = this.#upgrade.layer - 1;
		this.#upgrade = null;
		this.#failures++;
		const holdMs = Math.min(this.#options.maxHoldMs, this.#options.baseHoldMs * 2 ** (this.#failures - 1));
		this.#hold = { cap, until: now + holdMs };
		return { cap };
	}

	/** The hold is over at `now` (call at hold.until): the cap is lifted and mediasoup may try higher again. */
	expire(now: number): LayerDecision | null {
		if (!this.#hold || now < this.#hold.until) return null;
		this.#hold = null;
		return { cap: null };
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
 * Watch a simulcast consumer of `spatialLayers` layers: after an upgrade
 * that did not hold, its preferred spatial layer is kept below the failed one
 * until the hold is over (the temporal layer is left to mediasoup).
 */
export function guardLayers(
	consumer: GuardedConsumer,
	spatialLayers: number,
	log: { debug(fields: object, message: string): void },
	options: LayerGuardOptions = LAYER_GUARD_DEFAULTS,
): void {
	const guard = new LayerGuard(options);
	let timer: ReturnType<typeof setTimeout> | null = null;
	const apply = (decision: LayerDecision | null): void => {
		if (!decision || consumer.closed) return;
		if (timer) clearTimeout(timer);
		timer = null;
		const hold = guard.hold;
		if (hold) {
			timer = setTimeout(() => apply(guard.expire(Date.now())), Math.max(0, hold.until - Date.now()));
			timer.unref();
		}
		log.debug({ consumerId: consumer.id, cap: decision.cap, untilMs: hold ? hold.until - Date.now() : null }, decision.cap === null ? 'layer hold over' : 'an upgrade did not hold: keeping the viewer below it');
		// A consumer closing meanwhile refuses: nothing left to guard.
		consumer.setPreferredLayers({ spatialLayer: decision.cap ?? spatialLayers - 1 }).catch(() => undefined);
	};
	consumer.on('layerschange', (layers) => apply(guard.onLayer(layers?.spatialLayer ?? null, Date.now())));
	consumer.observer.once('close', () => {
		if (timer) clearTimeout(timer);
	});
}
