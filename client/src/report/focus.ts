import { MINUTE_MS, type DashboardMetric, type SessionReport } from '@gladi/shared';

export type MetricKey = DashboardMetric['key'];

/** i18n keys for each dashboard figure: its name and a plain-language tip for the next live. */
export const METRIC_LABEL_KEY = {
	entryRate: 'repMetricEntryRate',
	productCtr: 'repMetricProductCtr',
	clickToOrder: 'repMetricClickToOrder',
	gpm: 'repMetricGpm',
	answeredShare: 'repMetricAnsweredShare',
	talkShare: 'repMetricTalkShare',
	commentRate: 'repMetricCommentRate',
	averageViewers: 'repMetricAverageViewers',
} as const satisfies Record<MetricKey, string>;

export const METRIC_TIP_KEY = {
	entryRate: 'repTipEntryRate',
	productCtr: 'repTipProductCtr',
	clickToOrder: 'repTipClickToOrder',
	gpm: 'repTipGpm',
	answeredShare: 'repTipAnsweredShare',
	talkShare: 'repTipTalkShare',
	commentRate: 'repTipCommentRate',
	averageViewers: 'repTipAverageViewers',
} as const satisfies Record<MetricKey, string>;

/**
 * The "three things to work on": the dashboard's weak metrics, weakest
 * first. When the server flagged none, the figures below target stand in
 * (weakest first), so a trainee who missed targets always gets a next step.
 */
export function focusMetrics(dashboard: readonly DashboardMetric[], max = 3): DashboardMetric[] {
	const byScore = (a: DashboardMetric, b: DashboardMetric) => a.score - b.score;
	const weak = dashboard.filter((m) => m.weak).sort(byScore);
	const picked = weak.length > 0 ? weak : dashboard.filter((m) => m.score < 1).sort(byScore);
	return picked.slice(0, max);
}

/** How close to the target, for the table's bar: 0-100 (reaching the target is 100). */
export function targetPercent(metric: Pick<DashboardMetric, 'score'>): number {
	if (!Number.isFinite(metric.score) || metric.score <= 0) return 0;
	return Math.min(100, Math.round(metric.score * 100));
}

/** Why a metric links to the moment it does (each has its sentence: repMoment_<reason>). */
export type MomentReason = 'missedQuestion' | 'longestSilence' | 'quietestMinute' | 'viewersLeft' | 'opening' | 'firstPin' | 'busiestMinute';

export const MOMENT_REASON_KEY = {
	missedQuestion: 'repMoment_missedQuestion',
	longestSilence: 'repMoment_longestSilence',
	quietestMinute: 'repMoment_quietestMinute',
	viewersLeft: 'repMoment_viewersLeft',
	opening: 'repMoment_opening',
	firstPin: 'repMoment_firstPin',
	busiestMinute: 'repMoment_busiestMinute',
} as const satisfies Record<MomentReason, string>;

/** The index of the first item with the highest score (-1 when none scores above -Infinity). */
function argMax<T>(items: readonly T[], score: (item: T, index: number) => number): number {
	let best = -1;
	let bestScore = -Infinity;
	items.forEach((item, i) => {
		const s = score(item, i);
		if (s > bestScore) {
			best = i;
			bestScore = s;
		}
	});
	return best;
}

/**
 * The moment of the live (ms from its start) that shows a weak metric best,
 * for the "three things to work on" to open the replay there; null when the
 * live has no such moment (no silence of 10 s, no pin, no viewer leaving).
 */
export function focusMoment(
	key: MetricKey,
	report: {
		session: Pick<SessionReport['session'], 'startedAt' | 'durationMs'>;
		questions: Pick<SessionReport['questions'], 'unanswered'>;
		minutes: SessionReport['minutes'];
	},
): { reason: MomentReason; offsetMs: number } | null {
	const { buckets, markers } = report.minutes;
	const minute = (reason: MomentReason, index: number) => (index < 0 ? null : { reason, offsetMs: index * MINUTE_MS });
	switch (key) {
		case 'answeredShare': {
			const first = report.questions.unanswered[0];
			return first ? { reason: 'missedQuestion', offsetMs: Math.max(0, first.at - report.session.startedAt) } : null;
		}
		case 'talkShare': {
			const silences = markers.filter((m) => m.kind === 'silence');
			const longest = silences[argMax(silences, (m) => m.durationMs)];
			return longest ? { reason: 'longestSilence', offsetMs: longest.offsetMs } : null;
		}
		case 'commentRate': {
			// A last minute cut short has few comments because it is short: only whole minutes count, if there are any.
			const whole = (i: number) => (i + 1) * MINUTE_MS <= report.session.durationMs || buckets.length === 1;
			return minute('quietestMinute', argMax(buckets, (b, i) => (whole(i) ? -b.comments : -Infinity)));
		}
		case 'averageViewers':
			// The minute whose most viewers fell furthest below the minute before.
			return minute('viewersLeft', argMax(buckets, (b, i) => (i > 0 && buckets[i - 1]!.viewers > b.viewers ? buckets[i - 1]!.viewers - b.viewers : -Infinity)));
		case 'entryRate':
			return { reason: 'opening', offsetMs: 0 };
		case 'productCtr': {
			const pin = markers.find((m) => m.kind === 'pin');
			return pin ? { reason: 'firstPin', offsetMs: pin.offsetMs } : null;
		}
		case 'clickToOrder':
		case 'gpm':
			return minute('busiestMinute', argMax(buckets, (b) => b.viewers));
	}
}
