/** A token bucket: `capacity` requests at once, refilled at `perSecond`. */
export class TokenBucket {
	readonly #capacity: number;
	readonly #perSecond: number;
	#tokens: number;
	#last: number;

	constructor(capacity: number, perSecond: number, now = Date.now()) {
		this.#capacity = capacity;
		this.#perSecond = perSecond;
		this.#tokens = capacity;
		this.#last = now;
	}

	/** Take `amount` tokens if there are that many (else none). */
	take(now = Date.now(), amount = 1): boolean {
		this.#tokens = this.#level(now);
		this.#last = now;
		if (this.#tokens < amount) return false;
		this.#tokens -= amount;
		return true;
	}

	/** Refilled to capacity: the same as a new bucket. */
	isFull(now = Date.now()): boolean {
		return this.#level(now) >= this.#capacity;
	}

	#level(now: number): number {
		// A clock stepping backwards (NTP) refills nothing rather than draining the bucket.
		const elapsed = Math.max(0, now - this.#last);
		return Math.min(this.#capacity, this.#tokens + (elapsed / 1000) * this.#perSecond);
	}
}

/**
 * A TokenBucket per key (an address, a room and an address...), made on
 * first use. Past `maxKeys` the full ones are dropped (they are the same as
 * new ones), so memory stays bounded by the keys that are actually busy.
 */
export class KeyedTokenBuckets {
	readonly #capacity: number;
	readonly #perSecond: number;
	readonly #maxKeys: number;
	readonly #buckets = new Map<string, TokenBucket>();

	constructor(capacity: number, perSecond: number, maxKeys = 10_000) {
		this.#capacity = capacity;
		this.#perSecond = perSecond;
		this.#maxKeys = maxKeys;
	}

	take(key: string, now = Date.now()): boolean {
		let bucket = this.#buckets.get(key);
		if (!bucket) {
			if (this.#buckets.size >= this.#maxKeys) {
				for (const [k, b] of this.#buckets) if (b.isFull(now)) this.#buckets.delete(k);
			}
			bucket = new TokenBucket(this.#capacity, this.#perSecond, now);
			this.#buckets.set(key, bucket);
		}
		return bucket.take(now);
	}

	get size(): number {
		return this.#buckets.size;
	}
}
