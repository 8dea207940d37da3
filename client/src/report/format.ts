import { formatRupiah, type DashboardMetric } from '@gladi/shared';

/** Report formatting: pure, language-aware (Bahasa Indonesia first). */
export type ReportLang = 'id' | 'en';

const LOCALE: Record<ReportLang, string> = { id: 'id-ID', en: 'en-GB' };

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A moment in the live as mm:ss from its start (h:mm:ss from one hour). Negative or missing is 00:00. */
export function formatOffset(ms: number): string {
	const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}

/**
 * Read a moment typed by a mentor: "mm:ss", "h:mm:ss" or plain minutes ("7").
 * Returns ms, or null when it is not a time.
 */
export function parseOffset(text: string): number | null {
	const t = text.trim();
	if (!t) return null;
	if (/^\d{1,3}$/.test(t)) return Number(t) * 60_000;
	const m = /^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})$/.exec(t);
	if (!m) return null;
	const hours = m[1] ? Number(m[1]) : 0;
	const minutes = Number(m[2]);
	const seconds = Number(m[3]);
	if (seconds > 59 || (m[1] !== undefined && minutes > 59)) return null;
	return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** A length of time in words: "12 mnt 5 dtk" / "12 min 5 s", "1 jam 3 mnt" / "1 h 3 min". */
export function formatDuration(ms: number, lang: ReportLang): string {
	const total = Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0;
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const u = lang === 'id' ? { h: 'jam', m: 'mnt', s: 'dtk' } : { h: 'h', m: 'min', s: 's' };
	if (h > 0) return m > 0 ? `${h} ${u.h} ${m} ${u.m}` : `${h} ${u.h}`;
	if (m > 0) return s > 0 ? `${m} ${u.m} ${s} ${u.s}` : `${m} ${u.m}`;
	return `${s} ${u.s}`;
}

export function formatNumber(n: number, lang: ReportLang, maxFractionDigits = 0): string {
	if (!Number.isFinite(n)) return '–';
	return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: maxFractionDigits }).format(n);
}

/** A 0-1 share as a whole percent ("45%"); "–" when there is none (nothing was asked). */
export function formatShare(share: number | null | undefined, lang: ReportLang): string {
	if (share === null || share === undefined || !Number.isFinite(share)) return '–';
	return `${formatNumber(share * 100, lang)}%`;
}

/** A dashboard figure in its unit (percent values are already 0-100). */
export function formatMetricValue(value: number, unit: DashboardMetric['unit'], lang: ReportLang): string {
	if (!Number.isFinite(value)) return '–';
	switch (unit) {
		case 'percent':
			return `${formatNumber(value, lang, value < 10 ? 1 : 0)}%`;
		case 'perMinute':
			return `${formatNumber(value, lang, 1)}/${lang === 'id' ? 'mnt' : 'min'}`;
		case 'rupiah':
			return formatRupiah(value);
		case 'count':
			return formatNumber(value, lang, value < 10 ? 1 : 0);
	}
}

export function formatDate(epochMs: number, lang: ReportLang): string {
	return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'long', year: 'numeric' }).format(epochMs);
}

export function formatDateTime(epochMs: number, lang: ReportLang): string {
	return new Intl.DateTimeFormat(LOCALE[lang], {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
	}).format(epochMs);
}

/** A short date for chart axes: "3 Mei" / "3 May". */
export function formatShortDate(epochMs: number, lang: ReportLang): string {
	return new Intl.DateTimeFormat(LOCALE[lang], { day: 'numeric', month: 'short' }).format(epochMs);
}

/** A time of day: "14.05" / "14:05". */
export function formatTime(epochMs: number, lang: ReportLang): string {
	return new Intl.DateTimeFormat(LOCALE[lang], { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}
