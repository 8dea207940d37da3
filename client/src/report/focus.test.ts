import type { DashboardMetric } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { focusMetrics, focusMoment, METRIC_LABEL_KEY, METRIC_TIP_KEY, MOMENT_REASON_KEY, targetPercent } from './focus.ts';
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

describe('focusMoment (where a weak metric shows in the replay)', () => {
	const T0 = 1_800_000_000_000;
	const report = {
		session: { startedAt: T0, durationMs: 250_000 },
		questions: { unanswered: [{ id: 'c1', at: T0 + 16_000, name: 'yanti', text: 'bahannya apa kak?' }] },
		minutes: {
			buckets: [
				{ viewers: 5, comments: 8, orders: 0 },
				{ viewers: 12, comments: 2, orders: 1 },
				{ viewers: 4, comments: 2, orders: 0 },
				{ viewers: 3, comments: 5, orders: 0 },
				// 10 s of a fifth minute: too short to be the quietest.
				{ viewers: 3, comments: 0, orders: 0 },
			],
			markers: [
				{ kind: 'silence' as const, offsetMs: 20_000, durationMs: 11_000, label: '' },
				{ kind: 'pin' as const, offsetMs: 70_000, durationMs: 0, label: 'Gamis' },
				{ kind: 'silence' as const, offsetMs: 130_000, durationMs: 25_000, label: '' },
				{ kind: 'pin' as const, offsetMs: 150_000, durationMs: 0, label: 'Hijab' },
			],
		},
	};

	test('each metric points at the moment that shows it', () => {
		const moments = Object.fromEntries(
			(Object.keys(METRIC_LABEL_KEY) as Array<DashboardMetric['key']>).map((key) => [key, focusMoment(key, report)]),
		);
		expect(moments).toEqual({
			answeredShare: { reason: 'missedQuestion', offsetMs: 16_000 },
			talkShare: { reason: 'longestSilence', offsetMs: 130_000 },
			commentRate: { reason: 'quietestMinute', offsetMs: 60_000 },
			averageViewers: { reason: 'viewersLeft', offsetMs: 120_000 },
			entryRate: { reason: 'opening', offsetMs: 0 },
			productCtr: { reason: 'firstPin', offsetMs: 70_000 },
			clickToOrder: { reason: 'busiestMinute', offsetMs: 60_000 },
			gpm: { reason: 'busiestMinute', offsetMs: 60_000 },
		});
	});

	test('no moment when the live has none to show', () => {
		const quiet = { ...report, questions: { unanswered: [] }, minutes: { buckets: [{ viewers: 2, comments: 0, orders: 0 }], markers: [] } };
		expect(['answeredShare', 'talkShare', 'averageViewers', 'productCtr'].map((k) => focusMoment(k as DashboardMetric['key'], quiet))).toEqual([null, null, null, null]);
		expect(focusMoment('commentRate', quiet)).toEqual({ reason: 'quietestMinute', offsetMs: 0 });
	});

	test('every reason has its sentence in both languages, with the time', () => {
		for (const key of Object.values(MOMENT_REASON_KEY)) {
			expect(id[key]).toContain('{time}');
			expect(en[key]).toContain('{time}');
		}
	});
});
