import type { ReplayMoment } from '@gladi/shared/replay';
import { describe, expect, test } from 'vitest';
import { filterCounts, inFilter, MOMENT_FILTERS } from './filters.ts';

const base = { at: 0, offsetMs: 0 };
const comment = (key: string, isQuestion: boolean, source: 'crowd' | 'host' = 'crowd'): ReplayMoment => ({
	...base,
	key,
	kind: 'comment',
	id: key,
	name: 'yanti',
	text: 'bahannya apa kak?',
	source,
	isQuestion,
	answeredAt: null,
});
const moments: ReplayMoment[] = [
	comment('q', true),
	comment('c', false),
	comment('h', true, 'host'),
	{ ...base, key: 'p', kind: 'pin', productName: 'Gamis' },
	{ ...base, key: 'f', kind: 'flashSale', productName: 'Gamis', salePrice: 1, durationMs: 1 },
	{ ...base, key: 'o', kind: 'order', buyerName: 'Rina', productName: 'Gamis', variantLabel: 'M', quantity: 1, simulated: false },
	{ ...base, key: 'w', kind: 'whisper', mentorName: 'Budi', text: 'senyum' },
	{ ...base, key: 'i', kind: 'surprise', mentorName: 'Budi', inject: 'troll' },
	{ ...base, key: 'n', kind: 'note', id: 'n', mentorName: 'Budi', text: 'bagus', tags: [] },
	{ ...base, key: 's', kind: 'silence', durationMs: 12_000 },
];

describe('moment filters', () => {
	test('each chip picks its moments; the host asking is not a buyer’s question', () => {
		const picked = Object.fromEntries(MOMENT_FILTERS.map((f) => [f, moments.filter((m) => inFilter(m, f)).map((m) => m.key).join('')]));
		expect(picked).toEqual({ all: 'qchpfowins', questions: 'q', comments: 'qch', sales: 'pfo', mentor: 'win', silences: 's' });
	});

	test('counts per chip', () => {
		expect(filterCounts(moments)).toEqual({ all: 10, questions: 1, comments: 3, sales: 3, mentor: 3, silences: 1 });
	});
});
