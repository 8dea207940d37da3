import { describe, expect, it } from 'vitest';
import { KeyedTokenBuckets, TokenBucket } from './tokenBucket.ts';

/** How many of `n` takes at time `now` succeed. */
function takeMany(bucket: TokenBucket, n: number, now: number): number {
	let granted = 0;
	for (let i = 0; i < n; i++) if (bucket.take(now)) granted++;
	return granted;
}

describe('TokenBucket', () => {
	it('allows a burst of `capacity` at once, then refuses', () => {
		const bucket = new TokenBucket(5, 1, 0);
		expect(takeMany(bucket, 5, 0)).toBe(5);
		expect(bucket.take(0)).toBe(false);
		expect(bucket.take(0)).toBe(false);
	});

	it('refills at `perSecond`', () => {
		const bucket = new TokenBucket(10, 2, 0);
		expect(takeMany(bucket, 10, 0)).toBe(10);
		expect(bucket.take(400)).toBe(false);
		expect(bucket.take(500)).toBe(true);
		expect(bucket.take(500)).toBe(false);
		expect(takeMany(bucket, 10, 1500)).toBe(2);
	});

	it('refills fractional rates exactly', () => {
		const bucket = new TokenBucket(1, 0.5, 0);
		expect(bucket.take(0)).toBe(true);
		expect(bucket.take(1999)).toBe(false);
		expect(bucket.take(2000)).toBe(true);
	});

	it('does not let refused attempts delay the refill', () => {
		const bucket = new TokenBucket(2, 4, 0);
		expect(takeMany(bucket, 2, 0)).toBe(2);
		for (let t = 10; t < 250; t += 10) expect(bucket.take(t)).toBe(false);
		expect(bucket.take(250)).toBe(true);
	});

	it('never holds more than `capacity`, however long it idles', () => {
		const bucket = new TokenBucket(3, 100, 0);
		expect(takeMany(bucket, 100, 3_600_000)).toBe(3);
	});

	it('sustains exactly the refill rate under constant pressure', () => {
		const bucket = new TokenBucket(30, 10, 0);
		let granted = 0;
		for (let t = 0; t <= 10_000; t += 5) if (bucket.take(t)) granted++;
		// the initial burst plus 10 s at 10/s
		expect(granted).toBe(30 + 100);
	});

	it('starts full at construction time', () => {
		const bucket = new TokenBucket(2, 1, 1_000_000);
		expect(takeMany(bucket, 3, 1_000_000)).toBe(2);
	});

	it('does not lock a client out when the clock steps backwards', () => {
		const bucket = new TokenBucket(5, 1, 1_000_000);
		expect(bucket.take(1_000_000)).toBe(true);
		// e.g. an NTP correction of one hour
		expect(bucket.take(1_000_000 - 3_600_000)).toBe(true);
		expect(takeMany(bucket, 5, 1_000_000 - 3_600_000)).toBe(3);
		expect(bucket.take(1_000_000 - 3_600_000 + 1000)).toBe(true);
	});

	it('uses the real clock by default', () => {
		const bucket = new TokenBucket(1, 0.001);
		expect(bucket.take()).toBe(true);
		expect(bucket.take()).toBe(false);
	});

	it('is full again once refilled, like a new bucket', () => {
		const bucket = new TokenBucket(2, 1, 0);
		expect(bucket.isFull(0)).toBe(true);
		bucket.take(0);
		expect(bucket.isFull(500)).toBe(false);
		expect(bucket.isFull(1000)).toBe(true);
	});
});

describe('TokenBucket.take(now, amount)', () => {
	it('takes several tokens at once, or none', () => {
		const bucket = new TokenBucket(30, 10, 0);
		expect(bucket.take(0, 20)).toBe(true);
		expect(bucket.take(0, 20)).toBe(false);
		expect(bucket.take(0, 10)).toBe(true);
		expect(bucket.take(0)).toBe(false);
		expect(bucket.take(1000, 10)).toBe(true);
	});
});

describe('KeyedTokenBuckets', () => {
	it('keeps a bucket per key', () => {
		const buckets = new KeyedTokenBuckets(2, 1);
		expect([buckets.take('a', 0), buckets.take('a', 0), buckets.take('a', 0)]).toEqual([true, true, false]);
		expect(buckets.take('b', 0)).toBe(true);
		expect(buckets.take('a', 1000)).toBe(true);
	});

	it('forgets full buckets once it holds too many keys, and only those', () => {
		const buckets = new KeyedTokenBuckets(1, 1, 3);
		buckets.take('busy', 0);
		buckets.take('x', 0);
		buckets.take('y', 0);
		// At 0.5 s nothing has refilled: all three are kept, the fourth is added.
		buckets.take('z', 500);
		expect(buckets.size).toBe(4);
		// At 5 s they are full again: dropped to make room, except the one just drained.
		buckets.take('busy', 5000);
		buckets.take('w', 5000);
		expect(buckets.size).toBe(2);
		expect(buckets.take('busy', 5000)).toBe(false);
	});
});
