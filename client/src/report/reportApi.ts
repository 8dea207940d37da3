import {
	reportJsonPath,
	type MentorNote,
	type NoteBody,
	type ProgressResponse,
	type RubricUpdateBody,
	type SessionReport,
} from '@gladi/shared';
import { ApiError, requestJson } from '../http.ts';

/**
 * The reports HTTP API (see shared/src/protocol/http.ts). Every call carries
 * the invite token (`?t=`); the server answers 403 to anyone the report does
 * not belong to.
 */

const q = (token: string) => `?t=${encodeURIComponent(token)}`;
const sessionBase = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

export { reportJsonPath };

/** The CSV export; its headings are in Bahasa Indonesia unless `lang` is 'en'. */
export function reportCsvPath(sessionId: string, token: string, lang: 'id' | 'en' = 'id'): string {
	return `${sessionBase(sessionId)}/report.csv${q(token)}${lang === 'en' ? '&lang=en' : ''}`;
}

/** The trainee's progress page (client route). */
export function progressPath(token: string): string {
	return `/kemajuan${q(token)}`;
}

export function getReport(sessionId: string, token: string, signal?: AbortSignal): Promise<SessionReport> {
	return requestJson(reportJsonPath(sessionId, token), signal ? { signal } : {});
}

/** Mentor only: set one rubric criterion; answers with the updated report. */
export function putRubric(sessionId: string, token: string, body: RubricUpdateBody): Promise<SessionReport> {
	return requestJson(`${sessionBase(sessionId)}/rubric${q(token)}`, { method: 'PUT', body: JSON.stringify(body) });
}

/** Mentor only: add a note after (or about a moment of) the live. */
export function postNote(sessionId: string, token: string, body: NoteBody): Promise<MentorNote> {
	return requestJson(`${sessionBase(sessionId)}/notes${q(token)}`, { method: 'POST', body: JSON.stringify(body) });
}

export function getProgress(token: string, signal?: AbortSignal): Promise<ProgressResponse> {
	return requestJson(`/api/progress${q(token)}`, signal ? { signal } : {});
}

/** Which message explains a failed call (keys in i18n/report.ts). */
export type ReportErrorKind = 'forbidden' | 'notFound' | 'invalid' | 'rateLimited' | 'network' | 'server';

export function reportErrorKind(err: unknown): ReportErrorKind {
	if (!(err instanceof ApiError)) return 'network';
	if (err.status === 0) return 'network';
	if (err.status === 401 || err.status === 403) return 'forbidden';
	if (err.status === 404) return 'notFound';
	if (err.status === 400 || err.status === 422) return 'invalid';
	if (err.status === 429) return 'rateLimited';
	return 'server';
}
