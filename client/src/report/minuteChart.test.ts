import type { SessionReport } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { buildMinuteChart, MINUTE_CHART_PAD } from './minuteChart.ts';

const minutes = (buckets: Array<[viewers: number, comments: number, orders: number]>, markers: SessionReport['minutes']['markers'] = []) => ({
	buckets: buckets.map(([viewers, comments, orders]) => ({ viewers, comments, orders })),
	markers,
});

describe('buildMinuteChart', () => {
	const width = 320;
	const inner = width - MINUTE_CHART_PAD.left - MINUTE_CHART_PAD.right;

	test('a column per minute across the live; a partial last minute is as wide as its share', () => {
		const chart = buildMinuteChart(minutes([[1, 2, 0], [3, 4, 1], [2, 0, 0]]), 150_000, width);
		expect(chart.columns.map((c) => [c.minute, Math.round(c.x), Math.round(c.width)])).toEqual([
			[0, 10, Math.round(inner * 0.4)],
			[1, 10 + Math.round(inner * 0.4), Math.round(inner * 0.4)],
			[2, 10 + Math.round(inner * 0.8), Math.round(inner * 0.2)],
		]);
	});

	test('each lane has its own round scale; bars stand on their lane’s zero line', () => {
		const chart = buildMinuteChart(minutes([[40, 2, 0], [25, 9, 3]]), 120_000, width);
		expect(chart.lanes.map((l) => [l.id, l.max])).toEqual([
			['viewers', 40],
			['comments', 12],
			['orders', 4],
		]);
		const comments = chart.lanes.find((l) => l.id === 'comments')!;
		const tallest = chart.bars.comments[1]!;
		expect(tallest.y + tallest.height).toBe(comments.bottom);
		expect(tallest.height).toBeCloseTo(((comments.bottom - comments.top) * 9) / 12);
		expect(chart.bars.orders[0]!.height).toBe(0);
		// Lanes do not overlap, and all of them sit between the markers and the axis.
		for (let i = 1; i < chart.lanes.length; i++) expect(chart.lanes[i]!.top).toBeGreaterThan(chart.lanes[i - 1]!.bottom);
		expect(chart.plotBottom).toBe(chart.lanes.at(-1)!.bottom);
		expect(chart.height).toBeGreaterThan(chart.plotBottom);
	});

	test('viewers are a line through the middle of each minute', () => {
		const chart = buildMinuteChart(minutes([[4, 0, 0], [0, 0, 0]]), 120_000, width);
		const viewers = chart.lanes[0]!;
		expect(chart.viewersPath).toBe(`M${10 + inner / 4} ${viewers.top} L${10 + (3 * inner) / 4} ${viewers.bottom}`);
	});

	test('markers sit at their moment; a silence is a band as long as it lasted', () => {
		const chart = buildMinuteChart(
			minutes(
				[[0, 0, 0], [0, 0, 0]],
				[
					{ kind: 'pin', offsetMs: 30_000, durationMs: 0, label: 'Gamis' },
					{ kind: 'silence', offsetMs: 60_000, durationMs: 30_000, label: '' },
				],
			),
			120_000,
			width,
		);
		expect(chart.markers.map((m) => [m.kind, m.x, m.width])).toEqual([
			['pin', 10 + inner / 4, 0],
			['silence', 10 + inner / 2, inner / 4],
		]);
	});

	test('a live without buckets or length still draws one column', () => {
		const chart = buildMinuteChart({ buckets: [], markers: [] }, 0, width);
		expect(chart.columns).toEqual([]);
		expect(chart.labelled).toEqual([0]);
		expect(chart.lanes.every((l) => l.max > 0)).toBe(true);
	});
});
