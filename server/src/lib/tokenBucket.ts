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

	take(now = Date.now()): boolean {
		this.#tokens = this.#level(now);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
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
