import { STATUS_CODES } from 'node:http';
import { GladiError, type ErrorKind, type HttpErrorBody } from '@gladi/shared';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../logger.ts';

/** An unknown API path: a JSON 404, not the app shell. */
export const routeNotFound: RequestHandler = (_req, _res, next) => {
	next(new GladiError('route_not_found', 'no such API route'));
};

/** Answer with `error`'s status and its JSON body. */
export function sendError(res: Response, error: GladiError): void {
	const body: HttpErrorBody = { error: error.toBody() };
	res.status(error.status).json(body);
}

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
		sendError(res, error);
	};
}

/**
 * A URL whose percent-escapes do not decode (`/%E0%A4%A`) is refused before
 * any route sees it: a JSON 400 under /api, a plain page elsewhere, and one
 * log line (probes send many; a stack each would bury the log).
 */
export function refuseMalformedUrl(log: Logger): RequestHandler {
	return (req, res, next) => {
		try {
			decodeURIComponent(req.path);
			return next();
		} catch {
			// answered below
		}
		log.warn({ method: req.method, url: req.originalUrl.slice(0, 200) }, 'malformed URL refused');
		const error = new GladiError('malformed_url', 'the URL does not decode');
		if (/^\/api(\/|$)/.test(req.path)) sendError(res, error);
		else sendPage(res, error.status);
	};
}

/**
 * The last word for pages and files (the API has its own, above): a plain
 * page with the status, never express's default one (which shows the stack
 * outside production). Only a server fault is logged with its stack.
 */
export function pageErrorResponder(log: Logger): ErrorRequestHandler {
	return (err: unknown, req, res, next) => {
		if (res.headersSent) return next(err);
		const status = clientErrorStatus(err) ?? asGladiError(err).status;
		if (status >= 500) log.error({ method: req.method, path: req.path, err }, 'request failed');
		sendPage(res, status);
	};
}

function sendPage(res: Response, status: number): void {
	res.status(status).type('text/plain').send(STATUS_CODES[status] ?? 'Error');
}

/** The 4xx status an http-errors error (from send, body parsers) carries, if any. */
function clientErrorStatus(err: unknown): number | null {
	const status = (err as { status?: unknown } | null)?.status;
	return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/** The kind a client error from a library (an http-errors status) is answered with; other 4xx are bad_request. */
const KIND_OF_STATUS: Partial<Record<number, ErrorKind>> = { 403: 'forbidden', 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type' };

function asGladiError(err: unknown): GladiError {
	if (err instanceof GladiError) return err;
	const { type, message } = (err ?? {}) as { type?: unknown; message?: unknown };
	const status = clientErrorStatus(err);
	if (type === 'entity.too.large') return new GladiError('payload_too_large', 'request body too large');
	if (type === 'entity.parse.failed') return new GladiError('body_not_json', 'request body is not valid JSON');
	// A route parameter that does not decode (the whole path is checked first; this is the backstop).
	if (err instanceof URIError) return new GladiError('malformed_url', 'the URL does not decode');
	// The body parser's other complaints (a charset or content encoding it does not know, a body that does not
	// decompress, an upload cut short) come with their 4xx status: the client's fault, not the server's.
	if (status !== null) {
		return new GladiError(KIND_OF_STATUS[status] ?? 'bad_request', typeof message === 'string' && message ? message : 'the request could not be read');
	}
	return new GladiError('internal', 'the server could not complete this request', undefined, { cause: err });
}
