import { buildQosState, QOS_MAX_VIEWER_ROWS, type QosHost, type QosReport } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { hostLayers, hostTotals, summaryVerdict, viewerLayerLabel, viewersWithoutRow } from './qosView.ts';

const NOW = 1_800_000_000_000;
const send: NonNullable<QosReport['send']> = {
	layers: [
		{ rid: 'r0', active: true, width: 320, height: 180, fps: 30, kbps: 140 },
		{ rid: 'r1', active: true, width: 640, height: 360, fps: 30, kbps: 480 },
		// The browser stopped the top layer (bandwidth): no size to tell.
		{ rid: 'r2', active: false, width: 0, height: 0, fps: 0, kbps: 0 },
	],
	limitation: 'bandwidth',
	choice: 'standard',
};
const host = (over: Partial<QosHost> = {}): QosHost => ({ peerId: 'h', name: 'Rina', quality: 'fair', send, scores: [10, 10, 0], ...over });

describe('hostLayers', () => {
	it('lists the layers top first, each by its short side, sent and arriving or not', () => {
		expect(hostLayers(host()).map((l) => [l.label, l.through, l.kbps, l.score])).toEqual([
			['r2', false, 0, 0],
			['360p', true, 480, 10],
			['180p', true, 140, 10],
		]);
	});

	it('without the host’s report, shows the layers mediasoup receives by number', () => {
		expect(hostLayers(host({ send: null, quality: null, scores: [10, 9, 0] })).map((l) => [l.label, l.through, l.kbps])).toEqual([
			['L3', false, null],
			['L2', true, null],
			['L1', true, null],
		]);
	});

	it('marks a layer the browser sends but the server does not receive as not getting through', () => {
		expect(hostLayers(host({ scores: [10, 0, 0] }))[1]).toMatchObject({ label: '360p', through: false });
	});
});

describe('hostTotals', () => {
	it('adds up the layers that are on', () => {
		expect(hostTotals(host())).toEqual({ kbps: 620, fps: 30 });
		expect(hostTotals(host({ send: null }))).toBeNull();
	});
});

describe('viewerLayerLabel', () => {
	it('names the layer mediasoup forwards, the viewer’s own picture, the layer number or nothing', () => {
		const state = buildQosState(NOW, { peerId: 'h', name: 'Rina', report: { at: NOW, report: { quality: 'good', send } }, scores: [10, 10, 0] }, [
			{ peerId: 'a', name: 'Ana', role: 'buyer', report: null, video: { spatialLayer: 1, score: 10 } },
			{ peerId: 'b', name: 'Budi', role: 'buyer', report: null, video: { spatialLayer: 2, score: 10 } },
			{ peerId: 'c', name: 'Citra', role: 'buyer', report: null, video: null },
		]);
		const label = (id: string) => viewerLayerLabel(state.viewers.find((v) => v.peerId === id)!, state.host);
		expect(label('a')).toBe('360p');
		expect(label('b')).toBe('L3');
		expect(label('c')).toBe('–');
	});
});

describe('summaryVerdict and viewersWithoutRow', () => {
	it('colours the line by the host when it is the problem, else by the worst viewer', () => {
		const viewer = (name: string, quality: QosReport['quality']) => ({
			peerId: name,
			name,
			role: 'buyer' as const,
			report: { at: NOW, report: { quality } },
			video: null,
		});
		const h = { peerId: 'h', name: 'Rina', report: null, scores: [10] };
		expect(summaryVerdict(buildQosState(NOW, { ...h, scores: [2] }, []))).toBe('poor');
		expect(summaryVerdict(buildQosState(NOW, h, [viewer('a', 'fair')]))).toBe('fair');
		expect(summaryVerdict(buildQosState(NOW, h, [viewer('a', 'fair'), viewer('b', 'poor')]))).toBe('poor');
		expect(summaryVerdict(buildQosState(NOW, h, [viewer('a', 'good')]))).toBe('good');
		expect(summaryVerdict(buildQosState(NOW, null, []))).toBe('unknown');
		const crowd = buildQosState(NOW, h, Array.from({ length: QOS_MAX_VIEWER_ROWS + 3 }, (_, i) => viewer(`v${i}`, 'good')));
		expect(viewersWithoutRow(crowd)).toBe(3);
		expect(viewersWithoutRow(buildQosState(NOW, h, [viewer('a', 'good')]))).toBe(0);
	});
});
