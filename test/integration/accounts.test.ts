/*
 * Mentor and admin accounts over real HTTP: signing in and out, the cookie,
 * the slowdown after failures, passwords, the admin's account management,
 * the first-start setup link, and what an anonymous visitor can no longer do.
 */
import { SESSION_COOKIE, type AccountInfo, type AccountListResponse, type HttpErrorBody, type MeResponse, type ProductListResponse } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../server/src/store/demoCatalog.ts';
import { studioSuite, TEST_ADMIN, TestStudio } from './harness.ts';

const suite = studioSuite();

const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
	method,
	headers: { 'content-type': 'application/json', ...headers },
	body: JSON.stringify(body),
});

async function errorOf(res: Response): Promise<HttpErrorBody['error']> {
	return ((await res.json()) as HttpErrorBody).error;
}

const login = (studio: TestStudio, username: string, password: string) => studio.fetch('/api/auth/login', json({ username, password }));

describe('signing in', () => {
	it('sets an httpOnly SameSite session cookie that /api/auth/me accepts, and logout revokes it for good', async () => {
		const res = await login(suite.studio, 'ADMIN ', TEST_ADMIN.password);
		expect(res.status).toBe(200);
		expect(((await res.json()) as MeResponse).account).toMatchObject({ username: 'admin', role: 'admin', disabled: false });
		const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
		expect(setCookie).toMatch(/; HttpOnly/i);
		expect(setCookie).toMatch(/; SameSite=Lax/i);
		expect(setCookie).toMatch(/; Path=\//i);
		expect(setCookie).toMatch(/; Max-Age=\d+/i);
		const cookie = setCookie.split(';')[0]!;

		const me = await suite.studio.fetch('/api/auth/me', { headers: { cookie } });
		expect(me.status).toBe(200);
		expect(((await me.json()) as MeResponse).account.username).toBe('admin');
		const anonymous = await suite.studio.fetch('/api/auth/me');
		expect(anonymous.status).toBe(401);
		expect(await errorOf(anonymous)).toMatchObject({ code: 'unauthorized', kind: 'not_logged_in' });

		const out = await suite.studio.fetch('/api/auth/logout', { method: 'POST', headers: { cookie } });
		expect(out.status).toBe(204);
		expect(out.headers.getSetCookie().join()).toMatch(new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`, 'i'));
		// The same cookie replayed after logout signs nobody in.
		expect((await suite.studio.fetch('/api/auth/me', { headers: { cookie } })).status).toBe(401);
		expect((await suite.studio.fetch('/api/rooms', json({ title: 'x' }, 'POST', { cookie }))).status).toBe(401);
	});

	it('answers a wrong password and an unknown username alike, and a forged cookie signs nobody in', async () => {
		const wrong = await login(suite.studio, 'admin', 'bukan-sandinya');
		const unknown = await login(suite.studio, 'tidak-ada', 'bukan-sandinya');
		for (const res of [wrong, unknown]) {
			expect(res.status).toBe(401);
			expect(await errorOf(res)).toMatchObject({ code: 'unauthorized', kind: 'login_failed' });
		}
		expect((await suite.studio.fetch('/api/auth/me', { headers: { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` } })).status).toBe(401);
	});

	it('slows a username down after five failures: even the right password waits', async () => {
		await suite.studio.createMentor('sasaran', 'sandi-sasaran-123');
		for (let i = 0; i < 5; i++) expect((await login(suite.studio, 'sasaran', `salah-${i}`)).status).toBe(401);
		const locked = await login(suite.studio, 'sasaran', 'sandi-sasaran-123');
		expect(locked.status).toBe(429);
		const error = await errorOf(locked);
		expect(error).toMatchObject({ code: 'rate_limited', kind: 'login_locked' });
		expect(Number(error.params?.['retryAfterSeconds'])).toBeGreaterThanOrEqual(1);
		// Another username is not slowed by it.
		expect((await login(suite.studio, 'admin', TEST_ADMIN.password)).status).toBe(200);
	});

	it('limits sign-in attempts per address, with Retry-After', async () => {
		const own = await TestStudio.start();
		try {
			const answers: number[] = [];
			for (let i = 0; i < 21; i++) answers.push((await login(own, `orang${i}`, 'bukan-sandinya')).status);
			expect(answers.slice(0, 20).every((s) => s === 401)).toBe(true);
			const limited = await login(own, 'admin', TEST_ADMIN.password);
			expect(limited.status).toBe(429);
			expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(await errorOf(limited)).toMatchObject({ kind: 'login_locked' });
		} finally {
			await own.close();
		}
	});
});

describe('passwords', () => {
	it('changes with the current password; the other sessions are signed out, this one stays', async () => {
		await suite.studio.createMentor('ganti', 'sandi-lama-12345');
		const here = await suite.studio.login('ganti', 'sandi-lama-12345');
		const elsewhere = await suite.studio.login('ganti', 'sandi-lama-12345');
		const wrong = await suite.studio.fetch('/api/auth/password', json({ currentPassword: 'salah-salah-1', newPassword: 'sandi-baru-12345' }, 'POST', { cookie: here }));
		expect(wrong.status).toBe(403);
		expect(await errorOf(wrong)).toMatchObject({ kind: 'password_wrong' });
		const short = await suite.studio.fetch('/api/auth/password', json({ currentPassword: 'sandi-lama-12345', newPassword: 'pendek' }, 'POST', { cookie: here }));
		expect(short.status).toBe(400);

		const changed = await suite.studio.fetch('/api/auth/password', json({ currentPassword: 'sandi-lama-12345', newPassword: 'sandi-baru-12345' }, 'POST', { cookie: here }));
		expect(changed.status).toBe(204);
		expect((await suite.studio.fetch('/api/auth/me', { headers: { cookie: here } })).status).toBe(200);
		expect((await suite.studio.fetch('/api/auth/me', { headers: { cookie: elsewhere } })).status).toBe(401);
		expect((await login(suite.studio, 'ganti', 'sandi-lama-12345')).status).toBe(401);
		expect((await login(suite.studio, 'ganti', 'sandi-baru-12345')).status).toBe(200);
	});

	it('are kept as argon2id hashes, never as they were typed', async () => {
		await suite.studio.createMentor('hash', 'sandi-rahasia-777');
		const stored = (await suite.studio.studio.store.accounts.byUsername('hash'))!.passwordHash;
		expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(stored).not.toContain('sandi-rahasia-777');
	});
});

describe('the admin', () => {
	it('creates mentors (who start with the demo catalog), disables them (signed out at once) and enables them again', async () => {
		const id = await suite.studio.createMentor('bu-sari');
		const cookie = await suite.studio.cookieOf('bu-sari');
		const products = (await (await suite.studio.fetchAs('/api/products', {}, 'bu-sari')).json()) as ProductListResponse;
		expect(products.products.map((p) => p.name)).toEqual(DEMO_CATALOG.map((d) => d.name));
		// A mentor is not an admin.
		const notAdmin = await suite.studio.fetch('/api/admin/accounts', { headers: { cookie } });
		expect(notAdmin.status).toBe(403);
		expect(await errorOf(notAdmin)).toMatchObject({ kind: 'admin_only' });
		const taken = await suite.studio.fetchAs('/api/admin/accounts', json({ username: 'bu-sari', password: 'sandi-lain-12345' }));
		expect(taken.status).toBe(409);
		expect(await errorOf(taken)).toMatchObject({ kind: 'username_taken' });

		const disabled = await suite.studio.fetchAs(`/api/admin/accounts/${id}`, json({ disabled: true }, 'PATCH'));
		expect(((await disabled.json()) as AccountInfo).disabled).toBe(true);
		expect((await suite.studio.fetch('/api/auth/me', { headers: { cookie } })).status).toBe(401);
		expect((await login(suite.studio, 'bu-sari', 'sandi-mentor-123')).status).toBe(401);
		await suite.studio.fetchAs(`/api/admin/accounts/${id}`, json({ disabled: false }, 'PATCH'));
		expect((await login(suite.studio, 'bu-sari', 'sandi-mentor-123')).status).toBe(200);

		const list = (await (await suite.studio.fetchAs('/api/admin/accounts')).json()) as AccountListResponse;
		expect(list.accounts.find((a) => a.username === 'bu-sari')).toMatchObject({ role: 'mentor', disabled: false });
		expect(JSON.stringify(list)).not.toMatch(/argon2|passwordHash/);
	});

	it('cannot lock every admin out: not their own account, not the last admin', async () => {
		const me = (await suite.studio.studio.store.accounts.byUsername('admin'))!;
		const self = await suite.studio.fetchAs(`/api/admin/accounts/${me.id}`, json({ disabled: true }, 'PATCH'));
		expect(self.status).toBe(409);
		expect(await errorOf(self)).toMatchObject({ kind: 'last_admin' });
		const demote = await suite.studio.fetchAs(`/api/admin/accounts/${me.id}`, json({ role: 'mentor' }, 'PATCH'));
		expect(demote.status).toBe(409);
		expect((await suite.studio.fetchAs('/api/admin/accounts/a_nope', json({ disabled: true }, 'PATCH'))).status).toBe(404);
	});
});

describe('the first start without GLADI_ADMIN_USER', () => {
	it('prints a one-time setup link that creates the first admin, signed in, once', async () => {
		const own = await TestStudio.start({ GLADI_ADMIN_USER: '', GLADI_ADMIN_PASSWORD: '' });
		try {
			const token = own.studio.setupToken!;
			expect(token).toMatch(/^[\w-]{32}$/);
			expect(await (await own.fetch('/api/auth/setup?t=wrong')).json()).toEqual({ valid: false });
			expect(await (await own.fetch(`/api/auth/setup?t=${token}`)).json()).toEqual({ valid: true });
			// Nobody can create rooms before there is an account.
			expect((await own.fetch('/api/rooms', json({ title: 'x' }))).status).toBe(401);
			const wrong = await own.fetch('/api/auth/setup', json({ token: 'x'.repeat(32), username: 'penyusup', password: 'sandi-penyusup-1' }));
			expect(wrong.status).toBe(403);
			expect(await errorOf(wrong)).toMatchObject({ kind: 'setup_link_invalid' });

			const res = await own.fetch('/api/auth/setup', json({ token, username: 'bu-rina', password: 'sandi-pertama-1', displayName: 'Bu Rina' }));
			expect(res.status).toBe(201);
			expect(((await res.json()) as MeResponse).account).toMatchObject({ username: 'bu-rina', displayName: 'Bu Rina', role: 'admin' });
			const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
			expect((await own.fetch('/api/rooms', json({ title: 'Latihan pertama' }, 'POST', { cookie }))).status).toBe(201);
			// The link worked once.
			expect((await own.fetch('/api/auth/setup', json({ token, username: 'kedua', password: 'sandi-kedua-123' }))).status).toBe(403);
			expect(await (await own.fetch(`/api/auth/setup?t=${token}`)).json()).toEqual({ valid: false });
		} finally {
			await own.close();
		}
	});
});

describe('an anonymous visitor', () => {
	it('cannot create rooms or classes, nor read or change any catalog: 401 unauthorized', async () => {
		const product = (await (await suite.studio.fetchAs('/api/products')).json()) as ProductListResponse;
		const id = product.products[0]!.id;
		const attempts: Array<[string, RequestInit]> = [
			['/api/rooms', json({ title: 'Ruang liar' })],
			['/api/classes', json({ name: 'Kelas liar', members: ['A', 'B'] })],
			['/api/products', {}],
			['/api/products', json({ name: 'X', price: 1000, variants: [{ size: null, color: null, stock: 1 }] })],
			[`/api/products/${id}`, {}],
			[`/api/products/${id}`, json({ name: 'Diganti', price: 1000, variants: [] }, 'PUT')],
			[`/api/products/${id}`, { method: 'DELETE' }],
			[`/api/products/${id}/image`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(64) }],
			[`/api/products/${id}/image`, { method: 'DELETE' }],
			['/api/me/dashboard', {}],
			['/api/admin/accounts', {}],
		];
		for (const [path, init] of attempts) {
			const res = await suite.studio.fetch(path, init);
			expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(401);
			expect(await errorOf(res), path).toMatchObject({ code: 'unauthorized' });
		}
		// Nothing changed.
		const after = (await (await suite.studio.fetchAs('/api/products')).json()) as ProductListResponse;
		expect(after).toEqual(product);
	});
});
