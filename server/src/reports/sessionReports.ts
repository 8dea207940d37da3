import { computeReport, type SessionInfo, type SessionReport } from '@gladi/shared';
import type { SessionStore } from '../store/store.ts';

/** Ended sessions whose reports are kept by default; the least recently used is dropped first. */
const MAX_CACHED = 500;

/** What a report is computed from. */
export type ReportSource = Pick<SessionStore, 'events' | 'eventCount' | 'notes' | 'scores'>;

/**
 * Session reports, computed from the store. An ended session's timeline no
 * longer grows, so its report is kept and only recomputed when something it
 * depends on changes (a mentor's later note or score, a late event): the
 * class overview polls every member's sessions every few seconds, and a
 * 30-minute live is ~40,000 events. A live session's report is computed on
 * each call, unless the caller accepts one a few seconds old.
 */
export class SessionReports {
	readonly #sessions: ReportSource;
	readonly #cache = new Map<string, { key: string; report: SessionReport }>();
	/** Live sessions' latest reports and when they were computed. */
	readonly #live = new Map<string, { at: number; report: SessionReport }>();
	readonly #maxCached: number;

	constructor(sessions: ReportSource, maxCached = MAX_CACHED) {
		this.#sessions = sessions;
		this.#maxCached = maxCached;
	}

	/** `liveMaxAgeMs`: how old a live session's report may be (0: computed now). */
	async report(session: SessionInfo, liveMaxAgeMs = 0): Promise<SessionReport> {
		if (session.endedAt === null) return this.#liveReport(session, liveMaxAgeMs);
		this.#live.delete(session.id);
		// Cheap to read, and all a finished report can still change with.
		const [notes, scores, eventCount] = await Promise.all([
			this.#sessions.notes(session.id),
			this.#sessions.scores(session.id),
			this.#sessions.eventCount(session.id),
		]);
		const key = JSON.stringify([
			session.endedAt,
			eventCount,
			notes.map((n) => n.id),
			scores.map((s) => [s.criterion, s.level, s.updatedAt, s.mentorName]),
		]);
		const cached = this.#cache.get(session.id);
		if (cached?.key === key) {
			// Most recently used last, so the first entry is the one to drop.
			this.#cache.delete(session.id);
			this.#cache.set(session.id, cached);
			return cached.report;
		}
		const report = computeReport(session, await this.#sessions.events(session.id), notes, scores, Date.now());
		this.#cache.delete(session.id);
		this.#cache.set(session.id, { key, report });
		if (this.#cache.size > this.#maxCached) this.#cache.delete(this.#cache.keys().next().value!);
		return report;
	}

	async #liveReport(session: SessionInfo, maxAgeMs: number): Promise<SessionReport> {
		const now = Date.now();
		const recent = this.#live.get(session.id);
		if (recent && now - recent.at < maxAgeMs) return recent.report;
		const [events, notes, scores] = await Promise.all([
			this.#sessions.events(session.id),
			this.#sessions.notes(session.id),
			this.#sessions.scores(session.id),
		]);
		const report = computeReport(session, events, notes, scores, now);
		this.#live.delete(session.id);
		this.#live.set(session.id, { at: now, report });
		if (this.#live.size > this.#maxCached) this.#live.delete(this.#live.keys().next().value!);
		return report;
	}
}
