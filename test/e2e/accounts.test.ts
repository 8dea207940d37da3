import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { setupLink, type ClassCreatedResponse } from '@gladi/shared';
import { TEST_ADMIN as ADMIN } from '../testAdmin.ts';
import { e2eSuite, fetchAsAdmin, newContext, TWO_NODES } from './harness.ts';

/*
 * Mentor accounts end to end, in the browser: mentors' pages ask for a
 * sign-in, invite links do not. The studio starts with an admin from its
 * environment, or (first start) with a one-time setup link.
 */

const MENTOR = { username: 'bu.rina', displayName: 'Bu Rina', password: 'sandi-rina-2024' };
const MENTOR_NEW_PASSWORD = 'sandi-baru-rina-99';

const pathOf = (page: Page) => {
	const url = new URL(page.url());
	return url.pathname + url.search;
};

describe('with the admin from the environment', () => {
	// The harness starts every studio with the test admin (GLADI_ADMIN_USER / GLADI_ADMIN_PASSWORD).
	const suite = e2eSuite();

	async function open(path: string): Promise<Page> {
		const context = await newContext(suite.browser);
		const page = await context.newPage();
		await page.goto(new URL(path, suite.env.baseUrl).toString());
		return page;
	}

	async function signIn(page: Page, username: string, password: string): Promise<void> {
		await page.getByTestId('login-username').fill(username);
		await page.getByTestId('login-password').fill(password);
		await page.getByTestId('login-submit').click();
	}

	async function signOut(page: Page): Promise<void> {
		await page.getByTestId('account-menu').locator('summary').click();
		await page.getByTestId('logout').click();
		await page.waitForURL((url) => url.pathname === '/masuk');
	}

	/** One browser tab, the admin's and then the mentor's, kept across the tests below (they build on each other). */
	let tab: Page;
	let firstBuyerLink: string;

	test('an anonymous visitor opening a mentor page is sent to sign in, and comes back to it afterwards', async () => {
		tab = await open('/');
		await expect.poll(() => pathOf(tab), { timeout: 10_000 }).toBe('/masuk?next=%2F');
		// The header's account menu stays away while nobody is signed in.
		expect(await tab.getByTestId('account-menu').count()).toBe(0);

		// A wrong password is said so, in Bahasa Indonesia.
		await signIn(tab, ADMIN.username, 'bukan-sandinya');
		await expect.poll(() => tab.getByTestId('login-error').textContent()).toBe('Nama pengguna atau kata sandi salah.');

		await signIn(tab, ADMIN.username, ADMIN.password);
		await expect.poll(() => pathOf(tab), { timeout: 10_000 }).toBe('/');
		await expect.poll(() => tab.getByRole('heading').first().textContent()).toBe('Buat ruang latihan');
		await expect.poll(() => tab.getByTestId('account-menu').textContent()).toContain(ADMIN.username);

		// The other mentor pages send the visitor the same way.
		const visitor = await open('/katalog');
		try {
			await expect.poll(() => pathOf(visitor), { timeout: 10_000 }).toBe('/masuk?next=%2Fkatalog');
			await visitor.goto(new URL('/kelas/baru', suite.env.baseUrl).toString());
			await expect.poll(() => pathOf(visitor), { timeout: 10_000 }).toBe('/masuk?next=%2Fkelas%2Fbaru');
		} finally {
			await visitor.context().close();
		}
	});

	test('the mentor creates a room, finds it on the dashboard, replaces its links: the old buyer link stops, the new one works', async () => {
		await tab.getByTestId('room-title').fill('Live gamis lebaran');
		await tab.getByTestId('create-room').click();
		const lobbyBuyer = tab.getByTestId('invite-buyer');
		await expect.poll(() => lobbyBuyer.count(), { timeout: 10_000 }).toBe(1);
		firstBuyerLink = await lobbyBuyer.inputValue();
		const code = /\/r\/([A-Z0-9]+)\//.exec(firstBuyerLink)?.[1];
		expect(code).toBeTruthy();

		await tab.getByTestId('account-menu').locator('summary').click();
		await tab.getByTestId('account-dashboard').click();
		const room = tab.locator(`[data-testid="dashboard-room"][data-code="${code}"]`);
		await expect.poll(() => room.count(), { timeout: 10_000 }).toBe(1);
		expect(await room.textContent()).toContain('Live gamis lebaran');
		expect(await room.getByTestId('dashboard-room-link-buyer').inputValue()).toBe(firstBuyerLink);
		expect(await room.getByTestId('dashboard-room-link-host').inputValue()).toMatch(/\/r\/[A-Z0-9]+\/host\?t=/);
		expect(await room.getByTestId('dashboard-room-link-mentor').inputValue()).toMatch(/\/r\/[A-Z0-9]+\/mentor\?t=/);

		// Replacing asks first, and says the old links stop at once.
		await room.getByTestId('dashboard-rotate-links').click();
		await expect.poll(() => room.textContent()).toContain('langsung berhenti berlaku');
		await room.getByTestId('dashboard-rotate-confirm').click();
		await expect.poll(() => room.getByTestId('dashboard-room-link-buyer').inputValue(), { timeout: 10_000 }).not.toBe(firstBuyerLink);
		const newBuyerLink = await room.getByTestId('dashboard-room-link-buyer').inputValue();
		expect(await room.getByTestId('dashboard-rotated').isVisible()).toBe(true);

		// A buyer needs no account; the old link is refused, the new one opens the join form.
		const buyer = await open(firstBuyerLink);
		const asked: string[] = [];
		buyer.on('request', (r) => asked.push(new URL(r.url()).pathname));
		try {
			await expect.poll(() => buyer.getByText('Tautan undangan ini tidak berlaku', { exact: false }).isVisible(), { timeout: 10_000 }).toBe(true);
			await buyer.goto(newBuyerLink);
			await expect.poll(() => buyer.getByText('Masuk sebagai pembeli').isVisible(), { timeout: 10_000 }).toBe(true);
			await buyer.getByTestId('display-name').fill('Pembeli Uji');
			await buyer.getByTestId('join').click();
			await expect.poll(() => buyer.getByTestId('stage-waiting').isVisible(), { timeout: 15_000 }).toBe(true);
			// The join and watch pages stay light: it never asks who is signed in, nor loads the data layer.
			expect(asked.filter((p) => p.startsWith('/api/auth'))).toEqual([]);
			expect(asked.filter((p) => /QueryProvider|AccountMenu/.test(p))).toEqual([]);
			expect(await buyer.getByTestId('account-menu').count()).toBe(0);
		} finally {
			await buyer.context().close();
		}
	});

	test('a class opened without its link: the owner signed in sees the overview, a visitor is sent to sign in', async () => {
		const res = await fetchAsAdmin(suite.env.baseUrl, '/api/classes', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Kelas Tenun', members: ['Rina', 'Sari'], rooms: 1, turnMinutes: 5 }),
		});
		expect(res.status).toBe(201);
		const cls = (await res.json()) as ClassCreatedResponse;

		await tab.goto(new URL('/saya', suite.env.baseUrl).toString());
		const card = tab.locator(`[data-testid="dashboard-class"][data-class-id="${cls.id}"]`);
		await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
		expect(await card.textContent()).toContain('Kelas Tenun');

		await tab.goto(new URL(`/kelas/${cls.id}`, suite.env.baseUrl).toString());
		await expect.poll(() => tab.getByTestId('class-overview').isVisible(), { timeout: 10_000 }).toBe(true);
		expect(await tab.getByTestId('class-member').count()).toBe(2);

		const visitor = await open(`/kelas/${cls.id}`);
		try {
			await expect.poll(() => pathOf(visitor), { timeout: 10_000 }).toBe(`/masuk?next=${encodeURIComponent(`/kelas/${cls.id}`)}`);
			// With the class link, no account is needed.
			await visitor.goto(new URL(cls.members[0]!.link, suite.env.baseUrl).toString());
			await expect.poll(() => visitor.getByTestId('turn-banner').isVisible(), { timeout: 10_000 }).toBe(true);
		} finally {
			await visitor.context().close();
		}
	});

	test('the admin creates a mentor account; the mentor signs in to an empty dashboard and the demo catalog, and is no admin', async () => {
		await tab.getByTestId('account-menu').locator('summary').click();
		await tab.getByTestId('account-admin').click();
		await expect.poll(() => tab.locator(`[data-testid="admin-account"][data-username="${ADMIN.username}"]`).count(), { timeout: 10_000 }).toBe(1);

		// The form says what is wrong before sending anything.
		await tab.getByTestId('admin-new-username').fill('bu rina');
		await tab.getByTestId('admin-new-password').fill('pendek');
		await tab.getByTestId('admin-create').click();
		await expect.poll(() => tab.getByText('tanpa spasi', { exact: false }).isVisible()).toBe(true);
		expect(await tab.getByText('Kata sandi minimal 10 karakter.').isVisible()).toBe(true);

		await tab.getByTestId('admin-new-username').fill(MENTOR.username);
		await tab.getByTestId('admin-new-display-name').fill(MENTOR.displayName);
		await tab.getByTestId('admin-new-password').fill(MENTOR.password);
		await tab.getByTestId('admin-new-role').selectOption('mentor');
		await tab.getByTestId('admin-create').click();
		const row = tab.locator(`[data-testid="admin-account"][data-username="${MENTOR.username}"]`);
		await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
		expect(await row.textContent()).toContain(MENTOR.displayName);
		expect(await row.textContent()).toContain('Pendamping');

		await signOut(tab);
		// Signed out: the dashboard asks for a sign-in again.
		await tab.goto(new URL('/saya', suite.env.baseUrl).toString());
		await expect.poll(() => pathOf(tab), { timeout: 10_000 }).toBe('/masuk');

		// A crafted next= never leads off the site: the mentor lands on the dashboard.
		await tab.goto(new URL('/masuk?next=%2F%2Fevil.example%2F', suite.env.baseUrl).toString());
		await signIn(tab, MENTOR.username, MENTOR.password);
		await expect.poll(() => pathOf(tab), { timeout: 10_000 }).toBe('/saya');
		await expect.poll(() => tab.getByTestId('dashboard').count(), { timeout: 10_000 }).toBe(1);
		expect(await tab.getByTestId('dashboard-room').count()).toBe(0);
		expect(await tab.getByTestId('dashboard-class').count()).toBe(0);
		expect(await tab.getByTestId('dashboard-rooms-empty').isVisible()).toBe(true);
		expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe(`Halo, ${MENTOR.displayName}`);

		// No tab link in the menu, and the tab page says it is for admins.
		await tab.getByTestId('account-menu').locator('summary').click();
		expect(await tab.getByTestId('account-admin').count()).toBe(0);
		await tab.goto(new URL('/admin', suite.env.baseUrl).toString());
		await expect.poll(() => tab.getByTestId('admin-only').isVisible(), { timeout: 10_000 }).toBe(true);

		await tab.getByTestId('account-menu').locator('summary').click();
		await tab.getByTestId('account-dashboard').click();
		await tab.getByTestId('dashboard-catalog').click();
		await expect.poll(() => tab.getByTestId('catalog-item').count(), { timeout: 10_000 }).toBeGreaterThan(0);
	});

	test('the mentor changes the password: the old one no longer signs in, the new one does, and another device is signed out', async () => {
		// The same mentor on a second device.
		const other = await open('/masuk');
		await signIn(other, MENTOR.username, MENTOR.password);
		await expect.poll(() => pathOf(other), { timeout: 10_000 }).toBe('/saya');

		await tab.getByTestId('account-menu').locator('summary').click();
		await tab.getByTestId('account-password').click();

		// Two different new passwords are caught before sending.
		await tab.getByTestId('password-current').fill(MENTOR.password);
		await tab.getByTestId('password-new').fill(MENTOR_NEW_PASSWORD);
		await tab.getByTestId('password-again').fill(`${MENTOR_NEW_PASSWORD}x`);
		await tab.getByTestId('password-submit').click();
		await expect.poll(() => tab.getByText('Kedua kata sandi tidak sama.').isVisible()).toBe(true);

		// A wrong current password is refused by the server.
		await tab.getByTestId('password-current').fill('salah-sandi-lama');
		await tab.getByTestId('password-again').fill(MENTOR_NEW_PASSWORD);
		await tab.getByTestId('password-submit').click();
		await expect.poll(() => tab.getByTestId('password-error').textContent(), { timeout: 10_000 }).toBe('Kata sandi lama salah.');

		await tab.getByTestId('password-current').fill(MENTOR.password);
		await tab.getByTestId('password-submit').click();
		await expect.poll(() => tab.getByTestId('password-done').isVisible(), { timeout: 10_000 }).toBe(true);

		// The other device's session ended: its next call is refused and it is sent to sign in, then back.
		await other.getByTestId('dashboard-catalog').click();
		await expect.poll(() => pathOf(other), { timeout: 10_000 }).toBe('/masuk?next=%2Fkatalog');
		await signIn(other, MENTOR.username, MENTOR_NEW_PASSWORD);
		await expect.poll(() => pathOf(other), { timeout: 10_000 }).toBe('/katalog');
		await other.context().close();

		await signOut(tab);
		await signIn(tab, MENTOR.username, MENTOR.password);
		await expect.poll(() => tab.getByTestId('login-error').textContent(), { timeout: 10_000 }).toBe('Nama pengguna atau kata sandi salah.');
		await signIn(tab, MENTOR.username, MENTOR_NEW_PASSWORD);
		await expect.poll(() => pathOf(tab), { timeout: 10_000 }).toBe('/saya');
		await tab.context().close();
	});
});

describe('on a first start without an admin', () => {
	// No GLADI_ADMIN_*: the studio makes a one-time setup link instead.
	const suite = e2eSuite({ GLADI_ADMIN_USER: undefined, GLADI_ADMIN_PASSWORD: undefined });

	test('the setup link creates the first admin, signed in, and then no longer works', async () => {
		const token = suite.env.studio.setupToken;
		expect(token).toBeTruthy();
		const context = await newContext(suite.browser);
		const page = await context.newPage();
		try {
			await page.goto(new URL(setupLink('not-the-token'), suite.env.baseUrl).toString());
			await expect.poll(() => page.getByTestId('setup-invalid').isVisible(), { timeout: 10_000 }).toBe(true);

			await page.goto(new URL(setupLink(token!), suite.env.baseUrl).toString());
			await page.getByTestId('setup-username').fill('pak.admin');
			await page.getByTestId('setup-display-name').fill('Pak Admin');
			await page.getByTestId('setup-password').fill('sandi-pertama-123');
			await page.getByTestId('setup-password-again').fill('sandi-pertama-124');
			// The rule is shown, and the mismatch caught before sending.
			expect(await page.getByText('Minimal 10 karakter', { exact: false }).isVisible()).toBe(true);
			await page.getByTestId('setup-submit').click();
			await expect.poll(() => page.getByText('Kedua kata sandi tidak sama.').isVisible()).toBe(true);

			await page.getByTestId('setup-password-again').fill('sandi-pertama-123');
			await page.getByTestId('setup-submit').click();
			await expect.poll(() => pathOf(page), { timeout: 10_000 }).toBe('/saya');
			await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 10_000 }).toBe('Halo, Pak Admin');

			await page.goto(new URL(setupLink(token!), suite.env.baseUrl).toString());
			await expect.poll(() => page.getByTestId('setup-invalid').isVisible(), { timeout: 10_000 }).toBe(true);
			await page.getByTestId('setup-invalid').getByRole('link').click();
			await expect.poll(() => pathOf(page)).toBe('/saya');
		} finally {
			await context.close();
		}
	});
});

describe('the admin page’s servers', () => {
	const suite = e2eSuite();

	test('lists the server nodes with their load; with several, the admin drains one and takes it back', async () => {
		const context = await newContext(suite.browser, { signedInTo: suite.env.baseUrl });
		try {
			const page = await context.newPage();
			await page.goto(new URL('/admin', suite.env.baseUrl).toString());
			const rows = page.getByTestId('admin-node');
			await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(TWO_NODES ? 2 : 1);
			const self = rows.filter({ hasText: 'server ini' });
			expect(await self.count()).toBe(1);
			expect(await self.getAttribute('data-state')).toBe('active');
			if (!TWO_NODES) {
				// One studio: nowhere to move rooms to, so nothing to drain.
				expect(await page.getByTestId('node-drain').count()).toBe(0);
				return;
			}
			const a = page.locator('[data-testid="admin-node"][data-node-id="a"]');
			await a.getByTestId('node-drain').click();
			await expect.poll(() => page.getByTestId('admin-node-notice').textContent()).toBe('Server a dikosongkan: ruangnya pindah ke server lain.');
			await expect.poll(() => a.getAttribute('data-state')).toBe('draining');
			await a.getByTestId('node-activate').click();
			await expect.poll(() => a.getAttribute('data-state')).toBe('active');
			await expect.poll(() => page.getByTestId('admin-node-notice').textContent()).toBe('Server a menerima ruang lagi.');
		} finally {
			await context.close();
		}
	});
});
