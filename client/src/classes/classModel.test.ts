import type { ClassSessionSummary } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import {
	absoluteLink,
	clockOffset,
	currentHost,
	effectiveRooms,
	formatClock,
	latestSession,
	linksAsText,
	newestFirst,
	nextHost,
	parseRoster,
	parseSavedClasses,
	parseTurnMinutes,
	rememberClass,
	roomNumber,
	rubricLabel,
	SAVED_CLASSES_MAX,
	shareLabel,
	roomTitleNumber,
	shortRoomTitle,
	splitRoster,
	suggestedRooms,
	turnClock,
	turnQueue,
	turnsUntil,
} from './classModel.ts';

describe('parseRoster', () => {
	it('takes one trimmed name per line and skips blank lines', () => {
		expect(parseRoster('  Rina \n\nSari\r\n   \nDewi  Lestari\n')).toEqual({ names: ['Rina', 'Sari', 'Dewi Lestari'], problems: [] });
	});

	it('drops list numbering and bullets pasted from a chat', () => {
		expect(parseRoster('1. Rina\n2) Sari\n- Dewi\n• Budi\n* Ani').names).toEqual(['Rina', 'Sari', 'Dewi', 'Budi', 'Ani']);
		// A name that merely starts with a number stays whole.
		expect(parseRoster('2Ani\n10 Toko Baju').names).toEqual(['2Ani', '10 Toko Baju']);
	});

	it('reports an empty roster', () => {
		expect(parseRoster(' \n \n').problems).toEqual([{ kind: 'empty' }]);
	});

	it('reports names that differ only in case once each', () => {
		expect(parseRoster('Sari\nRina\nsari\nSARI').problems).toEqual([{ kind: 'duplicate', name: 'sari' }]);
	});

	it('reports too many members and too long names', () => {
		const many = Array.from({ length: 41 }, (_, i) => `Anggota ${i + 1}`).join('\n');
		expect(parseRoster(many).problems).toEqual([{ kind: 'tooMany', max: 40, count: 41 }]);
		const long = 'x'.repeat(33);
		expect(parseRoster(`Rina\n${long}`).problems).toEqual([{ kind: 'tooLong', name: long, max: 32 }]);
		expect(parseRoster('x'.repeat(32)).problems).toEqual([]);
	});
});

describe('rooms', () => {
	it('never makes more rooms than members, nor fewer than 1 or more than 8', () => {
		expect(effectiveRooms(3, 2)).toBe(2);
		expect(effectiveRooms(0, 5)).toBe(1);
		expect(effectiveRooms(12, 30)).toBe(8);
		expect(effectiveRooms(2, 0)).toBe(1);
		expect(effectiveRooms(Number.NaN, 4)).toBe(1);
	});

	it('splits round-robin in roster order, like the server', () => {
		expect(splitRoster(['Rina', 'Sari', 'Dewi', 'Budi'], 2)).toEqual([
			['Rina', 'Dewi'],
			['Sari', 'Budi'],
		]);
		expect(splitRoster(['A', 'B'], 5)).toEqual([['A'], ['B']]);
		expect(splitRoster(['A', 'B', 'C'], 1)).toEqual([['A', 'B', 'C']]);
	});

	it('suggests groups of about six', () => {
		expect([0, 1, 6, 7, 12, 13, 30, 40].map(suggestedRooms)).toEqual([1, 1, 1, 2, 2, 3, 5, 7]);
	});

	it('shortens the room titles the server gives', () => {
		expect(shortRoomTitle('Kelas A · Ruang 2', 'Kelas A')).toBe('Ruang 2');
		expect(shortRoomTitle('Kelas A', 'Kelas A')).toBeNull();
		expect(shortRoomTitle('', 'Kelas A')).toBeNull();
		expect(shortRoomTitle('Live gamis', 'Kelas A')).toBe('Live gamis');
		expect([roomTitleNumber('Ruang 2'), roomTitleNumber('Ruang dua'), roomTitleNumber(null)]).toEqual([2, null, null]);
	});

	it('numbers rooms in the overview order', () => {
		const rooms = [{ code: 'AAA111' }, { code: 'BBB222' }];
		expect(roomNumber(rooms, 'BBB222')).toBe(2);
		expect(roomNumber(rooms, 'ZZZ999')).toBeNull();
	});
});

describe('parseTurnMinutes', () => {
	it('accepts whole minutes from 1 to 60', () => {
		expect(['1', ' 5 ', '60'].map(parseTurnMinutes)).toEqual([1, 5, 60]);
		expect(['0', '61', '', '2.5', '-3', 'lima', '100'].map(parseTurnMinutes)).toEqual([null, null, null, null, null, null, null]);
	});
});

describe('turn timer', () => {
	const start = 1_700_000_000_000;

	it('counts up from the turn start against its length', () => {
		expect(turnClock(start, 300, start + 65_000)).toEqual({ elapsedMs: 65_000, remainingMs: 235_000, fraction: 65 / 300, over: false });
		expect(turnClock(start, 300, start + 300_000).over).toBe(false);
	});

	it('is over past the length, with the overrun as negative remaining time', () => {
		const c = turnClock(start, 60, start + 90_500);
		expect(c).toMatchObject({ over: true, remainingMs: -30_500, fraction: 1 });
		expect(formatClock(-c.remainingMs)).toBe('0:30');
	});

	it('treats a start in the future (clock skew) as just started', () => {
		expect(turnClock(start, 60, start - 5000)).toMatchObject({ elapsedMs: 0, remainingMs: 60_000, over: false });
	});

	it('formats minutes:seconds', () => {
		expect([0, 999, 1000, 65_000, 600_000, 4_500_000, -5, Number.NaN].map(formatClock)).toEqual([
			'0:00',
			'0:00',
			'0:01',
			'1:05',
			'10:00',
			'75:00',
			'0:00',
			'0:00',
		]);
	});

	it('corrects only a clearly wrong device clock', () => {
		const server = Date.parse('Tue, 14 Nov 2023 22:13:20 GMT');
		expect(clockOffset('Tue, 14 Nov 2023 22:13:20 GMT', server + 800)).toBe(0);
		expect(clockOffset('Tue, 14 Nov 2023 22:13:20 GMT', server - 60_000)).toBe(60_500);
		expect(clockOffset('Tue, 14 Nov 2023 22:13:20 GMT', server + 120_000)).toBe(-119_500);
		expect(clockOffset(null, server)).toBe(0);
		expect(clockOffset('not a date', server)).toBe(0);
	});
});

describe('turn queue', () => {
	const members = [
		{ id: 'a', name: 'Rina' },
		{ id: 'b', name: 'Sari' },
		{ id: 'c', name: 'Dewi' },
	];

	it('marks the host and the next member in roster order', () => {
		expect(turnQueue({ members, turnIndex: 2 }).map((e) => [e.position, e.name, e.state])).toEqual([
			[1, 'Rina', 'next'],
			[2, 'Sari', 'waiting'],
			[3, 'Dewi', 'host'],
		]);
		expect(currentHost({ members, turnIndex: 0 })?.name).toBe('Rina');
		expect(nextHost({ members, turnIndex: 0 })?.name).toBe('Sari');
	});

	it('has no "next" when one member is alone, and nothing for an empty room', () => {
		expect(turnQueue({ members: [members[0]!], turnIndex: 0 }).map((e) => e.state)).toEqual(['host']);
		expect(nextHost({ members: [members[0]!], turnIndex: 0 })).toBeNull();
		expect(turnQueue({ members: [], turnIndex: 0 })).toEqual([]);
		expect(currentHost({ members: [], turnIndex: 0 })).toBeNull();
	});

	it('counts the turns until a member hosts', () => {
		const room = { members, turnIndex: 1 };
		expect(['b', 'c', 'a', 'zz'].map((id) => turnsUntil(room, id))).toEqual([0, 1, 2, null]);
	});
});

describe('sessions', () => {
	const session = (startedAt: number, extra: Partial<ClassSessionSummary> = {}): ClassSessionSummary => ({
		sessionId: `s${startedAt}`,
		startedAt,
		durationMs: 60_000,
		answeredShare: null,
		orders: 0,
		rubricTotal: 0,
		rubricMax: 20,
		reportLink: `/laporan/s${startedAt}?t=x`,
		...extra,
	});

	it('finds the latest session whatever the order', () => {
		const list = [session(2), session(3), session(1)];
		expect(latestSession(list)?.startedAt).toBe(3);
		expect(newestFirst(list).map((s) => s.startedAt)).toEqual([3, 2, 1]);
		expect(list.map((s) => s.startedAt)).toEqual([2, 3, 1]);
		expect(latestSession([])).toBeNull();
	});

	it('labels the rubric only once scored, and the answered share as a percent', () => {
		expect(rubricLabel(session(1))).toBeNull();
		expect(rubricLabel(session(1, { rubricTotal: 13 }))).toBe('13/20');
		expect(rubricLabel({ rubricTotal: 0, rubricMax: 0 })).toBeNull();
		expect([null, 0, 0.456, 1, 1.2, Number.NaN].map(shareLabel)).toEqual([null, '0%', '46%', '100%', '100%', null]);
	});
});

describe('links', () => {
	it('makes root-relative links absolute and lists them for a chat', () => {
		expect(absoluteLink('/kelas/k_1?t=abc', 'http://192.168.1.5:3000')).toBe('http://192.168.1.5:3000/kelas/k_1?t=abc');
		expect(
			linksAsText(
				[
					{ name: 'Rina', link: '/kelas/k_1?t=a' },
					{ name: 'Sari', link: '/kelas/k_1?t=b' },
				],
				'https://gladi.test',
			),
		).toBe('Rina: https://gladi.test/kelas/k_1?t=a\nSari: https://gladi.test/kelas/k_1?t=b');
	});
});

describe('saved classes', () => {
	const entry = (id: string, savedAt = 1) => ({ id, name: `Kelas ${id}`, mentorLink: `/kelas/${id}?t=m`, savedAt });

	it('keeps the newest first, once each, at most the maximum', () => {
		let list = [entry('a'), entry('b')];
		list = rememberClass(list, entry('b', 5));
		expect(list.map((c) => [c.id, c.savedAt])).toEqual([
			['b', 5],
			['a', 1],
		]);
		for (let i = 0; i < 20; i++) list = rememberClass(list, entry(`x${i}`));
		expect(list).toHaveLength(SAVED_CLASSES_MAX);
		expect(list[0]!.id).toBe('x19');
	});

	it('reads stored data defensively', () => {
		expect(parseSavedClasses(null)).toEqual([]);
		expect(parseSavedClasses('{oops')).toEqual([]);
		expect(parseSavedClasses('{"id":"a"}')).toEqual([]);
		const good = entry('a');
		const stored = JSON.stringify([good, { id: 'b' }, null, { ...entry('c'), mentorLink: 'https://evil.example/' }]);
		expect(parseSavedClasses(stored)).toEqual([good]);
	});
});
