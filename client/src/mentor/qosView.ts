import {
	hostVerdict,
	qosSummary,
	receivedShortSide,
	shortSide,
	type QosHost,
	type QosState,
	type QosSummary,
	type QosVerdict,
	type QosViewer,
} from '@gladi/shared';

/*
 * What the mentor's quality panel shows, from a QosState (pure; the
 * verdicts, order and summary come from shared/src/domain/qosState.ts).
 */

/** One of the host's camera layers: its size, whether it gets through, and its figures when the host reports them. */
export interface HostLayerView {
	/** "720p", or the layer's rid or number when its size is not known. */
	label: string;
	/** Sent by the host's browser (when it reports) and arriving at the server (when mediasoup has scored it). */
	through: boolean;
	kbps: number | null;
	fps: number | null;
	/** mediasoup's score of the layer as it arrives (0-10). */
	score: number | null;
}

/** The host's layers, top layer first (as people read "720p ✓ 360p ✓ 180p ✓"). */
export function hostLayers(host: QosHost): HostLayerView[] {
	const count = Math.max(host.send?.layers.length ?? 0, host.scores.length);
	const layers: HostLayerView[] = [];
	for (let i = 0; i < count; i++) {
		const sent = host.send?.layers[i];
		const score = host.scores[i] ?? null;
		const side = sent ? shortSide(sent) : null;
		const sending = sent ? sent.active && sent.fps > 0 : true;
		layers.push({
			label: side ? `${side}p` : sent?.rid || `L${i + 1}`,
			through: sending && (score === null || score > 0),
			kbps: sent?.kbps ?? null,
			fps: sent?.fps ?? null,
			score,
		});
	}
	return layers.reverse();
}

/** What the host sends in all (the layers that are on): total bitrate and the best frame rate; null without a report. */
export function hostTotals(host: QosHost): { kbps: number; fps: number } | null {
	if (!host.send) return null;
	const on = host.send.layers.filter((l) => l.active);
	return { kbps: on.reduce((sum, l) => sum + l.kbps, 0), fps: on.reduce((max, l) => Math.max(max, l.fps), 0) };
}

/** The picture a viewer receives: "360p", the layer's number when its size is not known, or "–". */
export function viewerLayerLabel(viewer: QosViewer, host: QosHost | null): string {
	const side = receivedShortSide(viewer, host);
	if (side !== null) return `${side}p`;
	return viewer.spatialLayer !== null ? `L${viewer.spatialLayer + 1}` : '–';
}

/** The colour of the panel's one line: the host's when it is the problem, else the worst viewer's. */
export function summaryVerdict(state: QosState, summary: QosSummary = qosSummary(state)): QosVerdict {
	switch (summary.kind) {
		case 'host_weak':
			return hostVerdict(state.host!);
		case 'viewers_weak':
			return state.viewerTotals.poor > 0 ? 'poor' : 'fair';
		case 'all_good':
			return 'good';
		default:
			return 'unknown';
	}
}

/** Viewers in the room without a row (the state carries the worst QOS_MAX_VIEWER_ROWS). */
export function viewersWithoutRow(state: QosState): number {
	const t = state.viewerTotals;
	return Math.max(0, t.poor + t.fair + t.unknown + t.good - state.viewers.length);
}
