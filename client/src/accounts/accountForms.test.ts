import { PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { passwordProblem, usernameProblem } from './accountForms.ts';

describe('usernameProblem', () => {
	test('accepts what the server accepts (case and spaces around are normalised there)', () => {
		for (const name of ['rina', 'bu.rina', 'mentor_2', 'a-b', ' Rina ', 'RINA']) expect(usernameProblem(name), name).toBeNull();
	});

	test('names what is wrong', () => {
		expect(usernameProblem('ab')).toBe('tooShort');
		expect(usernameProblem('a'.repeat(USERNAME_MAX + 1))).toBe('tooLong');
		expect(usernameProblem('bu rina')).toBe('characters');
		expect(usernameProblem('.rina')).toBe('characters');
		expect(usernameProblem('rina@gladi')).toBe('characters');
	});
});

describe('passwordProblem', () => {
	const ok = 'x'.repeat(PASSWORD_MIN);

	test('a long enough password typed twice the same', () => {
		expect(passwordProblem(ok, ok)).toBeNull();
	});

	test('too short or too long, whatever the repetition', () => {
		expect(passwordProblem(ok.slice(1), ok.slice(1))).toBe('tooShort');
		expect(passwordProblem('', '')).toBe('tooShort');
		const long = 'x'.repeat(PASSWORD_MAX + 1);
		expect(passwordProblem(long, long)).toBe('tooLong');
	});

	test('the two differ', () => {
		expect(passwordProblem(ok, `${ok}y`)).toBe('mismatch');
	});
});
