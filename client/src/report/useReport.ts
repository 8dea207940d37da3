import type { MentorNote, NoteBody, Role, RubricUpdateBody, SessionReport, SessionTimelineResponse } from '@gladi/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getInvite } from '../api.ts';
import { deleteRecording, getProgress, getReport, getTimeline, isForbidden, postNote, putRubric } from './reportApi.ts';
import { withNote } from './timeline.ts';

const reportKey = (sessionId: string, token: string) => ['report', sessionId, token] as const;
const timelineKey = (sessionId: string, token: string) => ['timeline', sessionId, token] as const;

/** `refetchInterval`: ask again this often (ms) while it returns a number, e.g. until a recording is ready. */
export function useReport(sessionId: string, token: string, refetchInterval?: (report: SessionReport | undefined) => number | false) {
	return useQuery({
		queryKey: reportKey(sessionId, token),
		queryFn: ({ signal }) => getReport(sessionId, token, signal),
		...(refetchInterval ? { refetchInterval: (query: { state: { data: SessionReport | undefined } }) => refetchInterval(query.state.data) } : {}),
	});
}

/** The replay's events, notes and products. An ended live's timeline no longer changes: loaded once. */
export function useTimeline(sessionId: string, token: string) {
	return useQuery({
		queryKey: timelineKey(sessionId, token),
		queryFn: ({ signal }) => getTimeline(sessionId, token, signal),
		staleTime: Infinity,
	});
}

export function useProgress(token: string) {
	return useQuery({ queryKey: ['progress', token], queryFn: ({ signal }) => getProgress(token, signal) });
}

/** The role of the room invite behind a token (an error for any other token, e.g. a class member's). */
export function useInviteRole(token: string) {
	return useQuery({
		queryKey: ['invite', token],
		queryFn: async ({ signal }): Promise<Role> => (await getInvite(token, signal)).role,
		staleTime: Infinity,
	});
}

/**
 * Whether this viewer may score and write notes. The report does not say;
 * the invite behind the token does (mentor), and a token that is not a room
 * invite (e.g. a class member's) gets an "I'm a mentor" switch that the
 * server's 403 turns off again.
 */
export type MentorAccess = 'checking' | 'mentor' | 'maybe' | 'no' | 'denied';

/** The mentor tools of the report and replay pages: who may use them, whether they are open, and a refusal closing them. */
export function useMentorAccess(token: string) {
	const invite = useInviteRole(token);
	const [denied, setDenied] = useState(false);
	// null: untouched, i.e. open for a mentor's own link.
	const [editingChoice, setEditing] = useState<boolean | null>(null);
	let access: MentorAccess = 'checking';
	if (denied) access = 'denied';
	else if (invite.data) access = invite.data === 'mentor' ? 'mentor' : 'no';
	else if (invite.isError) access = 'maybe';
	/** A mentor-only call failed: on 403 the tools go away (the page explains why). */
	const refused = (err: unknown) => {
		if (!isForbidden(err)) return;
		setDenied(true);
		setEditing(false);
	};
	return { access, editing: editingChoice ?? access === 'mentor', setEditing, refused };
}

interface EditCallbacks<T> {
	onSaved?(result: T): void;
	onFailed(error: unknown): void;
}

/** Mentor only: score one criterion. The choice shows at once; the server's report replaces it, or it is undone. */
export function useScore(sessionId: string, token: string, { onSaved, onFailed }: EditCallbacks<SessionReport>) {
	const client = useQueryClient();
	const key = reportKey(sessionId, token);
	return useMutation({
		mutationFn: (body: RubricUpdateBody) => putRubric(sessionId, token, body),
		onMutate: async ({ criterion, level }) => {
			// A load in flight must not overwrite the choice with the old score.
			await client.cancelQueries({ queryKey: key });
			const before = client.getQueryData<SessionReport>(key)?.rubric;
			client.setQueryData<SessionReport>(key, (r) => r && { ...r, rubric: { ...r.rubric, scores: { ...r.rubric.scores, [criterion]: level } } });
			return { before };
		},
		onError: (error, _body, context) => {
			// Undo only the rubric: a note saved meanwhile stays.
			const before = context?.before;
			if (before) client.setQueryData<SessionReport>(key, (r) => r && { ...r, rubric: before });
			onFailed(error);
		},
		onSuccess: (report) => {
			client.setQueryData(key, report);
			onSaved?.(report);
		},
	});
}

/** Mentor only: add a note; it joins the cached report's and replay's timelines. */
export function useAddNote(sessionId: string, token: string, { onSaved, onFailed }: EditCallbacks<MentorNote>) {
	const client = useQueryClient();
	return useMutation({
		mutationFn: (body: NoteBody) => postNote(sessionId, token, body),
		onError: onFailed,
		onSuccess: (note) => {
			client.setQueryData<SessionReport>(reportKey(sessionId, token), (r) => r && withNote(r, note));
			client.setQueryData<SessionTimelineResponse>(
				timelineKey(sessionId, token),
				(t) => t && (t.notes.some((n) => n.id === note.id) ? t : { ...t, notes: [...t.notes, note] }),
			);
			onSaved?.(note);
		},
	});
}

/** The trainee or a mentor deletes the recording; the cached report then has none. */
export function useDeleteRecording(sessionId: string, token: string, { onSaved, onFailed }: EditCallbacks<void>) {
	const client = useQueryClient();
	return useMutation({
		mutationFn: (url: string) => deleteRecording(url),
		onError: onFailed,
		onSuccess: () => {
			client.setQueryData<SessionReport>(reportKey(sessionId, token), (r) => r && { ...r, recording: null });
			onSaved?.();
		},
	});
}
