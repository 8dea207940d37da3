import { describe, expect, it } from 'vitest';
import { QOS_MAX_VIEWER_ROWS, QOS_REPORT_STALE_MS, type QosReport, type QosState } from '../protocol/qos.ts';
import {
	buildQosState,
	hostVerdict,
	isFresh,
	qosSummary,
	receivedShortSide,
	scoreQuality,
	viewerVerdict,
	worstOf,
	type QosHostInput,
	type QosViewerInput,
} from './qosState.ts';

const NOW = 1_800_000_000_000;

const send: NonNullable<QosReport['send']> = {
	layers: [
		{ rid: 'r0', active: true, width: 320, height: 180, fps: 30, kbps: 140 },
		{ rid: 'r1', active: true, width: 640, height: 360, fps: 30, kbps: 480 },
		{ rid: 'r2', active: true, width: 1280, height: 720, fps: 30, kbps: 1400 },
	],
	limitation: 'none',
	rttMs: 20,
	lossPct: 0,
	choice: 'standard',
};
const receive = (over: Partial<NonNullable<QosReport['receive']>> = {}): NonNullable<QosReport['receive']> => ({
	width: 640,
	height: 360,
	fps: 30,
	kbps: 480,
	lossPct: 0,
	freezeCount: 0,
	freezeMs: 0,
	...over,
});

function host(over: Partial<QosHostInput> = {}): QosHostInput {
	return { peerId: 'h', name: 'Rina', report: { at: NOW - 1_000, report: { quality: 'good', send } }, scores: [10, 10, 10], ...over };
}

function viewer(name: string, over: Partial<QosViewerInput> & { quality?: QosReport['quality']; receive?: NonNullable<QosReport['receive']> } = {}): QosViewerInput {
	const { quality = 'good', receive: rx = receive(), ...rest } = over;
	return {
		peerId: `p-${name}`,
		name,
		role: 'buyer',
		report: { at: NOW - 500, report: { quality, receive: rx } },
		video: { spatialLayer: 1, score: 10 },
		...rest,
	};
}

describe('isFresh', () => {
	it('takes a report up to QOS_REPORT_STALE_MS old, and not a missing one', () => {
		const report: QosReport = { quality: 'good' };
		expect(isFresh({ at: NOW - QOS_REPORT_STALE_MS, report }, NOW)).toBe(true);
		expect(isFresh({ at: NOW - QOS_REPORT_STALE_MS - 1, report }, NOW)).toBe(false);
		expect(isFresh(null, NOW)).toBe(false);
		expect(isFresh(undefined, NOW)).toBe(false);
	});
});

describe('verdicts', () => {
	it('reads mediasoup scores: 0-4 poor, 5-7 fair, 8-10 good', () => {
		expect([0, 4, 5, 7, 8, 10].map((s) => scoreQuality(s))).toEqual(['poor', 'poor', 'fair', 'fair', 'good', 'good']);
		expect(scoreQuality(null)).toBeNull();
	});

	it('takes the worst of what is known, unknown when nothing is', () => {
		expect(worstOf('good', 'fair')).toBe('fair');
		expect(worstOf(null, 'poor', 'good')).toBe('poor');
		expect(worstOf(null, null)).toBe('unknown');
		expect(worstOf()).toBe('unknown');
	});

	it('judges the host by their own verdict and the best layer mediasoup receives', () => {
		const state = (over: Partial<QosHostInput>) => buildQosState(NOW, host(over), []).host!;
		expect(hostVerdict(state({}))).toBe('good');
		// The browser dropped the top layer (score 0): the best one still arrives clean.
		expect(hostVerdict(state({ scores: [10, 9, 0] }))).toBe('good');
		expect(hostVerdict(state({ scores: [3, 2, 0] }))).toBe('poor');
		expect(hostVerdict(state({ report: { at: NOW, report: { quality: 'fair', send } } }))).toBe('fair');
		expect(hostVerdict(state({ report: null, scores: [] }))).toBe('unknown');
		expect(hostVerdict(state({ report: null, scores: [10] }))).toBe('good');
	});

	it('judges a viewer by their own verdict and their consumer’s score', () => {
		const row = (over: Parameters<typeof viewer>[1]) => buildQosState(NOW, null, [viewer('a', over)]).viewers[0]!;
		expect(viewerVerdict(row({}))).toBe('good');
		expect(viewerVerdict(row({ quality: 'poor' }))).toBe('poor');
		expect(viewerVerdict(row({ video: { spatialLayer: 0, score: 6 } }))).toBe('fair');
		expect(viewerVerdict(row({ report: null, video: null }))).toBe('unknown');
	});
});

describe('buildQosState', () => {
	it('merges each report with what mediasoup sees', () => {
		const state = buildQosState(NOW, host(), [viewer('Ana', { video: { spatialLayer: 2, score: 9 } })]);
		expect(state).toEqual({
			at: NOW,
			host: { peerId: 'h', name: 'Rina', quality: 'good', send, scores: [10, 10, 10] },
			viewers: [{ peerId: 'p-Ana', name: 'Ana', role: 'buyer', quality: 'good', spatialLayer: 2, score: 9, receive: receive() }],
			viewerTotals: { poor: 0, fair: 0, unknown: 0, good: 1 },
		});
	});

	it('shows a stale report as unknown, and keeps what mediasoup sees now', () => {
		const old = { at: NOW - QOS_REPORT_STALE_MS - 1 };
		const state = buildQosState(NOW, host({ report: { ...old, report: { quality: 'poor', send } } }), [
			viewer('Ana', { report: { ...old, report: { quality: 'poor', receive: receive() } } }),
		]);
		expect(state.host).toMatchObject({ quality: null, send: null, scores: [10, 10, 10] });
		expect(state.viewers[0]).toMatchObject({ quality: null, receive: null, spatialLayer: 1, score: 10 });
		expect(state.viewerTotals.good).toBe(1);
	});

	it('has no host while none is in, and viewers without video or report', () => {
		const state = buildQosState(NOW, null, [viewer('Ana', { report: null, video: null })]);
		expect(state.host).toBeNull();
		expect(state.viewers[0]).toMatchObject({ quality: null, spatialLayer: null, score: null, receive: null });
		expect(state.viewerTotals).toEqual({ poor: 0, fair: 0, unknown: 1, good: 0 });
	});

	it('puts problems on top: poor, then fair, then unknown, then good; longer freezes and more loss first; then by name', () => {
		const state = buildQosState(NOW, host(), [
			viewer('Gita'),
			viewer('Budi', { report: null, video: null }),
			viewer('Citra', { quality: 'fair' }),
			viewer('Dewi', { quality: 'poor', receive: receive({ freezeMs: 200 }) }),
			viewer('Eka', { quality: 'poor', receive: receive({ freezeMs: 4_000 }) }),
			viewer('Fajar', { video: { spatialLayer: 0, score: 3 } }),
			viewer('Hana', { receive: receive({ lossPct: 2 }) }),
			viewer('Adi'),
		]);
		expect(state.viewers.map((v) => v.name)).toEqual(['Eka', 'Dewi', 'Fajar', 'Citra', 'Budi', 'Hana', 'Adi', 'Gita']);
		expect(state.viewerTotals).toEqual({ poor: 3, fair: 1, unknown: 1, good: 3 });
	});

	it(`sends at most ${QOS_MAX_VIEWER_ROWS} rows, the worst ones, and counts everyone`, () => {
		const many = Array.from({ length: QOS_MAX_VIEWER_ROWS + 10 }, (_, i) => viewer(`v${String(i).padStart(3, '0')}`));
		many.push(viewer('zz-slow', { quality: 'poor' }));
		const state = buildQosState(NOW, host(), many);
		expect(state.viewers).toHaveLength(QOS_MAX_VIEWER_ROWS);
		expect(state.viewers[0]!.name).toBe('zz-slow');
		expect(state.viewerTotals).toEqual({ poor: 1, fair: 0, unknown: 0, good: QOS_MAX_VIEWER_ROWS + 10 });
	});
});

describe('qosSummary', () => {
	const summary = (h: QosHostInput | null, viewers: QosViewerInput[]) => qosSummary(buildQosState(NOW, h, viewers));

	it('says the host’s signal is weak before anything about viewers (their trouble follows from it)', () => {
		expect(summary(host({ scores: [2, 1, 0] }), [viewer('Ana', { quality: 'poor' })])).toEqual({ kind: 'host_weak' });
		expect(summary(host({ report: { at: NOW, report: { quality: 'fair', send } } }), [viewer('Ana')])).toEqual({ kind: 'host_weak' });
	});

	it('counts the viewers whose own connection is weak while the host is fine', () => {
		expect(summary(host(), [viewer('Ana', { quality: 'poor' }), viewer('Budi', { quality: 'fair' }), viewer('Citra')])).toEqual({
			kind: 'viewers_weak',
			count: 2,
		});
		expect(summary(null, [viewer('Ana', { quality: 'poor' })])).toEqual({ kind: 'viewers_weak', count: 1 });
	});

	it('says all is well, or that the host is not in, or that nothing is measured yet', () => {
		expect(summary(host(), [viewer('Ana'), viewer('Budi', { report: null, video: null })])).toEqual({ kind: 'all_good' });
		expect(summary(host(), [])).toEqual({ kind: 'all_good' });
		expect(summary(null, [viewer('Ana')])).toEqual({ kind: 'no_host' });
		expect(summary(host({ report: null, scores: [] }), [viewer('Ana', { report: null, video: null })])).toEqual({ kind: 'waiting' });
	});

	it('counts viewers past the rows sent', () => {
		const many = Array.from({ length: QOS_MAX_VIEWER_ROWS + 5 }, (_, i) => viewer(`v${i}`, { quality: 'poor' }));
		const state: QosState = buildQosState(NOW, host(), many);
		expect(qosSummary(state)).toEqual({ kind: 'viewers_weak', count: QOS_MAX_VIEWER_ROWS + 5 });
	});
});

describe('receivedShortSide', () => {
	it('names the host layer mediasoup forwards, else what the viewer decodes, by its short side', () => {
		const state = buildQosState(NOW, host(), [
			viewer('Ana', { video: { spatialLayer: 0, score: 10 } }),
			viewer('Budi', { video: { spatialLayer: null, score: 10 }, receive: receive({ width: 720, height: 1280 }) }),
			viewer('Citra', { report: null, video: { spatialLayer: 2, score: 10 } }),
			viewer('Dewi', { report: null, video: null }),
		]);
		const side = (name: string) => receivedShortSide(state.viewers.find((v) => v.name === name)!, state.host);
		expect(side('Ana')).toBe(180);
		expect(side('Budi')).toBe(720);
		expect(side('Citra')).toBe(720);
		expect(side('Dewi')).toBeNull();
		// Without the host's report the layer's size is unknown: only the viewer's own decode tells it.
		expect(receivedShortSide(state.viewers.find((v) => v.name === 'Ana')!, null)).toBe(360);
	});
});
