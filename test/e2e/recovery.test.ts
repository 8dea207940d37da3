import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import {
	closeAll,
	createRoom,
	expectDecoding,
	joinAs,
	e2eSuite,
	pressGoLive,
} from './harness.ts';

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
		const sockets = await suite.env.studio.io.fetchSockets();
		const buyerSocket = sockets.find((s) => s.data.roomCode === code && s.data.role === 'buyer');
		expect(buyerSocket).toBeDefined();
		buyerSocket!.disconnect(true);
		await expect.poll(() => buyer.getByTestId('connection-state').isVisible(), { timeout: 5_000 }).toBe(true);
		// Back without any click: a fresh consumer decoding again.
		await expect
			.poll(async () => (await suite.env.studio.io.fetchSockets()).some((s) => s.data.roomCode === code && s.data.role === 'buyer' && suite.env.studio.registry.get(code)?.peer(s.id)?.joined), {
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
		const slot = suite.env.studio.pool.slots[0]!;
		const oldPid = slot.worker.pid;
		process.kill(oldPid, 'SIGKILL');
		await expect.poll(() => slot.worker.pid !== oldPid && !slot.worker.closed, { timeout: 15_000 }).toBe(true);
		// The host was live: it publishes again by itself, and the buyer sees it.
		await expect.poll(() => suite.env.studio.registry.get(code)?.status, { timeout: 20_000 }).toBe('live');
		await expectDecoding(buyer, 30_000);
		await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 10_000 }).toBe(true);
	} finally {
		await closeAll([host, buyer]);
	}
});
