import { describe, expect, test, vi } from 'vitest';
import { guardLayers, LayerGuard } from './layerGuard.ts';

const options = { probationMs: 8_000, baseHoldMs: 30_000, maxHoldMs: 100_000 };

describe('LayerGuard', () => {
	test('moving up and staying there, or down after holding, changes nothing', () => {
		const guard = new LayerGuard(options);
		expect(guard.onLayer(0, 0)).toBeNull();
		expect(guard.onLayer(1, 1_000)).toBeNull();
		expect(guard.onLayer(2, 2_000)).toBeNull();
		// Down long after the upgrade: the estimate fell, not a failed try.
		expect(guard.onLayer(1, 60_000)).toBeNull();
		expect(guard.hold).toBeNull();
	});

	test('an upgrade that falls back within the probation keeps the consumer below that layer for the hold', () => {
		const guard = new LayerGuard(options);
		guard.onLayer(1, 0);
		guard.onLayer(2, 10_000);
		expect(guard.onLayer(1, 13_000)).toEqual({ cap: 1 });
		expect(guard.hold).toEqual({ cap: 1, until: 43_000 });
		expect(guard.expire(42_999)).toBeNull();
		expect(guard.expire(43_000)).toEqual({ cap: null });
		expect(guard.hold).toBeNull();
	});

	test('the first layer a consumer gets counts as an upgrade: a new viewer on a slow link is kept below it', () => {
		const guard = new LayerGuard(options);
		expect(guard.onLayer(2, 0)).toBeNull();
		expect(guard.onLayer(0, 3_000)).toEqual({ cap: 1 });
	});

	test('each failure in a row holds twice as long, up to the maximum; one that holds starts over', () => {
		const guard = new LayerGuard(options);
		let now = 0;
		guard.onLayer(0, now);
		const holds: number[] = [];
		for (let i = 0; i < 4; i++) {
			now += 1_000;
			guard.onLayer(1, now);
			now += 2_000;
			guard.onLayer(0, now);
			holds.push(guard.hold!.until - now);
			now = guard.hold!.until;
			guard.expire(now);
		}
		expect(holds).toEqual([30_000, 60_000, 100_000, 100_000]);
		// This time layer 1 holds past its probation; a later failure is a first one again.
		guard.onLayer(1, now + 1_000);
		guard.onLayer(0, now + 20_000);
		guard.onLayer(1, now + 21_000);
		guard.onLayer(0, now + 22_000);
		expect(guard.hold!.until - (now + 22_000)).toBe(30_000);
	});

	test('no layer (paused, the host’s video stopped) is not a move', () => {
		const guard = new LayerGuard(options);
		guard.onLayer(0, 0);
		guard.onLayer(2, 1_000);
		expect(guard.onLayer(null, 2_000)).toBeNull();
		expect(guard.onLayer(2, 3_000)).toBeNull();
		expect(guard.hold).toBeNull();
	});

	test('a fall below an earlier layer caps below the one that failed, not lower', () => {
		const guard = new LayerGuard(options);
		guard.onLayer(0, 0);
		guard.onLayer(2, 1_000);
		expect(guard.onLayer(0, 2_000)).toEqual({ cap: 1 });
	});
});

describe('guardLayers', () => {
	/** A consumer as the guard sees it: layer changes in, preferred layers out. */
	function fakeConsumer() {
		const layerListeners: Array<(layers?: { spatialLayer: number }) => void> = [];
		const closeListeners: Array<() => void> = [];
		const preferred: number[] = [];
		return {
			consumer: {
				id: 'c1',
				closed: false,
				on: (_event: 'layerschange', listener: (layers?: { spatialLayer: number }) => void) => layerListeners.push(listener),
				observer: { once: (_event: 'close', listener: () => void) => closeListeners.push(listener) },
				setPreferredLayers: async ({ spatialLayer }: { spatialLayer: number }) => {
					preferred.push(spatialLayer);
				},
			},
			layers: (spatialLayer?: number) => layerListeners.forEach((l) => l(spatialLayer === undefined ? undefined : { spatialLayer })),
			close: () => closeListeners.forEach((l) => l()),
			preferred,
		};
	}
	const quiet = { debug: () => undefined };

	test('caps the consumer after a failed upgrade and lifts the cap to the top layer when the hold is over', () => {
		vi.useFakeTimers();
		try {
			const fake = fakeConsumer();
			guardLayers(fake.consumer, 3, quiet, options);
			fake.layers(1);
			vi.advanceTimersByTime(1_000);
			fake.layers(2);
			vi.advanceTimersByTime(2_000);
			fake.layers(1);
			expect(fake.preferred).toEqual([1]);
			vi.advanceTimersByTime(29_999);
			expect(fake.preferred).toEqual([1]);
			vi.advanceTimersByTime(1);
			expect(fake.preferred).toEqual([1, 2]);
		} finally {
			vi.useRealTimers();
		}
	});

	test('a consumer that closes during a hold is left alone', () => {
		vi.useFakeTimers();
		try {
			const fake = fakeConsumer();
			guardLayers(fake.consumer, 3, quiet, options);
			fake.layers(2);
			fake.layers(0);
			fake.close();
			vi.advanceTimersByTime(60_000);
			expect(fake.preferred).toEqual([1]);
		} finally {
			vi.useRealTimers();
		}
	});
});
