import express, { type RequestHandler } from 'express';
import { classLink, GladiError, reportPath, type DashboardResponse } from '@gladi/shared';
import { accountInfo } from '../accounts/accounts.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import type { Store } from '../store/store.ts';
import { requireMentor } from './auth.ts';

export interface MentorRouteDeps {
	registry: RoomRegistry;
	store: Store;
	limitWrites: RequestHandler;
}

/** A signed-in mentor's own things: the dashboard of their rooms and classes, and new links for a room. */
export function mentorRoutes({ registry, store, limitWrites }: MentorRouteDeps): express.Router {
	const api = express.Router();

	api.get('/me/dashboard', async (_req, res) => {
		const account = requireMentor(res);
		const rooms = await Promise.all((await store.rooms.roomsOf(account.id)).map(async (room) => {
			const [links, sessions] = await Promise.all([registry.linksOf(room.code), store.sessions.sessionsOfRoom(room.code)]);
			const mentorToken = new URL(links.mentor, 'http://x').searchParams.get('t') ?? '';
			return {
				code: room.code,
				title: room.title,
				createdAt: room.createdAt,
				status: await registry.statusOf(room.code, sessions),
				classId: room.classId,
				links,
				sessions: sessions
					.reverse()
					.map((s) => ({ sessionId: s.id, hostName: s.hostName, startedAt: s.startedAt, endedAt: s.endedAt, reportLink: reportPath(s.id, mentorToken) })),
			};
		}));
		const classes = await Promise.all((await store.classes.classesOf(account.id)).map(async (c) => {
			const members = await store.classes.members(c.id);
			return {
				id: c.id,
				name: c.name,
				createdAt: c.createdAt,
				members: members.length,
				rooms: new Set(members.map((m) => m.roomCode)).size,
				mentorLink: classLink(c.id, c.mentorToken),
			};
		}));
		const body: DashboardResponse = { account: accountInfo(account), rooms, classes };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	// New links for every role of the owner's room: the old ones stop at once (their connections are closed).
	api.post('/rooms/:code/links', limitWrites, async (req, res) => {
		const account = requireMentor(res);
		const room = await store.rooms.getRoom(String(req.params.code).toUpperCase());
		if (!room || room.ownerId !== account.id) throw new GladiError('room_not_found', 'no such room');
		const turn = room.classId ? await store.classes.turnOf(room.code) : undefined;
		// A class room's host link stays issued for the member whose turn it is.
		const member = turn ? (await store.classes.members(turn.classId)).filter((m) => m.roomCode === room.code)[turn.turnIndex] : undefined;
		const old = await registry.replaceInvites(room.code, undefined, member?.id ?? null);
		await registry.revokeTokens(room.code, old);
		res.json({ code: room.code, title: room.title, links: await registry.linksOf(room.code) });
	});

	return api;
}
