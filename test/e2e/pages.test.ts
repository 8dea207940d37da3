import { expect, test } from 'vitest';
import {
	closeAll,
	createRoom,
	expectDecoding,
	joinAs,
	newContext,
	e2eSuite,
	pressGoLive,
} from './harness.ts';

const suite = e2eSuite();

test('the lobby creates a room and shows an invite link per role that opens the right page', async () => {
	const context = await newContext(suite.browser, { signedInTo: suite.env.baseUrl });
	const page = await context.newPage();
	try {
		await page.goto(suite.env.baseUrl);
		await expect.poll(() => page.getByRole('heading').first().textContent(), { timeout: 10_000 }).toBe('Buat ruang latihan');
		await page.getByTestId('room-title').fill('Batik pekalongan');
		await page.getByTestId('create-room').click();
		const hostLink = await page.getByTestId('invite-host').inputValue();
		const buyerLink = await page.getByTestId('invite-buyer').inputValue();
		expect(hostLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\/[A-Z0-9]{6}\/host\?t=/);
		expect(buyerLink).toMatch(/\/watch\?t=/);

		await page.goto(buyerLink);
		await expect.poll(() => page.getByText('Masuk sebagai pembeli').isVisible()).toBe(true);
		await page.goto(`${suite.env.baseUrl}/r/ABCDEF/watch?t=not-a-real-token-at-all`);
		await expect.poll(() => page.getByText('Tautan undangan ini tidak berlaku', { exact: false }).isVisible()).toBe(true);
	} finally {
		await context.close();
	}
});

test('on a 390x844 phone the 9:16 stage fits the screen, the video plays and English can be chosen', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Hijab segi empat');
	const phone = { viewport: { width: 390, height: 844 } };
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Host HP', phone);
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Pembeli HP', phone);
	try {
		await expect.poll(() => buyer.getByTestId('stage-waiting').textContent(), { timeout: 15_000 }).toBe(
			'Menunggu penjual mulai live…',
		);
		await buyer.getByTestId('lang-switch').click();
		await expect.poll(() => buyer.getByTestId('stage-waiting').textContent()).toBe('Waiting for the seller to go live…');

		await pressGoLive(host);
		await expectDecoding(buyer);

		for (const page of [host, buyer]) {
			const frame = await page.locator('.stage-frame').boundingBox();
			expect(frame).not.toBeNull();
			expect(frame!.x).toBeGreaterThanOrEqual(0);
			expect(frame!.x + frame!.width).toBeLessThanOrEqual(390.5);
			expect(frame!.y + frame!.height).toBeLessThanOrEqual(844.5);
			expect(frame!.height / frame!.width).toBeCloseTo(16 / 9, 1);
			// Nothing scrolls sideways on a phone.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		}
		// The host's controls are reachable inside the frame.
		const endLive = await host.getByTestId('end-live').boundingBox();
		expect(endLive!.y + endLive!.height).toBeLessThanOrEqual(844);
	} finally {
		await closeAll([host, buyer]);
	}
});
