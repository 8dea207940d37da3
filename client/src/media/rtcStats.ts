import type { ReceiveSample, SendSample, SentLayerCounters } from '@gladi/shared/linkQuality';

/*
 * WebRTC stats reports (RTCStatsReport, as producer/consumer/transport
 * getStats() give them) read into the plain counters linkQuality.ts works on.
 * Fields a browser does not report stay undefined (Safari has no
 * qualityLimitationReason or targetBitrate, Firefox no freezeCount).
 */

/** The part of RTCStatsReport read here (a Map of stats dictionaries by id). */
export interface StatsReportLike {
	forEach(callback: (stats: Record<string, unknown>) => void): void;
}

type Stats = Record<string, unknown>;

function entries(report: StatsReportLike): Stats[] {
	const out: Stats[] = [];
	report.forEach((s) => out.push(s));
	return out;
}

const num = (s: Stats | undefined, key: string): number | undefined => {
	const v = s?.[key];
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const str = (s: Stats | undefined, key: string): string | undefined => {
	const v = s?.[key];
	return typeof v === 'string' ? v : undefined;
};

/** The ICE pair in use: the transport's selected one, else the nominated pair that succeeded. */
function selectedPair(all: Stats[]): Stats | undefined {
	const selectedId = all.map((s) => (s['type'] === 'transport' ? str(s, 'selectedCandidatePairId') : undefined)).find(Boolean);
	return (
		all.find((s) => s['type'] === 'candidate-pair' && s['id'] === selectedId) ??
		all.find((s) => s['type'] === 'candidate-pair' && s['nominated'] === true && s['state'] === 'succeeded')
	);
}

/** Whether the report has the ICE pair (Chromium's sender/receiver reports do; otherwise the transport's is read). */
export function hasCandidatePair(report: StatsReportLike): boolean {
	return entries(report).some((s) => s['type'] === 'candidate-pair');
}

/**
 * The host's camera: its outbound-rtp layers (by rid) with the server's
 * remote-inbound-rtp for each, and the ICE pair's estimate and round trip.
 * `transport`: the send transport's report, read for the ICE pair when the
 * producer's own report lacks it. Null before the first layer is reported.
 */
export function readSendSample(producer: StatsReportLike, transport?: StatsReportLike): SendSample | null {
	const all = entries(producer);
	const outbound = all.filter((s) => s['type'] === 'outbound-rtp' && s['kind'] === 'video');
	if (outbound.length === 0) return null;
	const layers = outbound.map((s): SentLayerCounters => {
		const remote = all.find((r) => r['type'] === 'remote-inbound-rtp' && (r['localId'] === s['id'] || r['id'] === s['remoteId']));
		const encodingIndex = num(s, 'encodingIndex');
		return {
			rid: str(s, 'rid') ?? (encodingIndex !== undefined ? `r${encodingIndex}` : ''),
			active: s['active'] !== false,
			bytesSent: num(s, 'bytesSent') ?? 0,
			packetsSent: num(s, 'packetsSent') ?? 0,
			framesEncoded: num(s, 'framesEncoded') ?? 0,
			width: num(s, 'frameWidth') ?? 0,
			height: num(s, 'frameHeight') ?? 0,
			targetBitrate: num(s, 'targetBitrate'),
			limitation: str(s, 'qualityLimitationReason'),
			packetsLost: num(remote, 'packetsLost'),
			totalRoundTripTime: num(remote, 'totalRoundTripTime'),
			roundTripTimeMeasurements: num(remote, 'roundTripTimeMeasurements'),
		};
	});
	const pair = selectedPair(all) ?? (transport ? selectedPair(entries(transport)) : undefined);
	return {
		at: num(outbound[0], 'timestamp') ?? Date.now(),
		layers,
		availableOutgoingBitrate: num(pair, 'availableOutgoingBitrate'),
		currentRoundTripTime: num(pair, 'currentRoundTripTime'),
	};
}

/**
 * A viewer: the video consumer's inbound-rtp, the audio consumer's
 * concealment and the receive transport's ICE pair (round trip). Null
 * without a video inbound-rtp.
 */
export function readReceiveSample(video: StatsReportLike, audio?: StatsReportLike, transport?: StatsReportLike): ReceiveSample | null {
	const all = entries(video);
	// mediasoup's bandwidth probe arrives as an inbound stream of its own (mid "probator"): not the host's video.
	const inbound = all.find((s) => s['type'] === 'inbound-rtp' && s['kind'] === 'video' && s['mid'] !== 'probator');
	if (!inbound) return null;
	const audioInbound = audio ? entries(audio).find((s) => s['type'] === 'inbound-rtp' && s['kind'] === 'audio') : undefined;
	const pair = selectedPair(all) ?? (transport ? selectedPair(entries(transport)) : undefined);
	return {
		at: num(inbound, 'timestamp') ?? Date.now(),
		video: {
			bytesReceived: num(inbound, 'bytesReceived') ?? 0,
			packetsReceived: num(inbound, 'packetsReceived') ?? 0,
			packetsLost: num(inbound, 'packetsLost') ?? 0,
			framesDecoded: num(inbound, 'framesDecoded') ?? 0,
			width: num(inbound, 'frameWidth') ?? 0,
			height: num(inbound, 'frameHeight') ?? 0,
			freezeCount: num(inbound, 'freezeCount') ?? 0,
			totalFreezesDuration: num(inbound, 'totalFreezesDuration') ?? 0,
			jitter: num(inbound, 'jitter'),
		},
		audio: audioInbound
			? { concealedSamples: num(audioInbound, 'concealedSamples') ?? 0, totalSamplesReceived: num(audioInbound, 'totalSamplesReceived') ?? 0 }
			: null,
		currentRoundTripTime: num(pair, 'currentRoundTripTime'),
	};
}
