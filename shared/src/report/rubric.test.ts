import { describe, expect, it } from 'vitest';
import { DASHBOARD_METRICS, DASHBOARD_TARGETS, NOTE_TAG_LABELS, RUBRIC, RUBRIC_MAX_LEVEL } from './rubric.ts';
import { NOTE_TAGS, RUBRIC_CRITERIA, type DashboardMetric } from './types.ts';

const LANGS = ['id', 'en'] as const;

describe('RUBRIC', () => {
	it('defines the five criteria, each with four levels, in both languages', () => {
		expect(Object.keys(RUBRIC)).toEqual([...RUBRIC_CRITERIA]);
		for (const criterion of RUBRIC_CRITERIA) {
			const def = RUBRIC[criterion];
			for (const lang of LANGS) expect(def.label[lang].trim()).not.toBe('');
			expect(Object.keys(def.levels)).toEqual(['1', '2', '3', '4']);
			for (const level of [1, 2, 3, 4] as const) {
				for (const lang of LANGS) {
					expect(def.levels[level].label[lang].trim()).not.toBe('');
					// one sentence: a capital start, a single full stop at the end
					expect(def.levels[level].descriptor[lang]).toMatch(/^[A-Z][^.]*[^.\s]\.$/);
				}
			}
			const descriptors = [1, 2, 3, 4].map((l) => def.levels[l as 1 | 2 | 3 | 4].descriptor.id);
			expect(new Set(descriptors).size).toBe(4);
		}
	});

	it('names the levels the same way for every criterion', () => {
		for (const criterion of RUBRIC_CRITERIA) {
			expect(RUBRIC[criterion].levels[1].label).toEqual({ id: 'Perlu latihan', en: 'Needs practice' });
			expect(RUBRIC[criterion].levels[2].label).toEqual({ id: 'Cukup', en: 'Fair' });
			expect(RUBRIC[criterion].levels[3].label).toEqual({ id: 'Baik', en: 'Good' });
			expect(RUBRIC[criterion].levels[4].label).toEqual({ id: 'Sangat baik', en: 'Excellent' });
		}
		expect(RUBRIC_MAX_LEVEL).toBe(4);
	});
});

describe('NOTE_TAG_LABELS', () => {
	it('labels every note tag in both languages', () => {
		expect(Object.keys(NOTE_TAG_LABELS).sort()).toEqual([...NOTE_TAGS].sort());
		for (const tag of NOTE_TAGS) for (const lang of LANGS) expect(NOTE_TAG_LABELS[tag][lang].trim()).not.toBe('');
		expect(NOTE_TAG_LABELS.goodGreeting).toEqual({ id: 'Sapaan bagus', en: 'Good greeting' });
		expect(NOTE_TAG_LABELS.missedQuestion.id).toBe('Pertanyaan terlewat');
	});
});

describe('dashboard definitions', () => {
	it('lists every metric once with a positive target', () => {
		const keys: Array<DashboardMetric['key']> = ['entryRate', 'productCtr', 'clickToOrder', 'gpm', 'answeredShare', 'talkShare', 'commentRate', 'averageViewers'];
		expect(DASHBOARD_METRICS.map((m) => m.key)).toEqual(keys);
		expect(Object.keys(DASHBOARD_TARGETS).sort()).toEqual([...keys].sort());
		for (const key of keys) expect(DASHBOARD_TARGETS[key]).toBeGreaterThan(0);
		for (const m of DASHBOARD_METRICS) for (const lang of LANGS) expect(m.label[lang].trim()).not.toBe('');
		for (const m of DASHBOARD_METRICS.filter((x) => x.unit === 'percent')) expect(DASHBOARD_TARGETS[m.key]).toBeLessThanOrEqual(100);
	});
});
