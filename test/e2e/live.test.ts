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

	test('a buyer is connected while the join form is on screen, counted only once they join, and a returning one sees their name filled in', async () => {
		const { baseUrl } = suite.env;
		const room = await createRoom(baseUrl, 'Live siap');
		const pages: Page[] = [];
		try {
			const host = await joinAs(suite.browser, baseUrl, room.links.host, 'Bu Rina');
			pages.push(host);
			await pressGoLive(host);
			await expect.poll(() => suite.env.nodeOf(room.code).registry.inMemory(room.code)?.status, { timeout: 15_000 }).toBe('live');

			const context = await newContext(suite.browser);
			const buyer = await context.newPage();
			pages.push(buyer);
			await buyer.goto(new URL(room.links.buyer, baseUrl).toString());
			await buyer.getByTestId('display-name').waitFor();
			// Before Join: the receive transport has connected (ICE, DTLS) for the live's tracks, and nothing is decoded.
			const connected = () =>
				buyer.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.some((pc) => pc.connectionState === 'connected'));
			await expect.poll(connected, { timeout: 15_000 }).toBe(true);
			expect(await framesDecoded(buyer)).toBe(0);
			const state = () => suite.env.nodeOf(room.code).registry.inMemory(room.code)?.state();
			expect(state()?.viewers.buyers).toBe(0);

			await buyer.getByTestId('display-name').fill('Sari');
			await buyer.getByTestId('join').click();
			await expectDecoding(buyer);
			await expect.poll(() => state()?.viewers.buyers, { timeout: 10_000 }).toBe(1);

			// Back on the same phone: the name is filled in and Join has the focus.
			const again = await context.newPage();
			pages.push(again);
			await again.goto(new URL(room.links.buyer, baseUrl).toString());
			await expect.poll(() => again.getByTestId('display-name').inputValue(), { timeout: 15_000 }).toBe('Sari');
			expect(await again.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('join');
		} finally {
			await closeAll(pages);
		}
	});

	test('a buyer who presses Join while their connection is still being prepared, as the host goes live, gets the live', async () => {
		const { baseUrl } = suite.env;
		const room = await createRoom(baseUrl, 'Live balapan');
		const pages: Page[] = [];
		try {
			const host = await joinAs(suite.browser, baseUrl, room.links.host, 'Bu Rina');
			pages.push(host);
			const goLive = host.getByTestId('go-live');
			await expect.poll(() => goLive.isEnabled(), { timeout: 15_000 }).toBe(true);

			// The buyer's socket.io traffic goes through a proxy that holds the server's answer to
			// room:prepare (and, as TCP would, whatever comes after it), so that Join is pressed and
			// the live starts before the receive transport and the device exist.
			const buyer = await (await newContext(suite.browser)).newPage();
			pages.push(buyer);
			const held: { release: (() => void) | null } = { release: null };
			await buyer.routeWebSocket(/\/socket\.io\//, (ws) => {
				const server = ws.connectToServer();
				let prepareAckId: string | null = null;
				let queue: Array<string | Buffer> | null = null;
				ws.onMessage((message) => {
					const m = typeof message === 'string' ? /^42(\d+)\["room:prepare"/.exec(message) : null;
					if (m && held.release === null) prepareAckId = m[1]!;
					server.send(message);
				});
				server.onMessage((message) => {
					if (typeof message === 'string' && prepareAckId !== null && message.startsWith(`43${prepareAckId}[`)) {
						prepareAckId = null;
						const waiting: Array<string | Buffer> = [message];
						queue = waiting;
						held.release = () => {
							queue = null;
							for (const m of waiting) ws.send(m);
						};
						return;
					}
					if (queue) queue.push(message);
					else ws.send(message);
				});
			});
			await buyer.goto(new URL(room.links.buyer, baseUrl).toString());
			await expect.poll(() => held.release !== null, { timeout: 15_000 }).toBe(true);
			await buyer.getByTestId('display-name').fill('Sari');
			await buyer.getByTestId('join').click();

			await goLive.click();
			await expect.poll(() => suite.env.nodeOf(room.code).registry.inMemory(room.code)?.status, { timeout: 15_000 }).toBe('live');
			held.release!();
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

			// The buyer's proxy holds the server's answer to room:join (it says "waiting") and what
			// follows it (as TCP would) until the room:state that says "live" comes, then passes them all
			// on at once, in the server's order.
			const buyer = await (await newContext(suite.browser)).newPage();
			pages.push(buyer);
			const held = { join: false, released: false };
			await buyer.routeWebSocket(/\/socket\.io\//, (ws) => {
				const server = ws.connectToServer();
				let joinAckId: string | null = null;
				let joinAck: Array<string | Buffer> | null = null;
				ws.onMessage((message) => {
					const m = typeof message === 'string' ? /^42(\d+)\["room:join"/.exec(message) : null;
					if (m) joinAckId = m[1]!;
					server.send(message);
				});
				server.onMessage((message) => {
					if (typeof message === 'string' && joinAckId !== null && message.startsWith(`43${joinAckId}[`)) {
						joinAckId = null;
						joinAck = [message];
						held.join = true;
						return;
					}
					if (joinAck !== null && typeof message === 'string' && /^42\["room:state",.*"status":"live"/.test(message)) {
						for (const m of joinAck) ws.send(m);
						joinAck = null;
						held.released = true;
					}
					if (joinAck !== null) joinAck.push(message); // nothing may overtake the held answer
					else ws.send(message);
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
