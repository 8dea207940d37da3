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

function canSee(who: Access, session: SessionInfo, rooms: RoomStore): boolean {
	switch (who.kind) {
		case 'owner':
			return rooms.getRoom(session.roomCode)?.ownerId === who.accountId;
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
	classes: ClassService;
	rooms: RoomStore;
}

export function reportRoutes({ registry, sessions, reports, recordings, classes, rooms }: ReportRouteDeps): express.Router {
	const api = express.Router();

	const access = (req: Request, res: Response): Access | null => {
		const token = linkToken(req);
		if (!token) {
			const account = signedIn(res);
			return account ? { kind: 'owner', accountId: account.id, name: account.displayName } : null;
		}
		const found = registry.lookup(token);
		if (found.status === 'valid' && found.invite.role !== 'buyer') {
			return { kind: 'room', role: found.invite.role, roomCode: found.room.code, memberId: found.invite.memberId };
		}
		const member = classes.accessByToken(token);
		return member?.kind === 'member' ? { kind: 'member', memberId: member.member.id } : null;
	};

	/** The session, if this request may see it (else a GladiError saying why). */
	const sessionFor = (req: Request, res: Response, mentorOnly = false): { session: SessionInfo; who: Access } => {
		const who = access(req, res);
		if (!who) throw new GladiError('report_link_invalid', 'this link does not open reports');
		const session = sessions.getSession(String(req.params['id']));
		if (!session) throw new GladiError('session_not_found', 'no such session');
		if (!canSee(who, session, rooms)) {
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
	const report = (session: SessionInfo, token: string): SessionReport => {
		const computed = reports.report(session);
		const recording = recordings.ready(session.id);
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

	api.get('/sessions/:id/report', (req, res) => {
		res.setHeader('Cache-Control', 'no-store').json(report(sessionFor(req, res).session, linkToken(req)));
	});

	// The recording, to whoever may read the report; byte ranges (206) so phones can seek.
	api.get('/sessions/:id/recording', (req, res, next) => {
		const { session } = sessionFor(req, res);
		const recording = recordings.ready(session.id);
		if (!recording) throw new GladiError('recording_not_found', 'this session has no recording');
		// dotfiles: the data directory may sit under a dotted folder (~/.local/...), which send() would refuse.
		res.sendFile(recording.file, { headers: { 'Content-Type': recording.mimeType, 'Cache-Control': 'private, max-age=3600' }, dotfiles: 'allow' }, (error) => {
			if (error && !res.headersSent) next(error);
		});
	});

	// The trainee of the session and its mentors may delete it.
	api.delete('/sessions/:id/recording', (req, res) => {
		const { session } = sessionFor(req, res);
		recordings.delete(session.id);
		res.status(204).end();
	});

	// Everything the replay page shows in step with the video.
	api.get('/sessions/:id/timeline', (req, res) => {
		const { session } = sessionFor(req, res);
		const body: SessionTimelineResponse = {
			session,
			events: sessions.events(session.id),
			notes: sessions.notes(session.id),
			products: rooms.roomProducts(session.roomCode),
		};
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	api.get('/sessions/:id/report.csv', (req, res) => {
		const found = sessionFor(req, res);
		const lang = req.query['lang'] === 'en' ? 'en' : 'id';
		res
			.type('text/csv; charset=utf-8')
			.setHeader('Content-Disposition', `attachment; filename="gladi-laporan-${found.session.id}.csv"`)
			// The byte-order mark makes spreadsheet programs read the file as UTF-8.
			.send(CSV_BOM + reportToCsv(report(found.session, linkToken(req)), lang));
	});

	// After the live a mentor can still score and write notes.
	api.put('/sessions/:id/rubric', (req, res) => {
		const found = sessionFor(req, res, true);
		const { criterion, level, mentorName } = parseOrThrow(rubricUpdateBodySchema, req.body, 'rubric');
		sessions.setScore(found.session.id, { criterion, level, mentorName: mentorName ?? mentorNameOf(found.who), updatedAt: Date.now() });
		res.json(report(found.session, linkToken(req)));
	});

	api.post('/sessions/:id/notes', (req, res) => {
		const found = sessionFor(req, res, true);
		const body = parseOrThrow(noteBodySchema, req.body, 'note');
		const note: MentorNote = {
			id: newId('n'),
			sessionId: found.session.id,
			at: body.at ?? found.session.endedAt ?? Date.now(),
			mentorName: body.mentorName ?? mentorNameOf(found.who),
			text: body.text,
			tags: body.tags,
		};
		sessions.addNote(note);
		res.status(201).json(note);
	});

	api.get('/progress', (req, res) => {
		const who = access(req, res);
		if (!who || who.kind === 'owner') throw new GladiError('report_link_invalid', 'this link does not open progress');
		const list = (who.kind === 'room' ? sessions.sessionsOfRoom(who.roomCode) : sessions.sessionsOfMember(who.memberId)).filter((s) =>
			canSee(who, s, rooms),
		);
		const entries: ProgressEntry[] = list.map((session) => {
			const r = reports.report(session);
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
