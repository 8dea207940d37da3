/**
 * A small seeded PRNG (mulberry32) with the helpers the crowd needs. The crowd
 * never touches Math.random: every choice comes from here, so a seed replays
 * a rehearsal exactly.
 */

/** Spread nearby seeds (1, 2, 3...) over the whole 32-bit space (splitmix32 finaliser). */
export function hashSeed(seed: number): number {
	let h = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
	h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
	return (h ^ (h >>> 15)) >>> 0;
}

export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = hashSeed(seed);
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform in [min, max). */
	float(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** Uniform integer in [min, max] (inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	/** A non-negative real as a whole count with the right expectation: 2.3 -> 2 or 3 (30%). */
	roundChance(x: number): number {
		if (!(x > 0)) return 0;
		const whole = Math.floor(x);
		return whole + (this.chance(x - whole) ? 1 : 0);
	}

	pick<T>(items: readonly T[]): T | undefined {
		return items.length === 0 ? undefined : items[Math.floor(this.next() * items.length)];
	}

	/** One key chosen with probability proportional to its (non-negative) weight; undefined if all are 0. */
	weighted<K extends string>(weights: Partial<Record<K, number>>): K | undefined {
		const entries = (Object.entries(weights) as [K, number | undefined][]).filter(
			(e): e is [K, number] => typeof e[1] === 'number' && e[1] > 0,
		);
		const total = entries.reduce((sum, [, w]) => sum + w, 0);
		if (total <= 0) return undefined;
		let r = this.next() * total;
		for (const [key, w] of entries) {
			r -= w;
			if (r < 0) return key;
		}
		return entries[entries.length - 1]?.[0];
	}

	/** k distinct items in random order (all of them if k >= length). */
	sample<T>(items: readonly T[], k: number): T[] {
		const copy = [...items];
		const n = Math.min(k, copy.length);
		for (let i = 0; i < n; i++) {
			const j = i + Math.floor(this.next() * (copy.length - i));
			[copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
		}
		return copy.slice(0, n);
	}
}
