import { describe, expect, test, vi } from 'vitest';
import { guardLayers, LayerGuard } from './layerGuard.ts';

const options = { probationMs: 8_000, baseHoldMs: 30_000, maxHoldMs: 100_000 };

describe('LayerGuard', () => {
	test('moving up and staying there, or down after holding, changes nothing', () => {
		const guard = new LayerGuard(3, options);
		expect(guard.onLayer(0, 0)).toBeNull();
		expect(guard.onLayer(1, 1_000)).toBeNull();
		expect(guard.onLayer(2, 2_000)).toBeNull();
		// Down long after the upgrade: the estimate fell, not a failed try.
		expect(guard.onLayer(1, 60_000)).toBeNull();
		expect(guard.cap).toBeNull();
		expect(guard.nextCheckAt).toBeNull();
	});

	test('an upgrade to the top that falls back within the probation keeps the consumer below it for the hold', () => {
		const guard = new LayerGuard(3, options);
		guard.onLayer(1, 0);
		guard.onLayer(2, 10_000);
		expect(guard.onLayer(1, 13_000)).toEqual({ cap: 1 });
		expect(guard.nextCheckAt).toBe(43_000);
		expect(guard.tick(42_999)).toBeNull();
		expect(guard.tick(43_000)).toEqual({ cap: null });
		expect(guard.nextCheckAt).toBeNull();
	});

	test('the first layer a consumer gets counts as an upgrade: a new viewer on a slow link is kept below it', () => {
		const guard = new LayerGuard(3, options);
		expect(guard.onLayer(2, 0)).toBeNull();
		expect(guard.onLayer(0, 3_000)).toEqual({ cap: 1 });
	});

	test('after a hold the consumer goes back up one layer at a time, each once the one below held', () => {
		const guard = new LayerGuard(3, options);
		guard.onLayer(1, 0);
		expect(guard.onLayer(0, 2_000)).toEqual({ cap: 0 });
		// The hold is over: 360p may be tried again, not 720p at once.
		expect(guard.tick(32_000)).toEqual({ cap: 1 });
		expect(guard.onLayer(1, 35_000)).toBeNull();
		expect(guard.nextCheckAt).toBe(43_000);
		expect(guard.tick(43_000)).toEqual({ cap: null });
	});

	test('each failure in a row holds twice as long, up to the maximum; one that holds starts over', () => {
		const guard = new LayerGuard(2, options);
		let now = 0;
		guard.onLayer(0, now);
		const holds: number[] = [];
		for (let i = 0; i < 4; i++) {
			now += 1_000;
			guard.onLayer(1, now);
			now += 2_000;
			expect(guard.onLayer(0, now)).toEqual({ cap: 0 });
			holds.push(guard.nextCheckAt! - now);
			now = guard.nextCheckAt!;
			expect(guard.tick(now)).toEqual({ cap: null });
		}
		expect(holds).toEqual([30_000, 60_000, 100_000, 100_000]);
		// This time layer 1 holds past its probation; a later failure is a first one again.
		guard.onLayer(1, now + 1_000);
		guard.onLayer(0, now + 20_000);
		guard.onLayer(1, now + 21_000);
		guard.onLayer(0, now + 22_000);
		expect(guard.nextCheckAt! - (now + 22_000)).toBe(30_000);
	});

	test('no layer (paused, the host’s video stopped) is not a move', () => {
		const guard = new LayerGuard(3, options);
		guard.onLayer(0, 0);
		guard.onLayer(2, 1_000);
		expect(guard.onLayer(null, 2_000)).toBeNull();
		expect(guard.onLayer(2, 3_000)).toBeNull();
		expect(guard.cap).toBeNull();
	});

	test('a fall below an earlier layer caps below the one that failed, not lower', () => {
		const guard = new LayerGuard(3, options);
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

	test('caps the consumer after a failed upgrade, then lets it up a layer at a time on its timers', () => {
		vi.useFakeTimers();
		try {
			const fake = fakeConsumer();
			guardLayers(fake.consumer, 3, quiet, options);
			fake.layers(1);
			vi.advanceTimersByTime(1_000);
			fake.layers(0);
			expect(fake.preferred).toEqual([0]);
			vi.advanceTimersByTime(29_999);
			expect(fake.preferred).toEqual([0]);
			vi.advanceTimersByTime(1);
			expect(fake.preferred).toEqual([0, 1]);
			fake.layers(1);
			vi.advanceTimersByTime(8_000);
			expect(fake.preferred).toEqual([0, 1, 2]);
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
