/**
 * A quantity that halves every `halfLifeMs` of virtual time: engagement after
 * a pin or an answer, a mentor's viewer spike. Read and changed at a given
 * time, so it never depends on how often anyone looks at it.
 */
export class Fading {
	private value = 0;
	private since = 0;
	private readonly halfLifeMs: number;
	private readonly min: number;
	private readonly max: number;

	constructor(halfLifeMs: number, min = -Infinity, max = Infinity) {
		this.halfLifeMs = halfLifeMs;
		this.min = min;
		this.max = max;
	}

	at(time: number): number {
		return this.value * 0.5 ** ((time - this.since) / this.halfLifeMs);
	}

	add(time: number, delta: number): void {
		this.value = Math.min(this.max, Math.max(this.min, this.at(time) + delta));
		this.since = time;
	}

	reset(time: number): void {
		this.value = 0;
		this.since = time;
	}
}
