/*
 * The real client under the studio's Content-Security-Policy in Chromium:
 * the policy is enforced (an injected inline script does not run, the page
 * cannot be framed), and a lobby-to-live journey works without one violation
 * (e2eSuite fails the file on any violation a page reports).
 */
import { expect, test } from 'vitest';
import { closeAll, createRoom, cspViolations, e2eSuite, expectDecoding, joinAs, newContext, pressGoLive } from './harness.ts';

const suite = e2eSuite();

test('the policy is enforced: no inline script runs, no framing', async () => {
	const context = await newContext(suite.browser, { signedInTo: suite.env.baseUrl });
	const page = await context.newPage();
	try {
		const response = await page.goto(suite.env.baseUrl);
		expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
		await expect.poll(() => page.getByRole('heading').first().textContent(), { timeout: 10_000 }).toBe('Buat ruang latihan');
		const inlineRan = await page.evaluate(() => {
			const script = document.createElement('script');
			script.textContent = 'window.__inlineRan = true';
			document.head.append(script);
			return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
		});
		expect(inlineRan).toBe(false);
		// A page frames the studio (frame-ancestors 'none' refuses even its own origin): the frame stays empty.
		const framed = await page.evaluate(async (url) => {
			const frame = document.createElement('iframe');
			frame.src = url;
			document.body.append(frame);
			await new Promise((r) => setTimeout(r, 1000));
			return frame.contentDocument?.querySelector('#root') != null;
		}, suite.env.baseUrl);
		expect(framed).toBe(false);
	} finally {
		await context.close();
	}
	// What this test provoked on purpose is not a violation of the client's.
	expect(cspViolations.some((v) => /script-src-elem refused inline/.test(v)), cspViolations.join('\n')).toBe(true);
	cspViolations.length = 0;
});

test('a room is created, the host goes live and a buyer watches, without a CSP violation', async () => {
	const context = await newContext(suite.browser, { signedInTo: suite.env.baseUrl });
	const lobby = await context.newPage();
	await lobby.goto(suite.env.baseUrl);
	await lobby.getByTestId('room-title').fill('Kain tenun');
	await lobby.getByTestId('create-room').click();
	await expect.poll(() => lobby.getByTestId('invite-host').inputValue()).toMatch(/\/host\?t=/);
	const room = await createRoom(suite.env.baseUrl, 'Kain tenun live');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Penjual');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Pembeli');
	try {
		await pressGoLive(host);
		await expectDecoding(buyer);
		expect(cspViolations).toEqual([]);
	} finally {
		await closeAll([lobby, host, buyer]);
	}
});
