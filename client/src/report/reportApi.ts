import {
	replayPath,
	reportJsonPath,
	type MentorNote,
	type NoteBody,
	type ProgressResponse,
	type RubricUpdateBody,
	type SessionReport,
	type SessionTimelineResponse,
} from '@gladi/shared';
import { ApiError, request, requestJson } from '../http.ts';

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

/** The replay page (client route), opening at `atMs` into the live when given. */
export function replayHref(sessionId: string, token: string, atMs?: number | null): string {
	const at = atMs === undefined || atMs === null ? '' : `&at=${Math.max(0, Math.round(atMs))}`;
	return `${replayPath(sessionId, token)}${at}`;
}

export function getReport(sessionId: string, token: string, signal?: AbortSignal): Promise<SessionReport> {
	return requestJson(reportJsonPath(sessionId, token), signal ? { signal } : {});
}

/** Everything the replay shows in sync with the video: events, notes and the room's products. */
export function getTimeline(sessionId: string, token: string, signal?: AbortSignal): Promise<SessionTimelineResponse> {
	return requestJson(`${sessionBase(sessionId)}/timeline${q(token)}`, signal ? { signal } : {});
}

/** The trainee or a mentor deletes the session's recording (its URL from the report carries the token). */
export async function deleteRecording(url: string): Promise<void> {
	await request(url, { method: 'DELETE' });
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

/** The link may not do this (a trainee's link that is not a mentor's, or another trainee's report): trying again will not help. */
export function isForbidden(err: unknown): boolean {
	return err instanceof ApiError && (err.status === 401 || err.status === 403);
}
