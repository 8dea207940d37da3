import type { ReplayMoment } from '@gladi/shared/replay';

/** The timeline's chips: which moments a trainee or mentor may want to look at alone. */
export const MOMENT_FILTERS = ['all', 'questions', 'comments', 'sales', 'mentor', 'silences'] as const;
export type MomentFilter = (typeof MOMENT_FILTERS)[number];

export const FILTER_LABEL_KEY = {
	all: 'rpFilterAll',
	questions: 'rpFilterQuestions',
	comments: 'rpFilterComments',
	sales: 'rpFilterSales',
	mentor: 'rpFilterMentor',
	silences: 'rpFilterSilences',
} as const satisfies Record<MomentFilter, string>;

export function inFilter(moment: ReplayMoment, filter: MomentFilter): boolean {
	switch (filter) {
		case 'all':
			return true;
		case 'questions':
			return moment.kind === 'comment' && moment.isQuestion && moment.source !== 'host';
		case 'comments':
			return moment.kind === 'comment';
		case 'sales':
			return moment.kind === 'pin' || moment.kind === 'flashSale' || moment.kind === 'order';
		case 'mentor':
			return moment.kind === 'whisper' || moment.kind === 'surprise' || moment.kind === 'note';
		case 'silences':
			return moment.kind === 'silence';
	}
}

/** How many moments each chip shows. */
export function filterCounts(moments: readonly ReplayMoment[]): Record<MomentFilter, number> {
	const counts = Object.fromEntries(MOMENT_FILTERS.map((f) => [f, 0])) as Record<MomentFilter, number>;
	for (const m of moments) for (const f of MOMENT_FILTERS) if (inFilter(m, f)) counts[f]++;
	return counts;
}
