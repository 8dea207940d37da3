import express, { type Request, type Response } from 'express';
import {
	CSV_BOM,
	DEFAULT_MENTOR_NAME,
	describeIssues,
	noteBodySchema,
	reportToCsv,
	rubricUpdateBodySchema,
	type MentorNote,
	type ProgressEntry,
	type ProgressResponse,
	type Role,
	type SessionInfo,
	type SessionReport,
} from '@gladi/shared';
import type { ClassService } from '../classes/classService.ts';
import type { SessionReports } from '../reports/sessionReports.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import { newId } from '../store/ids.ts';
import type { SessionStore } from '../store/store.ts';
import { sendError } from './app.ts';

/** Who is asking: a room's host or mentor (by invite token), or a class member (their own sessions). */
type Access =
	| { kind: 'room'; role: Exclude<Role, 'buyer'>; roomCode: string }
	| { kind: 'member'; memberId: string };

function canSee(who: Access, session: SessionInfo): boolean {
	return who.kind === 'room' ? session.roomCode === who.roomCode : session.memberId === who.memberId;
}

/**
 * Reports and progress, behind the invite token of the room's host (the
 * trainee) or one of its mentors. Buyers, and anyone holding another room's
 * token, are refused: a report is personal feedback.
 */
export function reportRoutes(registry: RoomRegistry, sessions: SessionStore, reports: SessionReports, classes: ClassService): express.Router {
	const api = express.Router();

	const access = (req: Request): Access | null => {
		const token = typeof req.query['t'] === 'string' ? req.query['t'] : '';
		if (!token) return null;
		const invite = registry.resolveToken(token);
		if (invite && invite.role !== 'buyer') {
			return { kind: 'room', role: invite.role, roomCode: invite.room.code };
		}
		const member = classes.accessByToken(token);
		return member?.kind === 'member' ? { kind: 'member', memberId: member.member.id } : null;
	};

	/** The session if this request may see it; otherwise the error is sent and null returned. */
	const sessionFor = (req: Request, res: Response, mentorOnly = false): { session: SessionInfo; who: Access } | null => {
		const who = access(req);
		const session = sessions.getSession(String(req.params['id']));
		if (!who) {
			sendError(res, 403, 'forbidden', 'this link does not open reports');
			return null;
		}
		if (!session) {
			sendError(res, 404, 'not_found', 'no such session');
			return null;
		}
		if (!canSee(who, session)) {
			sendError(res, 403, 'forbidden', 'this report belongs to another trainee');
			return null;
		}
		if (mentorOnly && (who.kind !== 'room' || who.role !== 'mentor')) {
			sendError(res, 403, 'forbidden', 'only a mentor can change the rubric and notes');
			return null;
		}
		return { session, who };
	};

	const report = (session: SessionInfo): SessionReport => reports.report(session);

	api.get('/sessions/:id/report', (req, res) => {
		const found = sessionFor(req, res);
		if (found) res.setHeader('Cache-Control', 'no-store').json(report(found.session));
	});

	api.get('/sessions/:id/report.csv', (req, res) => {
		const found = sessionFor(req, res);
		if (!found) return;
		const lang = req.query['lang'] === 'en' ? 'en' : 'id';
		res
			.type('text/csv; charset=utf-8')
			.setHeader('Content-Disposition', `attachment; filename="gladi-laporan-${found.session.id}.csv"`)
			// The byte-order mark makes spreadsheet programs read the file as UTF-8.
			.send(CSV_BOM + reportToCsv(report(found.session), lang));
	});

	// After the live a mentor can still score and write notes.
	api.put('/sessions/:id/rubric', (req, res) => {
		const found = sessionFor(req, res, true);
		if (!found) return;
		const body = rubricUpdateBodySchema.safeParse(req.body);
		if (!body.success) return sendError(res, 400, 'bad_request', describeIssues(body.error));
		const { criterion, level, mentorName } = body.data;
		sessions.setScore(found.session.id, { criterion, level, mentorName: mentorName ?? DEFAULT_MENTOR_NAME, updatedAt: Date.now() });
		res.json(report(found.session));
	});

	api.post('/sessions/:id/notes', (req, res) => {
		const found = sessionFor(req, res, true);
		if (!found) return;
		const body = noteBodySchema.safeParse(req.body);
		if (!body.success) return sendError(res, 400, 'bad_request', describeIssues(body.error));
		const note: MentorNote = {
			id: newId('n'),
			sessionId: found.session.id,
			at: body.data.at ?? found.session.endedAt ?? Date.now(),
			mentorName: body.data.mentorName ?? DEFAULT_MENTOR_NAME,
			text: body.data.text,
			tags: body.data.tags,
		};
		sessions.addNote(note);
		res.status(201).json(note);
	});

	api.get('/progress', (req, res) => {
		const who = access(req);
		if (!who) return sendError(res, 403, 'forbidden', 'this link does not open progress');
		const list = who.kind === 'room' ? sessions.sessionsOfRoom(who.roomCode) : sessions.sessionsOfMember(who.memberId);
		const entries: ProgressEntry[] = list.map((session) => {
			const r = report(session);
			return {
				sessionId: session.id,
				title: session.title,
				startedAt: session.startedAt,
				durationMs: r.session.durationMs,
				answeredShare: r.questions.answeredShare,
				talkShare: r.talk.talkShare,
				orders: r.sales.orders,
				gmv: r.sales.gmv,
				averageViewers: r.audience.averageViewers,
				rubricTotal: r.rubric.total,
				rubricMax: r.rubric.max,
				rubric: r.rubric.scores,
				weakMetrics: r.dashboard.filter((m) => m.weak).map((m) => m.key),
			};
		});
		const body: ProgressResponse = { trainee: list.at(-1)?.hostName ?? '', sessions: entries };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	return api;
}
