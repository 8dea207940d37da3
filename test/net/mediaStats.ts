/**
 * What a viewer page receives, sampled in the page and summed up over a
 * watch window: the inbound-rtp video and audio stats of its peer
 * connections (the harness's RTCPeerConnection tracker, window.__pcs) every
 * 250 ms, and every frame the stage video presents (requestVideoFrameCallback),
 * for the longest stall a person saw. Used by the shaped-network tests and
 * the benchmark.
 */
import type { Page } from 'playwright-core';

/** One inbound-rtp stream's counters at one moment (a stream: one peer connection's one report id). */
export interface StreamSample {
	key: string;
	kind: 'video' | 'audio';
	packetsReceived: number;
	packetsLost: number;
	nackCount: number;
	// video
	framesDecoded: number;
	frameWidth: number;
	frameHeight: number;
	freezeCount: number;
	totalFreezesDuration: number;
	// audio
	totalSamplesReceived: number;
	concealedSamples: number;
	silentConcealedSamples: number;
}

export interface ReceiveSample {
	/** Epoch ms (the page's clock: performance.timeOrigin + now). */
	t: number;
	streams: StreamSample[];
	/** The page shows the live as ended (stage-offline) or a connection banner (connection-state). */
	offline: boolean;
	banner: boolean;
}

interface SamplerState {
	samples: ReceiveSample[];
	frames: number[];
	stop: boolean;
}

/** Start sampling in the page (again: starts over). Needs the harness's peer-connection tracker (newContext). */
export function startReceiveSampler(page: Page, intervalMs = 250): Promise<void> {
	return page.evaluate((intervalMs) => {
		const w = window as unknown as { __pcs: RTCPeerConnection[]; __receive?: SamplerState };
		if (w.__receive) w.__receive.stop = true;
		const state: SamplerState = { samples: [], frames: [], stop: false };
		w.__receive = state;
		const epoch = () => performance.timeOrigin + performance.now();
		let watched: HTMLVideoElement | null = null;
		const watch = () => {
			const video = document.querySelector<HTMLVideoElement>('[data-testid="stage-video"]');
			if (!video || video === watched) return;
			watched = video;
			const onFrame = (_now: number, m: VideoFrameCallbackMetadata) => {
				if (state.stop || video !== watched) return;
				// Bounded: 30 fps for an hour.
				if (state.frames.length < 120_000) state.frames.push(performance.timeOrigin + m.expectedDisplayTime);
				video.requestVideoFrameCallback(onFrame);
			};
			video.requestVideoFrameCallback(onFrame);
		};
		const sample = async () => {
			if (state.stop) return;
			watch();
			const streams: StreamSample[] = [];
			for (const [index, pc] of w.__pcs.entries()) {
				if (pc.connectionState === 'closed') continue;
				const report = await pc.getStats();
				report.forEach((s: Record<string, unknown>) => {
					if (s['type'] !== 'inbound-rtp' || (s['kind'] !== 'video' && s['kind'] !== 'audio')) return;
					const n = (name: string) => (typeof s[name] === 'number' ? (s[name] as number) : 0);
					streams.push({
						key: `${index}:${s['id'] as string}`,
						kind: s['kind'],
						packetsReceived: n('packetsReceived'),
						packetsLost: n('packetsLost'),
						nackCount: n('nackCount'),
						framesDecoded: n('framesDecoded'),
						frameWidth: n('frameWidth'),
						frameHeight: n('frameHeight'),
						freezeCount: n('freezeCount'),
						totalFreezesDuration: n('totalFreezesDuration'),
						totalSamplesReceived: n('totalSamplesReceived'),
						concealedSamples: n('concealedSamples'),
						silentConcealedSamples: n('silentConcealedSamples'),
					});
				});
			}
			// Bounded: 4 samples a second for an hour.
			if (state.samples.length < 15_000) {
				state.samples.push({
					t: epoch(),
					streams,
					offline: document.querySelector('[data-testid="stage-offline"]') !== null,
					banner: document.querySelector('[data-testid="connection-state"]') !== null,
				});
			}
			setTimeout(() => void sample(), intervalMs);
		};
		void sample();
	}, intervalMs);
}

export interface ReceiveRecord {
	samples: ReceiveSample[];
	/** Presentation times (epoch ms) of the stage video's frames. */
	frames: number[];
}

export function readReceiveSampler(page: Page): Promise<ReceiveRecord> {
	return page.evaluate(() => {
		const state = (window as unknown as { __receive?: SamplerState }).__receive;
		if (!state) throw new Error('startReceiveSampler was not called on this page');
		return { samples: state.samples, frames: state.frames };
	});
}

export interface ReceiveSummary {
	/** The window summed up, s. */
	seconds: number;
	/** Decoded video frames per second over the window (all video streams). */
	fps: number;
	/** The lowest and the highest decoded frame height seen in the window (0: none). */
	minHeight: number;
	maxHeight: number;
	/** The frame size at the end of the window. */
	width: number;
	height: number;
	/** Share of samples (each 1/4 s) at each decoded height, e.g. {360: 0.9, 180: 0.1}. */
	heights: Record<number, number>;
	/** Chromium's freeze counters (a freeze: a frame later than max(3 x the mean interval, mean + 150 ms)). */
	freezes: number;
	freezeSeconds: number;
	/** freezeSeconds over the window. */
	freezeShare: number;
	/** The longest time between two presented frames on the stage video, ms (Infinity: fewer than 2 frames). */
	longestStallMs: number;
	videoPacketsLost: number;
	videoPacketsReceived: number;
	nacks: number;
	/** Audio samples concealed (lost or late, not silence) over those received. */
	audioConcealedShare: number;
	audioSamplesPerSecond: number;
	/** Some sample showed the live as ended, or a connection banner. */
	sawOffline: boolean;
	sawBanner: boolean;
}

/** The counters' change between the last sample at or before `from` and the last at or before `to` (epoch ms). */
export function summarizeReceive(record: ReceiveRecord, from: number, to: number): ReceiveSummary {
	const inWindow = record.samples.filter((s) => s.t >= from && s.t <= to);
	const before = [...record.samples].reverse().find((s) => s.t <= from) ?? inWindow[0];
	const last = inWindow.at(-1);
	if (!before || !last) throw new Error('no receive samples in the window');
	const seconds = (last.t - before.t) / 1000;
	// Each stream's last counters in the window: a stream that appears in it (a new consumer after a rejoin)
	// counts from zero, one that ends in it counts until its last sample.
	const lastOf = new Map<string, StreamSample>();
	for (const sample of [before, ...inWindow]) for (const stream of sample.streams) lastOf.set(stream.key, stream);
	const delta = (kind: 'video' | 'audio', field: keyof StreamSample) => {
		let sum = 0;
		for (const [key, end] of lastOf) {
			if (end.kind !== kind) continue;
			const start = before.streams.find((s) => s.key === key);
			sum += (end[field] as number) - ((start?.[field] as number | undefined) ?? 0);
		}
		return sum;
	};
	// The decoding stream's size: the video stream with the most frames in each sample.
	const heightOf = (s: ReceiveSample) => {
		const videos = s.streams.filter((x) => x.kind === 'video' && x.frameHeight > 0);
		videos.sort((a, b) => b.framesDecoded - a.framesDecoded);
		return { width: videos[0]?.frameWidth ?? 0, height: videos[0]?.frameHeight ?? 0 };
	};
	const heights: Record<number, number> = {};
	const seen = inWindow.map((s) => heightOf(s).height);
	for (const h of seen) heights[h] = (heights[h] ?? 0) + 1 / seen.length;
	for (const h of Object.keys(heights)) heights[Number(h)] = Math.round(heights[Number(h)]! * 100) / 100;
	const positive = seen.filter((h) => h > 0);
	const frames = record.frames.filter((t) => t >= from && t <= to);
	let longestStallMs = frames.length >= 2 ? 0 : Number.POSITIVE_INFINITY;
	// From the window's start to its first frame, and from its last frame to its end, count as stalls too.
	const edges = frames.length > 0 ? [from, ...frames, to] : [];
	for (let i = 1; i < edges.length; i++) longestStallMs = Math.max(longestStallMs, edges[i]! - edges[i - 1]!);
	const audioReceived = delta('audio', 'totalSamplesReceived');
	const freezeSeconds = delta('video', 'totalFreezesDuration');
	const end = heightOf(last);
	const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
	return {
		seconds: round(seconds),
		fps: round(delta('video', 'framesDecoded') / seconds),
		minHeight: positive.length ? Math.min(...positive) : 0,
		maxHeight: positive.length ? Math.max(...positive) : 0,
		width: end.width,
		height: end.height,
		heights,
		freezes: delta('video', 'freezeCount'),
		freezeSeconds: round(freezeSeconds, 2),
		freezeShare: round(freezeSeconds / seconds, 3),
		longestStallMs: Math.round(longestStallMs),
		videoPacketsLost: delta('video', 'packetsLost'),
		videoPacketsReceived: delta('video', 'packetsReceived'),
		nacks: delta('video', 'nackCount'),
		audioConcealedShare: audioReceived > 0 ? round((delta('audio', 'concealedSamples') - delta('audio', 'silentConcealedSamples')) / audioReceived, 4) : 1,
		audioSamplesPerSecond: Math.round(audioReceived / seconds),
		sawOffline: inWindow.some((s) => s.offline),
		sawBanner: inWindow.some((s) => s.banner),
	};
}

/**
 * When the page decoded video again after `since` (epoch ms): the first
 * presented frame on the stage video after it, or null.
 */
export function firstFrameAfter(record: ReceiveRecord, since: number): number | null {
	return record.frames.find((t) => t > since) ?? null;
}

/** One simulcast layer the page sends now. */
export interface SentLayer {
	rid: string;
	/** The encoding's `active`: false when the page switched the layer off (the host's Hemat data). */
	active: boolean;
	/** Cumulative. */
	bytesSent: number;
	frameWidth: number;
	frameHeight: number;
	framesPerSecond: number;
	/** Why the encoder sends less than asked: 'bandwidth', 'cpu', 'none'. */
	qualityLimitationReason: string;
	/** bits/s since the previous call for this page (0 the first time). */
	bitrate: number;
}

/** The video layers a host page sends (its outbound-rtp video streams), highest first. */
export function sentLayers(page: Page): Promise<SentLayer[]> {
	return page.evaluate(async () => {
		const w = window as unknown as { __pcs: RTCPeerConnection[]; __sentBytes?: Map<string, { bytes: number; t: number }> };
		w.__sentBytes ??= new Map();
		const out: SentLayer[] = [];
		for (const pc of w.__pcs) {
			if (pc.connectionState === 'closed') continue;
			const report = await pc.getStats();
			report.forEach((s: Record<string, unknown>) => {
				if (s['type'] !== 'outbound-rtp' || s['kind'] !== 'video') return;
				const n = (name: string) => (typeof s[name] === 'number' ? (s[name] as number) : 0);
				const id = s['id'] as string;
				const previous = w.__sentBytes!.get(id);
				const now = { bytes: n('bytesSent'), t: n('timestamp') };
				w.__sentBytes!.set(id, now);
				out.push({
					rid: (s['rid'] as string | undefined) ?? '',
					active: s['active'] !== false,
					bytesSent: now.bytes,
					frameWidth: n('frameWidth'),
					frameHeight: n('frameHeight'),
					framesPerSecond: n('framesPerSecond'),
					qualityLimitationReason: (s['qualityLimitationReason'] as string | undefined) ?? 'none',
					bitrate: previous && now.t > previous.t ? Math.round(((now.bytes - previous.bytes) * 8 * 1000) / (now.t - previous.t)) : 0,
				});
			});
		}
		return out.sort((a, b) => b.frameHeight - a.frameHeight);
	});
}
