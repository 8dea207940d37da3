import { GladiError, type ErrorKind } from '@gladi/shared';
import type { RequestHandler } from 'express';
import { rateLimit, type Options } from 'express-rate-limit';
import type { Logger } from '../logger.ts';

/**
 * Per-client-address limits at the HTTP edge (express-rate-limit's memory
 * store: a fixed window per address, forgotten a window after its last
 * request, so the table holds only recent clients and is never reset for all).
 * The address is `req.ip`: the connection's, or X-Forwarded-For's only from a
 * proxy GLADI_TRUST_PROXY names. A 429 carries Retry-After and the standard
 * RateLimit headers, and the JSON error body of every API error.
 */
export interface RateLimits {
	/** Creating rooms and classes, editing the catalog: cheap but not free (30 a minute). */
	writes: RequestHandler;
	/** Sign-in attempts: 20 failed ones per 15 minutes (successful ones do not count). */
	login: RequestHandler;
}

/** One set per studio: each limiter keeps its own table. */
export function createRateLimits(log: Logger): RateLimits {
	return {
		writes: limiter(log, {
			identifier: 'writes',
			windowMs: 60_000,
			limit: 30,
			handler: refuse('write_rate_limited', 'too many changes at once; wait a minute'),
		}),
		login: limiter(log, {
			identifier: 'login',
			windowMs: 15 * 60_000,
			limit: 20,
			skipSuccessfulRequests: true,
			// The same refusal as a username slowed down by its failures (Accounts), with the wait in seconds.
			handler: (req, _res, next) => {
				const resetTime = (req as typeof req & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
				const retryAfterSeconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 15 * 60;
				next(new GladiError('login_locked', 'too many sign-in attempts from this address', { retryAfterSeconds }));
			},
		}),
	};
}

function limiter(log: Logger, options: Partial<Options>): RequestHandler {
	return rateLimit({
		standardHeaders: 'draft-8',
		legacyHeaders: false,
		// X-Forwarded-For from an untrusted client is expected (and ignored), not a misconfiguration to warn about.
		validate: { xForwardedForHeader: false },
		logger: {
			warn: (warning: unknown) => log.warn({ err: warning }, 'rate limiter'),
			error: (error: unknown) => log.error({ err: error }, 'rate limiter'),
		},
		...options,
	});
}

/** Refuse as every API error does (errors.ts turns it into its JSON body); the limiter has set Retry-After. */
function refuse(kind: ErrorKind, message: string): Options['handler'] {
	return (_req, _res, next) => next(new GladiError(kind, message));
}
