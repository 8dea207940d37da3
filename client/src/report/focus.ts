import type { DashboardMetric } from '@gladi/shared';

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
