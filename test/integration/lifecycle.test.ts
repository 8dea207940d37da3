/*
 * The closing cascade, checked against the mediasoup worker itself: after
 * every way a peer or a room can end, the worker holds no transport, producer
 * or consumer of it (its channel request handlers are what it really holds),
 * and /healthz counts return to zero.
 */
import { createServer } from 'node:net';
import * as mediasoup from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { eventually, publish, studioSuite, TestStudio, watch, type Joined, type TestRoom } from './harness.ts';

const suite = studioSuite();

const slot = () => suite.studio.studio.pool.slots[0]!;

/** Ids of everything the worker process holds (routers, transports, producers, consumers, observers, its WebRtcServer). */
async function workerHolds(): Promise<Set<string>> {
	const dump = await slot().worker.dump();
	return new Set(dump.channelMessageHandlers.channelRequestHandlers);
}

/** The mediasoup ids a peer's media holds on the server right now. */
function mediaIdsOf(room: TestRoom, peer: Joined): string[] {
	const media = suite.studio.room(room.code).peer(peer.client.id)!.media;
	return [...media.transports.keys(), ...media.producers.keys(), ...media.consumers.keys()];
}

/** Wait until the worker holds none of `ids`. */
async function released(ids: string[], what: string): Promise<void> {
	expect(ids.length).toBeGreaterThan(0);
	await eventually(async () => {
		const holds = await workerHolds();
		return ids.every((id) => !holds.has(id));
	}, `the worker to release ${what}`);
}

/** Wait until the worker holds only what it held with no rooms at all, and /healthz counts nothing. */
async function backToIdle(baseline: Set<string>): Promise<void> {
	await eventually(async () => {
		const holds = await workerHolds();
		return holds.size === baseline.size && [...holds].every((id) => baseline.has(id));
	}, 'the worker to hold nothing but its WebRtcServer', 10_000);
	const { body } = await suite.studio.health();
	expect(body.workers.map((w) => ({ consumers: w.consumers, peers: w.peers, routers: w.routers }))).toEqual([{ consumers: 0, peers: 0, routers: 0 }]);
	expect(body.rooms).toMatchObject({ active: 0, live: 0, peers: 0 });
}

/** A room with a live host, a watching buyer and a watching mentor. */
async function liveRoom(title: string) {
	const room = await suite.studio.createRoom(title);
	const host = await suite.studio.join(room, 'host', 'Rina');
	await publish(host);
	await host.client.ok('live:start', {});
	const buyer = await suite.studio.join(room, 'buyer', 'Sari');
	const mentor = await suite.studio.join(room, 'mentor', 'Bu Ani');
	expect((await watch(buyer)).consumers).toHaveLength(2);
	expect((await watch(mentor)).consumers).toHaveLength(2);
	return { room, host, buyer, mentor };
}

/** What the worker holds with no rooms: taken once the previous test's rooms are gone. */
async function idleBaseline(): Promise<Set<string>> {
	await eventually(() => slot().routers.size === 0, 'earlier rooms to close', 10_000);
	return workerHolds();
}

describe('nothing outlives the peer or room it belongs to', () => {
	it('a viewer who leaves, one whose connection drops, then the room after its empty-room grace', async () => {
		const baseline = await idleBaseline();
		const { room, host, buyer, mentor } = await liveRoom('Pergi');

		const buyerIds = mediaIdsOf(room, buyer);
		buyer.client.close();
		await released(buyerIds, "the buyer's transport and consumers");

		const mentorIds = mediaIdsOf(room, mentor);
		suite.studio.drop(mentor.client);
		await released(mentorIds, "the dropped mentor's transport and consumers");
		expect(suite.studio.room(room.code).peer(mentor.client.id)).toBeUndefined();

		host.client.close();
		// The room keeps its router for the (1 s) grace, then closes it: back to nothing.
		await backToIdle(baseline);
		expect(suite.studio.room(room.code).mediaStats()).toEqual({ peers: 0, transports: 0, producers: 0, consumers: 0 });
	});

	it('a host replaced by a new host connection, and one whose class turn is over', async () => {
		const baseline = await idleBaseline();
		const { room, host, buyer, mentor } = await liveRoom('Ganti');

		const firstHostIds = mediaIdsOf(room, host);
		const second = await suite.studio.join(room, 'host', 'Rina');
		expect((await host.client.waitFor('room:closed')).reason).toBe('replaced');
		await released(firstHostIds, "the replaced host's transport and producers");
		// Their producers went, so the viewers' consumers of them went too.
		await eventually(() => suite.studio.room(room.code).mediaStats().consumers === 0, 'the viewers’ consumers to close');

		await publish(second);
		await second.client.ok('live:start', {});
		const secondIds = mediaIdsOf(room, second);
		suite.studio.room(room.code).endTurn();
		expect((await second.client.waitFor('room:closed')).reason).toBe('turn_over');
		await released(secondIds, 'the host whose turn is over');

		buyer.client.close();
		mentor.client.close();
		await backToIdle(baseline);
	});

	it('everyone when the worker dies, and the replacement worker holds nothing of them', async () => {
		const { room, host, buyer } = await liveRoom('Mati');
		const oldPid = slot().worker.pid;
		process.kill(oldPid, 'SIGKILL');
		for (const peer of [host, buyer]) expect((await peer.client.waitFor('room:closed')).reason).toBe('media_failure');
		await eventually(() => slot().worker.pid !== oldPid && !slot().worker.closed, 'a replacement worker');
		const server = suite.studio.room(room.code);
		await eventually(() => server.peerCount === 0, 'every peer of the room to close');
		expect(server.mediaStats()).toEqual({ peers: 0, transports: 0, producers: 0, consumers: 0 });
		expect(server.media).toBeNull();
		// A fresh worker holds only its WebRtcServer.
		const holds = await workerHolds();
		expect(holds.size).toBe(1);
		await backToIdle(holds);
	});
});

/** A TCP port that is taken while `use` runs. */
async function withTakenPort<T>(use: (port: number) => Promise<T>): Promise<T> {
	const blocker = createServer();
	await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
	try {
		return await use((blocker.address() as { port: number }).port);
	} finally {
		blocker.close();
	}
}

function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

describe('the studio as a whole', () => {
	it('closing it closes every room and peer, and resolves only once the worker processes have exited', async () => {
		const own = await TestStudio.start({ GLADI_WORKERS: '2' });
		const pids = own.studio.pool.slots.map((s) => s.worker.pid);
		const room = await own.createRoom('Tutup');
		const host = await own.join(room, 'host');
		await publish(host);
		await host.client.ok('live:start', {});
		const buyer = await own.join(room, 'buyer');
		await watch(buyer);
		const server = own.studio.registry.inMemory(room.code)!;
		const peers = [server.peer(host.client.id)!, server.peer(buyer.client.id)!];

		try {
			await own.studio.close();
			expect((await host.client.waitFor('room:closed')).reason).toBe('room_closed');
			expect(server.closed).toBe(true);
			expect(peers.every((p) => p.closed && p.media.closed)).toBe(true);
			expect([...own.studio.registry.rooms()]).toEqual([]);
			expect(pids.filter(processExists)).toEqual([]);
		} finally {
			await own.close();
		}
	});

	it('starting it on a taken port fails and leaves no worker process behind', async () => {
		const started: number[] = [];
		const onWorker = (worker: mediasoup.types.Worker) => started.push(worker.pid);
		mediasoup.observer.on('newworker', onWorker);
		try {
			await withTakenPort(async (port) => {
				await expect(TestStudio.start({ GLADI_PORT: String(port), GLADI_WORKERS: '2' })).rejects.toThrow(/EADDRINUSE/);
			});
		} finally {
			mediasoup.observer.off('newworker', onWorker);
		}
		expect(started).toHaveLength(2);
		await eventually(() => started.every((pid) => !processExists(pid)), 'the started workers to exit', 3_000);
	});
});
