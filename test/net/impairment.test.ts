import { describe, expect, test } from 'vitest';
import { CLEAN_PATH, DeliverySchedule, impairmentOf } from './impairment.ts';

/** A fixed sequence of "random" numbers, repeated. */
function sequence(...values: number[]): () => number {
	let i = 0;
	return () => values[i++ % values.length]!;
}

describe('DeliverySchedule', () => {
	test('a clean path delivers every packet at once', () => {
		const schedule = new DeliverySchedule(sequence(0.99));
		expect([0, 1, 2].map((t) => schedule.deliverAt(t, CLEAN_PATH, false))).toEqual([0, 1, 2]);
	});

	test('an outage drops everything', () => {
		const schedule = new DeliverySchedule(sequence(0.5));
		expect(schedule.deliverAt(0, CLEAN_PATH, true)).toBeNull();
	});

	test('loss drops the packets whose draw falls under the loss share', () => {
		const schedule = new DeliverySchedule(sequence(0.01, 0.049, 0.05, 0.9));
		const path = { ...CLEAN_PATH, lossPercent: 5 };
		expect([0, 1, 2, 3].map((t) => schedule.deliverAt(t, path, false))).toEqual([null, null, 2, 3]);
	});

	test('loss converges on its share over many packets', () => {
		const schedule = new DeliverySchedule();
		const path = { ...CLEAN_PATH, lossPercent: 5 };
		let dropped = 0;
		for (let i = 0; i < 20_000; i++) if (schedule.deliverAt(i, path, false) === null) dropped++;
		expect(dropped / 20_000).toBeGreaterThan(0.04);
		expect(dropped / 20_000).toBeLessThan(0.06);
	});

	test('delay is added to every packet', () => {
		const schedule = new DeliverySchedule(sequence(0.5));
		const path = { ...CLEAN_PATH, delayMs: 75 };
		expect([0, 10].map((t) => schedule.deliverAt(t, path, false))).toEqual([75, 85]);
	});

	test('jitter varies the delay either way but never reorders packets', () => {
		// Draws 1 (max), 0 (min), 0.5 (none): 100+20, 100-20 (held behind the first), 100.
		const schedule = new DeliverySchedule(sequence(1, 0, 0.5));
		const path = { ...CLEAN_PATH, delayMs: 100, jitterMs: 20 };
		expect([0, 5, 50].map((t) => schedule.deliverAt(t, path, false))).toEqual([120, 120, 150]);
	});

	test('jitter larger than the delay never delivers before the packet was sent', () => {
		const schedule = new DeliverySchedule(sequence(0));
		expect(schedule.deliverAt(1000, { ...CLEAN_PATH, delayMs: 5, jitterMs: 50 }, false)).toBe(1000);
	});

	test('in order over many jittered packets, with the mean delay kept', () => {
		const schedule = new DeliverySchedule();
		const path = { ...CLEAN_PATH, delayMs: 75, jitterMs: 10 };
		let last = -Infinity;
		let sum = 0;
		for (let i = 0; i < 5_000; i++) {
			const at = schedule.deliverAt(i * 20, path, false)!;
			expect(at).toBeGreaterThanOrEqual(last);
			last = at;
			sum += at - i * 20;
		}
		// Packets 20 ms apart with +-10 ms are rarely held: the mean stays near 75 ms.
		expect(sum / 5_000).toBeGreaterThan(74);
		expect(sum / 5_000).toBeLessThan(77);
	});
});

describe('impairmentOf', () => {
	test('fills in clean defaults, `both` for either way, per direction overriding it', () => {
		expect(impairmentOf({ both: { delayMs: 75 }, down: { lossPercent: 5 } })).toEqual({
			up: { lossPercent: 0, delayMs: 75, jitterMs: 0 },
			down: { lossPercent: 5, delayMs: 75, jitterMs: 0 },
			outage: false,
		});
		expect(impairmentOf({}).outage).toBe(false);
	});

	test('refuses impossible values', () => {
		expect(() => impairmentOf({ both: { lossPercent: 120 } })).toThrow(/0-100/);
		expect(() => impairmentOf({ up: { delayMs: -1 } })).toThrow(/>= 0/);
		expect(() => impairmentOf({ up: { lossPercent: Number.NaN } })).toThrow(/0-100/);
	});
});
