import {
	QOS_MAX_VIEWER_ROWS,
	QOS_REPORT_STALE_MS,
	type LinkQuality,
	type QosHost,
	type QosReport,
	type QosState,
	type QosVerdict,
	type QosViewer,
} from '../protocol/qos.ts';

/*
 * The mentor's view of everyone's connection (protocol/qos.ts): how the
 * server merges the browsers' own reports with what mediasoup sees into a
 * QosState, and how that state reads: a verdict per link, the worst first,
 * and one line that tells "the trainee's signal is weak" from "a few
 * viewers' connections are weak".
 */

/** A report as the server keeps it: what the browser sent, and when it arrived (epoch ms). */
export interface ReceivedQosReport {
	at: number;
	report: QosReport;
}

/** A report young enough to show (older ones read as unknown: the browser stopped reporting, or froze). */
export function isFresh(received: ReceivedQosReport | null | undefined, now: number): received is ReceivedQosReport {
	return received != null && now - received.at <= QOS_REPORT_STALE_MS;
}

/**
 * mediasoup's stream scores (0-10, from the loss it sees on its side of the
 * link): at or below these a link reads poor, or fair.
 */
export const SCORE_POOR_MAX = 4;
export const SCORE_FAIR_MAX = 7;

export function scoreQuality(score: number | null | undefined): LinkQuality | null {
	if (score == null) return null;
	if (score <= SCORE_POOR_MAX) return 'poor';
	if (score <= SCORE_FAIR_MAX) return 'fair';
	return 'good';
}

/** Worst first: the order rows are sorted in. */
const RANK: Record<QosVerdict, number> = { poor: 0, fair: 1, unknown: 2, good: 3 };

/** The worst of what is known; unknown when nothing is. */
export function worstOf(...qualities: Array<LinkQuality | null>): QosVerdict {
	let worst: QosVerdict = 'unknown';
	for (const q of qualities) if (q !== null && (worst === 'unknown' || RANK[q] < RANK[worst])) worst = q;
	return worst;
}

/**
 * The host's link: their browser's verdict and the score of the best layer
 * mediasoup receives (a layer the browser stopped sending scores 0; loss on
 * the uplink lowers them all).
 */
export function hostVerdict(host: QosHost): QosVerdict {
	const best = host.scores.length > 0 ? Math.max(...host.scores) : null;
	return worstOf(host.quality, scoreQuality(best));
}

/** A viewer's link: their browser's verdict and the score of the video mediasoup sends them. */
export function viewerVerdict(viewer: QosViewer): QosVerdict {
	return worstOf(viewer.quality, scoreQuality(viewer.score));
}

/** Problems on top: the worst verdict, then the longest freezes, then the most loss; then by name. */
export function compareViewers(a: QosViewer, b: QosViewer): number {
	return (
		RANK[viewerVerdict(a)] - RANK[viewerVerdict(b)] ||
		(b.receive?.freezeMs ?? 0) - (a.receive?.freezeMs ?? 0) ||
		(b.receive?.lossPct ?? 0) - (a.receive?.lossPct ?? 0) ||
		a.name.localeCompare(b.name) ||
		(a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0)
	);
}

/** The host as the server sees them: who, their last report, and mediasoup's scores of their camera's layers (lowest first). */
export interface QosHostInput {
	peerId: string;
	name: string;
	report: ReceivedQosReport | null;
	scores: number[];
}

/** A viewer as the server sees them: who, their last report, and the video mediasoup sends them (null: none). */
export interface QosViewerInput {
	peerId: string;
	name: string;
	role: 'mentor' | 'buyer';
	report: ReceivedQosReport | null;
	video: { spatialLayer: number | null; score: number } | null;
}

/** The `qos:state` for this moment: stale reports dropped, viewers worst first, at most QOS_MAX_VIEWER_ROWS rows. */
export function buildQosState(now: number, host: QosHostInput | null, viewers: readonly QosViewerInput[]): QosState {
	const rows = viewers.map((v): QosViewer => {
		const fresh = isFresh(v.report, now) ? v.report.report : null;
		return {
			peerId: v.peerId,
			name: v.name,
			role: v.role,
			quality: fresh?.quality ?? null,
			spatialLayer: v.video?.spatialLayer ?? null,
			score: v.video?.score ?? null,
			receive: fresh?.receive ?? null,
		};
	});
	rows.sort(compareViewers);
	const viewerTotals: Record<QosVerdict, number> = { poor: 0, fair: 0, unknown: 0, good: 0 };
	for (const row of rows) viewerTotals[viewerVerdict(row)]++;
	const hostReport = host && isFresh(host.report, now) ? host.report.report : null;
	return {
		at: now,
		host: host && { peerId: host.peerId, name: host.name, quality: hostReport?.quality ?? null, send: hostReport?.send ?? null, scores: host.scores },
		viewers: rows.slice(0, QOS_MAX_VIEWER_ROWS),
		viewerTotals,
	};
}

/** The panel's one line: what a mentor should know first. */
export type QosSummary =
	/** The host's stream is weak: every viewer suffers from it. */
	| { kind: 'host_weak' }
	/** The host is fine; `count` viewers' own connections are weak. */
	| { kind: 'viewers_weak'; count: number }
	| { kind: 'no_host' }
	/** Nothing measured yet (no reports, no media). */
	| { kind: 'waiting' }
	| { kind: 'all_good' };

export function qosSummary(state: QosState): QosSummary {
	const host = state.host ? hostVerdict(state.host) : null;
	if (host === 'poor' || host === 'fair') return { kind: 'host_weak' };
	const weak = state.viewerTotals.poor + state.viewerTotals.fair;
	if (weak > 0) return { kind: 'viewers_weak', count: weak };
	if (host === null) return { kind: 'no_host' };
	if (host === 'unknown' && state.viewerTotals.good === 0) return { kind: 'waiting' };
	return { kind: 'all_good' };
}

/** A picture size as people name it: its short side ("360p"), whichever way the camera is held. */
export function shortSide(size: { width: number; height: number }): number | null {
	const side = Math.min(size.width, size.height);
	return side > 0 ? side : null;
}

/**
 * The short side of the picture a viewer receives: the size of the host's
 * layer mediasoup forwards to them, else what the viewer's browser decodes;
 * null when neither is known.
 */
export function receivedShortSide(viewer: QosViewer, host: QosHost | null): number | null {
	const layer = viewer.spatialLayer !== null ? host?.send?.layers[viewer.spatialLayer] : undefined;
	return (layer && shortSide(layer)) ?? (viewer.receive && shortSide(viewer.receive));
}
