/** Reports after a live: the rubric, the computation, the CSV export, and the per-minute series (the contract itself is in types.ts). The replay's parts are their own entry, @gladi/shared/replay, so that only the replay page's chunk carries them. */
export {
	DASHBOARD_METRICS,
	DASHBOARD_TARGETS,
	NOTE_TAG_LABELS,
	RUBRIC,
	RUBRIC_MAX_LEVEL,
	type DashboardKey,
	type LocalizedText,
	type ReportLang,
	type RubricCriterionText,
	type RubricLevelText,
} from './rubric.ts';
export { computeReport, liveWindow } from './computeReport.ts';
export { CSV_BOM, csvCell, formatClock, reportToCsv } from './csv.ts';
export { MINUTE_MS, minuteSeries } from './minutes.ts';
export { LONG_SILENCE_MS, longSilences, silentSpans, talkSpans, type Span } from './talk.ts';
