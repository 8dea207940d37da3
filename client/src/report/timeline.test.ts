import type { MentorNote, SessionReport } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { mentorTimeline, withNote } from './timeline.ts';

const note = (id: string, offsetMs: number): SessionReport['notes'][number] => ({
	id,
	sessionId: 's1',
	at: 1_000_000 + offsetMs,
	offsetMs,
	mentorName: 'Pak Budi',
	text: `note ${id}`,
	tags: ['goodGreeting'],
});

describe('mentorTimeline', () => {
	test('notes and whispers in live order, notes first at the same moment', () => {
		const items = mentorTimeline(
			[note('a', 90_000), note('b', 10_000)],
			[
				{ at: 1_030_000, offsetMs: 30_000, mentorName: 'Pak Budi', text: 'senyum!' },
				{ at: 1_090_000, offsetMs: 90_000, mentorName: 'Pak Budi', text: 'jawab pertanyaan' },
			],
		);
		expect(items.map((i) => `${i.kind}:${i.offsetMs}`)).toEqual(['note:10000', 'whisper:30000', 'note:90000', 'whisper:90000']);
		expect(items.find((i) => i.kind === 'whisper')!.tags).toEqual([]);
		expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
	});
});

describe('withNote', () => {
	const report = { session: { startedAt: 1_000_000 }, notes: [note('a', 5_000)] } as unknown as SessionReport;
	const fresh: MentorNote = { id: 'n2', sessionId: 's1', at: 1_065_000, mentorName: 'Bu Ani', text: 'bagus', tags: [] };
	test('places a stored note at its offset in the live', () => {
		const next = withNote(report, fresh);
		expect(next.notes).toHaveLength(2);
		expect(next.notes[1]).toMatchObject({ id: 'n2', offsetMs: 65_000 });
		expect(report.notes).toHaveLength(1);
	});
	test('adds a note only once', () => {
		expect(withNote(withNote(report, fresh), fresh).notes).toHaveLength(2);
	});
	test('a note about a moment before the live starts sits at 00:00', () => {
		expect(withNote(report, { ...fresh, at: 900_000 }).notes[1]!.offsetMs).toBe(0);
	});
});
