import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
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

/**
 * A call refused because nobody is signed in (or the session ended): the
 * mentor has to sign in again. A wrong password at sign-in is a 401 too, but
 * the answer to a sign-in, not a lost session.
 */
export function isSignedOut(error: unknown): boolean {
	return error instanceof ApiError && error.status === 401 && error.kind !== 'login_failed';
}

export interface QueryClientOptions {
	/** Any read or write answered "sign in first" (pages gated on an account send the mentor to sign in). */
	onSignedOut?(): void;
}

/** The app's one cache of server data (catalog, reports, classes, the account). */
export function createQueryClient({ onSignedOut }: QueryClientOptions = {}): QueryClient {
	const signedOut = (error: unknown) => {
		if (isSignedOut(error)) onSignedOut?.();
	};
	return new QueryClient({
		queryCache: new QueryCache({ onError: signedOut }),
		mutationCache: new MutationCache({ onError: signedOut }),
		defaultOptions: {
			// Refetching every query when a tab comes back would hit the server with all of them at once.
			queries: { retry: retryTransient, refetchOnWindowFocus: false },
			// Writes are not idempotent: never repeat one by ourselves.
			mutations: { retry: false },
		},
	});
}
