import { describe, expect, test } from 'vitest';
import { PlayoutDelayPolicy, repairDelayMs } from './playoutDelay.ts';

describe('repairDelayMs', () => {
	test('one and a half round trips and 50 ms, between 100 and 500 ms', () => {
		expect(repairDelayMs(150)).toBe(275);
		expect(repairDelayMs(10)).toBe(100);
		expect(repairDelayMs(1_000)).toBe(500);
		expect(repairDelayMs(null)).toBe(350);
	});
});

describe('PlayoutDelayPolicy', () => {
	test('a clean link keeps the browser default', () => {
		const policy = new PlayoutDelayPolicy();
		for (let i = 0; i < 10; i++) expect(policy.next({ at: i * 2_000, nackCount: 0, rttMs: 20 })).toBeNull();
		// A single NACK in two seconds is not a lossy link.
		expect(policy.next({ at: 22_000, nackCount: 1, rttMs: 20 })).toBeNull();
	});

	test('NACKs every second hold video for a repair, until the link has been clean for 30 s', () => {
		const policy = new PlayoutDelayPolicy();
		policy.next({ at: 0, nackCount: 0, rttMs: 150 });
		expect(policy.next({ at: 2_000, nackCount: 30, rttMs: 150 })).toBe(275);
		expect(policy.next({ at: 20_000, nackCount: 30, rttMs: 150 })).toBe(275);
		expect(policy.next({ at: 31_999, nackCount: 30, rttMs: 150 })).toBe(275);
		expect(policy.next({ at: 32_000, nackCount: 30, rttMs: 150 })).toBeNull();
	});

	test('follows a longer round trip at once, a shorter one only by a clear step', () => {
		const policy = new PlayoutDelayPolicy();
		policy.next({ at: 0, nackCount: 0, rttMs: 150 });
		expect(policy.next({ at: 2_000, nackCount: 10, rttMs: 150 })).toBe(275);
		expect(policy.next({ at: 4_000, nackCount: 20, rttMs: 200 })).toBe(350);
		expect(policy.next({ at: 6_000, nackCount: 30, rttMs: 180 })).toBe(350);
		expect(policy.next({ at: 8_000, nackCount: 40, rttMs: 60 })).toBe(140);
	});

	test('a count that starts over (a new receiver) is not read as NACKs', () => {
		const policy = new PlayoutDelayPolicy();
		policy.next({ at: 0, nackCount: 500, rttMs: 50 });
		expect(policy.next({ at: 2_000, nackCount: 0, rttMs: 50 })).toBeNull();
		expect(policy.next({ at: 4_000, nackCount: 1, rttMs: 50 })).toBeNull();
	});
});
