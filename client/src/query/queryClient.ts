import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../http.ts';

/** Tries after the first failure: a couple, enough to ride out a restart or a dropped packet. */
const RETRIES = 2;

/**
 * Whether a failed read is worth asking again: no answer at all or a server
 * failure may pass; a 4xx (bad link, not allowed, gone) will not.
 */
export function isTransient(error: unknown): boolean {
	return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

export function retryTransient(failureCount: number, error: unknown): boolean {
	return failureCount < RETRIES && isTransient(error);
}

/** The app's one cache of server data (catalog, reports, classes). */
export function createQueryClient(): QueryClient {
	return new QueryClient({
		defaultOptions: {
			// Refetching every query when a tab comes back would hit the server with all of them at once.
			queries: { retry: retryTransient, refetchOnWindowFocus: false },
			// Writes are not idempotent: never repeat one by ourselves.
			mutations: { retry: false },
		},
	});
}
