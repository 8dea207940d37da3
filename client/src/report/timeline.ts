import type { MentorNote, NoteTag, SessionReport } from '@gladi/shared';

/** One row of the mentor timeline: a note written about a moment, or a whisper sent during the live. */
export interface TimelineItem {
	key: string;
	kind: 'note' | 'whisper';
	offsetMs: number;
	mentorName: string;
	text: string;
	tags: NoteTag[];
}

/** Notes and whispers in the order they happened in the live (notes before whispers at the same moment). */
export function mentorTimeline(notes: SessionReport['notes'], whispers: SessionReport['whispers']): TimelineItem[] {
	const items: TimelineItem[] = [
		...notes.map((n) => ({
			key: `n:${n.id}`,
			kind: 'note' as const,
			offsetMs: n.offsetMs,
			mentorName: n.mentorName,
			text: n.text,
			tags: n.tags,
		})),
		...whispers.map((w, i) => ({
			key: `w:${w.at}:${i}`,
			kind: 'whisper' as const,
			offsetMs: w.offsetMs,
			mentorName: w.mentorName,
			text: w.text,
			tags: [],
		})),
	];
	return items.sort((a, b) => a.offsetMs - b.offsetMs || (a.kind === b.kind ? 0 : a.kind === 'note' ? -1 : 1));
}

/** A note the server just stored, placed on this report's timeline. */
export function withNote(report: SessionReport, note: MentorNote): SessionReport {
	if (report.notes.some((n) => n.id === note.id)) return report;
	const offsetMs = Math.max(0, note.at - report.session.startedAt);
	return { ...report, notes: [...report.notes, { ...note, offsetMs }] };
}
