import type { DashboardMetric } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { focusMetrics, METRIC_LABEL_KEY, METRIC_TIP_KEY, targetPercent } from './focus.ts';
import { en, id } from '../i18n/strings.ts';

const metric = (key: DashboardMetric['key'], score: number, weak = false): DashboardMetric => ({
	key,
	value: score * 10,
	unit: 'percent',
	target: 10,
	score,
	weak,
});

describe('focusMetrics (three things to work on)', () => {
	test('the weak metrics, weakest first, at most three', () => {
		const dashboard = [
			metric('entryRate', 0.9, true),
			metric('productCtr', 0.2, true),
			metric('gpm', 1.5),
			metric('talkShare', 0.5, true),
			metric('commentRate', 0.1, true),
		];
		expect(focusMetrics(dashboard).map((m) => m.key)).toEqual(['commentRate', 'productCtr', 'talkShare']);
		expect(focusMetrics(dashboard, 2).map((m) => m.key)).toEqual(['commentRate', 'productCtr']);
	});
	test('without weak flags, the figures below target stand in', () => {
		const dashboard = [metric('entryRate', 0.9), metric('gpm', 1.5), metric('talkShare', 0.4)];
		expect(focusMetrics(dashboard).map((m) => m.key)).toEqual(['talkShare', 'entryRate']);
	});
	test('all on target: nothing to work on', () => {
		expect(focusMetrics([metric('entryRate', 1), metric('gpm', 2)])).toEqual([]);
		expect(focusMetrics([])).toEqual([]);
	});
	test('does not reorder the dashboard it was given', () => {
		const dashboard = [metric('entryRate', 0.9, true), metric('productCtr', 0.2, true)];
		focusMetrics(dashboard);
		expect(dashboard.map((m) => m.key)).toEqual(['entryRate', 'productCtr']);
	});
});

describe('tips and labels', () => {
	test('every metric has a label and a tip in both languages', () => {
		for (const key of Object.keys(METRIC_TIP_KEY) as Array<keyof typeof METRIC_TIP_KEY>) {
			expect(id[METRIC_TIP_KEY[key]].length).toBeGreaterThan(20);
			expect(en[METRIC_TIP_KEY[key]].length).toBeGreaterThan(20);
			expect(id[METRIC_LABEL_KEY[key]]).toBeTruthy();
			expect(en[METRIC_LABEL_KEY[key]]).toBeTruthy();
			expect(id[METRIC_TIP_KEY[key]]).not.toBe(en[METRIC_TIP_KEY[key]]);
		}
	});
	test('targetPercent caps at 100', () => {
		expect(targetPercent({ score: 0.456 })).toBe(46);
		expect(targetPercent({ score: 2 })).toBe(100);
		expect(targetPercent({ score: -1 })).toBe(0);
		expect(targetPercent({ score: Number.NaN })).toBe(0);
	});
});
