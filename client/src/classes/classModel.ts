import { CLASS_MEMBERS_MAX, CLASS_ROOMS_MAX, DISPLAY_NAME_MAX, type ClassRoomView, type ClassSessionSummary } from '@gladi/shared';

/** Pure helpers for the class pages (no DOM, no React): tested in plain Node. */

export const CLASS_NAME_MAX = 80;
export const TURN_MINUTES_MIN = 1;
export const TURN_MINUTES_MAX = 60;

// --- the roster textarea ------------------------------------------------------

export type RosterProblem =
	| { kind: 'empty' }
	| { kind: 'tooMany'; max: number; count: number }
	| { kind: 'tooLong'; name: string; max: number }
	| { kind: 'duplicate'; name: string };

export interface Roster {
	/** Trimmed names, one per non-empty line, in the order typed. */
	names: string[];
	problems: RosterProblem[];
}

/**
 * One name per line. Blank lines are skipped, spaces trimmed and runs of
 * spaces collapsed; list numbering pasted from a chat ("1. Rina", "2) Sari",
 * "- Dewi") is removed. Names must differ ignoring case, as the server checks.
 */
export function parseRoster(text: string): Roster {
	const names = text
		.split(/\r?\n/)
		.map((line) =>
			line
				.replace(/^\s*(?:[-*•]|\d{1,2}[.)])\s+/, '')
				.replace(/\s+/g, ' ')
				.trim(),
		)
		.filter((name) => name.length > 0);
	const problems: RosterProblem[] = [];
	if (names.length === 0) problems.push({ kind: 'empty' });
	if (names.length > CLASS_MEMBERS_MAX) problems.push({ kind: 'tooMany', max: CLASS_MEMBERS_MAX, count: names.length });
	const seen = new Set<string>();
	const reported = new Set<string>();
	for (const name of names) {
		const key = name.toLowerCase();
		if (name.length > DISPLAY_NAME_MAX) problems.push({ kind: 'tooLong', name, max: DISPLAY_NAME_MAX });
		if (seen.has(key) && !reported.has(key)) {
			problems.push({ kind: 'duplicate', name });
			reported.add(key);
		}
		seen.add(key);
	}
	return { names, problems };
}

/** The rooms the server will really make: no more rooms than members, within 1..CLASS_ROOMS_MAX. */
export function effectiveRooms(rooms: number, members: number): number {
	const wanted = Number.isFinite(rooms) ? Math.trunc(rooms) : 1;
	return Math.max(1, Math.min(wanted, CLASS_ROOMS_MAX, Math.max(members, 1)));
}

/** Members spread over the rooms round-robin, in roster order (what the server does). */
export function splitRoster(names: readonly string[], rooms: number): string[][] {
	const count = effectiveRooms(rooms, names.length);
	const groups: string[][] = Array.from({ length: count }, () => []);
	names.forEach((name, i) => groups[i % count]!.push(name));
	return groups;
}

/** A whole number of minutes in 1..60, or null. */
export function parseTurnMinutes(text: string): number | null {
	if (!/^\s*\d{1,2}\s*$/.test(text)) return null;
	const n = Number(text);
	return n >= TURN_MINUTES_MIN && n <= TURN_MINUTES_MAX ? n : null;
}

// --- turns -------------------------------------------------------------------

export interface TurnClock {
	elapsedMs: number;
	/** Negative once over time. */
	remainingMs: number;
	/** 0..1 of the turn used (capped at 1). */
	fraction: number;
	over: boolean;
}

/** The turn timer: counting from turnStartedAt against turnSeconds, on the server's clock (`now` already corrected). */
export function turnClock(turnStartedAt: number, turnSeconds: number, now: number): TurnClock {
	const totalMs = Math.max(0, turnSeconds) * 1000;
	const elapsedMs = Math.max(0, now - turnStartedAt);
	const remainingMs = totalMs - elapsedMs;
	return {
		elapsedMs,
		remainingMs,
		fraction: totalMs > 0 ? Math.min(1, elapsedMs / totalMs) : 1,
		over: remainingMs < 0,
	};
}

/** "4:05" (minutes:seconds; hours roll into minutes, "75:00"). Whole seconds, rounded down. */
export function formatClock(ms: number): string {
	const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
	return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * How far the server's clock is ahead of this device's, from the HTTP Date
 * header (second resolution). Small differences are noise and count as 0, so
 * only a phone whose clock is really off gets corrected.
 */
export function clockOffset(dateHeader: string | null, receivedAt: number, thresholdMs = 3000): number {
	if (!dateHeader) return 0;
	const server = Date.parse(dateHeader);
	if (!Number.isFinite(server)) return 0;
	// The header is truncated to the second: its true value is on average half a second later.
	const offset = server + 500 - receivedAt;
	return Math.abs(offset) > thresholdMs ? offset : 0;
}

export type QueueState = 'host' | 'next' | 'waiting';

export interface QueueEntry {
	id: string;
	name: string;
	/** 1-based place in the room's roster. */
	position: number;
	state: QueueState;
}

/** The room's members in roster order, marking whose turn it is and who is next. */
export function turnQueue(room: Pick<ClassRoomView, 'members' | 'turnIndex'>): QueueEntry[] {
	const n = room.members.length;
	if (n === 0) return [];
	const host = ((room.turnIndex % n) + n) % n;
	const next = (host + 1) % n;
	return room.members.map((m, i) => ({
		id: m.id,
		name: m.name,
		position: i + 1,
		state: i === host ? 'host' : i === next && n > 1 ? 'next' : 'waiting',
	}));
}

export function currentHost(room: Pick<ClassRoomView, 'members' | 'turnIndex'>): { id: string; name: string } | null {
	return turnQueue(room).find((e) => e.state === 'host') ?? null;
}

export function nextHost(room: Pick<ClassRoomView, 'members' | 'turnIndex'>): { id: string; name: string } | null {
	return turnQueue(room).find((e) => e.state === 'next') ?? null;
}

/** How many turns until this member hosts (0: now), or null when they are not in the room. */
export function turnsUntil(room: Pick<ClassRoomView, 'members' | 'turnIndex'>, memberId: string): number | null {
	const n = room.members.length;
	const at = room.members.findIndex((m) => m.id === memberId);
	if (at < 0 || n === 0) return null;
	const host = ((room.turnIndex % n) + n) % n;
	return (at - host + n) % n;
}

/** "Ruang 2" for the second room of a class (1-based, in the overview's order). */
export function roomNumber(rooms: ReadonlyArray<{ code: string }>, code: string): number | null {
	const i = rooms.findIndex((r) => r.code === code);
	return i < 0 ? null : i + 1;
}

// --- sessions ----------------------------------------------------------------

/** Sessions newest first (the server lists them oldest first). */
export function newestFirst(sessions: readonly ClassSessionSummary[]): ClassSessionSummary[] {
	return [...sessions].sort((a, b) => b.startedAt - a.startedAt);
}

export function latestSession(sessions: readonly ClassSessionSummary[]): ClassSessionSummary | null {
	return newestFirst(sessions)[0] ?? null;
}

/** "7/12" for a scored rubric, null when the mentor has not scored it (total 0) or there is no rubric. */
export function rubricLabel(s: Pick<ClassSessionSummary, 'rubricTotal' | 'rubricMax'>): string | null {
	if (s.rubricMax <= 0 || s.rubricTotal <= 0) return null;
	return `${s.rubricTotal}/${s.rubricMax}`;
}

/** "83%", or null when nothing was asked. */
export function shareLabel(share: number | null): string | null {
	if (share === null || !Number.isFinite(share)) return null;
	return `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
}

// --- links -------------------------------------------------------------------

/** A root-relative link from the server as a full address to share. */
export function absoluteLink(href: string, origin: string): string {
	return new URL(href, origin).toString();
}

/** "Rina: https://…" lines for pasting the whole roster's links into a chat. */
export function linksAsText(members: ReadonlyArray<{ name: string; link: string }>, origin: string): string {
	return members.map((m) => `${m.name}: ${absoluteLink(m.link, origin)}`).join('\n');
}

// --- classes this device created (the mentor's own list) --------------------

export interface SavedClass {
	id: string;
	name: string;
	mentorLink: string;
	savedAt: number;
}

export const SAVED_CLASSES_MAX = 12;

/** Add (or move to the front) a class the mentor created or opened; newest first, at most SAVED_CLASSES_MAX. */
export function rememberClass(list: readonly SavedClass[], entry: SavedClass): SavedClass[] {
	return [entry, ...list.filter((c) => c.id !== entry.id)].slice(0, SAVED_CLASSES_MAX);
}

/** Read the stored list defensively (anything malformed is dropped). */
export function parseSavedClasses(raw: string | null): SavedClass[] {
	if (!raw) return [];
	let data: unknown;
	try {
		data = JSON.parse(raw);
	} catch {
		return [];
	}
	if (!Array.isArray(data)) return [];
	return data
		.filter(
			(c): c is SavedClass =>
				typeof c === 'object' &&
				c !== null &&
				typeof (c as SavedClass).id === 'string' &&
				typeof (c as SavedClass).name === 'string' &&
				typeof (c as SavedClass).mentorLink === 'string' &&
				(c as SavedClass).mentorLink.startsWith('/kelas/') &&
				typeof (c as SavedClass).savedAt === 'number',
		)
		.slice(0, SAVED_CLASSES_MAX);
}

/** "12 Mar 14.05" / "12 Mar, 14:05": when a session started, in the page's language. */
export function formatSessionDate(ms: number, lang: 'id' | 'en'): string {
	return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
		day: 'numeric',
		month: 'short',
		hour: '2-digit',
		minute: '2-digit',
	}).format(ms);
}

/** A suggested number of rooms for a roster: groups of about six, so a round of turns fits a class hour. */
export function suggestedRooms(members: number): number {
	return Math.max(1, Math.min(CLASS_ROOMS_MAX, Math.ceil(members / 6)));
}

/**
 * A room's own part of its title: the server names the rooms of a class
 * "<class> · Ruang 2"; this gives "Ruang 2" (null when the title is just the class name or empty).
 */
export function shortRoomTitle(title: string, className: string): string | null {
	const t = title.trim();
	if (!t || t === className.trim()) return null;
	const prefix = `${className.trim()} · `;
	return t.startsWith(prefix) && t.length > prefix.length ? t.slice(prefix.length) : t;
}

/** The number in a server-made room name ("Ruang 2" -> 2), so the page can say it in the chosen language. */
export function roomTitleNumber(shortTitle: string | null): number | null {
	const m = shortTitle ? /^Ruang (\d{1,2})$/.exec(shortTitle) : null;
	return m ? Number(m[1]) : null;
}
