import express, { type RequestHandler } from 'express';
import { createClassBodySchema, describeIssues } from '@gladi/shared';
import type { ClassService } from '../classes/classService.ts';
import { sendError } from './app.ts';

/** Creating classes, the mentor's overview and a member's own view, and advancing turns. */
export function classRoutes(classes: ClassService, limitWrites: RequestHandler): express.Router {
	const api = express.Router();
	const tokenOf = (query: unknown) => (typeof query === 'string' ? query : '');

	api.post('/classes', limitWrites, (req, res) => {
		const body = createClassBodySchema.safeParse(req.body);
		if (!body.success) return sendError(res, 400, 'bad_request', describeIssues(body.error));
		try {
			res.status(201).json(classes.create(body.data));
		} catch (error) {
			sendError(res, 400, 'bad_request', error instanceof Error ? error.message : String(error));
		}
	});

	api.get('/classes/:id', (req, res) => {
		const access = classes.access(String(req.params.id), tokenOf(req.query['t']));
		if (!access) return sendError(res, 403, 'forbidden', 'this class link is not valid');
		res.setHeader('Cache-Control', 'no-store').json(classes.view(access));
	});

	api.post('/classes/:id/rooms/:code/advance', limitWrites, (req, res) => {
		const access = classes.access(String(req.params.id), tokenOf(req.query['t']));
		if (access?.kind !== 'mentor') return sendError(res, 403, 'forbidden', 'only the class mentor can advance turns');
		try {
			classes.advance(access.classId, String(req.params.code));
		} catch (error) {
			return sendError(res, 404, 'not_found', error instanceof Error ? error.message : String(error));
		}
		res.json(classes.view(access));
	});

	return api;
}
