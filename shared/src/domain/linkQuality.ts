import { SAVER_TOP_LAYER, type HostQualityChoice, type LinkQuality, type ReceiveReport, type SendLimitation, type SendReport, type SentLayer } from '../protocol/qos.ts';

/*
 * Connection quality from WebRTC stats, as pure functions: cumulative
 * counters sampled every few seconds become per-window figures (kbps, fps,
 * loss %, freezes), each window gets a verdict (good/fair/poor and why), and
 * a hysteresis keeps the indicator sparse: it degrades after a couple of bad
 * windows and recovers only after several good ones.
 *
 * Thresholds are measured on this machine's Chromium with the host's uplink
 * capped by tc tbf (docs in linkQuality.test.ts): at 600 kbit/s Chromium
 * reports qualityLimitationReason "bandwidth" and pauses the 720p layer
 * (its targetBitrate disappears) within a second of the cap; at 250 kbit/s it pauses
 * the 360p layer too and the estimate falls to ~200 kbit/s.
 */

/** Why the host's sending is not good, the most pressing first (a tie between criteria names the first). */
export const SEND_ISSUES = ['bandwidth', 'cpu', 'loss', 'rtt', 'top-layer-dropped'] as const;
export type SendIssue = (typeof SEND_ISSUES)[number];

/** Why a viewer's reception is not good, the most pressing first. */
export const RECEIVE_ISSUES = ['loss', 'freezes', 'low-fps', 'rtt', 'low-resolution'] as const;
export type ReceiveIssue = (typeof RECEIVE_ISSUES)[number];

export interface Verdict<Issue extends string> {
	quality: LinkQuality;
	/** What made it fair or poor; null when good. */
	issue: Issue | null;
}

export const GOOD: Verdict<never> = { quality: 'good', issue: null };

export const LINK_THRESHOLDS = {
	/** Share of packets lost in a window. NACK/RTX hide a few percent; from ~10% the picture breaks up (GCC backs off from 10% too). */
	lossPct: { fair: 3, poor: 10 },
	/** Round trip. A phone on 4G to a server in the region sees 40-150 ms; 300 ms means a queue builds up on the way. */
	rttMs: { fair: 300, poor: 1_000 },
	/**
	 * The host's send-side estimate (candidate-pair availableOutgoingBitrate),
	 * for browsers without qualityLimitationReason (Safari): where Chromium
	 * reports one, it agrees. Measured: ~470-650 kbit/s at a 600 kbit/s cap
	 * (Chromium has paused 720p), ~190-250 at 250 (only 180p left), 3500 on a
	 * free link; Hemat data sends ~450 and estimates 500-1000 at the 600 cap.
	 */
	availableKbps: { fair: { standard: 600, saver: 300 } satisfies Record<HostQualityChoice, number>, poor: 250 },
	/** A viewer's frame rate: a phone camera gives 24-30 fps (15 in the dark, 20 from Chromium's fake camera). */
	fps: { fair: 12, poor: 5 },
	/** Freeze time (inbound-rtp totalFreezesDuration) in one window: any freeze is fair, a second of it poor. */
	freezeMs: { fair: 1, poor: 1_000 },
	/**
	 * Video symptoms (freezes, low fps) count against the viewer's own link at
	 * once with evidence from that link: some loss or a grown round trip.
	 * Without it they may come from the host: its layer switch froze every
	 * viewer for up to ~5 s in the capped runs. So they count only after
	 * `videoOnlyAfterMs`, and not while the audio is gone too (the host is
	 * away; a viewer who is offline sees the reconnecting banner). mediasoup
	 * fits a slow viewer's stream to its link by dropping layers and frames,
	 * even stopping the video, without loss: only this rule catches that.
	 */
	evidence: { lossPct: 1, rttMs: 200 },
	videoOnlyAfterMs: 6_000,
	/** Audio concealed at least this much: nothing arrives from the host at all. */
	audioGonePct: 80,
	/**
	 * A new producer's first seconds: Chromium starts its estimate at 1 Mbit/s
	 * (videoGoogleStartBitrate) and says "bandwidth", with 720p paused, until
	 * it has climbed: within 0.5 s on an idle machine, ~5 s on this loaded one.
	 * A weak link is still weak after it.
	 */
	sendWarmupMs: 6_000,
} as const;

// --- counters, as read from getStats ------------------------------------------

/** One outbound video layer (outbound-rtp, plus the server's remote-inbound-rtp for it), cumulative. */
export interface SentLayerCounters {
	rid: string;
	/** The encoding's `active`: false when the host's quality choice switched the layer off. */
	active: boolean;
	bytesSent: number;
	packetsSent: number;
	framesEncoded: number;
	/** 0 when not reported (the layer has not sent a frame yet). */
	width: number;
	height: number;
	/** What the encoder aims at now (Chromium); absent (or 0) while the browser pauses the layer (bandwidth or CPU). */
	targetBitrate?: number | undefined;
	/** RTCOutboundRtpStreamStats.qualityLimitationReason. */
	limitation?: string | undefined;
	/** From the server's receiver reports (remote-inbound-rtp). */
	packetsLost?: number | undefined;
	totalRoundTripTime?: number | undefined;
	roundTripTimeMeasurements?: number | undefined;
}

/** The host's video sending at one moment. */
export interface SendSample {
	/** ms (the stats' own timestamp) */
	at: number;
	layers: SentLayerCounters[];
	/** bit/s, candidate-pair availableOutgoingBitrate */
	availableOutgoingBitrate?: number | undefined;
	/** s, candidate-pair currentRoundTripTime */
	currentRoundTripTime?: number | undefined;
}

/** A viewer's reception of the host's video (and audio) at one moment, cumulative. */
export interface ReceiveSample {
	at: number;
	video: {
		bytesReceived: number;
		packetsReceived: number;
		packetsLost: number;
		framesDecoded: number;
		width: number;
		height: number;
		freezeCount: number;
		/** s */
		totalFreezesDuration: number;
		/** s */
		jitter?: number | undefined;
	} | null;
	audio: { concealedSamples: number; totalSamplesReceived: number } | null;
	/** s, candidate-pair currentRoundTripTime */
	currentRoundTripTime?: number | undefined;
}

// --- windows: figures between two samples ---------------------------------------

const round1 = (n: number): number => Math.round(n * 10) / 10;
const clamp = (n: number, max: number): number => Math.min(Math.max(n, 0), max);
/** Growth of a cumulative counter; a counter that went back (a new stream) counts from 0. */
const growth = (before: number, after: number): number => (after >= before ? after - before : after);
const kbpsOf = (bytes: number, seconds: number): number => clamp(round1((bytes * 8) / 1000 / seconds), 100_000);
const pctOf = (part: number, whole: number): number => (whole > 0 ? clamp(round1((part / whole) * 100), 100) : 0);

/**
 * The host's sending between two samples of the same producer, as reported
 * (`qos:report`). A layer is active when the choice keeps it on and the
 * browser sends it: a layer without targetBitrate in Chromium is paused at
 * once, where its frame count still shows the end of the last window.
 */
export function sendWindow(before: SendSample, after: SendSample, choice: HostQualityChoice): SendReport | null {
	const seconds = (after.at - before.at) / 1000;
	if (!(seconds > 0)) return null;
	const layers: SentLayer[] = [];
	let sent = 0;
	let lost = 0;
	let rttTotal = 0;
	let rttCount = 0;
	// Chromium gives each layer it sends a targetBitrate and drops it the moment it pauses one.
	const reportsTarget = after.layers.some((l) => l.targetBitrate !== undefined);
	for (const layer of [...after.layers].sort((a, b) => a.rid.localeCompare(b.rid))) {
		const prev = before.layers.find((l) => l.rid === layer.rid);
		const frames = prev ? growth(prev.framesEncoded, layer.framesEncoded) : 0;
		const fps = clamp(round1(frames / seconds), 240);
		const sending = reportsTarget ? (layer.targetBitrate ?? 0) > 0 : fps > 0;
		layers.push({
			rid: layer.rid.slice(0, 16),
			active: layer.active && sending,
			width: clamp(Math.round(layer.width), 8192),
			height: clamp(Math.round(layer.height), 8192),
			fps,
			kbps: prev ? kbpsOf(growth(prev.bytesSent, layer.bytesSent), seconds) : 0,
		});
		if (!prev) continue;
		sent += growth(prev.packetsSent, layer.packetsSent);
		if (layer.packetsLost !== undefined && prev.packetsLost !== undefined) lost += Math.max(0, layer.packetsLost - prev.packetsLost);
		if (layer.totalRoundTripTime !== undefined && prev.totalRoundTripTime !== undefined) {
			rttTotal += growth(prev.totalRoundTripTime, layer.totalRoundTripTime);
			rttCount += growth(prev.roundTripTimeMeasurements ?? 0, layer.roundTripTimeMeasurements ?? 0);
		}
	}
	// The server's receiver reports average the window's round trips; the ICE pair's last check is the fallback.
	const rttSeconds = rttCount > 0 ? rttTotal / rttCount : after.currentRoundTripTime;
	const report: SendReport = { layers: layers.slice(0, 8), limitation: limitationOf(after.layers), choice };
	if (after.availableOutgoingBitrate !== undefined) report.availableKbps = clamp(round1(after.availableOutgoingBitrate / 1000), 100_000);
	if (rttSeconds !== undefined) report.rttMs = clamp(Math.round(rttSeconds * 1000), 600_000);
	if (sent > 0) report.lossPct = pctOf(lost, sent);
	return report;
}

/** The browser's reason now: the one any layer reports (Chromium gives every layer the same). */
function limitationOf(layers: SentLayerCounters[]): SendLimitation {
	const reasons = new Set(layers.filter((l) => l.active).map((l) => l.limitation));
	if (reasons.has('bandwidth')) return 'bandwidth';
	if (reasons.has('cpu')) return 'cpu';
	if (reasons.has('other')) return 'other';
	return 'none';
}

/** A viewer's window: the report (freezes since the video started) and the freezes within the window. */
export interface ReceiveWindow {
	report: ReceiveReport;
	/** The window's length. */
	ms: number;
	freezes: number;
	freezeMs: number;
}

/** A viewer's reception between two samples; null without video in both. */
export function receiveWindow(before: ReceiveSample, after: ReceiveSample): ReceiveWindow | null {
	const seconds = (after.at - before.at) / 1000;
	const video = after.video;
	const prev = before.video;
	if (!(seconds > 0) || !video || !prev) return null;
	const received = growth(prev.packetsReceived, video.packetsReceived);
	const lost = Math.max(0, video.packetsLost - prev.packetsLost);
	const report: ReceiveReport = {
		width: clamp(Math.round(video.width), 8192),
		height: clamp(Math.round(video.height), 8192),
		fps: clamp(round1(growth(prev.framesDecoded, video.framesDecoded) / seconds), 240),
		kbps: kbpsOf(growth(prev.bytesReceived, video.bytesReceived), seconds),
		lossPct: pctOf(lost, received + lost),
		freezeCount: clamp(video.freezeCount, 1_000_000),
		freezeMs: clamp(Math.round(video.totalFreezesDuration * 1000), 86_400_000),
	};
	if (video.jitter !== undefined) report.jitterMs = clamp(Math.round(video.jitter * 1000), 600_000);
	if (after.currentRoundTripTime !== undefined) report.rttMs = clamp(Math.round(after.currentRoundTripTime * 1000), 600_000);
	if (after.audio && before.audio) {
		const samples = growth(before.audio.totalSamplesReceived, after.audio.totalSamplesReceived);
		if (samples > 0) report.audioConcealedPct = pctOf(Math.max(0, after.audio.concealedSamples - before.audio.concealedSamples), samples);
	}
	return {
		report,
		ms: after.at - before.at,
		freezes: growth(prev.freezeCount, video.freezeCount),
		freezeMs: Math.round(growth(prev.totalFreezesDuration, video.totalFreezesDuration) * 1000),
	};
}

// --- verdicts ---------------------------------------------------------------------

const RANK: Record<LinkQuality, number> = { good: 0, fair: 1, poor: 2 };

/** The worst of the findings; on a tie the issue listed first in `order`. */
function worst<Issue extends string>(findings: Array<[LinkQuality, Issue]>, order: readonly Issue[]): Verdict<Issue> {
	let verdict: Verdict<Issue> = GOOD;
	for (const [quality, issue] of findings) {
		const rank = RANK[quality] - RANK[verdict.quality];
		if (quality === 'good') continue;
		if (rank > 0 || (rank === 0 && verdict.issue !== null && order.indexOf(issue) < order.indexOf(verdict.issue))) verdict = { quality, issue };
	}
	return verdict;
}

function level(value: number | undefined, t: { fair: number; poor: number }): LinkQuality {
	if (value === undefined) return 'good';
	return value >= t.poor ? 'poor' : value >= t.fair ? 'fair' : 'good';
}

/** One window of the host's sending: what limits it, and how badly. */
export function classifySend(report: SendReport): Verdict<SendIssue> {
	const t = LINK_THRESHOLDS;
	const expected = report.choice === 'saver' ? Math.min(SAVER_TOP_LAYER + 1, report.layers.length) : report.layers.length;
	const sending = report.layers.filter((l) => l.active).length;
	const onlyLowest = expected > 1 && sending <= 1;
	const topDropped = sending < expected;
	const findings: Array<[LinkQuality, SendIssue]> = [];
	if (report.limitation === 'bandwidth') findings.push([onlyLowest ? 'poor' : 'fair', 'bandwidth']);
	if (report.limitation === 'cpu') findings.push([onlyLowest ? 'poor' : 'fair', 'cpu']);
	if (report.limitation === 'other' && topDropped) findings.push(['fair', 'top-layer-dropped']);
	// Browsers without qualityLimitationReason (Safari) still have the estimate.
	if (report.availableKbps !== undefined) {
		if (report.availableKbps < t.availableKbps.poor) findings.push(['poor', 'bandwidth']);
		else if (report.availableKbps < t.availableKbps.fair[report.choice]) findings.push(['fair', 'bandwidth']);
	}
	findings.push([level(report.lossPct, t.lossPct), 'loss'], [level(report.rttMs, t.rttMs), 'rtt']);
	return worst(findings, SEND_ISSUES);
}

/** Whether a viewer's window shows the link itself in trouble (loss, a grown round trip). */
export function linkEvidence(report: ReceiveReport): boolean {
	return report.lossPct >= LINK_THRESHOLDS.evidence.lossPct || (report.rttMs ?? 0) >= LINK_THRESHOLDS.evidence.rttMs;
}

/** Freezes or a low frame rate in the window. */
export function videoSymptoms(window: ReceiveWindow): boolean {
	return window.freezes > 0 || window.freezeMs > 0 || window.report.fps < LINK_THRESHOLDS.fps.fair;
}

/**
 * A producer's windows in order: classifySend, except that the estimate's
 * climb at the start (sendWarmupMs from the producer's first sample) is not
 * taken for a weak link; null: the window says nothing yet.
 */
export class SendJudge {
	readonly #startedAt: number;

	constructor(startedAt: number) {
		this.#startedAt = startedAt;
	}

	judge(report: SendReport, at: number): Verdict<SendIssue> | null {
		const verdict = classifySend(report);
		const warmingUp = at - this.#startedAt < LINK_THRESHOLDS.sendWarmupMs;
		return warmingUp && (verdict.issue === 'bandwidth' || verdict.issue === 'top-layer-dropped') ? null : verdict;
	}
}

/**
 * One window of a viewer's reception. `videoCounts`: whether its video
 * symptoms count against the viewer's link (default: with link evidence in
 * the window; ReceiveJudge also counts lasting ones). `sourceHeight`: the
 * height of the host's top layer, when known; a picture under half of it
 * means mediasoup had to give this viewer a lower layer.
 */
export function classifyReceive(
	window: ReceiveWindow,
	options: { videoCounts?: boolean; sourceHeight?: number | undefined } = {},
): Verdict<ReceiveIssue> {
	const t = LINK_THRESHOLDS;
	const { report } = window;
	const findings: Array<[LinkQuality, ReceiveIssue]> = [
		[level(report.lossPct, t.lossPct), 'loss'],
		[level(report.rttMs, t.rttMs), 'rtt'],
	];
	if (options.videoCounts ?? linkEvidence(report)) {
		findings.push([window.freezeMs >= t.freezeMs.poor ? 'poor' : window.freezeMs >= t.freezeMs.fair || window.freezes > 0 ? 'fair' : 'good', 'freezes']);
		findings.push([report.fps < t.fps.poor ? 'poor' : report.fps < t.fps.fair ? 'fair' : 'good', 'low-fps']);
	}
	const { sourceHeight } = options;
	if (sourceHeight !== undefined && report.height > 0 && report.height * 2 < sourceHeight) findings.push(['fair', 'low-resolution']);
	return worst(findings, RECEIVE_ISSUES);
}

/**
 * A viewer's windows in order: classifyReceive, with video symptoms that
 * show no link evidence counted once they have lasted videoOnlyAfterMs
 * while the audio still arrives.
 */
export class ReceiveJudge {
	/** How long the video symptoms without evidence have lasted (ms), or null. */
	#videoOnlyMs: number | null = null;

	judge(window: ReceiveWindow, sourceHeight?: number): Verdict<ReceiveIssue> {
		const t = LINK_THRESHOLDS;
		const evidence = linkEvidence(window.report);
		const audioGone = (window.report.audioConcealedPct ?? 0) >= t.audioGonePct;
		if (evidence || audioGone || !videoSymptoms(window)) this.#videoOnlyMs = null;
		else this.#videoOnlyMs = (this.#videoOnlyMs ?? 0) + window.ms;
		const lasting = this.#videoOnlyMs !== null && this.#videoOnlyMs >= t.videoOnlyAfterMs;
		return classifyReceive(window, { videoCounts: evidence || lasting, sourceHeight });
	}
}

// --- hysteresis -------------------------------------------------------------------

export const HYSTERESIS = {
	/** Consecutive worse windows before the indicator degrades: one bad window (a key frame, a hiccup) is not news. */
	degradeAfter: 2,
	/** Consecutive better windows before it recovers: the indicator does not flicker on an uneven link. */
	recoverAfter: 4,
} as const;

/**
 * The verdict shown: it moves only after `degradeAfter` consecutive windows
 * worse than it (to the mildest of them) or `recoverAfter` consecutive
 * windows better (to the worst of them). A window as bad as the shown verdict
 * keeps it and updates its issue.
 */
export class QualityHysteresis<Issue extends string> {
	#shown: Verdict<Issue> = GOOD;
	#streak: Verdict<Issue>[] = [];
	readonly #degradeAfter: number;
	readonly #recoverAfter: number;

	constructor(options: { degradeAfter?: number; recoverAfter?: number } = {}) {
		this.#degradeAfter = options.degradeAfter ?? HYSTERESIS.degradeAfter;
		this.#recoverAfter = options.recoverAfter ?? HYSTERESIS.recoverAfter;
	}

	get shown(): Verdict<Issue> {
		return this.#shown;
	}

	/** The last window was worse than shown and the next may confirm it: worth sampling sooner. */
	get degrading(): boolean {
		const first = this.#streak[0];
		return first !== undefined && RANK[first.quality] > RANK[this.#shown.quality];
	}

	push(window: Verdict<Issue>): Verdict<Issue> {
		const direction = Math.sign(RANK[window.quality] - RANK[this.#shown.quality]);
		if (direction === 0) {
			this.#streak = [];
			if (window.issue !== this.#shown.issue) this.#shown = window;
			return this.#shown;
		}
		const streakDirection = this.#streak[0] ? Math.sign(RANK[this.#streak[0].quality] - RANK[this.#shown.quality]) : direction;
		if (streakDirection !== direction) this.#streak = [];
		this.#streak.push(window);
		if (this.#streak.length < (direction > 0 ? this.#degradeAfter : this.#recoverAfter)) return this.#shown;
		const ranks = this.#streak.map((v) => RANK[v.quality]);
		const target = direction > 0 ? Math.min(...ranks) : Math.max(...ranks);
		// The latest window of that quality says why.
		this.#shown = this.#streak.findLast((v) => RANK[v.quality] === target)!;
		this.#streak = [];
		return this.#shown;
	}

	reset(): void {
		this.#shown = GOOD;
		this.#streak = [];
	}
}
