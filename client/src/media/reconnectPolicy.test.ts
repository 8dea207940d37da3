import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_DELAYS_MS, ReconnectPolicy } from './reconnectPolicy.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
	let t = start;
	return { now: () => t, advance: (ms) => (t += ms) };
}

/** Values spread evenly over [0, 1) in a scrambled order (the golden-ratio sequence): every part of each jitter range gets used. */
function sweep(): () => number {
	let n = 0;
	return () => (++n * 0.618_033_988_749_895) % 1;
}

function delays(policy: ReconnectPolicy, n: number): Array<number | null> {
	return Array.from({ length: n }, () => policy.nextDelayMs());
}

describe('ReconnectPolicy', () => {
	it('without jitter follows 0, 0.3, 1.2, 2.7, 4.8, 7 s, then every 7 s', () => {
		const policy = new ReconnectPolicy({ jitter: 0, firstAttemptSpreadMs: 0, now: manualClock().now });
		expect(delays(policy, 9)).toEqual([0, 300, 1_200, 2_700, 4_800, 7_000, 7_000, 7_000, 7_000]);
		expect(policy.attempts).toBe(9);
	});

	it('spreads the first attempt over 0..1 s and jitters the others by up to ±50 %, never below 0', () => {
		for (const [random, first, jittered] of [
			[() => 0, 0, 0.5],
			[() => 0.5, 500, 1],
			[() => 0.999_999, 999.999, 1.499_999],
		] as const) {
			const policy = new ReconnectPolicy({ random, now: manualClock().now });
			const [firstDelay, ...rest] = delays(policy, 8);
			expect(firstDelay).toBeCloseTo(first, 2);
			const expected = [...DEFAULT_RECONNECT_DELAYS_MS.slice(1), 7_000, 7_000].map((base) => base * jittered);
			rest.forEach((delay, i) => expect(delay).toBeCloseTo(expected[i]!, 2));
		}
	});

	it('keeps every jittered delay inside its bounds over many outages', () => {
		const random = sweep();
		const firsts: number[] = [];
		for (let outage = 0; outage < 500; outage++) {
			const policy = new ReconnectPolicy({ random, now: manualClock().now });
			const [first, ...rest] = delays(policy, 7) as number[];
			firsts.push(first!);
			expect(first).toBeGreaterThanOrEqual(0);
			expect(first).toBeLessThan(1_000);
			rest.forEach((delay, i) => {
				const base = [...DEFAULT_RECONNECT_DELAYS_MS.slice(1), 7_000][i]!;
				expect(delay).toBeGreaterThanOrEqual(base * 0.5);
				expect(delay).toBeLessThanOrEqual(base * 1.5);
			});
		}
		// Spread, not clustered: each tenth of the first second gets some of the 500 first attempts.
		const tenths = new Set(firsts.map((d) => Math.floor(d / 100)));
		expect(tenths.size).toBe(10);
	});

	it('never goes below 0 even with a jitter over 100 %', () => {
		const policy = new ReconnectPolicy({ jitter: 3, random: () => 0, now: manualClock().now });
		expect(delays(policy, 4).slice(1)).toEqual([0, 0, 0]);
	});

	it('gives up once attempts have failed for 2 minutes', () => {
		const clock = manualClock();
		const policy = new ReconnectPolicy({ random: sweep(), now: clock.now });
		let waited = 0;
		for (;;) {
			const delay = policy.nextDelayMs();
			if (delay === null) break;
			clock.advance(delay);
			waited += delay;
			expect(waited).toBeLessThan(2 * 60_000 + 10_500);
		}
		expect(waited).toBeGreaterThanOrEqual(2 * 60_000);
		// 5 quick attempts, then about one every 7 s.
		expect(policy.attempts).toBeGreaterThan(15);
		expect(policy.attempts).toBeLessThan(30);
		// Once given up, it stays given up until reset.
		expect(policy.nextDelayMs()).toBeNull();
	});

	it('counts time spent in attempts towards the budget, not only the delays', () => {
		const clock = manualClock();
		const policy = new ReconnectPolicy({ jitter: 0, firstAttemptSpreadMs: 0, giveUpAfterMs: 10_000, now: clock.now });
		expect(policy.nextDelayMs()).toBe(0);
		clock.advance(10_000); // one attempt that hung until its timeout
		expect(policy.nextDelayMs()).toBeNull();
	});

	it('starts over from the first step with a fresh budget after a success', () => {
		const clock = manualClock();
		const policy = new ReconnectPolicy({ jitter: 0, firstAttemptSpreadMs: 0, giveUpAfterMs: 5_000, now: clock.now });
		expect(delays(policy, 3)).toEqual([0, 300, 1_200]);
		clock.advance(4_000);
		policy.reset();
		expect(policy.attempts).toBe(0);
		clock.advance(60_000);
		expect(delays(policy, 2)).toEqual([0, 300]);
		clock.advance(4_999);
		expect(policy.nextDelayMs()).toBe(1_200);
		clock.advance(1);
		expect(policy.nextDelayMs()).toBeNull();
	});
});
