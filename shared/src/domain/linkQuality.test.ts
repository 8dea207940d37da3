import { describe, expect, it } from 'vitest';
import { qosReportSchema, receiveReportSchema, sendReportSchema, type HostQualityChoice, type LinkQuality, type SendReport } from '../protocol/qos.ts';
import recordedRuns from './linkQuality.recorded.json' with { type: 'json' };
import {
	classifyReceive,
	classifySend,
	QualityHysteresis,
	ReceiveJudge,
	receiveWindow,
	SendJudge,
	sendWindow,
	type ReceiveSample,
	type ReceiveWindow,
	type SendSample,
	type SentLayerCounters,
	type Verdict,
} from './linkQuality.ts';

// --- recorded runs (see linkQuality.recorded.json: "recorded" and each run's "about") ---------

interface RecordedSample {
	t: number;
	phase: string;
	send: SendSample | null;
	receive: ReceiveSample | null;
}

const RECORDED = recordedRuns as unknown as {
	layerFields: string[];
	videoFields: string[];
	runs: Record<string, { samples: unknown[][] }>;
};

function recorded(run: 'standard' | 'saver' | 'loopback'): RecordedSample[] {
	const zip = (fields: string[], values: unknown[]) => Object.fromEntries(fields.map((f, i) => [f, values[i] ?? undefined]));
	return RECORDED.runs[run]!.samples.map((row) => {
		const [t, phase, sendAt, available, rtt, layers, receiveAt, video, audio, receiveRtt] = row as [
			number,
			string,
			number | null,
			number | null,
			number | null,
			unknown[][] | null,
			number | null,
			unknown[] | null,
			[number, number] | null,
			number | null,
		];
		return {
			t,
			phase,
			send:
				sendAt === null || !layers
					? null
					: {
							at: sendAt,
							layers: layers.map((l) => zip(RECORDED.layerFields, l) as unknown as SentLayerCounters),
							availableOutgoingBitrate: available ?? undefined,
							currentRoundTripTime: rtt ?? undefined,
						},
			receive:
				receiveAt === null || !video
					? null
					: {
							at: receiveAt,
							video: zip(RECORDED.videoFields, video) as unknown as NonNullable<ReceiveSample['video']>,
							audio: audio ? { concealedSamples: audio[0], totalSamplesReceived: audio[1] } : null,
							currentRoundTripTime: receiveRtt ?? undefined,
						},
		};
	});
}

interface Shown {
	t: number;
	phase: string;
	quality: LinkQuality;
	issue: string | null;
}

/**
 * The recorded run through what QualityMonitor does: a sample every 2 s, 1 s
 * after a window worse than shown, each window classified and filtered.
 * `offset` starts the clock at another recorded sample (the stats are read
 * about every second), so both phases of the 2 s clock are covered.
 */
function replay(samples: RecordedSample[], side: 'send' | 'receive', choice: HostQualityChoice = 'standard', offset = 0): Shown[] {
	const filter = new QualityHysteresis<string>();
	const judge = new ReceiveJudge();
	let sendJudge: SendJudge | null = null;
	const shown: Shown[] = [];
	let last: RecordedSample | null = null;
	let next = samples[offset]!.t;
	for (const sample of samples.slice(offset)) {
		if (sample.t + 100 < next) continue;
		if (sample.send) sendJudge ??= new SendJudge(sample.send.at);
		const window = last && side === 'send' && last.send && sample.send ? sendWindow(last.send, sample.send, choice) : null;
		const received = last && side === 'receive' && last.receive && sample.receive ? receiveWindow(last.receive, sample.receive) : null;
		last = sample;
		const verdict: Verdict<string> | null = window ? sendJudge!.judge(window, sample.send!.at) : received ? judge.judge(received) : null;
		if (verdict) filter.push(verdict);
		shown.push({ t: sample.t, phase: sample.phase, ...filter.shown });
		next = sample.t + (filter.degrading ? 1_000 : 2_000);
	}
	return shown;
}

/** When the shown quality first became `quality` (or worse) after `from`, in ms after `from`. */
function toldAfter(shown: Shown[], from: number, quality: LinkQuality): number | null {
	const rank = { good: 0, fair: 1, poor: 2 };
	const hit = shown.find((s) => s.t >= from && rank[s.quality] >= rank[quality]);
	return hit ? hit.t - from : null;
}

const phaseStart = (samples: RecordedSample[], phase: string): number => samples.find((s) => s.phase === phase)!.t;

/** When Chromium first showed the cap in its stats: the bandwidth limitation and one more layer paused (without targetBitrate). */
function visibleInStats(samples: RecordedSample[], phase: string): number {
	const paused = (s: RecordedSample) => s.send?.layers.filter((l) => l.targetBitrate === undefined).length ?? 0;
	const before = paused(samples.filter((s) => s.t < phaseStart(samples, phase)).at(-1)!);
	return samples.find((s) => s.phase === phase && s.send?.layers.some((l) => l.limitation === 'bandwidth') && paused(s) > before)!.t;
}

const OFFSETS = [0, 1];

describe('the host on a weak uplink (recorded: Chromium, tc tbf on the host\'s uplink)', () => {
	const run = recorded('standard');

	it.each(OFFSETS)('stays good on a free link (clock offset %i)', (offset) => {
		const shown = replay(run, 'send', 'standard', offset).filter((s) => s.phase === 'normal');
		expect(shown.length).toBeGreaterThan(4);
		expect(shown.every((s) => s.quality === 'good')).toBe(true);
		const loopback = replay(recorded('loopback'), 'send', 'standard', offset);
		expect(loopback.every((s) => s.quality === 'good')).toBe(true);
	});

	it.each(OFFSETS)('is told "weak signal" within 5 s of the 600 kbit/s cap showing in the stats (clock offset %i)', (offset) => {
		const shown = replay(run, 'send', 'standard', offset);
		const visible = visibleInStats(run, 'host600');
		// The cap shows within a second or two (720p paused, qualityLimitationReason "bandwidth").
		expect(visible - phaseStart(run, 'host600')).toBeLessThan(2_500);
		const told = toldAfter(shown, visible, 'fair');
		expect(told).not.toBeNull();
		expect(told!).toBeLessThanOrEqual(5_000);
		// Weak signal for the rest of the cap; "poor" only while Chromium is down to 180p at its start.
		const during = shown.filter((s) => s.phase === 'host600' && s.t >= visible + told!);
		expect(during.every((s) => s.quality !== 'good' && s.issue === 'bandwidth')).toBe(true);
		expect(during.at(-1)!.quality).toBe('fair');
	});

	it.each(OFFSETS)('is told "poor" within 5 s of the 250 kbit/s cap, where only the 180p layer is left (clock offset %i)', (offset) => {
		const shown = replay(run, 'send', 'standard', offset);
		const visible = visibleInStats(run, 'host250');
		const told = toldAfter(shown, visible, 'poor');
		expect(told).not.toBeNull();
		expect(told!).toBeLessThanOrEqual(5_000);
		expect(shown.filter((s) => s.phase === 'host250' && s.t >= visible + told!).every((s) => s.quality === 'poor' && s.issue === 'bandwidth')).toBe(true);
	});

	it.each(OFFSETS)('recovers once Chromium sends 720p again, and the indicator changes only a handful of times (clock offset %i)', (offset) => {
		const shown = replay(run, 'send', 'standard', offset);
		// Chromium's estimate climbs back over ~25 s after the cap goes; then it is good again, and stays so.
		const freed = phaseStart(run, 'hostfree');
		const backToGood = shown.find((s) => s.t > freed && s.quality === 'good')!;
		expect(backToGood.t - freed).toBeLessThan(40_000);
		expect(shown.filter((s) => s.t >= backToGood.t).every((s) => s.quality === 'good')).toBe(true);
		// Sparse: a handful of changes over 80 s of shaping, each shown for seconds.
		const changes = shown.filter((s, i) => i > 0 && s.quality !== shown[i - 1]!.quality);
		expect(changes.length).toBeGreaterThanOrEqual(4);
		expect(changes.length).toBeLessThanOrEqual(5);
		const dwellMs = changes.slice(1).map((c, i) => c.t - changes[i]!.t);
		expect(Math.min(...dwellMs)).toBeGreaterThan(3_000);
	});

	it.each(OFFSETS)('on Hemat data, 600 kbit/s is enough (good) and 250 kbit/s is poor within 5 s (clock offset %i)', (offset) => {
		const saver = recorded('saver');
		const shown = replay(saver, 'send', 'saver', offset);
		expect(shown.filter((s) => s.phase === 'normal' || s.phase === 'host600').every((s) => s.quality === 'good')).toBe(true);
		const told = toldAfter(shown, visibleInStats(saver, 'host250'), 'poor');
		expect(told).not.toBeNull();
		expect(told!).toBeLessThanOrEqual(5_000);
	});

	it('reports every window in the shape the server accepts', () => {
		for (const [name, choice] of [['standard', 'standard'], ['saver', 'saver'], ['loopback', 'standard']] as const) {
			const samples = recorded(name);
			for (let i = 1; i < samples.length; i++) {
				const before = samples[i - 1]!.send;
				const after = samples[i]!.send;
				if (!before || !after) continue;
				const send = sendWindow(before, after, choice)!;
				expect(sendReportSchema.safeParse(send).success).toBe(true);
				expect(qosReportSchema.safeParse({ quality: classifySend(send).quality, send }).success).toBe(true);
			}
		}
	});
});

describe('a viewer (recorded: the same runs, the viewer\'s own link capped last)', () => {
	const run = recorded('standard');

	it.each(OFFSETS)('stays good while the host\'s uplink is capped: the host\'s layer switch is not the viewer\'s link (clock offset %i)', (offset) => {
		const shown = replay(run, 'receive', 'standard', offset);
		const hostPhases = shown.filter((s) => s.phase.startsWith('host') || s.phase === 'normal');
		expect(hostPhases.length).toBeGreaterThan(30);
		expect(hostPhases.every((s) => s.quality === 'good')).toBe(true);
	});

	it.each(OFFSETS)('is told within 5 s of a 400 kbit/s cap on its own downlink, and 150 kbit/s stays weak (clock offset %i)', (offset) => {
		const shown = replay(run, 'receive', 'standard', offset);
		const capped = phaseStart(run, 'view400');
		const told = toldAfter(shown, capped, 'fair');
		expect(told).not.toBeNull();
		expect(told!).toBeLessThanOrEqual(5_000);
		// At 150 kbit/s mediasoup stops the video for seconds at a time, without loss: still weak, the whole phase.
		const at150 = shown.filter((s) => s.phase === 'view150' && s.t > phaseStart(run, 'view150') + 5_000);
		expect(at150.length).toBeGreaterThan(3);
		expect(at150.every((s) => s.quality !== 'good')).toBe(true);
	});

	it('reports every window in the shape the server accepts', () => {
		for (let i = 1; i < run.length; i++) {
			const before = run[i - 1]!.receive;
			const after = run[i]!.receive;
			if (!before || !after) continue;
			const window = receiveWindow(before, after)!;
			expect(receiveReportSchema.safeParse(window.report).success).toBe(true);
		}
	});
});

// --- the pieces, on made-up numbers -------------------------------------------------------

const layer = (rid: string, over: Partial<SentLayerCounters> = {}): SentLayerCounters => ({
	rid,
	active: true,
	bytesSent: 0,
	packetsSent: 0,
	framesEncoded: 0,
	width: 0,
	height: 0,
	...over,
});

describe('sendWindow', () => {
	it('turns cumulative counters into per-window kbps, fps, loss and the averaged round trip', () => {
		const before: SendSample = {
			at: 10_000,
			layers: [
				layer('r0', { bytesSent: 100_000, packetsSent: 1000, framesEncoded: 200, width: 320, height: 180, targetBitrate: 150_000, packetsLost: 5, totalRoundTripTime: 1, roundTripTimeMeasurements: 10 }),
				layer('r1', { bytesSent: 300_000, packetsSent: 2000, framesEncoded: 200, width: 640, height: 360, targetBitrate: 500_000, packetsLost: 5, totalRoundTripTime: 1, roundTripTimeMeasurements: 10 }),
			],
			availableOutgoingBitrate: 3_000_000,
			currentRoundTripTime: 0.5,
		};
		const after: SendSample = {
			at: 12_000,
			layers: [
				// r1 first: layers come out ordered by rid whatever the stats' order.
				layer('r1', { bytesSent: 425_000, packetsSent: 2150, framesEncoded: 260, width: 640, height: 360, targetBitrate: 500_000, packetsLost: 11, totalRoundTripTime: 1.1, roundTripTimeMeasurements: 12, limitation: 'none' }),
				layer('r0', { bytesSent: 137_500, packetsSent: 1050, framesEncoded: 260, width: 320, height: 180, targetBitrate: 150_000, packetsLost: 5, totalRoundTripTime: 1.1, roundTripTimeMeasurements: 12, limitation: 'none' }),
			],
			availableOutgoingBitrate: 2_500_000,
			currentRoundTripTime: 0.5,
		};
		expect(sendWindow(before, after, 'standard')).toEqual({
			layers: [
				{ rid: 'r0', active: true, width: 320, height: 180, fps: 30, kbps: 150 },
				{ rid: 'r1', active: true, width: 640, height: 360, fps: 30, kbps: 500 },
			],
			limitation: 'none',
			availableKbps: 2500,
			// (0.1 + 0.1) s over 4 receiver reports, not the ICE pair's 500 ms
			rttMs: 50,
			// 6 lost of 200 sent
			lossPct: 3,
			choice: 'standard',
		});
	});

	it('takes a layer the browser paused (targetBitrate 0) or the choice switched off as inactive at once', () => {
		const before: SendSample = { at: 0, layers: [layer('r0', { framesEncoded: 100 }), layer('r1', { framesEncoded: 100 }), layer('r2', { framesEncoded: 100 })] };
		const after: SendSample = {
			at: 2_000,
			layers: [
				layer('r0', { framesEncoded: 160, targetBitrate: 120_000, limitation: 'bandwidth' }),
				// Still finishing its last frames, but paused.
				layer('r1', { framesEncoded: 110, targetBitrate: 0, limitation: 'bandwidth' }),
				layer('r2', { active: false, framesEncoded: 100, targetBitrate: 0, limitation: 'none' }),
			],
		};
		const report = sendWindow(before, after, 'saver')!;
		expect(report.layers.map((l) => l.active)).toEqual([true, false, false]);
		expect(report.limitation).toBe('bandwidth');
	});

	it('without targetBitrate (Safari) a layer is active while it encodes frames; a counter that restarted counts from 0', () => {
		const before: SendSample = { at: 0, layers: [layer('r0', { framesEncoded: 100, bytesSent: 900_000 }), layer('r1', { framesEncoded: 100 })] };
		const after: SendSample = { at: 1_000, layers: [layer('r0', { framesEncoded: 30, bytesSent: 10_000 }), layer('r1', { framesEncoded: 100 })] };
		const report = sendWindow(before, after, 'standard')!;
		expect(report.layers).toMatchObject([
			{ rid: 'r0', active: true, fps: 30, kbps: 80 },
			{ rid: 'r1', active: false, fps: 0 },
		]);
		expect(report.limitation).toBe('none');
		expect(report.rttMs).toBeUndefined();
		expect(sendWindow(after, after, 'standard')).toBeNull();
	});
});

describe('receiveWindow', () => {
	const sample = (at: number, over: Partial<NonNullable<ReceiveSample['video']>>, audio: [number, number] = [0, 0]): ReceiveSample => ({
		at,
		video: { bytesReceived: 0, packetsReceived: 0, packetsLost: 0, framesDecoded: 0, width: 640, height: 360, freezeCount: 0, totalFreezesDuration: 0, ...over },
		audio: { concealedSamples: audio[0], totalSamplesReceived: audio[1] },
		currentRoundTripTime: 0.08,
	});

	it('gives the window\'s fps, kbps, loss, freezes and audio concealment', () => {
		const w = receiveWindow(
			sample(0, { bytesReceived: 1_000_000, packetsReceived: 1000, packetsLost: 10, framesDecoded: 300, freezeCount: 1, totalFreezesDuration: 0.5 }, [1000, 96_000]),
			sample(2_000, { bytesReceived: 1_100_000, packetsReceived: 1095, packetsLost: 15, framesDecoded: 340, freezeCount: 3, totalFreezesDuration: 1.7, jitter: 0.012 }, [10_600, 192_000]),
		)!;
		expect(w).toEqual({
			report: { width: 640, height: 360, fps: 20, kbps: 400, lossPct: 5, freezeCount: 3, freezeMs: 1700, jitterMs: 12, rttMs: 80, audioConcealedPct: 10 },
			ms: 2_000,
			freezes: 2,
			freezeMs: 1200,
		});
	});

	it('is null without video on both ends', () => {
		const noVideo: ReceiveSample = { at: 1_000, video: null, audio: null };
		expect(receiveWindow(sample(0, {}), noVideo)).toBeNull();
		expect(receiveWindow(noVideo, sample(2_000, {}))).toBeNull();
	});
});

const sendReport = (over: Partial<SendReport> & { sending?: number } = {}): SendReport => {
	const { sending = 3, ...rest } = over;
	return {
		layers: ['r0', 'r1', 'r2'].map((rid, i) => ({ rid, active: i < sending, width: 320 << i, height: 180 << i, fps: i < sending ? 30 : 0, kbps: i < sending ? 150 : 0 })),
		limitation: 'none',
		availableKbps: 3500,
		rttMs: 40,
		lossPct: 0,
		choice: 'standard',
		...rest,
	};
};

describe('classifySend', () => {
	it.each<[string, Partial<SendReport> & { sending?: number }, Verdict<string>]>([
		['all layers out', {}, { quality: 'good', issue: null }],
		['bandwidth-limited, 720p paused', { limitation: 'bandwidth', sending: 2, availableKbps: 480 }, { quality: 'fair', issue: 'bandwidth' }],
		['bandwidth-limited, only 180p left', { limitation: 'bandwidth', sending: 1, availableKbps: 200 }, { quality: 'poor', issue: 'bandwidth' }],
		['bandwidth-limited on Hemat data with both its layers out', { limitation: 'bandwidth', sending: 2, choice: 'saver', availableKbps: 450 }, { quality: 'fair', issue: 'bandwidth' }],
		['Hemat data, fitting', { sending: 2, choice: 'saver', availableKbps: 700 }, { quality: 'good', issue: null }],
		['cpu-limited', { limitation: 'cpu' }, { quality: 'fair', issue: 'cpu' }],
		['cpu-limited down to one layer', { limitation: 'cpu', sending: 1 }, { quality: 'poor', issue: 'cpu' }],
		['another limitation with 720p paused', { limitation: 'other', sending: 2 }, { quality: 'fair', issue: 'top-layer-dropped' }],
		['no reason reported, low estimate (Safari)', { availableKbps: 500 }, { quality: 'fair', issue: 'bandwidth' }],
		['no reason reported, very low estimate', { availableKbps: 200 }, { quality: 'poor', issue: 'bandwidth' }],
		['3% loss', { lossPct: 3 }, { quality: 'fair', issue: 'loss' }],
		['12% loss', { lossPct: 12 }, { quality: 'poor', issue: 'loss' }],
		['400 ms round trip', { rttMs: 400 }, { quality: 'fair', issue: 'rtt' }],
		['1.2 s round trip', { rttMs: 1200 }, { quality: 'poor', issue: 'rtt' }],
		// The worst finding wins; between equals, the more pressing issue names it.
		['bandwidth-limited with 12% loss', { limitation: 'bandwidth', sending: 2, lossPct: 12 }, { quality: 'poor', issue: 'loss' }],
		['bandwidth-limited with a 400 ms round trip', { limitation: 'bandwidth', sending: 2, rttMs: 400 }, { quality: 'fair', issue: 'bandwidth' }],
	])('%s', (_name, over, verdict) => {
		expect(classifySend(sendReport(over))).toEqual(verdict);
	});
});

describe('SendJudge', () => {
	it('takes the estimate\'s climb after going live for what it is, and a link still weak after it for weak', () => {
		// Seen on this loaded machine: "bandwidth" with 720p paused for the first ~5 s of every live.
		const climbing = sendReport({ limitation: 'bandwidth', sending: 2, availableKbps: 1000 });
		const judge = new SendJudge(10_000);
		const filter = new QualityHysteresis<string>();
		for (const at of [11_000, 13_000, 14_000, 15_000]) {
			expect(judge.judge(climbing, at)).toBeNull();
		}
		expect(filter.push(judge.judge(sendReport(), 17_000)!)).toEqual({ quality: 'good', issue: null });
		// Past the warm-up the same figures are a weak link; loss counts from the start.
		expect(judge.judge(climbing, 16_000)).toEqual({ quality: 'fair', issue: 'bandwidth' });
		expect(new SendJudge(0).judge(sendReport({ lossPct: 12 }), 1_000)).toEqual({ quality: 'poor', issue: 'loss' });
	});
});

describe('classifyReceive and ReceiveJudge', () => {
	const window = (over: Partial<ReceiveWindow['report']> = {}, freezes = 0, freezeMs = 0): ReceiveWindow => ({
		report: { width: 640, height: 360, fps: 20, kbps: 400, lossPct: 0, freezeCount: 0, freezeMs: 0, rttMs: 40, audioConcealedPct: 0, ...over },
		ms: 2_000,
		freezes,
		freezeMs,
	});

	it.each<[string, ReceiveWindow, Verdict<string>]>([
		['smooth', window(), { quality: 'good', issue: null }],
		['4% loss', window({ lossPct: 4 }), { quality: 'fair', issue: 'loss' }],
		['30% loss', window({ lossPct: 30 }), { quality: 'poor', issue: 'loss' }],
		['a grown round trip', window({ rttMs: 320 }), { quality: 'fair', issue: 'rtt' }],
		['a second of freeze with some loss', window({ lossPct: 2 }, 1, 1_300), { quality: 'poor', issue: 'freezes' }],
		['a short freeze with some loss', window({ lossPct: 2 }, 1, 300), { quality: 'fair', issue: 'freezes' }],
		['3 fps with a grown round trip', window({ fps: 3, rttMs: 250 }), { quality: 'poor', issue: 'low-fps' }],
		// Alone in one window, video symptoms may be the host's: not the viewer's link.
		['a freeze without loss', window({}, 1, 1_700), { quality: 'good', issue: null }],
	])('%s', (_name, w, verdict) => {
		expect(classifyReceive(w)).toEqual(verdict);
	});

	it('calls a picture under half the source\'s height low, when the source is known', () => {
		expect(classifyReceive(window({ height: 180 }), { sourceHeight: 720 })).toEqual({ quality: 'fair', issue: 'low-resolution' });
		expect(classifyReceive(window({ height: 360 }), { sourceHeight: 720 })).toEqual({ quality: 'good', issue: null });
		expect(classifyReceive(window({ height: 180 }))).toEqual({ quality: 'good', issue: null });
	});

	it('counts video symptoms without loss once they last 6 s, while the audio arrives', () => {
		const judge = new ReceiveJudge();
		const stalled = window({ fps: 0, kbps: 0 });
		expect(judge.judge(stalled).quality).toBe('good');
		expect(judge.judge(stalled).quality).toBe('good');
		expect(judge.judge(stalled)).toEqual({ quality: 'poor', issue: 'low-fps' });
		// Smooth again: the count starts over.
		expect(judge.judge(window()).quality).toBe('good');
		expect(judge.judge(stalled).quality).toBe('good');
	});

	it('does not blame the viewer while nothing arrives from the host, audio included', () => {
		const judge = new ReceiveJudge();
		const hostGone = window({ fps: 0, kbps: 0, audioConcealedPct: 100 });
		for (let i = 0; i < 6; i++) expect(judge.judge(hostGone).quality).toBe('good');
	});
});

describe('QualityHysteresis', () => {
	const v = (quality: LinkQuality, issue: string | null = quality === 'good' ? null : 'bandwidth'): Verdict<string> => ({ quality, issue });
	const run = (windows: Verdict<string>[]) => {
		const filter = new QualityHysteresis<string>();
		return windows.map((w) => filter.push(w).quality);
	};

	it('ignores one bad window, degrades after two', () => {
		expect(run([v('poor'), v('good'), v('fair'), v('fair'), v('fair')])).toEqual(['good', 'good', 'good', 'fair', 'fair']);
	});

	it('degrades to the milder of the two bad windows, then further on two more', () => {
		expect(run([v('fair'), v('poor'), v('poor'), v('poor')])).toEqual(['good', 'fair', 'fair', 'poor']);
	});

	it('recovers only after four better windows in a row, to the worst of them', () => {
		const windows = [v('poor'), v('poor'), v('good'), v('good'), v('good'), v('poor'), v('good'), v('fair'), v('good'), v('good')];
		expect(run(windows)).toEqual(['good', 'poor', 'poor', 'poor', 'poor', 'poor', 'poor', 'poor', 'poor', 'fair']);
	});

	it('keeps the quality but takes the newer issue from a window as bad, and says when it is about to degrade', () => {
		const filter = new QualityHysteresis<string>();
		filter.push(v('fair', 'bandwidth'));
		expect(filter.degrading).toBe(true);
		filter.push(v('fair', 'bandwidth'));
		expect(filter.degrading).toBe(false);
		const shown = filter.shown;
		expect(filter.push(v('fair', 'bandwidth'))).toBe(shown);
		expect(filter.push(v('fair', 'cpu'))).toEqual(v('fair', 'cpu'));
		filter.push(v('good'));
		expect(filter.degrading).toBe(false);
		filter.reset();
		expect(filter.shown).toEqual(v('good'));
	});
});
