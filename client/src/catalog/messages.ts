import { ApiError } from '../http.ts';
import type { Message } from './productForm.ts';

/** A failed API call explained in the user's language (the server's own text only as a detail). */
export function apiErrorMessage(err: unknown): Message {
	if (err instanceof ApiError && err.status !== 0) {
		if (err.status === 404) return { key: 'catErrNotFound' };
		if (err.status === 413) return { key: 'catErrTooLarge' };
		if (err.status === 415) return { key: 'catImageWrongType' };
		if (err.status === 429) return { key: 'catErrRateLimited' };
		return { key: 'catErrServer', vars: { message: err.message } };
	}
	return { key: 'catErrNetwork' };
}
