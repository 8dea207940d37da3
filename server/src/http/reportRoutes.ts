import express, { type Request } from 'express';
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
import type { CatalogStore, SessionStore } from '../store/store.ts';
import { linkToken } from './linkToken.ts';

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
export interface ReportRouteDeps {
	registry: RoomRegistry;
	sessions: SessionStore;
	reports: SessionReports;
	recordings: Recordings;
	classes: ClassService;
	catalog: CatalogStore;
}

export function reportRoutes({ registry, sessions, reports, recordings, classes, catalog }: ReportRouteDeps): express.Router {
	const api = express.Router();

	const access = (req: Request): Access | null => {
		const token = linkToken(req);
		if (!token) return null;
		const invite = registry.resolveToken(token);
		if (invite && invite.role !== 'buyer') {
			return { kind: 'room', role: invite.role, roomCode: invite.room.code };
		}
		const member = classes.accessByToken(token);
		return member?.kind === 'member' ? { kind: 'member', memberId: member.member.id } : null;
	};

	/** The session, if this request may see it (else a GladiError saying why). */
	const sessionFor = (req: Request, mentorOnly = false): { session: SessionInfo; who: Access } => {
		const who = access(req);
		if (!who) throw new GladiError('report_link_invalid', 'this link does not open reports');
		const session = sessions.getSession(String(req.params['id']));
		if (!session) throw new GladiError('session_not_found', 'no such session');
		if (!canSee(who, session)) throw new GladiError('report_of_other_trainee', 'this report belongs to another trainee');
		if (mentorOnly && (who.kind !== 'room' || who.role !== 'mentor')) {
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
		res.setHeader('Cache-Control', 'no-store').json(report(sessionFor(req).session, linkToken(req)));
	});

	// The recording, to whoever may read the report; byte ranges (206) so phones can seek.
	api.get('/sessions/:id/recording', (req, res, next) => {
		const { session } = sessionFor(req);
		const recording = recordings.ready(session.id);
		if (!recording) throw new GladiError('recording_not_found', 'this session has no recording');
		// dotfiles: the data directory may sit under a dotted folder (~/.local/...), which send() would refuse.
		res.sendFile(recording.file, { headers: { 'Content-Type': recording.mimeType, 'Cache-Control': 'private, max-age=3600' }, dotfiles: 'allow' }, (error) => {
			if (error && !res.headersSent) next(error);
		});
	});

	// The trainee of the session and its mentors may delete it.
	api.delete('/sessions/:id/recording', (req, res) => {
		const { session } = sessionFor(req);
		recordings.delete(session.id);
		res.status(204).end();
	});

	// Everything the replay page shows in step with the video.
	api.get('/sessions/:id/timeline', (req, res) => {
		const { session } = sessionFor(req);
		const body: SessionTimelineResponse = {
			session,
			events: sessions.events(session.id),
			notes: sessions.notes(session.id),
			products: catalog.getProducts(registry.productIdsOf(session.roomCode)),
		};
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	api.get('/sessions/:id/report.csv', (req, res) => {
		const found = sessionFor(req);
		const lang = req.query['lang'] === 'en' ? 'en' : 'id';
		res
			.type('text/csv; charset=utf-8')
			.setHeader('Content-Disposition', `attachment; filename="gladi-laporan-${found.session.id}.csv"`)
			// The byte-order mark makes spreadsheet programs read the file as UTF-8.
			.send(CSV_BOM + reportToCsv(report(found.session, linkToken(req)), lang));
	});

	// After the live a mentor can still score and write notes.
	api.put('/sessions/:id/rubric', (req, res) => {
		const found = sessionFor(req, true);
		const { criterion, level, mentorName } = parseOrThrow(rubricUpdateBodySchema, req.body, 'rubric');
		sessions.setScore(found.session.id, { criterion, level, mentorName: mentorName ?? DEFAULT_MENTOR_NAME, updatedAt: Date.now() });
		res.json(report(found.session, linkToken(req)));
	});

	api.post('/sessions/:id/notes', (req, res) => {
		const found = sessionFor(req, true);
		const body = parseOrThrow(noteBodySchema, req.body, 'note');
		const note: MentorNote = {
			id: newId('n'),
			sessionId: found.session.id,
			at: body.at ?? found.session.endedAt ?? Date.now(),
			mentorName: body.mentorName ?? DEFAULT_MENTOR_NAME,
			text: body.text,
			tags: body.tags,
		};
		sessions.addNote(note);
		res.status(201).json(note);
	});

	api.get('/progress', (req, res) => {
		const who = access(req);
		if (!who) throw new GladiError('report_link_invalid', 'this link does not open progress');
		const list = who.kind === 'room' ? sessions.sessionsOfRoom(who.roomCode) : sessions.sessionsOfMember(who.memberId);
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
