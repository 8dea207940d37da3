import type { StringKey } from '../i18n/strings.ts';
import { ApiError } from '../http.ts';
import { reportErrorKind } from './reportApi.ts';

/** A failed reports API call explained in the user's language (the server's own text only as a detail). */
export function reportErrorMessage(err: unknown): { key: StringKey; vars?: Record<string, string> } {
	const message = err instanceof ApiError ? err.message : '';
	switch (reportErrorKind(err)) {
		case 'forbidden':
			return { key: 'repErrForbidden' };
		case 'notFound':
			return { key: 'repErrNotFound' };
		case 'invalid':
			return { key: 'repErrInvalid', vars: { message } };
		case 'rateLimited':
			return { key: 'repErrRateLimited' };
		case 'network':
			return { key: 'repErrNetwork' };
		case 'server':
			return { key: 'repErrServer', vars: { message } };
	}
}
