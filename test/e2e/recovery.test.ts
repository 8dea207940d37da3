import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import {
	closeAll,
	createRoom,
	expectDecoding,
	joinAs,
	e2eSuite,
	newContext,
	pressGoLive,
	TWO_NODES,
} from './harness.ts';
import { TcpRelay } from '../tcpRelay.ts';

const suite = e2eSuite();

async function liveRoom(title: string): Promise<{ code: string; host: Page; buyer: Page }> {
	const room = await createRoom(suite.env.baseUrl, title);
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Host');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Pembeli');
	await pressGoLive(host);
	await expectDecoding(buyer);
	return { code: room.code, host, buyer };
}

test('a buyer whose connection drops gets the live video back by itself', async () => {
	const { code, host, buyer } = await liveRoom('Putus sambung');
	try {
		const node = suite.env.nodeOf(code);
		const sockets = await node.io.fetchSockets();
		const buyerSocket = sockets.find((s) => s.data.roomCode === code && s.data.role === 'buyer');
		expect(buyerSocket).toBeDefined();
		// The first reconnect attempt may come within milliseconds (its delay is jittered over 0..1 s), so
		// the page itself records that the reconnecting banner showed: polling could miss a short one.
		await buyer.evaluate(() => {
			const seen = window as unknown as { __sawConnectionState: boolean };
			seen.__sawConnectionState = false;
			new MutationObserver((_, observer) => {
				if (!document.querySelector('[data-testid="connection-state"]')) return;
				seen.__sawConnectionState = true;
				observer.disconnect();
			}).observe(document.body, { childList: true, subtree: true });
		});
		buyerSocket!.disconnect(true);
		await expect
			.poll(() => buyer.evaluate(() => (window as unknown as { __sawConnectionState: boolean }).__sawConnectionState), { timeout: 5_000 })
			.toBe(true);
		// Back without any click: a fresh consumer decoding again.
		await expect
			.poll(async () => (await node.io.fetchSockets()).some((s) => s.data.roomCode === code && s.data.role === 'buyer' && node.registry.inMemory(code)?.peer(s.id)?.joined), {
				timeout: 15_000,
			})
			.toBe(true);
		await expectDecoding(buyer);
		await expect.poll(() => buyer.getByTestId('connection-state').count(), { timeout: 10_000 }).toBe(0);
	} finally {
		await closeAll([host, buyer]);
	}
});

test('when the media worker dies, host and buyer reconnect and the live resumes on the replacement worker', async () => {
	const { code, host, buyer } = await liveRoom('Worker mati');
	try {
		const node = suite.env.nodeOf(code);
		const slot = node.pool.slots[0]!;
		const oldPid = slot.worker.pid;
		process.kill(oldPid, 'SIGKILL');
		await expect.poll(() => slot.worker.pid !== oldPid && !slot.worker.closed, { timeout: 15_000 }).toBe(true);
		// The host was live: it publishes again by itself, and the buyer sees it.
		await expect.poll(() => node.registry.inMemory(code)?.status, { timeout: 20_000 }).toBe('live');
		await expectDecoding(buyer, 30_000);
		await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 10_000 }).toBe(true);
	} finally {
		await closeAll([host, buyer]);
	}
});

// The relay stands between the page and the one studio; a node's socket goes to that node's own URL, past it.
test.skipIf(TWO_NODES)('a buyer who cannot reach the studio for 2 minutes is told so, and the retry button brings them back', async () => {
	const { baseUrl, studio } = suite.env;
	const room = await createRoom(baseUrl, 'Sinyal hilang');
	// The page reaches the studio through a relay the test can cut, as a lost network would.
	const relay = await TcpRelay.start(studio.httpPort);
	// The page's clock is the test's: two minutes of failed attempts pass in seconds.
	const context = await newContext(suite.browser);
	await context.clock.install();
	const buyer = await context.newPage();
	try {
		let attempts = 0;
		buyer.on('websocket', () => attempts++);
		await buyer.goto(new URL(room.links.buyer, relay.url).toString());
		await buyer.getByTestId('display-name').fill('Sari');
		await buyer.getByTestId('join').click();
		await expect.poll(() => buyer.getByTestId('stage-waiting').isVisible(), { timeout: 15_000 }).toBe(true);
		await expect.poll(() => buyer.getByTestId('connection-state').count(), { timeout: 10_000 }).toBe(0);

		await relay.cut();
		await expect
			.poll(
				async () => {
					await context.clock.fastForward(5_000);
					return buyer.getByTestId('connection-gave-up').isVisible();
				},
				{ timeout: 60_000, interval: 100 },
			)
			.toBe(true);
		expect(await buyer.getByTestId('connection-gave-up').textContent()).toContain('Koneksi terputus');
		// Quick attempts first, then one every few seconds (7 s ± 50 %): some 20 in two minutes, not hundreds.
		expect(attempts).toBeGreaterThan(10);
		expect(attempts).toBeLessThan(40);
		// Given up means no more attempts until the person asks.
		const attemptsWhenGivenUp = attempts;
		await context.clock.fastForward(60_000);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(attempts).toBe(attemptsWhenGivenUp);

		await relay.restore();
		await buyer.getByTestId('reconnect-retry').click();
		await expect.poll(() => buyer.getByTestId('connection-state').count(), { timeout: 10_000 }).toBe(0);
		expect(attempts).toBe(attemptsWhenGivenUp + 1);
		expect(studio.registry.inMemory(room.code)?.state().viewers.buyers).toBe(1);
	} finally {
		await closeAll([buyer]);
		await relay.close();
	}
});
