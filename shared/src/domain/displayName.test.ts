import fc from 'fast-check';
import { fuzzRuns } from '../protocol/arbitraries.ts';
import { describe, expect, it } from 'vitest';
import { displayNameSchema } from '../protocol/events.ts';
import { displayNameProblem, isNameReserved, nameKey, normalizeDisplayName } from './displayName.ts';
import { DISPLAY_NAME_MAX } from './room.ts';

/** Characters a name must never keep: controls, zero-width, bidi controls, BOM, fillers, variation selectors. */
const INVISIBLE_SAMPLES = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00ad', '\u061c', '\u180e', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\u3164', '\u2800', '\ufe0f', '\ufeff', '\u{e0041}', '\ud800'];
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** Strings made of ordinary letters with invisible characters and odd spaces mixed in. */
const nastyName = fc
	.array(fc.oneof(fc.constantFrom(...INVISIBLE_SAMPLES, ' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\u0301', 'a', 'B', 'é', 'ß', '１', '𝐀', 'ﬁ', 'Ж', '你'), fc.string({ maxLength: 3 })), { maxLength: 40 })
	.map((parts) => parts.join(''));
const anyString = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), nastyName);

describe('normalizeDisplayName', () => {
	it('folds compatibility forms, drops invisible and direction characters, collapses whitespace', () => {
		expect(normalizeDisplayName('  Sari  ')).toBe('Sari');
		expect(normalizeDisplayName('Ｓａｒｉ')).toBe('Sari');
		expect(normalizeDisplayName('𝐒𝐚𝐫𝐢')).toBe('Sari');
		expect(normalizeDisplayName('Sa\u200bri')).toBe('Sari');
		expect(normalizeDisplayName('\u202eirаS')).toBe('irаS');
		expect(normalizeDisplayName('Bu\u00a0\u00a0\tRina\n')).toBe('Bu Rina');
		expect(normalizeDisplayName('Bu \u200b Rina')).toBe('Bu Rina');
		expect(normalizeDisplayName('\u3164')).toBe('');
		expect(normalizeDisplayName('\u2800\u2800')).toBe('');
		expect(normalizeDisplayName('e\u200b\u0301')).toBe('é');
		// A pile of combining marks keeps three per letter.
		expect(normalizeDisplayName(`q${'\u0302\u0303\u0304\u0306'.repeat(5)}a`)).toBe('q\u0302\u0303\u0304a');
	});

	it('keeps names in any script, and emoji', () => {
		for (const name of ['Dewi Ayu', 'Nguyễn Thị', 'Ангелина', 'さくら', 'محمد', 'Kak Ros 🌹', 'Ólafur']) {
			expect(normalizeDisplayName(name)).toBe(name.normalize('NFKC'));
		}
	});

	it('property: never keeps an invisible or control character, a double space or an outer space', () => {
		fc.assert(
			fc.property(anyString, (raw) => {
				const name = normalizeDisplayName(raw);
				expect(name).not.toMatch(FORBIDDEN);
				expect(name).not.toMatch(/\s\s/u);
				expect(name).toBe(name.trim());
				expect(name).not.toMatch(/[^\S ]/u);
			}),
			fuzzRuns(2000),
		);
	});

	it('property: is idempotent and its result is NFKC', () => {
		fc.assert(
			fc.property(anyString, (raw) => {
				const once = normalizeDisplayName(raw);
				expect(normalizeDisplayName(once)).toBe(once);
				expect(once.normalize('NFKC')).toBe(once);
			}),
			fuzzRuns(2000),
		);
	});

	it('property: invisible characters inserted anywhere change nothing', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE_SAMPLES.filter((c) => c !== '\u0085')))), (name, inserts) => {
				// Inserted between code points: splitting a surrogate pair would make a different string, not a polluted one.
				const polluted = Array.from(name);
				for (const [at, c] of inserts) polluted.splice(at % (polluted.length + 1), 0, c);
				expect(normalizeDisplayName(polluted.join(''))).toBe(normalizeDisplayName(name));
			}),
			fuzzRuns(100),
		);
	});
});

describe('displayNameSchema', () => {
	it('hands on the normalised name and refuses what is empty or too long after normalising', () => {
		expect(displayNameSchema.parse('  Bu\u200b  Rina ')).toBe('Bu Rina');
		for (const bad of ['', '   ', '\u200b\u200b', '\u202e', '\u3164', 'x'.repeat(DISPLAY_NAME_MAX + 1), 'x'.repeat(300)]) {
			expect(displayNameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		}
		// Long only before normalising: fine.
		expect(displayNameSchema.parse(`${'\u200b'.repeat(100)}Sari`)).toBe('Sari');
		expect(displayNameSchema.parse('x'.repeat(DISPLAY_NAME_MAX))).toHaveLength(DISPLAY_NAME_MAX);
	});

	it('property: whatever it accepts is normalised, non-empty and within the limit', () => {
		fc.assert(
			fc.property(anyString, (raw) => {
				const parsed = displayNameSchema.safeParse(raw);
				const normalized = normalizeDisplayName(raw);
				expect(parsed.success).toBe(raw.length <= 256 && displayNameProblem(normalized) === null);
				if (parsed.success) {
					expect(parsed.data).toBe(normalized);
					expect(parsed.data.length).toBeGreaterThan(0);
					expect(parsed.data.length).toBeLessThanOrEqual(DISPLAY_NAME_MAX);
				}
			}),
			fuzzRuns(2000),
		);
	});
});

describe('nameKey', () => {
	it('is the same for the usual disguises', () => {
		const key = nameKey('Pendamping');
		for (const disguise of ['pendamping', 'PENDAMPING', 'P.e.n.d.a.m.p.i.n.g', 'Pen damping', 'Pendamp1ng', 'Péndàmping', 'Ｐｅｎｄａｍｐｉｎｇ', 'Pendamping!', '_pendamping_', 'Pen\u200bdamping']) {
			expect(nameKey(disguise), disguise).toBe(key);
		}
		// Cyrillic letters drawn like Latin ones.
		expect(nameKey('НОЅТ')).toBe(nameKey('host'));
		expect(nameKey('Аdmin')).toBe(nameKey('admin'));
		expect(nameKey('Sari')).not.toBe(nameKey('Sara'));
	});

	it('property: case, spaces and dots never tell names apart', () => {
		fc.assert(
			fc.property(fc.string({ unit: fc.constantFrom(...'abcdefghijkmnopqrstuvwxyz'), minLength: 1, maxLength: 12 }), fc.array(fc.constantFrom(' ', '.', '-', '_', '\u200b'), { maxLength: 5 }), (word, noise) => {
				const disguised = [...word.toUpperCase()].map((c, i) => c + (noise[i] ?? '')).join('');
				expect(nameKey(disguised)).toBe(nameKey(word));
			}),
		);
	});
});

describe('isNameReserved', () => {
	const room = { hostName: 'Bu Rina', mentorNames: ['Pak Budi'] };

	it('keeps the host’s name for the host', () => {
		expect(isNameReserved('Bu Rina', 'buyer', room)).toBe(true);
		expect(isNameReserved('bu.rina', 'buyer', room)).toBe(true);
		expect(isNameReserved('BU RINA', 'mentor', room)).toBe(true);
		expect(isNameReserved('Rina', 'buyer', room)).toBe(false);
		expect(isNameReserved('Bu Rina', 'host', room)).toBe(false);
		expect(isNameReserved('Bu Rina', 'buyer', { hostName: null, mentorNames: [] })).toBe(false);
	});

	it('keeps mentors’ names and staff words from buyers', () => {
		expect(isNameReserved('Pak Budi', 'buyer', room)).toBe(true);
		expect(isNameReserved('Pak Budi', 'mentor', room)).toBe(false);
		for (const name of ['Pendamping', 'Mentor', 'Admin', 'Gladi', 'Penjual', 'Host', 'Seller', 'Kak Admin', 'Admin Gladi', 'P e n j u a l', 'M.E.N.T.O.R', 'Н0ST']) {
			expect(isNameReserved(name, 'buyer', room), name).toBe(true);
		}
		for (const name of ['Sari', 'Gladis', 'Hostina', 'Adminah', 'Pembeli', 'Kak Ros']) {
			expect(isNameReserved(name, 'buyer', room), name).toBe(false);
		}
		expect(isNameReserved('Pendamping', 'mentor', room)).toBe(false);
	});
});
