import { DISPLAY_NAME_MAX } from './room.ts';

/** Longest raw name looked at (before normalising): bounds the work done on what a client sends. */
export const DISPLAY_NAME_INPUT_MAX = 256;

/**
 * What never belongs in a name: controls, format characters (zero-width
 * spaces and joiners, bidi overrides and isolates, the BOM), surrogates,
 * private use, whatever Unicode says renders as nothing (fillers, variation
 * selectors, tags), and the blank Braille pattern.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Default_Ignorable_Code_Point}\u2800]/gu;
const WHITESPACE_RUN = /[\p{White_Space}\p{Zl}\p{Zp}]+/gu;
/** Stacked combining marks ("zalgo" text) that spill over the lines around: a few per letter are enough for any script. */
const MARK_PILE = /(\p{M}{3})\p{M}+/gu;

/**
 * A display name as everyone sees it: NFKC (fullwidth and mathematical
 * letters become plain ones), without invisible or direction-changing
 * characters, whitespace collapsed to single spaces, trimmed. May be empty:
 * such a name is refused.
 */
export function normalizeDisplayName(raw: string): string {
	return (
		raw
			.slice(0, DISPLAY_NAME_INPUT_MAX)
			.normalize('NFKC')
			.replace(WHITESPACE_RUN, ' ')
			.replace(INVISIBLE, '')
			.replace(MARK_PILE, '$1')
			// Again: what was removed may have separated letters and marks that now compose.
			.normalize('NFKC')
			.replace(WHITESPACE_RUN, ' ')
			.trim()
	);
}

export type DisplayNameProblem = 'empty' | 'tooLong';

/** Why a normalised name cannot be used, or null when it can. */
export function displayNameProblem(normalized: string): DisplayNameProblem | null {
	if (normalized.length === 0) return 'empty';
	if (normalized.length > DISPLAY_NAME_MAX) return 'tooLong';
	return null;
}

/**
 * Latin look-alikes that NFKC leaves alone: digits and signs used as
 * letters, and the Cyrillic and Greek letters drawn like Latin ones (in
 * either case: the key is lower-cased first, so "НОЅТ" arrives as "нoѕт").
 */
const LOOK_ALIKES: Record<string, string> = {
	'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', l: 'i',
	а: 'a', в: 'b', е: 'e', ё: 'e', з: 'e', і: 'i', ї: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w',
	α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'm', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ζ: 'z',
};

/**
 * What two names are compared by: case-folded, accents dropped, look-alike
 * characters read as the Latin letter they imitate, and everything but
 * letters and digits (spaces, dots, dashes) removed. "P.e.n.d.a.m.p.i.n.g",
 * "pendamping" and "PENDAMP1NG" have one key.
 */
export function nameKey(name: string): string {
	const folded = normalizeDisplayName(name).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
	return Array.from(folded, (c) => LOOK_ALIKES[c] ?? c)
		.join('')
		.replace(/[^\p{L}\p{N}]/gu, '');
}

/** Words that name the studio's staff and the seller: a buyer may not call themselves that (in any language Gladi speaks). */
export const STAFF_WORDS = [
	'pendamping',
	'mentor',
	'pelatih',
	'admin',
	'administrator',
	'moderator',
	'mod',
	'gladi',
	'penjual',
	'host',
	'seller',
	'owner',
	'staff',
	'cs',
	'official',
	'resmi',
] as const;
const STAFF_KEYS: ReadonlySet<string> = new Set(STAFF_WORDS.map(nameKey));

export interface NamesInUse {
	/** The host joined in the room now, if any. */
	hostName: string | null;
	/** The mentors joined in the room now. */
	mentorNames: readonly string[];
}

/**
 * Whether a buyer or mentor may not appear under `name`: nobody takes the
 * current host's name, and a buyer takes neither a mentor's name nor a
 * staff word (as the whole name or one of its words, "Kak Admin").
 * The host's own name is not limited: they are who the room is about.
 */
export function isNameReserved(name: string, role: 'host' | 'mentor' | 'buyer', inUse: NamesInUse): boolean {
	if (role === 'host') return false;
	const key = nameKey(name);
	if (inUse.hostName !== null && key === nameKey(inUse.hostName)) return true;
	if (role === 'mentor') return false;
	if (inUse.mentorNames.some((mentor) => key === nameKey(mentor))) return true;
	const words = [key, ...normalizeDisplayName(name).split(' ').map(nameKey)];
	return words.some((word) => STAFF_KEYS.has(word));
}
