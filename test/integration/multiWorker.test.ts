/*
 * One room across two workers: with a limit of 4 consumers per worker, a
 * room's first two viewers receive from its own (origin) worker and later
 * ones from an edge router on the other worker, into which the host's
 * producers are piped.
 */
import type { WorkerSlot } from '../../server/src/media/workerPool.ts';
import { describe, expect, it } from 'vitest';
import { eventually, publish, studioSuite, watch, type Joined, type TestRoom } from './harness.ts';

const suite = studioSuite({ GLADI_WORKERS: '2', GLADI_WORKER_MAX_CONSUMERS: '4' });

const mediaOf = (room: TestRoom) => suite.studio.room(room.code).media!;

/** The UDP port in a transport's ICE candidates: which worker's WebRtcServer it is on. */
function udpPort(transport: { iceCandidates: Array<{ protocol: string; port: number }> }): number {
	return transport.iceCandidates.find((c) => c.protocol === 'udp')!.port;
}

function portOf(slot: WorkerSlot): number {
	return suite.studio.studio.pool.portOf(slot)!;
}

/** The worker that is not the room's own. */
function otherSlot(room: TestRoom): WorkerSlot {
	return suite.studio.studio.pool.slots.find((s) => s !== mediaOf(room).slot)!;
}

async function workerHealth(slot: WorkerSlot) {
	const { body } = await suite.studio.health();
	return body.workers.find((w) => w.index === slot.index)!;
}

/** A live host and `n` buyers who watch, in join order. */
async function liveRoomWithBuyers(room: TestRoom, n: number): Promise<{ host: Joined; buyers: Joined[] }> {
	const host = await suite.studio.join(room, 'host', 'Hana');
	await publish(host);
	await host.client.ok('live:start', {});
	const buyers: Joined[] = [];
	for (let i = 0; i < n; i++) buyers.push(await suite.studio.join(room, 'buyer', `Buyer ${i + 1}`));
	return { host, buyers };
}

describe('a room bigger than one worker', () => {
	it('sends viewers beyond the limit to an edge router on the other worker, fed by the host’s producers', async () => {
		const room = await suite.studio.createRoom('Big room');
		const { host, buyers } = await liveRoomWithBuyers(room, 3);
		const media = mediaOf(room);
		const origin = media.slot;
		const edgeSlot = otherSlot(room);
		const hostProducers = [...suite.studio.room(room.code).peer(host.client.id)!.media.producers.keys()].sort();

		const first = await watch(buyers[0]!);
		const second = await watch(buyers[1]!);
		expect(udpPort(first.transport)).toBe(portOf(origin));
		expect(udpPort(second.transport)).toBe(portOf(origin));
		expect(await media.edges()).toEqual([]);

		// The origin carries 4 consumers: the third viewer goes to the other worker.
		const third = await watch(buyers[2]!);
		expect(udpPort(third.transport)).toBe(portOf(edgeSlot));
		expect(third.consumers.map((c) => c.producerId).sort()).toEqual(hostProducers);
		expect(third.consumers.map((c) => c.kind).sort()).toEqual(['audio', 'video']);
		const [edge] = await media.edges();
		expect(edge!.slot).toBe(edgeSlot);
		expect(edge!.pipedProducers).toBe(2);
		expect(edge!.router.closed).toBe(false);
		for (const consumer of third.consumers) await buyers[2]!.client.ok('media:resumeConsumer', { consumerId: consumer.id });

		// The origin counts its viewers' consumers and the two pipe consumers; the edge worker its viewer's.
		expect(media.origin.consumerCount()).toBe(4 + 2);
		expect(await workerHealth(edgeSlot)).toMatchObject({ alive: true, routers: 1, consumers: 2, peers: 1 });
		expect(await workerHealth(origin)).toMatchObject({ consumers: 6, peers: 3 });
		expect(suite.studio.room(room.code).mediaStats()).toMatchObject({ consumers: 6, transports: 4 });

		// A fourth viewer joins the same edge router (the origin is still full): no second pipe.
		const fourth = await suite.studio.join(room, 'buyer', 'Buyer 4');
		const fourthWatch = await watch(fourth);
		expect(udpPort(fourthWatch.transport)).toBe(portOf(edgeSlot));
		expect(await media.edges()).toEqual([edge]);
		expect(edge!.pipedProducers).toBe(2);
		expect(await workerHealth(edgeSlot)).toMatchObject({ routers: 1, consumers: 4, peers: 2 });
	});

	it('counts viewers who wait for the live, so a class arriving early is spread out too', async () => {
		const room = await suite.studio.createRoom('Early class');
		const host = await suite.studio.join(room, 'host', 'Hana');
		await publish(host);
		const waiting: Joined[] = [];
		for (let i = 0; i < 3; i++) waiting.push(await suite.studio.join(room, 'buyer', `Early ${i + 1}`));
		const transports = [];
		for (const buyer of waiting) transports.push(await buyer.client.ok('media:createTransport', { direction: 'recv' }));
		const media = mediaOf(room);
		expect(transports.map(udpPort)).toEqual([portOf(media.slot), portOf(media.slot), portOf(otherSlot(room))]);

		await host.client.ok('live:start', {});
		const consumers = [];
		for (const [i, buyer] of waiting.entries()) {
			await buyer.client.waitFor('room:state', (s) => s.status === 'live');
			const { consumers: got } = await buyer.client.ok('media:consume', {
				transportId: transports[i]!.id,
				rtpCapabilities: buyer.join.routerRtpCapabilities,
			});
			consumers.push(got);
		}
		expect(consumers.map((c) => c.length)).toEqual([2, 2, 2]);
		expect((await media.edges())[0]?.pipedProducers).toBe(2);
	});

	it('spreads viewers who join at the same moment without overfilling the room’s worker, over one edge router', async () => {
		const room = await suite.studio.createRoom('Class arriving');
		const { buyers } = await liveRoomWithBuyers(room, 6);
		const watched = await Promise.all(buyers.map((b) => watch(b)));
		const media = mediaOf(room);
		const ports = watched.map((w) => udpPort(w.transport));
		expect(ports.filter((p) => p === portOf(media.slot))).toHaveLength(2);
		expect(ports.filter((p) => p === portOf(otherSlot(room)))).toHaveLength(4);
		const edges = await media.edges();
		expect(edges).toHaveLength(1);
		expect(edges[0]!.pipedProducers).toBe(2);
		expect(watched.every((w) => w.consumers.length === 2)).toBe(true);
		expect(await workerHealth(otherSlot(room))).toMatchObject({ consumers: 8, peers: 4 });
	});

	it('pipes a producer the host adds later, and closes edge viewers’ consumers with the host’s', async () => {
		const room = await suite.studio.createRoom('New camera');
		const { host, buyers } = await liveRoomWithBuyers(room, 3);
		const watched = [];
		for (const buyer of buyers) watched.push(await watch(buyer));
		const edgeViewer = buyers[2]!;
		const edgeWatch = watched[2]!;
		expect(udpPort(edgeWatch.transport)).toBe(portOf(otherSlot(room)));
		const oldVideo = edgeWatch.consumers.find((c) => c.kind === 'video')!;

		// The host switches camera: a new video producer replaces the old one.
		const media = mediaOf(room);
		const { videoProducerId } = await publish(host);
		const closed = await edgeViewer.client.waitFor('media:consumerClosed', (e) => e.consumerId === oldVideo.id);
		expect(closed.consumerId).toBe(oldVideo.id);
		const { consumers } = await edgeViewer.client.ok('media:consume', {
			transportId: edgeWatch.transport.id,
			rtpCapabilities: edgeViewer.join.routerRtpCapabilities,
		});
		expect(consumers.map((c) => c.producerId)).toContain(videoProducerId);
		const [edge] = await media.edges();
		expect(edge!.router.canConsume({ producerId: videoProducerId, rtpCapabilities: edgeViewer.join.routerRtpCapabilities as never })).toBe(true);

		// Ending the live closes the edge viewer's consumers through the pipe, as on the origin.
		await host.client.ok('live:end', {});
		await eventually(() => suite.studio.room(room.code).mediaStats().consumers === 0, 'every consumer closed after live:end');
		expect(edgeViewer.client.all('media:consumerClosed').length).toBeGreaterThanOrEqual(3);
	});

	it('closes the edge router when its last viewer leaves, and its pipes with it', async () => {
		const room = await suite.studio.createRoom('Leaving');
		const { buyers } = await liveRoomWithBuyers(room, 3);
		for (const buyer of buyers) await watch(buyer);
		const media = mediaOf(room);
		const [edge] = await media.edges();
		expect(edge).toBeDefined();
		expect(media.origin.consumerCount()).toBe(6);

		buyers[2]!.client.close();
		await eventually(() => edge!.router.closed, 'the edge router to close');
		expect(await media.edges()).toEqual([]);
		// The pipe consumers on the origin went with it.
		expect(media.origin.consumerCount()).toBe(4);
		expect(otherSlot(room).routers.has(edge!)).toBe(false);
		expect(await workerHealth(otherSlot(room))).toMatchObject({ consumers: 0, peers: 0 });

		// The next viewer beyond the limit opens a fresh edge router.
		const again = await suite.studio.join(room, 'buyer', 'Again');
		const { transport, consumers } = await watch(again);
		expect(udpPort(transport)).toBe(portOf(otherSlot(room)));
		expect(consumers).toHaveLength(2);
		const [fresh] = await media.edges();
		expect(fresh).not.toBe(edge);
	});

	it('when the edge worker dies, drops only its viewers, who come back onto a worker that runs', async () => {
		const room = await suite.studio.createRoom('Edge death');
		const { host, buyers } = await liveRoomWithBuyers(room, 3);
		for (const buyer of buyers) await watch(buyer);
		const media = mediaOf(room);
		const edgeSlot = otherSlot(room);
		const oldPid = edgeSlot.worker.pid;

		process.kill(oldPid, 'SIGKILL');
		const closed = await buyers[2]!.client.waitFor('room:closed');
		expect(closed.reason).toBe('media_failure');
		expect(await buyers[2]!.client.waitForDisconnect()).toBe('io server disconnect');

		// Everyone on the origin keeps watching: same router, still live, nobody told to leave.
		const server = suite.studio.room(room.code);
		expect(server.media).toBe(media);
		expect(media.router.closed).toBe(false);
		expect(server.status).toBe('live');
		for (const peer of [host, buyers[0]!, buyers[1]!]) {
			expect(peer.client.all('room:closed')).toEqual([]);
			expect(peer.client.socket.connected).toBe(true);
		}
		expect(server.participantCount).toBe(3);
		// The pipes into the dead worker are gone from the origin's count.
		expect(media.origin.consumerCount()).toBe(4);

		// Once the replacement worker runs, the viewer rejoins onto a new edge router there.
		await eventually(async () => {
			const w = await workerHealth(edgeSlot);
			return w.alive && w.pid !== oldPid;
		}, 'a replacement worker', 10_000);
		const back = await suite.studio.join(room, 'buyer', 'Buyer 3 again');
		const { transport, consumers } = await watch(back);
		expect(udpPort(transport)).toBe(portOf(edgeSlot));
		expect(consumers).toHaveLength(2);
		expect((await media.edges())[0]?.slot.worker.pid).toBe(edgeSlot.worker.pid);
	});

	it('when the room’s own worker dies, closes the whole room, edge viewers included', async () => {
		const room = await suite.studio.createRoom('Origin death');
		const { host, buyers } = await liveRoomWithBuyers(room, 3);
		for (const buyer of buyers) await watch(buyer);
		const media = mediaOf(room);
		const [edge] = await media.edges();
		const originSlot = media.slot;
		const oldPid = originSlot.worker.pid;

		process.kill(oldPid, 'SIGKILL');
		for (const peer of [host, ...buyers]) {
			expect((await peer.client.waitFor('room:closed')).reason).toBe('media_failure');
		}
		expect(suite.studio.room(room.code).media).toBeNull();
		await eventually(() => edge!.router.closed, 'the edge router to close with its room');
		await eventually(async () => {
			const w = await workerHealth(originSlot);
			return w.alive && w.pid !== oldPid;
		}, 'a replacement worker', 10_000);
	});
});
