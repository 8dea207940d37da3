import { qosReportSchema, type HostQualityChoice, type QosReport } from '@gladi/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import './linkSampler.ts'; // loaded up front, as the monitor will: its dynamic import then resolves at once on the fake clock
import { QualityMonitor, type LinkQualityState, type MonitoredMedia, type StatsProvider } from './qualityMonitor.ts';
import type { StatsReportLike } from './rtcStats.ts';

/*
 * The monitor's schedule and bookkeeping, on a fake clock, with producers
 * and consumers whose getStats() give Chromium-shaped reports of a 720p
 * simulcast camera (counters growing with the clock) that can be told to
 * hit a bandwidth limit.
 */

type Stats = Record<string, unknown>;
const report = (stats: Stats[]): StatsReportLike => new Map(stats.map((s) => [s['id'] as string, s]));

/** A host camera sending r0..r2 at 30 fps; `limited`: Chromium pauses 720p for bandwidth. */
class FakeCamera implements StatsProvider {
	limited = false;
	calls = 0;
	readonly id: string;
	constructor(id: string) {
		this.id = id;
	}
	getStats(): Promise<StatsReportLike> {
		this.calls++;
		const now = Date.now();
		const s = now / 1000;
		const layers = [
			{ rid: 'r0', height: 180, bps: 150_000 },
			{ rid: 'r1', height: 360, bps: 500_000 },
			{ rid: 'r2', height: 720, bps: 1_500_000 },
		];
		const stats: Stats[] = layers.flatMap(({ rid, height, bps }) => {
			const paused = this.limited && rid === 'r2';
			return [
				{
					id: `OT${rid}`,
					type: 'outbound-rtp',
					kind: 'video',
					timestamp: now,
					rid,
					active: true,
					bytesSent: Math.round((s * bps) / 8),
					packetsSent: Math.round(s * 100),
					framesEncoded: Math.round(s * 30),
					frameWidth: (height * 16) / 9,
					frameHeight: height,
					qualityLimitationReason: this.limited ? 'bandwidth' : 'none',
					...(paused ? {} : { targetBitrate: bps }),
					remoteId: `RI${rid}`,
				},
				{ id: `RI${rid}`, type: 'remote-inbound-rtp', kind: 'video', localId: `OT${rid}`, packetsLost: 0, totalRoundTripTime: s * 0.02, roundTripTimeMeasurements: Math.round(s) },
			];
		});
		stats.push({ id: 'CP', type: 'candidate-pair', nominated: true, state: 'succeeded', availableOutgoingBitrate: this.limited ? 480_000 : 3_500_000, currentRoundTripTime: 0.02 });
		return Promise.resolve(report(stats));
	}
}

/** A viewer's video consumer at 30 fps; `lossy`: 20% of packets lost. */
class FakeVideoConsumer implements StatsProvider {
	lossy = false;
	#lost = 0;
	#received = 0;
	#last = Date.now();
	readonly id: string;
	constructor(id: string) {
		this.id = id;
	}
	getStats(): Promise<StatsReportLike> {
		const now = Date.now();
		const packets = Math.round(((now - this.#last) / 1000) * 100);
		this.#last = now;
		const lost = this.lossy ? Math.round(packets * 0.2) : 0;
		this.#lost += lost;
		this.#received += packets - lost;
		const s = now / 1000;
		return Promise.resolve(
			report([
				{
					id: 'IT',
					type: 'inbound-rtp',
					kind: 'video',
					mid: '0',
					timestamp: now,
					bytesReceived: Math.round((s * 500_000) / 8),
					packetsReceived: this.#received,
					packetsLost: this.#lost,
					framesDecoded: Math.round(s * 30),
					frameWidth: 640,
					frameHeight: 360,
					freezeCount: 0,
					totalFreezesDuration: 0,
				},
				{ id: 'CP', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.03 },
			]),
		);
	}
}

/** Run the fake clock in 100 ms steps until `done()` (at most `maxMs`); the time it took. */
async function advanceUntil(done: () => boolean, maxMs = 20_000): Promise<number> {
	const start = Date.now();
	while (!done()) {
		if (Date.now() - start > maxMs) throw new Error(`not within ${maxMs} ms`);
		await vi.advanceTimersByTimeAsync(100);
	}
	return Date.now() - start;
}

const unusedTransport: StatsProvider = { getStats: () => Promise.reject(new Error('the consumer\'s report has the ICE pair')) };

describe('QualityMonitor', () => {
	let media: MonitoredMedia;
	let choice: HostQualityChoice;
	let monitor: QualityMonitor;
	let reports: Array<{ at: number; report: QosReport }>;
	let changes: LinkQualityState[];

	beforeEach(() => {
		vi.useFakeTimers({ now: 1_800_000_000_000 });
		media = { send: null, receive: null };
		choice = 'standard';
		monitor = new QualityMonitor({ media: () => media, choice: () => choice });
		reports = [];
		changes = [];
		monitor.on('report', (report) => reports.push({ at: Date.now(), report }));
		monitor.on('change', (state) => changes.push(state));
	});
	afterEach(() => {
		monitor.stop();
		vi.useRealTimers();
	});

	it('reports the host\'s sending 1 s after the producer appears, then every 2 s, in the shape the server accepts', async () => {
		const camera = new FakeCamera('p1');
		media = { send: { producer: camera, transport: unusedTransport }, receive: null };
		const started = Date.now();
		monitor.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(monitor.state.send).toEqual({ quality: 'good', issue: null });
		expect(reports).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(7_000);
		expect(reports.map((r) => r.at - started)).toEqual([1_000, 3_000, 5_000, 7_000]);
		for (const { report } of reports) expect(qosReportSchema.parse(report)).toEqual(report);
		expect(reports[1]!.report).toEqual({
			quality: 'good',
			send: {
				layers: [
					{ rid: 'r0', active: true, width: 320, height: 180, fps: 30, kbps: 150 },
					{ rid: 'r1', active: true, width: 640, height: 360, fps: 30, kbps: 500 },
					{ rid: 'r2', active: true, width: 1280, height: 720, fps: 30, kbps: 1500 },
				],
				limitation: 'none',
				availableKbps: 3500,
				rttMs: 20,
				lossPct: 0,
				choice: 'standard',
			},
		});
	});

	it('tells a bandwidth limit within 3 s of it showing (the window after a bad one is 1 s), and recovers after four good windows', async () => {
		const camera = new FakeCamera('p1');
		media = { send: { producer: camera, transport: unusedTransport }, receive: null };
		monitor.start();
		await vi.advanceTimersByTimeAsync(5_500);
		camera.limited = true;
		expect(await advanceUntil(() => monitor.state.send?.quality === 'fair')).toBeLessThanOrEqual(3_000);
		expect(monitor.state.send).toEqual({ quality: 'fair', issue: 'bandwidth' });
		expect(reports.at(-1)!.report.quality).toBe('fair');
		expect(reports.at(-1)!.report.send!.layers[2]!.active).toBe(false);

		camera.limited = false;
		const recovery = await advanceUntil(() => monitor.state.send?.quality === 'good');
		expect(recovery).toBeGreaterThanOrEqual(6_000);
		expect(recovery).toBeLessThanOrEqual(9_000);
		// good (going live) -> fair -> good: nothing in between.
		expect(changes.map((c) => c.send?.quality)).toEqual(['good', 'fair', 'good']);
	});

	it('expects two layers on Hemat data: 720p off is no news there', async () => {
		const camera = new FakeCamera('p1');
		const saverStats = camera.getStats.bind(camera);
		// The choice switched r2 off: inactive encoding, no target.
		camera.getStats = async () => {
			const stats = [...((await saverStats()) as Map<string, Stats>).values()].map((s) =>
				s['rid'] === 'r2' ? { ...s, active: false, targetBitrate: undefined, bytesSent: 0, framesEncoded: 0 } : s,
			);
			return report(stats);
		};
		choice = 'saver';
		media = { send: { producer: camera, transport: unusedTransport }, receive: null };
		monitor.start();
		await vi.advanceTimersByTimeAsync(9_000);
		expect(reports.length).toBeGreaterThan(3);
		expect(reports.every((r) => r.report.quality === 'good' && r.report.send?.choice === 'saver')).toBe(true);
		expect(reports.at(-1)!.report.send!.layers.map((l) => l.active)).toEqual([true, true, false]);
	});

	it('starts over from good with a new producer (after a reconnection), and is idle while not live', async () => {
		const first = new FakeCamera('p1');
		first.limited = true;
		media = { send: { producer: first, transport: unusedTransport }, receive: null };
		monitor.start();
		await advanceUntil(() => monitor.state.send?.quality === 'fair');
		media = { send: null, receive: null };
		await vi.advanceTimersByTimeAsync(2_000);
		expect(monitor.state).toEqual({ send: null, receive: null });
		const second = new FakeCamera('p2');
		media = { send: { producer: second, transport: unusedTransport }, receive: null };
		const reportsBefore = reports.length;
		await vi.advanceTimersByTimeAsync(2_000);
		expect(monitor.state.send).toEqual({ quality: 'good', issue: null });
		// The new producer's baseline, then its first window 1 s later.
		await vi.advanceTimersByTimeAsync(1_000);
		expect(reports.length).toBe(reportsBefore + 1);
	});

	it('reports a viewer\'s reception and shows loss on its link', async () => {
		const video = new FakeVideoConsumer('c1');
		media = { send: null, receive: { video, audio: null, transport: unusedTransport } };
		monitor.start();
		await vi.advanceTimersByTimeAsync(3_000);
		expect(monitor.state).toEqual({ send: null, receive: { quality: 'good', issue: null } });
		expect(reports.at(-1)!.report).toMatchObject({ quality: 'good', receive: { width: 640, height: 360, fps: 30, kbps: 500, lossPct: 0, rttMs: 30 } });
		video.lossy = true;
		expect(await advanceUntil(() => monitor.state.receive?.quality === 'poor')).toBeLessThanOrEqual(3_000);
		expect(monitor.state.receive).toEqual({ quality: 'poor', issue: 'loss' });
		expect(qosReportSchema.parse(reports.at(-1)!.report).receive!.lossPct).toBe(20);
	});

	it('keeps sampling after a failed getStats (a producer closing under it), and stops cleanly', async () => {
		const camera = new FakeCamera('p1');
		const working = camera.getStats.bind(camera);
		let failures = 2;
		camera.getStats = () => (failures-- > 0 ? Promise.reject(new Error('closed')) : working());
		media = { send: { producer: camera, transport: unusedTransport }, receive: null };
		monitor.start();
		await vi.advanceTimersByTimeAsync(8_000);
		expect(reports.length).toBeGreaterThan(0);
		monitor.stop();
		expect(monitor.state).toEqual({ send: null, receive: null });
		expect(changes.at(-1)).toEqual({ send: null, receive: null });
		const calls = camera.calls;
		const count = reports.length;
		await vi.advanceTimersByTimeAsync(10_000);
		expect(camera.calls).toBe(calls);
		expect(reports.length).toBe(count);
		expect(vi.getTimerCount()).toBe(0);
	});
});
