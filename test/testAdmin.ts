import { SESSION_COOKIE } from '@gladi/shared';

/** The admin every test studio starts with (GLADI_ADMIN_USER / GLADI_ADMIN_PASSWORD). */
export const TEST_ADMIN = { username: 'admin', password: 'rahasia-uji-123' } as const;

/** The environment that creates it. */
export const TEST_ADMIN_ENV = { GLADI_ADMIN_USER: TEST_ADMIN.username, GLADI_ADMIN_PASSWORD: TEST_ADMIN.password } as const;

/** Sign in over HTTP; resolves with the session cookie (`name=value`) to send back. */
export async function loginCookie(baseUrl: string, username: string = TEST_ADMIN.username, password: string = TEST_ADMIN.password): Promise<string> {
	const res = await fetch(`${baseUrl}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password }),
		signal: AbortSignal.timeout(10_000),
	});
	if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (!cookie) throw new Error('login set no session cookie');
	return cookie.split(';')[0]!;
}
