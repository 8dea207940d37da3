import { describe, expect, it } from 'vitest';
import recorded from './rtcStats.recorded.json' with { type: 'json' };
import { hasCandidatePair, readReceiveSample, readSendSample, type StatsReportLike } from './rtcStats.ts';

/** A recorded report as getStats() gives it: a Map of stats by id. */
const report = (stats: Array<Record<string, unknown>>): StatsReportLike => new Map(stats.map((s) => [s['id'] as string, s]));
const without = (stats: Array<Record<string, unknown>>, type: string) => stats.filter((s) => s['type'] !== type);

describe('readSendSample (Chromium, recorded)', () => {
	it('reads the three layers with the server\'s receiver reports and the ICE pair from the producer\'s report', () => {
		const sample = readSendSample(report(recorded.sender))!;
		expect(sample.layers.map((l) => l.rid).sort()).toEqual(['r0', 'r1', 'r2']);
		expect(sample.layers.find((l) => l.rid === 'r2')).toEqual({
			rid: 'r2',
			active: true,
			bytesSent: 494562,
			packetsSent: 487,
			framesEncoded: 115,
			width: 1280,
			height: 720,
			targetBitrate: 1500000,
			limitation: 'none',
			packetsLost: 0,
			totalRoundTripTime: 0.028124,
			roundTripTimeMeasurements: 5,
		});
		expect(sample.availableOutgoingBitrate).toBe(3500000);
		expect(sample.currentRoundTripTime).toBe(0.001);
		expect(sample.at).toBeGreaterThan(1.7e12);
		expect(hasCandidatePair(report(recorded.sender))).toBe(true);
	});

	it('under a 600 kbit/s cap: the camera\'s layers only (not the mic), 720p without targetBitrate, "bandwidth"', () => {
		const sample = readSendSample(report(recorded.cappedHostPeerConnection))!;
		expect(sample.layers).toHaveLength(3);
		const r2 = sample.layers.find((l) => l.rid === 'r2')!;
		expect(r2.targetBitrate).toBeUndefined();
		expect(sample.layers.every((l) => l.limitation === 'bandwidth')).toBe(true);
		expect(sample.availableOutgoingBitrate).toBeLessThan(600_000);
	});

	it('takes the ICE pair from the transport\'s report when the producer\'s lacks it, and is null before any video', () => {
		const bare = report(without(recorded.sender, 'candidate-pair'));
		expect(hasCandidatePair(bare)).toBe(false);
		expect(readSendSample(bare)!.availableOutgoingBitrate).toBeUndefined();
		expect(readSendSample(bare, report(recorded.sender))!.availableOutgoingBitrate).toBe(3500000);
		expect(readSendSample(report(without(recorded.sender, 'outbound-rtp')))).toBeNull();
	});
});

describe('readReceiveSample (Chromium, recorded)', () => {
	it('reads the video consumer\'s inbound stream, the audio\'s concealment and the ICE pair\'s round trip', () => {
		const sample = readReceiveSample(report(recorded.videoReceiver), report(recorded.audioReceiver))!;
		const inbound = recorded.videoReceiver.find((s) => s.type === 'inbound-rtp')!;
		const audio = recorded.audioReceiver.find((s) => s.type === 'inbound-rtp')!;
		expect(sample.video).toEqual({
			bytesReceived: inbound.bytesReceived,
			packetsReceived: inbound.packetsReceived,
			packetsLost: inbound.packetsLost,
			framesDecoded: inbound.framesDecoded,
			width: 1280,
			height: 720,
			freezeCount: inbound.freezeCount,
			totalFreezesDuration: inbound.totalFreezesDuration,
			jitter: inbound.jitter,
		});
		expect(sample.audio).toEqual({ concealedSamples: audio.concealedSamples, totalSamplesReceived: audio.totalSamplesReceived });
		expect(sample.currentRoundTripTime).toBeTypeOf('number');
	});

	it('is not fooled by mediasoup\'s probator stream', () => {
		expect(readReceiveSample(report(recorded.probatorReceiver))).toBeNull();
		const mixed = readReceiveSample(report([...recorded.probatorReceiver, ...recorded.videoReceiver]))!;
		expect(mixed.video!.height).toBe(720);
	});
});
