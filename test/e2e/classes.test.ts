import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { closeAll, newContext, e2eSuite, pressGoLive } from './harness.ts';

const suite = e2eSuite();

/** A page in its own browser; `signedIn`: the mentor's laptop, signed in to their account. */
async function open(url: string, viewport?: { width: number; height: number }, signedIn = false): Promise<Page> {
	const context = await newContext(suite.browser, { ...(viewport ? { viewport } : {}), ...(signedIn ? { signedInTo: suite.env.baseUrl } : {}) });
	const page = await context.newPage();
	await page.goto(url);
	return page;
}

/** The names in a room's queue, and whose turn it is. */
const queue = (page: Page) => page.getByTestId('class-room').first().getByTestId('queue-member');
const hostInQueue = (page: Page) => queue(page).and(page.locator('[data-state="host"]')).textContent();

test('a mentor creates a class, members take turns as host (each turn a session), and the mentor advances the turn', async () => {
	const pages: Page[] = [];
	try {
		// The mentor finds "Buat kelas" in the lobby and writes the roster.
		const mentor = await open(suite.env.baseUrl, undefined, true);
		pages.push(mentor);
		await mentor.getByTestId('lobby-create-class').click();
		await mentor.getByTestId('class-name').fill('Kelas Batik Pekalongan');
		await mentor.getByTestId('class-members').fill('Rina\nSari\nDewi\n');
		await mentor.getByTestId('class-rooms').selectOption('1');
		await mentor.getByTestId('class-turn-minutes').fill('3');
		await expect.poll(() => mentor.getByTestId('class-members-count').textContent()).toBe('3 anggota');
		await mentor.getByTestId('class-create').click();

		// One private link per member, and the mentor's own.
		const memberLinks = mentor.getByTestId('member-link');
		await expect.poll(() => memberLinks.count(), { timeout: 10_000 }).toBe(3);
		const [rinaLink, sariLink] = await Promise.all([memberLinks.nth(0).inputValue(), memberLinks.nth(1).inputValue()]);
		expect(rinaLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kelas\/[^/?]+\?t=/);
		expect(sariLink).not.toBe(rinaLink);
		expect(await mentor.getByTestId('mentor-link').inputValue()).toMatch(/\/kelas\/[^/?]+\?t=/);

		// "Buka kelas": one room, Rina hosts first, the timer runs.
		await mentor.getByTestId('open-class').click();
		await expect.poll(() => mentor.getByTestId('class-room').count(), { timeout: 10_000 }).toBe(1);
		expect(await queue(mentor).allTextContents()).toEqual([
			expect.stringContaining('Rina'),
			expect.stringContaining('Sari'),
			expect.stringContaining('Dewi'),
		]);
		expect(await hostInQueue(mentor)).toContain('Rina');
		await expect.poll(() => mentor.getByTestId('turn-timer').textContent()).toContain('/ 3:00');
		expect(await mentor.getByTestId('class-member').count()).toBe(3);

		// Rina's turn: her page offers the host button, which leads to the studio.
		const rina = await open(rinaLink);
		pages.push(rina);
		const rinaJoin = rina.getByTestId('join-room');
		await expect.poll(() => rinaJoin.textContent(), { timeout: 10_000 }).toBe('Mulai jadi penjual');
		await rinaJoin.click();
		await rina.getByTestId('display-name').fill('Rina');
		await rina.getByTestId('join').click();
		await expect.poll(() => rina.getByTestId('go-live').isVisible(), { timeout: 15_000 }).toBe(true);
		// She goes live; the mentor's overview shows the room live after its next poll.
		await pressGoLive(rina);
		await expect
			.poll(() => mentor.getByTestId('class-room').first().getByTestId('room-status').getAttribute('data-status'), { timeout: 10_000 })
			.toBe('live');

		// Sari, on a phone, is a buyer for now.
		const phone = { width: 390, height: 844 };
		const sari = await open(sariLink, phone);
		pages.push(sari);
		const sariJoin = sari.getByTestId('join-room');
		await expect.poll(() => sariJoin.textContent(), { timeout: 10_000 }).toBe('Masuk sebagai pembeli');
		expect(await sariJoin.getAttribute('href')).toMatch(/^\/r\/[A-Z0-9]+\/watch\?t=/);
		expect(await sari.getByTestId('turn-banner').textContent()).toContain('Giliranmu berikutnya');
		expect(await sari.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

		// The mentor moves the turn on: Sari hosts, Rina's studio is told her turn is over.
		await mentor.getByTestId('advance-turn').click();
		await expect.poll(() => hostInQueue(mentor), { timeout: 10_000 }).toContain('Sari');
		await expect
			.poll(() => rina.getByTestId('connection-state').textContent(), { timeout: 10_000 })
			.toContain('Giliranmu sebagai penjual sudah selesai');

		// Rina's turn became a session, listed with its report in the members table.
		const rinaRow = mentor.getByTestId('class-member').filter({ hasText: 'Rina' });
		await expect.poll(() => rinaRow.getByTestId('member-sessions').textContent(), { timeout: 10_000 }).toBe('1');
		expect(await rinaRow.getByTestId('member-report-link').getAttribute('href')).toMatch(/^\/laporan\/[^/?]+\?t=/);

		// Sari's page notices on its next poll.
		const switchedAt = Date.now();
		await expect.poll(() => sariJoin.textContent(), { timeout: 10_000 }).toBe('Mulai jadi penjual');
		console.log(`[measure] advance -> host button on the member's page: ${Date.now() - switchedAt} ms`);
		expect(await sariJoin.getAttribute('href')).toMatch(/^\/r\/[A-Z0-9]+\/host\?t=/);
		expect(await sari.getByTestId('turn-banner').textContent()).toContain('Sekarang giliranmu');
	} finally {
		await closeAll(pages);
	}
});
