import type { ProgressEntry } from '@gladi/shared';

/**
 * The progress chart's geometry, kept pure so it can be unit tested: one
 * point per session (evenly spaced, oldest left, dated below), percentages
 * on the left axis (0-100) and orders on the right axis.
 */

export type SeriesId = 'answeredShare' | 'talkShare' | 'rubric' | 'orders';
export const SERIES: readonly SeriesId[] = ['answeredShare', 'talkShare', 'rubric', 'orders'];
export type Axis = 'percent' | 'count';
export const SERIES_AXIS: Record<SeriesId, Axis> = {
	answeredShare: 'percent',
	talkShare: 'percent',
	rubric: 'percent',
	orders: 'count',
};

export interface ChartBox {
	width: number;
	height: number;
	/** Room for the axes' labels. */
	left: number;
	right: number;
	top: number;
	bottom: number;
}

export const DEFAULT_BOX: ChartBox = { width: 640, height: 280, left: 40, right: 40, top: 12, bottom: 34 };

export interface ChartPoint {
	x: number;
	y: number;
	/** The value on its own axis (percent 0-100, or a count). */
	value: number;
	sessionId: string;
}

export interface ChartSeries {
	id: SeriesId;
	axis: Axis;
	/** One slot per session; null where the session has no value (nothing asked, not scored). */
	points: Array<ChartPoint | null>;
	/** SVG path data; gaps split the line. */
	path: string;
}

export interface Tick {
	value: number;
	y: number;
}

export interface ChartModel {
	box: ChartBox;
	/** Sessions oldest first, with their x position. */
	columns: Array<{ sessionId: string; startedAt: number; x: number }>;
	series: ChartSeries[];
	percentTicks: Tick[];
	countTicks: Tick[];
	countMax: number;
}

/** The value a session has for a series, on that series' axis; null when there is none. */
export function seriesValue(entry: ProgressEntry, id: SeriesId): number | null {
	switch (id) {
		case 'answeredShare':
			return entry.answeredShare === null ? null : clampPercent(entry.answeredShare * 100);
		case 'talkShare':
			return clampPercent(entry.talkShare * 100);
		case 'rubric':
			return entry.rubricMax > 0 && Object.keys(entry.rubric).length > 0
				? clampPercent((entry.rubricTotal / entry.rubricMax) * 100)
				: null;
		case 'orders':
			return Math.max(0, entry.orders);
	}
}

function clampPercent(v: number): number {
	return Number.isFinite(v) ? Math.min(100, Math.max(0, v)) : 0;
}

/**
 * The top of the count (orders) axis: four times a round, whole step, so its
 * ticks (0, step, ... 4 steps) are whole numbers on the same grid lines as
 * 0/25/50/75/100 %. 3 -> 4, 5 -> 8, 7 -> 8, 23 -> 24, 140 -> 160.
 */
export function countAxisMax(n: number): number {
	const quarter = Number.isFinite(n) && n > 0 ? n / 4 : 0;
	if (quarter <= 1) return 4;
	const magnitude = 10 ** Math.floor(Math.log10(quarter));
	for (const f of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
		const step = f * magnitude;
		if (Number.isInteger(step) && step >= quarter) return 4 * step;
	}
	return 40 * magnitude;
}

/** x of the i-th of n evenly spaced columns; a single column sits in the middle. */
export function columnX(i: number, n: number, box: ChartBox): number {
	const inner = box.width - box.left - box.right;
	if (n <= 1) return box.left + inner / 2;
	return box.left + (inner * i) / (n - 1);
}

/** y of a value on an axis from 0 to max (0 at the bottom). */
export function valueY(value: number, max: number, box: ChartBox): number {
	const inner = box.height - box.top - box.bottom;
	const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
	return box.top + inner * (1 - ratio);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Path data through the points; a null starts a new segment. */
export function linePath(points: ReadonlyArray<{ x: number; y: number } | null>): string {
	let d = '';
	let pen = false;
	for (const p of points) {
		if (!p) {
			pen = false;
			continue;
		}
		d += `${d ? ' ' : ''}${pen ? 'L' : 'M'}${r1(p.x)} ${r1(p.y)}`;
		pen = true;
	}
	return d;
}

export function buildChart(entries: readonly ProgressEntry[], box: ChartBox = DEFAULT_BOX): ChartModel {
	const sorted = [...entries].sort((a, b) => a.startedAt - b.startedAt);
	const n = sorted.length;
	const columns = sorted.map((e, i) => ({ sessionId: e.sessionId, startedAt: e.startedAt, x: columnX(i, n, box) }));
	const countMax = countAxisMax(Math.max(0, ...sorted.map((e) => e.orders)));
	const series = SERIES.map((id): ChartSeries => {
		const axis = SERIES_AXIS[id];
		const max = axis === 'percent' ? 100 : countMax;
		const points = sorted.map((e, i) => {
			const value = seriesValue(e, id);
			if (value === null) return null;
			return { x: columns[i]!.x, y: valueY(value, max, box), value, sessionId: e.sessionId };
		});
		return { id, axis, points, path: linePath(points) };
	});
	const percentTicks = [0, 25, 50, 75, 100].map((value) => ({ value, y: valueY(value, 100, box) }));
	const countTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * countMax).map((value) => ({ value, y: valueY(value, countMax, box) }));
	return { box, columns, series, percentTicks, countTicks, countMax };
}

/**
 * Which x-axis dates to print so labels do not collide: every k-th column,
 * always the first and the last.
 */
export function labelledColumns(count: number, box: ChartBox = DEFAULT_BOX, minGap = 56): number[] {
	if (count <= 0) return [];
	const inner = box.width - box.left - box.right;
	const gap = count > 1 ? inner / (count - 1) : inner;
	const every = Math.max(1, Math.ceil(minGap / gap));
	const out: number[] = [];
	for (let i = 0; i < count; i += every) out.push(i);
	const last = count - 1;
	if (out[out.length - 1] !== last) {
		if (out.length > 1 && (last - out[out.length - 1]!) * gap < minGap) out.pop();
		out.push(last);
	}
	return out;
}

/**
 * The x-axis text per column: the date, or the time for a later session on
 * the same day as the column before it (several rehearsals a day are usual).
 */
export function columnLabels(
	startedAts: readonly number[],
	dayOf: (epochMs: number) => string,
	timeOf: (epochMs: number) => string,
): string[] {
	return startedAts.map((at, i) => (i > 0 && dayOf(startedAts[i - 1]!) === dayOf(at) ? timeOf(at) : dayOf(at)));
}
