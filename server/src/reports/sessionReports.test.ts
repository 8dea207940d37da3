import type { SessionInfo, TimelineEvent } from '@gladi/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqliteStore.ts';
import { SessionReports, type ReportSource } from './sessionReports.ts';

const T0 = Date.UTC(2026, 10, 28, 10);
let store: SqliteStore;
/** Full timeline reads (what the cache saves). */
let timelineReads: number;
/** The real store's sessions, counting timeline reads. */
let source: ReportSource;

beforeEach(() => {
	store = SqliteStore.open(':memory:');
	timelineReads = 0;
	const real = store.sessions;
	source = {
		events: (id) => {
			timelineReads++;
			return real.events(id);
		},
		eventCount: (id) => real.eventCount(id),
		notes: (id) => real.notes(id),
		scores: (id) => real.scores(id),
	};
});

afterEach(() => store.close());

async function session(id: string, endedAt: number | null): Promise<SessionInfo> {
	const info: SessionInfo = { id, roomCode: 'ROOM01', title: 'Live gamis', hostName: 'Rina', startedAt: T0, endedAt: null, classId: null, memberId: null };
	await store.sessions.startSession(info);
	const events: TimelineEvent[] = [
		{ type: 'liveStarted', at: T0 },
		{ type: 'comment', at: T0 + 1000, id: 'c1', name: 'sari', text: 'ready size L?', source: 'crowd', isQuestion: true },
		{ type: 'viewers', at: T0 + 1000, count: 12 },
	];
	for (const e of events) await store.sessions.appendEvent(id, e);
	if (endedAt !== null) {
		await store.sessions.appendEvent(id, { type: 'liveEnded', at: endedAt });
		await store.sessions.endSession(id, endedAt);
	}
	return (await store.sessions.getSession(id))!;
}

describe('SessionReports', () => {
	it('computes an ended session once, and again only when a note, a score or an event is added', async () => {
		const reports = new SessionReports(source);
		const s = await session('s1', T0 + 60_000);
		const first = await reports.report(s);
		expect(await reports.report(s)).toBe(first);
		expect(timelineReads).toBe(1);

		await store.sessions.addNote({ id: 'n1', sessionId: 's1', at: T0 + 5000, mentorName: 'Bu Sari', text: 'Sapa penonton', tags: [] });
		const withNote = await reports.report(s);
		expect(withNote).not.toBe(first);
		expect(withNote.notes.map((n) => n.text)).toEqual(['Sapa penonton']);

		await store.sessions.setScore('s1', { criterion: 'opening', level: 3, mentorName: 'Bu Sari', updatedAt: T0 + 70_000 });
		expect((await reports.report(s)).rubric.scores).toEqual({ opening: 3 });
		await store.sessions.setScore('s1', { criterion: 'opening', level: 4, mentorName: 'Bu Sari', updatedAt: T0 + 80_000 });
		expect((await reports.report(s)).rubric.scores).toEqual({ opening: 4 });

		const beforeLate = await reports.report(s);
		await store.sessions.appendEvent('s1', { type: 'comment', at: T0 + 50_000, id: 'c2', name: 'dewi', text: 'telat', source: 'buyer', isQuestion: false });
		expect((await reports.report(s)).audience.commentsPerMinute).toBeGreaterThan(beforeLate.audience.commentsPerMinute);
		expect(timelineReads).toBe(5);
		await reports.report(s);
		expect(timelineReads).toBe(5);
	});

	it('computes a live session every time, unless the caller accepts a recent one', async () => {
		const reports = new SessionReports(source);
		const s = await session('s2', null);
		const before = await reports.report(s);
		await store.sessions.appendEvent('s2', { type: 'viewers', at: T0 + 2000, count: 30 });
		const after = await reports.report(s);
		expect(after).not.toBe(before);
		expect(after.audience.peakViewers).toBe(30);
		expect(timelineReads).toBe(2);
		// The class overview takes a report up to a few seconds old.
		expect(await reports.report(s, 60_000)).toBe(after);
		expect(timelineReads).toBe(2);
		expect(await reports.report(s, 0)).not.toBe(after);
		expect(timelineReads).toBe(3);
	});

	it('keeps at most the given number of reports, dropping the least recently used', async () => {
		const reports = new SessionReports(source, 2);
		const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => session(id, T0 + 60_000)));
		await reports.report(a!);
		await reports.report(b!);
		await reports.report(a!); // a is now the most recently used
		await reports.report(c!); // drops b
		expect(timelineReads).toBe(3);
		await reports.report(a!);
		await reports.report(c!);
		expect(timelineReads).toBe(3);
		await reports.report(b!);
		expect(timelineReads).toBe(4);
	});
});
