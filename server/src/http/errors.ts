import { GladiError, type ErrorKind, type HttpErrorBody } from '@gladi/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** An unknown API path: a JSON 404, not the app shell. */
export const routeNotFound: RequestHandler = (_req, _res, next) => {
	next(new GladiError('route_not_found', 'no such API route'));
};

/**
 * Every API error leaves here: a GladiError with its code's status, a body
 * parser's complaint (any 4xx it gives) as the matching GladiError,
 * anything else as a 500 (logged with its stack; the client only learns
 * that it failed).
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

/** The kind a client error from a library (an http-errors status) is answered with; other 4xx are bad_request. */
const KIND_OF_STATUS: Partial<Record<number, ErrorKind>> = { 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type' };

function asGladiError(err: unknown): GladiError {
	if (err instanceof GladiError) return err;
	const { type, status, message } = (err ?? {}) as { type?: unknown; status?: unknown; message?: unknown };
	if (type === 'entity.too.large') return new GladiError('payload_too_large', 'request body too large');
	if (type === 'entity.parse.failed') return new GladiError('body_not_json', 'request body is not valid JSON');
	// The body parser's other complaints (a charset or content encoding it does not know, a body that does not
	// decompress, an upload cut short) come with their 4xx status: the client's fault, not the server's.
	if (typeof status === 'number' && status >= 400 && status < 500) {
		return new GladiError(KIND_OF_STATUS[status] ?? 'bad_request', typeof message === 'string' && message ? message : 'the request could not be read');
	}
	return new GladiError('internal', 'the server could not complete this request', undefined, { cause: err });
}
