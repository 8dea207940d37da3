import express, { type Request, type Response } from 'express';
import {
	CSV_BOM,
	DEFAULT_MENTOR_NAME,
	GladiError,
	noteBodySchema,
	parseOrThrow,
	recordingPath,
	reportToCsv,
	rubricUpdateBodySchema,
	type MentorNote,
	type ProgressEntry,
	type ProgressResponse,
	type Role,
	type SessionInfo,
	type SessionReport,
	type SessionTimelineResponse,
} from '@gladi/shared';
import type { ClassService } from '../classes/classService.ts';
import type { RoomPlacement } from '../cluster/roomPlacement.ts';
import type { Recordings } from '../recording/recordings.ts';
import type { SessionReports } from '../reports/sessionReports.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import { newId } from '../store/ids.ts';
import type { RoomStore, SessionStore } from '../store/store.ts';
import { signedIn } from './auth.ts';
import { linkToken } from './linkToken.ts';

/** Who a note or score is saved under when the body names nobody. */
function mentorNameOf(who: Access): string {
	return who.kind === 'owner' ? who.name : DEFAULT_MENTOR_NAME;
}

/**
 * Who is asking: the signed-in mentor who owns the room, a room's mentor or
 * host (by invite token; a class turn's host link opens only the sessions of
 * the member it was issued for), or a class member (their own sessions).
 */
type Access =
	| { kind: 'owner'; accountId: string; name: string }
	| { kind: 'room'; role: Exclude<Role, 'buyer'>; roomCode: string; memberId: string | null }
	| { kind: 'member'; memberId: string };

async function canSee(who: Access, session: SessionInfo, rooms: RoomStore): Promise<boolean> {
	switch (who.kind) {
		case 'owner':
			return (await rooms.getRoom(session.roomCode))?.ownerId === who.accountId;
		case 'room':
			// A report belongs to the member whose session it is, never to whoever holds the room's host link later.
			return session.roomCode === who.roomCode && (who.role === 'mentor' || session.memberId === who.memberId);
		case 'member':
			return session.memberId === who.memberId;
	}
}

const isMentor = (who: Access) => who.kind === 'owner' || (who.kind === 'room' && who.role === 'mentor');

/**
 * Reports and progress, behind the invite token of the room's host (the
 * trainee) or one of its mentors. Buyers, and anyone holding another room's
 * token, are refused: a report is personal feedback.
 */
export interface ReportRouteDeps {
	registry: RoomRegistry;
	sessions: SessionStore;
	reports: SessionReports;
	recordings: Recordings;
	/** The nodes: a recording is kept on the disk of the node that recorded it. */
	placement: RoomPlacement;
	classes: ClassService;
	rooms: RoomStore;
}

export function reportRoutes({ registry, placement, sessions, reports, recordings, classes, rooms }: ReportRouteDeps): express.Router {
	const api = express.Router();

	const access = async (req: Request, res: Response): Promise<Access | null> => {
		const token = linkToken(req);
		if (!token) {
			const account = signedIn(res);
			return account ? { kind: 'owner', accountId: account.id, name: account.displayName } : null;
		}
		const found = await registry.lookup(token);
		if (found.status === 'valid' && found.invite.role !== 'buyer') {
			return { kind: 'room', role: found.invite.role, roomCode: found.room.code, memberId: found.invite.memberId };
		}
		const member = await classes.accessByToken(token);
		return member?.kind === 'member' ? { kind: 'member', memberId: member.member.id } : null;
	};

	/** The session, if this request may see it (else a GladiError saying why). */
	const sessionFor = async (req: Request, res: Response, mentorOnly = false): Promise<{ session: SessionInfo; who: Access }> => {
		const who = await access(req, res);
		if (!who) throw new GladiError('report_link_invalid', 'this link does not open reports');
		const session = await sessions.getSession(String(req.params['id']));
		if (!session) throw new GladiError('session_not_found', 'no such session');
		if (!(await canSee(who, session, rooms))) {
			// Another mentor's session is simply not there for a signed-in mentor.
			if (who.kind === 'owner') throw new GladiError('session_not_found', 'no such session');
			throw new GladiError('report_of_other_trainee', 'this report belongs to another trainee');
		}
		if (mentorOnly && !isMentor(who)) {
			throw new GladiError('mentor_only', 'only a mentor can change the rubric and notes');
		}
		return { session, who };
	};

	/** A session's report with its recording, if there is one (its URL carries the reader's own token). */
	const report = async (session: SessionInfo, token: string): Promise<SessionReport> => {
		const [computed, recording] = await Promise.all([reports.report(session), recordings.ready(session.id)]);
		return recording
			? {
					...computed,
					recording: {
						url: recordingPath(session.id, token),
						mimeType: recording.mimeType,
						durationMs: recording.durationMs,
						sizeBytes: recording.sizeBytes,
						startedAt: recording.startedAt,
					},
				}
			: computed;
	};

	api.get('/sessions/:id/report', async (req, res) => {
		res.setHeader('Cache-Control', 'no-store').json(await report((await sessionFor(req, res)).session, linkToken(req)));
	});

	// The recording, to whoever may read the report; byte ranges (206) so phones can seek.
	api.get('/sessions/:id/recording', async (req, res, next) => {
		const { session } = await sessionFor(req, res);
		const recording = await recordings.ready(session.id);
		if (!recording) throw new GladiError('recording_not_found', 'this session has no recording');
		if (!recordings.holds(recording)) {
			// Another node's disk has it: the browser asks that node (same path and link token; its cookie goes there too).
			const node = (await placement.nodes()).find((n) => n.id === recording.nodeId && n.healthy);
			if (!node) throw new GladiError('recording_unavailable', 'the server node that keeps this recording is down');
			res.redirect(307, new URL(req.originalUrl, node.url).href);
			return;
		}
		// A page of another node (the one the reader opened) plays it here after its redirect: Chromium
		// does not count two ports of one IP address as one site, so only `cross-origin` lets it load.
		// The link token (or a SameSite cookie, which other sites' pages never send) still guards it.
		if (placement.clustered) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
		// dotfiles: the data directory may sit under a dotted folder (~/.local/...), which send() would refuse.
		res.sendFile(recording.file, { headers: { 'Content-Type': recording.mimeType, 'Cache-Control': 'private, max-age=3600' }, dotfiles: 'allow' }, (error) => {
			if (error && !res.headersSent) next(error);
		});
	});

	// The trainee of the session and its mentors may delete it.
	api.delete('/sessions/:id/recording', async (req, res) => {
		const { session } = await sessionFor(req, res);
		const deleted = await recordings.delete(session.id);
		// Another node keeps its files: it removes them now.
		if (!recordings.holds(deleted) && deleted.nodeId) await placement.publish({ kind: 'recordingDeleted', nodeId: deleted.nodeId, sessionId: deleted.sessionId });
		res.status(204).end();
	});

	// Everything the replay page shows in step with the video.
	api.get('/sessions/:id/timeline', async (req, res) => {
		const { session } = await sessionFor(req, res);
		const [events, notes, products] = await Promise.all([sessions.events(session.id), sessions.notes(session.id), rooms.roomProducts(session.roomCode)]);
		const body: SessionTimelineResponse = { session, events, notes, products };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	api.get('/sessions/:id/report.csv', async (req, res) => {
		const found = await sessionFor(req, res);
		const lang = req.query['lang'] === 'en' ? 'en' : 'id';
		res
			.type('text/csv; charset=utf-8')
			.setHeader('Content-Disposition', `attachment; filename="gladi-laporan-${found.session.id}.csv"`)
			// The byte-order mark makes spreadsheet programs read the file as UTF-8.
			.send(CSV_BOM + reportToCsv(await report(found.session, linkToken(req)), lang));
	});

	// After the live a mentor can still score and write notes.
	api.put('/sessions/:id/rubric', async (req, res) => {
		const found = await sessionFor(req, res, true);
		const { criterion, level, mentorName } = parseOrThrow(rubricUpdateBodySchema, req.body, 'rubric');
		await sessions.setScore(found.session.id, { criterion, level, mentorName: mentorName ?? mentorNameOf(found.who), updatedAt: Date.now() });
		res.json(await report(found.session, linkToken(req)));
	});

	api.post('/sessions/:id/notes', async (req, res) => {
		const found = await sessionFor(req, res, true);
		const body = parseOrThrow(noteBodySchema, req.body, 'note');
		const note: MentorNote = {
			id: newId('n'),
			sessionId: found.session.id,
			at: body.at ?? found.session.endedAt ?? Date.now(),
			mentorName: body.mentorName ?? mentorNameOf(found.who),
			text: body.text,
			tags: body.tags,
		};
		await sessions.addNote(note);
		res.status(201).json(note);
	});

	api.get('/progress', async (req, res) => {
		const who = await access(req, res);
		if (!who || who.kind === 'owner') throw new GladiError('report_link_invalid', 'this link does not open progress');
		const all = await (who.kind === 'room' ? sessions.sessionsOfRoom(who.roomCode) : sessions.sessionsOfMember(who.memberId));
		const visible = await Promise.all(all.map((s) => canSee(who, s, rooms)));
		const list = all.filter((_, i) => visible[i]);
		const entries: ProgressEntry[] = await Promise.all(list.map(async (session) => {
			const r = await reports.report(session);
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
		}));
		const body: ProgressResponse = { trainee: list.at(-1)?.hostName ?? '', sessions: entries };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	return api;
}
