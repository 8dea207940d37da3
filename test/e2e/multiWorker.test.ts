/*
 * One room across two workers, in real Chromium: with a limit of 2 consumers
 * per worker, the first buyer receives from the room's own worker and the
 * second from an edge router on the other worker (the host's stream piped
 * there). Both decode; when the edge worker is killed, only the second buyer
 * is dropped, and its page comes back by itself.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { closeAll, createRoom, e2eSuite, expectDecoding, framesDecoded, joinAs, pressGoLive } from './harness.ts';

// Recording off: its two consumers on the room's worker would count against the tiny limit and move both buyers to the edge.
const suite = e2eSuite({ GLADI_WORKERS: '2', GLADI_WORKER_MAX_CONSUMERS: '2', GLADI_RECORDINGS: 'off' });

describe('a room spread over two workers', () => {
	test('a buyer on the edge worker decodes the host, and recovers alone when that worker dies', async () => {
		const { baseUrl } = suite.env;
		const room = await createRoom(baseUrl, 'Live dua worker');
		const pages: Page[] = [];
		try {
			const host = await joinAs(suite.browser, baseUrl, room.links.host, 'Bu Rina');
			pages.push(host);
			await pressGoLive(host);
			await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 15_000 }).toBe(true);

			const onOrigin = await joinAs(suite.browser, baseUrl, room.links.buyer, 'Sari');
			pages.push(onOrigin);
			await expectDecoding(onOrigin);
			const onEdge = await joinAs(suite.browser, baseUrl, room.links.buyer, 'Dewi');
			pages.push(onEdge);
			await expectDecoding(onEdge);

			const studio = suite.env.nodeOf(room.code);
			const media = studio.registry.inMemory(room.code)!.media!;
			const edges = await media.edges();
			expect(edges).toHaveLength(1);
			const edge = edges[0]!;
			expect(edge.slot).not.toBe(media.slot);
			expect(edge.consumerCount()).toBe(2);
			expect(edge.pipedProducers).toBe(2);

			// Kill the edge worker: the buyer on it is dropped and rejoins; the one on the origin never stops.
			const originFramesBefore = await framesDecoded(onOrigin);
			const peerConnections = (page: Page): Promise<number> =>
				page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length);
			const edgeConnectionsBefore = await peerConnections(onEdge);
			process.kill(edge.slot.worker.pid, 'SIGKILL');
			await expect.poll(() => edge.router.closed, { timeout: 5_000 }).toBe(true);
			// The dropped page receives again over a new connection, from a worker that runs.
			await expect.poll(() => peerConnections(onEdge), { timeout: 30_000 }).toBeGreaterThan(edgeConnectionsBefore);
			await expectDecoding(onEdge, 30_000);
			await expect.poll(() => studio.registry.inMemory(room.code)!.mediaStats().consumers, { timeout: 10_000 }).toBe(4);
			expect(await framesDecoded(onOrigin)).toBeGreaterThan(originFramesBefore);
			await expectDecoding(onOrigin);
			expect(studio.registry.inMemory(room.code)!.media).toBe(media);
			expect(studio.registry.inMemory(room.code)!.status).toBe('live');
		} finally {
			await closeAll(pages);
		}
	});
});
