import express, { type RequestHandler } from 'express';
import { createClassBodySchema, GladiError, parseOrThrow } from '@gladi/shared';
import type { ClassService } from '../classes/classService.ts';
import { linkToken } from './linkToken.ts';

/** Creating classes, the mentor's overview and a member's own view, and advancing turns. */
export function classRoutes(classes: ClassService, limitWrites: RequestHandler): express.Router {
	const api = express.Router();

	api.post('/classes', limitWrites, (req, res) => {
		res.status(201).json(classes.create(parseOrThrow(createClassBodySchema, req.body, 'class')));
	});

	api.get('/classes/:id', (req, res) => {
		const access = classes.access(String(req.params.id), linkToken(req));
		if (!access) throw new GladiError('class_link_invalid', 'this class link is not valid');
		res.setHeader('Cache-Control', 'no-store').json(classes.view(access));
	});

	api.post('/classes/:id/rooms/:code/advance', limitWrites, (req, res) => {
		const access = classes.access(String(req.params.id), linkToken(req));
		if (access?.kind !== 'mentor') throw new GladiError('class_mentor_only', 'only the class mentor can advance turns');
		classes.advance(access.classId, String(req.params.code));
		res.json(classes.view(access));
	});

	return api;
}
