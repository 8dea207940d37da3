import express, { type Request, type RequestHandler, type Response } from 'express';
import { createClassBodySchema, GladiError, parseOrThrow } from '@gladi/shared';
import type { ClassService } from '../classes/classService.ts';
import { requireMentor, signedIn } from './auth.ts';
import { linkToken } from './linkToken.ts';

/** Creating classes, the mentor's overview and a member's own view, and advancing turns. */
export function classRoutes(classes: ClassService, limitWrites: RequestHandler): express.Router {
	const api = express.Router();

	api.post('/classes', limitWrites, async (req, res) => {
		const owner = requireMentor(res);
		res.status(201).json(await classes.create(owner.id, parseOrThrow(createClassBodySchema, req.body, 'class')));
	});

	/** A class link's holder, or the class's owner signed in; without a link, another mentor's class is not there. */
	const accessOf = async (req: Request, res: Response) => {
		const token = linkToken(req);
		const accountId = signedIn(res)?.id ?? null;
		const access = await classes.access(String(req.params['id']), token, accountId);
		if (access) return access;
		if (!token) throw accountId ? new GladiError('class_not_found', 'no such class') : new GladiError('not_logged_in', 'sign in, or open the class link');
		throw new GladiError('class_link_invalid', 'this class link is not valid');
	};

	api.get('/classes/:id', async (req, res) => {
		res.setHeader('Cache-Control', 'no-store').json(await classes.view(await accessOf(req, res)));
	});

	api.post('/classes/:id/rooms/:code/advance', limitWrites, async (req, res) => {
		const access = await accessOf(req, res);
		if (access?.kind !== 'mentor') throw new GladiError('class_mentor_only', 'only the class mentor can advance turns');
		await classes.advance(access.classId, String(req.params.code));
		res.json(await classes.view(access));
	});

	return api;
}
