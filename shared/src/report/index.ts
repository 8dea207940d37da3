/** Reports after a live: the rubric, the computation, the CSV export, the per-minute series and the replay (the contract itself is in types.ts). */
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
export {
	buildReplay,
	countUntil,
	momentIndexAt,
	momentIndexFrom,
	recordingTimeToEpoch,
	replayMoments,
	REPLAY_FEED_COMMENTS,
	SEEK_LEAD_MS,
	seekSeconds,
	settledAt,
	stageAt,
	stockAt,
	type Replay,
	type ReplayMoment,
	type ReplayMomentKind,
	type ReplayStage,
} from './replay.ts';
export { LONG_SILENCE_MS, longSilences, silentSpans, talkSpans, type Span } from './talk.ts';
