import { GladiError, type HttpErrorBody } from '@gladi/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** An unknown API path: a JSON 404, not the app shell. */
export const routeNotFound: RequestHandler = (_req, _res, next) => {
	next(new GladiError('route_not_found', 'no such API route'));
};

/**
 * Every API error leaves here: a GladiError with its code's status, a body
 * parser's complaint as the matching GladiError, anything else as a 500
 * (logged with its stack; the client only learns that it failed).
 */
export function errorResponder(log: Logger): ErrorRequestHandler {
	return (err: unknown, req, res, next) => {
		if (res.headersSent) return next(err);
		const error = asGladiError(err);
		if (error.code === 'internal') log.error({ method: req.method, path: req.path, err }, 'request failed');
		const body: HttpErrorBody = { error: error.toBody() };
		res.status(error.status).json(body);
	};
}

function asGladiError(err: unknown): GladiError {
	if (err instanceof GladiError) return err;
	const type = (err as { type?: unknown } | null)?.type;
	if (type === 'entity.too.large') return new GladiError('payload_too_large', 'request body too large');
	if (type === 'entity.parse.failed') return new GladiError('body_not_json', 'request body is not valid JSON');
	return new GladiError('internal', 'the server could not complete this request', undefined, { cause: err });
}
