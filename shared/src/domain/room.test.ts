import { describe, expect, it } from 'vitest';
import { ROLES } from './roles.ts';
import {
	DISPLAY_NAME_MAX,
	inviteLink,
	rolePath,
	ROOM_CODE_ALPHABET,
	ROOM_CODE_LENGTH,
	ROOM_CODE_PATTERN,
	TITLE_MAX,
} from './room.ts';

describe('rolePath', () => {
	it('sends each role to its own page', () => {
		expect(rolePath('ABC234', 'host')).toBe('/r/ABC234/host');
		expect(rolePath('ABC234', 'mentor')).toBe('/r/ABC234/mentor');
		expect(rolePath('ABC234', 'buyer')).toBe('/r/ABC234/watch');
	});

	it('gives three distinct, root-relative paths', () => {
		const paths = ROLES.map((role) => rolePath('XYZ789', role));
		expect(new Set(paths).size).toBe(3);
		for (const p of paths) expect(p.startsWith('/r/XYZ789/')).toBe(true);
	});
});

describe('inviteLink', () => {
	it('is the role page with the token in ?t=', () => {
		expect(inviteLink('ABC234', 'buyer', 'tok_en-123')).toBe('/r/ABC234/watch?t=tok_en-123');
		expect(inviteLink('ABC234', 'host', 'abc')).toBe('/r/ABC234/host?t=abc');
	});

	it('URL-encodes the token so it survives a round trip', () => {
		const token = 'a+b/c=d&e?f#g h';
		const link = inviteLink('ABC234', 'mentor', token);
		expect(link).not.toContain(' ');
		expect(link).not.toContain('#');
		expect(link).toMatch(/^\/r\/ABC234\/mentor\?t=[^&=#?\s]+$/);
		expect(decodeURIComponent(link.slice(link.indexOf('?t=') + 3))).toBe(token);
	});
});

describe('room codes', () => {
	it('use an alphabet without look-alike characters or duplicates', () => {
		for (const ch of '01OIL') expect(ROOM_CODE_ALPHABET).not.toContain(ch);
		expect(new Set(ROOM_CODE_ALPHABET).size).toBe(ROOM_CODE_ALPHABET.length);
		expect(ROOM_CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/);
	});

	it('accepts well-formed codes', () => {
		expect(ROOM_CODE_LENGTH).toBe(6);
		for (const code of ['ABC234', '222222', 'ZZZZZZ', 'H7K9MN']) expect(ROOM_CODE_PATTERN.test(code)).toBe(true);
	});

	it('rejects wrong length, lower case, look-alikes and anything else', () => {
		for (const code of ['', 'ABC23', 'ABC2345', 'abc234', 'ABC230', 'ABC23O', 'ABC231', 'ABCI34', 'ABCL34', 'ABC 34', 'ABC-34', ' ABC234', 'ABC234\n', '/r/ABC234']) {
			expect(ROOM_CODE_PATTERN.test(code), JSON.stringify(code)).toBe(false);
		}
	});

	it('accepts every code built from the alphabet', () => {
		for (let i = 0; i + ROOM_CODE_LENGTH <= ROOM_CODE_ALPHABET.length; i++) {
			expect(ROOM_CODE_PATTERN.test(ROOM_CODE_ALPHABET.slice(i, i + ROOM_CODE_LENGTH))).toBe(true);
		}
	});
});

describe('limits', () => {
	it('are sane', () => {
		expect(TITLE_MAX).toBe(80);
		expect(DISPLAY_NAME_MAX).toBe(32);
	});
});
