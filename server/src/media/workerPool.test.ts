import { describe, expect, it } from 'vitest';
import { chooseViewerSlot, NoWorkerError, slotLoad, type WorkerLoad, type WorkerSlot } from './workerPool.ts';

/** A router's load with fixed figures. */
function load(consumers: number, receivers = 0): WorkerLoad {
	return {
		consumerCount: () => consumers,
		peerCount: () => receivers,
		expectedConsumers: () => Math.max(consumers, receivers * 2),
	};
}

function slot(index: number, loads: WorkerLoad[], closed = false): WorkerSlot {
	return { index, worker: { closed } as WorkerSlot['worker'], webRtcServer: {} as WorkerSlot['webRtcServer'], routers: new Set(loads) };
}

const noEdge = (): boolean => false;

describe('slotLoad', () => {
	it('sums the routers on a worker', () => {
		expect(slotLoad(slot(0, [load(10, 3), load(0, 4)]))).toEqual({ routers: 2, consumers: 10, expectedConsumers: 18, peers: 7 });
	});
});

describe('chooseViewerSlot', () => {
	it('keeps a viewer on the room’s own worker while it has room for two more consumers', () => {
		const origin = slot(0, [load(398)]);
		const other = slot(1, []);
		expect(chooseViewerSlot([origin, other], origin, 400, noEdge)).toBe(origin);
	});

	it('sends the viewer to the least-loaded other worker once the origin is full', () => {
		const origin = slot(0, [load(399)]);
		const busy = slot(1, [load(300)]);
		const idle = slot(2, [load(10)]);
		expect(chooseViewerSlot([origin, busy, idle], origin, 400, noEdge)).toBe(idle);
	});

	it('counts waiting viewers (receivers without consumers yet) as two consumers each', () => {
		const origin = slot(0, [load(0, 200)]);
		const other = slot(1, []);
		expect(chooseViewerSlot([origin, other], origin, 400, noEdge)).toBe(other);
	});

	it('prefers a worker where the room already has an edge router, if it has room', () => {
		const origin = slot(0, [load(400)]);
		const withEdge = slot(1, [load(200)]);
		const idle = slot(2, []);
		expect(chooseViewerSlot([origin, withEdge, idle], origin, 400, (s) => s === withEdge)).toBe(withEdge);
		const fullEdge = slot(1, [load(399)]);
		expect(chooseViewerSlot([origin, fullEdge, idle], origin, 400, (s) => s === fullEdge)).toBe(idle);
	});

	it('spreads the overload evenly when every worker is full, the origin included', () => {
		const origin = slot(0, [load(450)]);
		const other = slot(1, [load(500)]);
		expect(chooseViewerSlot([origin, other], origin, 400, noEdge)).toBe(origin);
		const lighter = slot(1, [load(420)]);
		expect(chooseViewerSlot([origin, lighter], origin, 400, noEdge)).toBe(lighter);
	});

	it('skips dead workers, and fails when none runs', () => {
		const origin = slot(0, [load(400)]);
		const dead = slot(1, [], true);
		expect(chooseViewerSlot([origin, dead], origin, 400, noEdge)).toBe(origin);
		const deadOrigin = slot(0, [], true);
		const alive = slot(1, [load(1000)]);
		expect(chooseViewerSlot([deadOrigin, alive], deadOrigin, 400, noEdge)).toBe(alive);
		expect(() => chooseViewerSlot([slot(0, [], true)], slot(0, [], true), 400, noEdge)).toThrow(NoWorkerError);
	});
});
