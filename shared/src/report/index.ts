/** Reports after a live: the rubric, the computation and the CSV export (the contract itself is in types.ts). */
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
