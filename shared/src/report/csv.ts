import { DASHBOARD_METRICS, NOTE_TAG_LABELS, RUBRIC, type LocalizedText, type ReportLang } from './rubric.ts';
import { RUBRIC_CRITERIA, type DashboardMetric, type SessionReport } from './types.ts';

/**
 * Byte order mark for UTF-8. reportToCsv does not include it; an HTTP
 * download meant for Excel may prepend it, so that Excel reads names and
 * comments (emoji, accents) as UTF-8 rather than the local code page.
 */
export const CSV_BOM = '\uFEFF';

type Cell = string | number | null;

const T = {
	summary: { id: 'Ringkasan', en: 'Summary' },
	item: { id: 'Butir', en: 'Item' },
	value: { id: 'Nilai', en: 'Value' },
	sessionId: { id: 'ID sesi', en: 'Session ID' },
	title: { id: 'Judul', en: 'Title' },
	host: { id: 'Penjual (host)', en: 'Host' },
	roomCode: { id: 'Kode ruang', en: 'Room code' },
	startedAt: { id: 'Mulai (UTC)', en: 'Started (UTC)' },
	endedAt: { id: 'Selesai (UTC)', en: 'Ended (UTC)' },
	stillLive: { id: 'Masih berlangsung', en: 'Still live' },
	duration: { id: 'Durasi (mm:dd)', en: 'Duration (mm:ss)' },
	talkTime: { id: 'Waktu bicara (mm:dd)', en: 'Talk time (mm:ss)' },
	talkShare: { id: 'Waktu bicara (%)', en: 'Talk time (%)' },
	longestSilence: { id: 'Diam terlama (mm:dd)', en: 'Longest silence (mm:ss)' },
	asked: { id: 'Pertanyaan', en: 'Questions asked' },
	answered: { id: 'Pertanyaan dijawab', en: 'Questions answered' },
	answeredShare: { id: 'Pertanyaan dijawab (%)', en: 'Questions answered (%)' },
	medianAnswer: { id: 'Median waktu menjawab (detik)', en: 'Median time to answer (s)' },
	orders: { id: 'Pesanan', en: 'Orders' },
	units: { id: 'Unit terjual', en: 'Units sold' },
	gmv: { id: 'GMV (Rp)', en: 'GMV (Rp)' },
	humanOrders: { id: 'Pesanan dari orang', en: 'Orders by people' },
	simulatedOrders: { id: 'Pesanan simulasi', en: 'Simulated orders' },
	flashSales: { id: 'Flash sale', en: 'Flash sales' },
	peakViewers: { id: 'Puncak penonton', en: 'Peak viewers' },
	averageViewers: { id: 'Rata-rata penonton', en: 'Average viewers' },
	commentsPerMinute: { id: 'Komentar per menit', en: 'Comments per minute' },
	likes: { id: 'Suka', en: 'Likes' },
	entries: { id: 'Penonton masuk', en: 'Viewer entries' },
	rubricTotal: { id: 'Skor rubrik', en: 'Rubric score' },
	rubricMax: { id: 'Skor rubrik maksimum', en: 'Rubric maximum' },
	dashboard: { id: 'Metrik platform (simulasi)', en: 'Platform metrics (mock)' },
	metric: { id: 'Metrik', en: 'Metric' },
	unit: { id: 'Satuan', en: 'Unit' },
	target: { id: 'Target', en: 'Target' },
	score: { id: 'Skor (nilai/target)', en: 'Score (value/target)' },
	weak: { id: 'Lemah', en: 'Weak' },
	yes: { id: 'ya', en: 'yes' },
	no: { id: 'tidak', en: 'no' },
	products: { id: 'Produk', en: 'Products' },
	product: { id: 'Produk', en: 'Product' },
	productId: { id: 'ID produk', en: 'Product ID' },
	pins: { id: 'Disematkan (kali)', en: 'Pins' },
	pinnedTime: { id: 'Lama disematkan (mm:dd)', en: 'Time pinned (mm:ss)' },
	unanswered: { id: 'Pertanyaan belum dijawab', en: 'Unanswered questions' },
	time: { id: 'Waktu (mm:dd)', en: 'Time (mm:ss)' },
	name: { id: 'Nama', en: 'Name' },
	question: { id: 'Pertanyaan', en: 'Question' },
	rubric: { id: 'Rubrik', en: 'Rubric' },
	criterion: { id: 'Kriteria', en: 'Criterion' },
	level: { id: 'Level', en: 'Level' },
	levelLabel: { id: 'Keterangan', en: 'Level name' },
	descriptor: { id: 'Deskripsi', en: 'Descriptor' },
	notScored: { id: 'Belum dinilai', en: 'Not scored' },
	total: { id: 'Total', en: 'Total' },
	notes: { id: 'Catatan mentor', en: "Mentors' notes" },
	mentor: { id: 'Mentor', en: 'Mentor' },
	note: { id: 'Catatan', en: 'Note' },
	tags: { id: 'Tag', en: 'Tags' },
	whispers: { id: 'Bisikan saat live', en: 'Whispers during the live' },
	whisper: { id: 'Bisikan', en: 'Whisper' },
} satisfies Record<string, LocalizedText>;

const UNITS: Record<DashboardMetric['unit'], LocalizedText> = {
	perMinute: { id: 'per menit', en: 'per minute' },
	percent: { id: '%', en: '%' },
	rupiah: { id: 'Rp', en: 'Rp' },
	count: { id: 'orang', en: 'people' },
};

/**
 * The report as CSV for spreadsheets: RFC 4180 (comma separated, fields with
 * a comma, quote or line break in double quotes, quotes doubled), CRLF line
 * ends, plain UTF-8 text. Sections one after another, each a title row, a
 * header row and its rows, with an empty line between: summary, dashboard,
 * products, unanswered questions, rubric, notes, whispers. Numbers are plain
 * (dot decimals, at most 2 places, no thousands separators); times in the live
 * are mm:ss from its start; shares are percent.
 *
 * Formula injection guard: a cell starting with = + - @ (or tab / carriage
 * return) gets a leading single quote, so a comment like "=HYPERLINK(...)"
 * stays text in Excel, LibreOffice and Google Sheets.
 */
export function reportToCsv(report: SessionReport, lang: ReportLang): string {
	const t = (text: LocalizedText): string => text[lang];
	const rows: Cell[][] = [];
	const section = (title: LocalizedText, header: LocalizedText[], body: Cell[][]): void => {
		if (rows.length > 0) rows.push([]);
		rows.push([t(title)], header.map(t), ...body);
	};

	const { session, talk, questions, sales, audience, rubric } = report;
	section(T.summary, [T.item, T.value], [
		[t(T.sessionId), session.id],
		[t(T.title), session.title],
		[t(T.host), session.hostName],
		[t(T.roomCode), session.roomCode],
		[t(T.startedAt), isoTime(session.startedAt)],
		[t(T.endedAt), session.endedAt === null ? t(T.stillLive) : isoTime(session.endedAt)],
		[t(T.duration), formatClock(session.durationMs)],
		[t(T.talkTime), formatClock(talk.talkMs)],
		[t(T.talkShare), talk.talkShare * 100],
		[t(T.longestSilence), formatClock(talk.longestSilenceMs)],
		[t(T.asked), questions.asked],
		[t(T.answered), questions.answered],
		[t(T.answeredShare), questions.answeredShare === null ? null : questions.answeredShare * 100],
		[t(T.medianAnswer), questions.medianTimeToAnswerMs === null ? null : questions.medianTimeToAnswerMs / 1000],
		[t(T.orders), sales.orders],
		[t(T.units), sales.units],
		[t(T.gmv), sales.gmv],
		[t(T.humanOrders), sales.humanOrders],
		[t(T.simulatedOrders), sales.simulatedOrders],
		[t(T.flashSales), sales.flashSales],
		[t(T.peakViewers), audience.peakViewers],
		[t(T.averageViewers), audience.averageViewers],
		[t(T.commentsPerMinute), audience.commentsPerMinute],
		[t(T.likes), audience.likes],
		[t(T.entries), audience.entries],
		[t(T.rubricTotal), rubric.total],
		[t(T.rubricMax), rubric.max],
	]);

	const metricLabel = new Map(DASHBOARD_METRICS.map((m) => [m.key, m.label]));
	section(
		T.dashboard,
		[T.metric, T.value, T.unit, T.target, T.score, T.weak],
		report.dashboard.map((m) => [
			metricLabel.get(m.key)?.[lang] ?? m.key,
			m.value,
			t(UNITS[m.unit]),
			m.target,
			m.score,
			t(m.weak ? T.yes : T.no),
		]),
	);

	section(
		T.products,
		[T.product, T.productId, T.pins, T.pinnedTime, T.orders, T.units, T.gmv],
		report.products.map((p) => [p.productName, p.productId, p.pins, formatClock(p.pinnedMs), p.orders, p.units, p.gmv]),
	);

	// Question times as mm:ss from the session's start (the server starts the
	// session and the live at the same moment, so this is the notes' zero too).
	const offsetOf = (at: number): number => at - session.startedAt;
	section(
		T.unanswered,
		[T.time, T.name, T.question],
		questions.unanswered.map((q) => [formatClock(offsetOf(q.at)), q.name, q.text]),
	);

	section(
		T.rubric,
		[T.criterion, T.level, T.levelLabel, T.descriptor],
		[
			...RUBRIC_CRITERIA.map((criterion): Cell[] => {
				const level = rubric.scores[criterion];
				const def = RUBRIC[criterion];
				if (level === undefined) return [t(def.label), null, t(T.notScored), null];
				return [t(def.label), level, t(def.levels[level].label), t(def.levels[level].descriptor)];
			}),
			[t(T.total), `${rubric.total}/${rubric.max}`],
		],
	);

	section(
		T.notes,
		[T.time, T.mentor, T.note, T.tags],
		report.notes.map((n) => [formatClock(n.offsetMs), n.mentorName, n.text, n.tags.map((tag) => t(NOTE_TAG_LABELS[tag])).join('; ')]),
	);

	section(
		T.whispers,
		[T.time, T.mentor, T.whisper],
		report.whispers.map((w) => [formatClock(w.offsetMs), w.mentorName, w.text]),
	);

	return rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/** One CSV field: formula guard, then RFC 4180 quoting when needed. */
export function csvCell(value: Cell): string {
	let text = value === null ? '' : typeof value === 'number' ? formatNumber(value) : value;
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A plain number for spreadsheets: at most 2 decimals, no exponent for ordinary values. */
function formatNumber(n: number): string {
	if (!Number.isFinite(n)) return '';
	const rounded = Math.round(n * 100) / 100;
	return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Milliseconds as mm:ss (minutes keep counting past 59: 75:03); negative with a leading minus. */
export function formatClock(ms: number): string {
	const sign = ms < 0 ? '-' : '';
	const totalSeconds = Math.floor(Math.abs(ms) / 1000);
	const minutes = Math.floor(totalSeconds / 60);
	const seconds = totalSeconds % 60;
	return `${sign}${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

function isoTime(ms: number): string {
	return new Date(ms).toISOString();
}
