import { describe, expect, it } from 'vitest';
import { eventually, publish, studioSuite, watch, type TestRoom } from './harness.ts';

const suite = studioSuite();

function slot() {
	return suite.studio.studio.pool.slots[0]!;
}

/** Kill the worker process as the OOM killer would, and wait until /healthz shows its replacement. */
async function killWorker(): Promise<{ oldPid: number; newPid: number }> {
	const oldPid = slot().worker.pid;
	process.kill(oldPid, 'SIGKILL');
	const newPid = await eventually(
		async () => {
			const { status, body } = await suite.studio.health();
			const worker = body.workers[0];
			return status === 200 && body.status === 'ok' && worker?.alive && worker.pid !== oldPid && worker.pid;
		},
		'/healthz to show a replacement worker',
		10_000,
	);
	return { oldPid, newPid };
}

/** A live host and a watching buyer in `room`. */
async function liveRoom(room: TestRoom) {
	const host = await suite.studio.join(room, 'host');
	await publish(host);
	await host.client.ok('live:start', {});
	const buyer = await suite.studio.join(room, 'buyer');
	expect((await watch(buyer)).consumers).toHaveLength(2);
	return { host, buyer };
}

describe('a mediasoup worker dying', () => {
	it('closes its rooms, is replaced, and the room works again on the new worker', async () => {
		const room = await suite.studio.createRoom('Worker death');
		const { host, buyer } = await liveRoom(room);
		const oldRouter = suite.studio.room(room.code).media!.router;

		const { oldPid, newPid } = await killWorker();
		expect(newPid).not.toBe(oldPid);
		expect(slot().worker.pid).toBe(newPid);

		for (const peer of [host, buyer]) {
			const closed = await peer.client.waitFor('room:closed');
			expect(closed.reason).toBe('media_failure');
			expect(closed.message.length).toBeGreaterThan(0);
			expect(await peer.client.waitForDisconnect()).toBe('io server disconnect');
		}
		const server = suite.studio.room(room.code);
		expect(oldRouter.closed).toBe(true);
		expect(server.media).toBeNull();
		expect(server.participantCount).toBe(0);
		expect(server.status).toBe('ended');

		// everyone rejoins: a new router on the replacement worker, and the live can start again
		const again = await liveRoom(room);
		const media = suite.studio.room(room.code).media!;
		expect(media.router).not.toBe(oldRouter);
		expect(media.router.closed).toBe(false);
		expect(media.slot.worker.pid).toBe(newPid);
		expect(again.buyer.join.routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);
		const { body } = await suite.studio.health();
		expect(body.workers[0]).toMatchObject({ pid: newPid, alive: true, routers: 1, peers: 2 });
		expect(body.rooms).toMatchObject({ live: 1, peers: 2 });
	});

	it('is handled again when the replacement dies too', async () => {
		const room = await suite.studio.createRoom('Second death');
		const { buyer } = await liveRoom(room);
		const { newPid } = await killWorker();
		expect((await buyer.client.waitFor('room:closed')).reason).toBe('media_failure');
		await buyer.client.waitForDisconnect();

		const back = await suite.studio.join(room, 'buyer');
		expect(back.join.room.code).toBe(room.code);
		expect(suite.studio.room(room.code).media?.slot.worker.pid).toBe(newPid);
	});

	it('does not disturb clients that are connected but have not joined', async () => {
		const room = await suite.studio.createRoom('Not joined yet');
		const lobby = await suite.studio.connect(room.tokens.buyer, 'Lobby');
		await killWorker();
		expect(lobby.socket.connected).toBe(true);
		expect(lobby.all('room:closed')).toEqual([]);
		const join = await lobby.ok('room:join', {});
		expect(join.self.role).toBe('buyer');
	});
});
