import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
	closeAll,
	createRoom,
	expectDecoding,
	framesDecoded,
	joinAs,
	e2eSuite,
	newContext,
	pressGoLive,
} from './harness.ts';

const suite = e2eSuite();

describe('the live path', () => {
	test('host goes live; a mentor and two buyers decode video; a late buyer too; ending the live shows offline everywhere', async () => {
		const room = await createRoom(suite.env.baseUrl, 'Live gamis lebaran');
		const pages: Page[] = [];
		try {
			const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
			pages.push(host);
			const mentor = await joinAs(suite.browser, suite.env.baseUrl, room.links.mentor, 'Pak Mentor');
			const buyerA = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Sari');
			const buyerB = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Dewi');
			pages.push(mentor, buyerA, buyerB);

			for (const viewer of [mentor, buyerA, buyerB]) {
				await expect.poll(() => viewer.getByTestId('stage-waiting').isVisible(), { timeout: 15_000 }).toBe(true);
			}

			const goLive = host.getByTestId('go-live');
			await expect.poll(() => goLive.isEnabled(), { timeout: 15_000 }).toBe(true);
			const clickedAt = Date.now();
			await goLive.click();
			await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 15_000 }).toBe(true);

			// Time from the click to the first decoded frame on a buyer page.
			const firstFrameDeadline = Date.now() + 20_000;
			while ((await framesDecoded(buyerA)) === 0 && Date.now() < firstFrameDeadline) {
				await new Promise((r) => setTimeout(r, 20));
			}
			const goLiveToFirstFrameMs = Date.now() - clickedAt;
			console.log(`[measure] go-live click -> first decoded frame on a buyer: ${goLiveToFirstFrameMs} ms`);

			for (const viewer of [mentor, buyerA, buyerB]) {
				const { width } = await expectDecoding(viewer);
				expect(width).toBeGreaterThan(0);
			}

			const late = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Telat');
			pages.push(late);
			await expectDecoding(late);

			const state = suite.env.nodeOf(room.code).registry.inMemory(room.code)!;
			expect(state.status).toBe('live');
			// The host sends audio and video, the video as three simulcast layers.
			const producers = state.liveProducers();
			expect(producers.map((p) => p.kind).sort()).toEqual(['audio', 'video']);
			expect(producers.find((p) => p.kind === 'video')!.rtpParameters.encodings).toHaveLength(3);
			const consumersWhileLive = state.mediaStats().consumers;
			expect(consumersWhileLive).toBe(4 * 2); // four viewers x (audio + video)

			await host.getByTestId('end-live').click();
			for (const viewer of [mentor, buyerA, buyerB, late]) {
				await expect.poll(() => viewer.getByTestId('stage-offline').isVisible(), { timeout: 15_000 }).toBe(true);
			}
			await expect.poll(() => host.getByTestId('go-live').isVisible(), { timeout: 10_000 }).toBe(true);
			// Nothing of the ended live is left on the server.
			expect(state.mediaStats()).toMatchObject({ producers: 0, consumers: 0 });
		} finally {
			await closeAll(pages);
		}
	});

	test('a buyer whose receive transport is still being made when the host goes live gets the live anyway', async () => {
		const { baseUrl } = suite.env;
		const room = await createRoom(baseUrl, 'Live balapan');
		const pages: Page[] = [];
		try {
			const host = await joinAs(suite.browser, baseUrl, room.links.host, 'Bu Rina');
			pages.push(host);
			const goLive = host.getByTestId('go-live');
			await expect.poll(() => goLive.isEnabled(), { timeout: 15_000 }).toBe(true);

			// The buyer's socket.io traffic goes through a proxy that holds the server's answer to
			// media:createTransport, so the live starts (room:state arrives) before the transport exists.
			const buyer = await (await newContext(suite.browser)).newPage();
			pages.push(buyer);
			const held: { ack: (() => void) | null; sawLiveState: boolean } = { ack: null, sawLiveState: false };
			await buyer.routeWebSocket(/\/socket\.io\//, (ws) => {
				const server = ws.connectToServer();
				let transportAckId: string | null = null;
				ws.onMessage((message) => {
					const m = typeof message === 'string' ? /^42(\d+)\["media:createTransport"/.exec(message) : null;
					if (m) transportAckId = m[1]!;
					server.send(message);
				});
				server.onMessage((message) => {
					if (typeof message === 'string' && transportAckId !== null && message.startsWith(`43${transportAckId}[`)) {
						transportAckId = null;
						held.ack = () => ws.send(message);
						return;
					}
					if (typeof message === 'string' && /^42\["room:state",.*"status":"live"/.test(message)) held.sawLiveState = true;
					ws.send(message);
				});
			});
			await buyer.goto(new URL(room.links.buyer, baseUrl).toString());
			await buyer.getByTestId('display-name').fill('Sari');
			await buyer.getByTestId('join').click();
			await expect.poll(() => held.ack !== null, { timeout: 15_000 }).toBe(true);

			await goLive.click();
			await expect.poll(() => held.sawLiveState, { timeout: 15_000 }).toBe(true);
			held.ack!();
			await expectDecoding(buyer);
		} finally {
			await closeAll(pages);
		}
	});

	test('a buyer whose join answer and the live’s start arrive together gets the live (the older join state does not win)', async () => {
		const { baseUrl } = suite.env;
		const room = await createRoom(baseUrl, 'Live serentak');
		const pages: Page[] = [];
		try {
			const host = await joinAs(suite.browser, baseUrl, room.links.host, 'Bu Rina');
			pages.push(host);
			await expect.poll(() => host.getByTestId('go-live').isEnabled(), { timeout: 15_000 }).toBe(true);

			// The buyer's proxy holds the server's answer to room:join (it says "waiting") until the
			// room:state that says "live" comes, then passes both on at once, in the server's order.
			const buyer = await (await newContext(suite.browser)).newPage();
			pages.push(buyer);
			const held = { join: false, released: false };
			await buyer.routeWebSocket(/\/socket\.io\//, (ws) => {
				const server = ws.connectToServer();
				let joinAckId: string | null = null;
				let joinAck: string | null = null;
				ws.onMessage((message) => {
					const m = typeof message === 'string' ? /^42(\d+)\["room:join"/.exec(message) : null;
					if (m) joinAckId = m[1]!;
					server.send(message);
				});
				server.onMessage((message) => {
					if (typeof message === 'string' && joinAckId !== null && message.startsWith(`43${joinAckId}[`)) {
						joinAckId = null;
						joinAck = message;
						held.join = true;
						return;
					}
					if (joinAck !== null && typeof message === 'string' && /^42\["room:state",.*"status":"live"/.test(message)) {
						ws.send(joinAck);
						joinAck = null;
						held.released = true;
					}
					if (joinAck !== null) return; // nothing may overtake the held answer
					ws.send(message);
				});
			});
			await buyer.goto(new URL(room.links.buyer, baseUrl).toString());
			await buyer.getByTestId('display-name').fill('Sari');
			await buyer.getByTestId('join').click();
			await expect.poll(() => held.join, { timeout: 15_000 }).toBe(true);

			await pressGoLive(host);
			await expect.poll(() => held.released, { timeout: 15_000 }).toBe(true);
			await expectDecoding(buyer);
		} finally {
			await closeAll(pages);
		}
	});
});
