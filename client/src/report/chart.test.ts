import type { ProgressEntry } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { buildChart, columnLabels, columnX, countAxisMax, labelledColumns, linePath, seriesValue, valueY, type ChartBox } from './chart.ts';

const BOX: ChartBox = { width: 400, height: 200, left: 40, right: 40, top: 10, bottom: 30 };
const DAY = 86_400_000;

const entry = (i: number, over: Partial<ProgressEntry> = {}): ProgressEntry => ({
	sessionId: `s${i}`,
	title: `Live ${i}`,
	startedAt: Date.UTC(2025, 4, 1) + i * DAY,
	durationMs: 600_000,
	answeredShare: 0.5,
	talkShare: 0.6,
	orders: 4,
	gmv: 400_000,
	averageViewers: 20,
	rubricTotal: 10,
	rubricMax: 20,
	rubric: { opening: 2, productKnowledge: 2, answeringBuyers: 2, callToAction: 2, energyPacing: 2 },
	weakMetrics: [],
	...over,
});

describe('scales', () => {
	test('countAxisMax: four whole steps, just above the most orders', () => {
		expect(countAxisMax(0)).toBe(4);
		expect(countAxisMax(3)).toBe(4);
		expect(countAxisMax(4)).toBe(4);
		expect(countAxisMax(5)).toBe(8);
		expect(countAxisMax(7)).toBe(8);
		expect(countAxisMax(9)).toBe(12);
		expect(countAxisMax(23)).toBe(24);
		expect(countAxisMax(41)).toBe(60);
		expect(countAxisMax(140)).toBe(160);
		expect(countAxisMax(1001)).toBe(1200);
		expect(countAxisMax(Number.NaN)).toBe(4);
		for (let n = 0; n < 2000; n += 7) {
			const max = countAxisMax(n);
			expect(max).toBeGreaterThanOrEqual(n);
			expect(Number.isInteger(max / 4)).toBe(true);
			expect(max).toBeLessThanOrEqual(Math.max(4, n * 2));
		}
	});
	test('columns are evenly spaced between the axes; one column sits in the middle', () => {
		expect(columnX(0, 1, BOX)).toBe(200);
		expect(columnX(0, 3, BOX)).toBe(40);
		expect(columnX(1, 3, BOX)).toBe(200);
		expect(columnX(2, 3, BOX)).toBe(360);
	});
	test('values map bottom (0) to top (max), clamped', () => {
		expect(valueY(0, 100, BOX)).toBe(170);
		expect(valueY(100, 100, BOX)).toBe(10);
		expect(valueY(50, 100, BOX)).toBe(90);
		expect(valueY(150, 100, BOX)).toBe(10);
		expect(valueY(-5, 100, BOX)).toBe(170);
		expect(valueY(3, 0, BOX)).toBe(170);
	});
});

describe('linePath', () => {
	test('moves to the first point and draws lines through the rest', () => {
		expect(linePath([{ x: 1, y: 2 }, { x: 3.14159, y: 4 }])).toBe('M1 2 L3.1 4');
	});
	test('a missing value splits the line', () => {
		expect(linePath([{ x: 0, y: 0 }, null, { x: 2, y: 2 }, { x: 3, y: 3 }])).toBe('M0 0 M2 2 L3 3');
		expect(linePath([null, null])).toBe('');
	});
});

describe('series values', () => {
	test('shares become percents; rubric is a percent of its maximum; orders stay counts', () => {
		const e = entry(0, { answeredShare: 0.25, talkShare: 0.8, rubricTotal: 15, rubricMax: 20, orders: 7 });
		expect(seriesValue(e, 'answeredShare')).toBe(25);
		expect(seriesValue(e, 'talkShare')).toBe(80);
		expect(seriesValue(e, 'rubric')).toBe(75);
		expect(seriesValue(e, 'orders')).toBe(7);
	});
	test('nothing asked or not scored has no value', () => {
		expect(seriesValue(entry(0, { answeredShare: null }), 'answeredShare')).toBeNull();
		expect(seriesValue(entry(0, { rubric: {}, rubricTotal: 0 }), 'rubric')).toBeNull();
		expect(seriesValue(entry(0, { rubricMax: 0 }), 'rubric')).toBeNull();
	});
});

describe('buildChart', () => {
	test('sorts sessions oldest first and scales each series on its axis', () => {
		const chart = buildChart([entry(2, { orders: 9 }), entry(0, { orders: 2 }), entry(1, { answeredShare: null })], BOX);
		expect(chart.columns.map((c) => c.sessionId)).toEqual(['s0', 's1', 's2']);
		expect(chart.countMax).toBe(12);
		const orders = chart.series.find((s) => s.id === 'orders')!;
		expect(orders.axis).toBe('count');
		expect(orders.points.map((p) => p?.y)).toEqual([valueY(2, 12, BOX), valueY(4, 12, BOX), valueY(9, 12, BOX)]);
		const answered = chart.series.find((s) => s.id === 'answeredShare')!;
		expect(answered.points[1]).toBeNull();
		expect(answered.path).toBe(`M40 90 M360 90`);
		expect(chart.percentTicks.map((t) => t.value)).toEqual([0, 25, 50, 75, 100]);
		expect(chart.countTicks.map((t) => t.value)).toEqual([0, 3, 6, 9, 12]);
		expect(chart.countTicks.map((t) => t.y)).toEqual(chart.percentTicks.map((t) => t.y));
	});
	test('no sessions: no columns and empty paths', () => {
		const chart = buildChart([], BOX);
		expect(chart.columns).toEqual([]);
		expect(chart.series.every((s) => s.path === '')).toBe(true);
	});
	test('a single session is one point in the middle', () => {
		const chart = buildChart([entry(0)], BOX);
		expect(chart.columns[0]!.x).toBe(200);
		expect(chart.series.find((s) => s.id === 'talkShare')!.path).toBe(`M200 ${valueY(60, 100, BOX)}`);
	});
});

describe('labelledColumns', () => {
	test('labels every column when there is room, always the first and last', () => {
		expect(labelledColumns(0, BOX)).toEqual([]);
		expect(labelledColumns(1, BOX)).toEqual([0]);
		expect(labelledColumns(4, BOX)).toEqual([0, 1, 2, 3]);
	});
	test('thins crowded labels without colliding at the end', () => {
		// 320px inner width, 21 columns = 16px apart; 56px apart needs every 4th.
		const shown = labelledColumns(21, BOX, 56);
		expect(shown[0]).toBe(0);
		expect(shown[shown.length - 1]).toBe(20);
		for (let i = 1; i < shown.length; i++) expect((shown[i]! - shown[i - 1]!) * 16).toBeGreaterThanOrEqual(56);
	});
});

describe('columnLabels', () => {
	test('dates, and the time for a later session on the same day', () => {
		const day = (ms: number) => `d${Math.floor(ms / DAY)}`;
		const time = (ms: number) => `t${Math.floor((ms % DAY) / 3_600_000)}`;
		expect(columnLabels([0, 2 * 3_600_000, DAY + 3_600_000, 2 * DAY], day, time)).toEqual(['d0', 't2', 'd1', 'd2']);
		expect(columnLabels([], day, time)).toEqual([]);
	});
});
