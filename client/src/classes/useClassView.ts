import type { ClassOverview } from '@gladi/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../http.ts';
import { advanceTurn, getClass, type ClassView, type Timed } from './classApi.ts';

export interface ClassViewState {
	/** The latest view (kept while a later poll fails). */
	data: Timed<ClassView> | null;
	/** The last poll's failure, cleared by the next success. */
	error: unknown;
	/** Poll again now (after a failure the user wants to retry). */
	reload(): void;
}

const classKey = (classId: string, token: string | null) => ['class', classId, token] as const;

/** Stop asking when the link itself is wrong: it will not get better. */
const hopeless = (query: { state: { error: unknown } }) => query.state.error instanceof ApiError && [403, 404].includes(query.state.error.status);

/**
 * The class page's data, polled every `intervalMs` so that live status, turns
 * and sessions stay current. Polls pause while the tab is hidden and one is
 * sent as soon as it is shown again.
 */
export function useClassView(classId: string, token: string | null, intervalMs: number): ClassViewState {
	const query = useQuery({
		queryKey: classKey(classId, token),
		queryFn: ({ signal }) => getClass(classId, token, signal),
		// The next poll is the retry.
		retry: false,
		refetchInterval: (q) => (hopeless(q) ? false : intervalMs),
		refetchIntervalInBackground: false,
		refetchOnWindowFocus: (q) => !hopeless(q),
	});
	return { data: query.data ?? null, error: query.error, reload: () => void query.refetch() };
}

/** Mentor only: the next member's turn in a room; the overview shows the server's answer at once. */
export function useAdvanceTurn(classId: string, token: string | null) {
	const client = useQueryClient();
	return useMutation({
		mutationFn: (roomCode: string) => advanceTurn(classId, roomCode, token),
		onSuccess: async (overview: Timed<ClassOverview>) => {
			// A poll sent before the advance would bring back the old turn: drop it.
			await client.cancelQueries({ queryKey: classKey(classId, token) });
			client.setQueryData(classKey(classId, token), overview);
		},
	});
}
