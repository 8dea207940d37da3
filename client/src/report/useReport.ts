import type { MentorNote, NoteBody, Role, RubricUpdateBody, SessionReport } from '@gladi/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getInvite } from '../api.ts';
import { getProgress, getReport, postNote, putRubric } from './reportApi.ts';
import { withNote } from './timeline.ts';

const reportKey = (sessionId: string, token: string) => ['report', sessionId, token] as const;

export function useReport(sessionId: string, token: string) {
	return useQuery({ queryKey: reportKey(sessionId, token), queryFn: ({ signal }) => getReport(sessionId, token, signal) });
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

/** Mentor only: add a note; it joins the cached report's timeline. */
export function useAddNote(sessionId: string, token: string, { onSaved, onFailed }: EditCallbacks<MentorNote>) {
	const client = useQueryClient();
	return useMutation({
		mutationFn: (body: NoteBody) => postNote(sessionId, token, body),
		onError: onFailed,
		onSuccess: (note) => {
			client.setQueryData<SessionReport>(reportKey(sessionId, token), (r) => r && withNote(r, note));
			onSaved?.(note);
		},
	});
}
