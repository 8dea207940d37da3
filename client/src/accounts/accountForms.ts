import { passwordSchema, usernameSchema } from '@gladi/shared';

/**
 * The account forms' checks before anything is sent, with the shared schemas
 * the server applies (so the page can say what is wrong in the user's language).
 */

export type UsernameProblem = 'tooShort' | 'tooLong' | 'characters';
export type PasswordProblem = 'tooShort' | 'tooLong' | 'mismatch';

function sizeProblem(code: string | undefined): 'tooShort' | 'tooLong' | null {
	if (code === 'too_small') return 'tooShort';
	if (code === 'too_big') return 'tooLong';
	return null;
}

export function usernameProblem(username: string): UsernameProblem | null {
	const result = usernameSchema.safeParse(username);
	if (result.success) return null;
	return sizeProblem(result.error.issues[0]?.code) ?? 'characters';
}

/** A new password and its repetition. */
export function passwordProblem(password: string, again: string): PasswordProblem | null {
	const result = passwordSchema.safeParse(password);
	if (!result.success) return sizeProblem(result.error.issues[0]?.code) ?? 'tooShort';
	return password === again ? null : 'mismatch';
}
