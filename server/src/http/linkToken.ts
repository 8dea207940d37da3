import type { Request } from 'express';

/** The invite or class token a link carries as `?t=` ('' when there is none). */
export function linkToken(req: Request): string {
	const token = req.query['t'];
	return typeof token === 'string' ? token : '';
}
