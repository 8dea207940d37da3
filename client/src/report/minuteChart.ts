import { MINUTE_MS, type ChartMarker, type SessionReport } from '@gladi/shared';
import { countAxisMax, labelledColumns, linePath, type ChartBox } from './chart.ts';

/**
 * The report's minute-by-minute chart, kept pure so it can be unit tested:
 * three lanes sharing one time axis (viewers as a line, comments and orders
 * as bars, one column per minute), a lane of markers above them, and the
 * long silences as bands across all lanes. Each lane has its own scale.
 */

export type LaneId = 'viewers' | 'comments' | 'orders';
export const LANES: readonly LaneId[] = ['viewers', 'comments', 'orders'];

/** Heights in px: the marker lane, each figure lane, the gap between lanes, the axis labels below. */
const MARKER_LANE = 22;
const LANE_HEIGHT: Record<LaneId, number> = { viewers: 72, comments: 58, orders: 46 };
const LANE_GAP = 18;
const AXIS = 22;
export const MINUTE_CHART_PAD = { left: 10, right: 10 } as const;

export interface Lane {
	id: LaneId;
	/** Top and bottom (the zero line) in px. */
	top: number;
	bottom: number;
	/** The scale's top value (a round number). */
	max: number;
}

export interface MinuteColumn {
	minute: number;
	/** Left edge and width of the minute (a partial last minute is narrower). */
	x: number;
	width: number;
	viewers: number;
	comments: number;
	orders: number;
}

export interface Bar {
	minute: number;
	x: number;
	y: number;
	width: number;
	height: number;
	value: number;
}

export interface PlacedMarker extends ChartMarker {
	x: number;
	/** A silence's band width (0 for the instants). */
	width: number;
}

export interface MinuteChartModel {
	width: number;
	height: number;
	plotTop: number;
	plotBottom: number;
	lanes: Lane[];
	columns: MinuteColumn[];
	/** Viewers in the middle of each minute, and the line through them. */
	viewerPoints: Array<{ minute: number; x: number; y: number }>;
	viewersPath: string;
	bars: Record<'comments' | 'orders', Bar[]>;
	markers: PlacedMarker[];
	/** Which minutes get a number on the axis (they must not collide). */
	labelled: number[];
}

export function buildMinuteChart(minutes: SessionReport['minutes'], durationMs: number, width: number): MinuteChartModel {
	const { left, right } = MINUTE_CHART_PAD;
	const inner = Math.max(1, width - left - right);
	const n = Math.max(1, minutes.buckets.length);
	// The axis spans the live itself: the last, partial minute is as wide as its share.
	const spanMs = Math.max(durationMs, (n - 1) * MINUTE_MS + 1);
	const xAt = (offsetMs: number) => left + (inner * Math.min(spanMs, Math.max(0, offsetMs))) / spanMs;

	const lanes: Lane[] = [];
	let y = MARKER_LANE;
	for (const id of LANES) {
		const top = y + LANE_GAP;
		const bottom = top + LANE_HEIGHT[id];
		lanes.push({ id, top, bottom, max: countAxisMax(Math.max(0, ...minutes.buckets.map((b) => b[id]))) });
		y = bottom;
	}
	const lane = (id: LaneId) => lanes.find((l) => l.id === id)!;
	const yOf = (l: Lane, value: number) => l.bottom - ((l.bottom - l.top) * Math.min(l.max, Math.max(0, value))) / l.max;

	const columns: MinuteColumn[] = minutes.buckets.map((b, minute) => {
		const x = xAt(minute * MINUTE_MS);
		return { minute, x, width: xAt((minute + 1) * MINUTE_MS) - x, ...b };
	});

	const viewers = lane('viewers');
	const viewerPoints = columns.map((c) => ({ minute: c.minute, x: c.x + c.width / 2, y: yOf(viewers, c.viewers) }));
	const barsOf = (id: 'comments' | 'orders'): Bar[] => {
		const l = lane(id);
		return columns.map((c) => {
			const barWidth = Math.max(2, c.width * 0.64);
			const top = yOf(l, c[id]);
			return { minute: c.minute, x: c.x + (c.width - barWidth) / 2, y: top, width: barWidth, height: l.bottom - top, value: c[id] };
		});
	};

	const markers = minutes.markers.map((m) => {
		const x = xAt(m.offsetMs);
		return { ...m, x, width: m.kind === 'silence' ? Math.max(1, xAt(m.offsetMs + m.durationMs) - x) : 0 };
	});

	const box: ChartBox = { width, height: 0, left, right, top: 0, bottom: 0 };
	return {
		width,
		height: y + AXIS,
		plotTop: MARKER_LANE,
		plotBottom: y,
		lanes,
		columns,
		viewerPoints,
		viewersPath: linePath(viewerPoints),
		bars: { comments: barsOf('comments'), orders: barsOf('orders') },
		markers,
		labelled: labelledColumns(n, box, 28),
	};
}
