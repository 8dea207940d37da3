/**
 * Joining in one round trip: a connection opened without a name prepares
 * (router capabilities, a receive transport) while its person types, names
 * itself in room:join, and sends its consume right behind the join.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_DTLS, eventually, publish, sleep, studioSuite, type Joined, type TestRoom } from './harness.ts';

const suite = studioSuite();
let room: TestRoom;

beforeEach(async () => {
	room = await suite.studio.createRoom('Prepare room');
});

async function liveHost(name = 'Hana'): Promise<Joined & Awaited<ReturnType<typeof publish>>> {
	const host = await suite.studio.join(room, 'host', name);
	const published = await publish(host);
	await host.client.ok('live:start', {});
	return { ...host, ...published };
}

describe('a connection without a name', () => {
	it('is admitted, cannot join unnamed, and joins under the name room:join gives (normalised)', async () => {
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		expect(await client.fails('room:join', {}, 'bad_request')).toMatch(/name/);
		const join = await client.ok('room:join', { name: '  Sari   Dewi ' });
		expect(join.self).toEqual({ peerId: client.id, name: 'Sari Dewi', role: 'buyer' });
		expect(suite.studio.room(room.code).state().viewers.buyers).toBe(1);
	});

	it('is refused a reserved name at the join and gets in with another one on the same connection', async () => {
		await suite.studio.join(room, 'host', 'Bu Rina');
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		await client.ok('room:prepare', {});
		expect(await client.fails('room:join', { name: 'bu  rina' }, 'forbidden')).toBeTruthy();
		const join = await client.ok('room:join', { name: 'Rina Pembeli' });
		expect(join.self.name).toBe('Rina Pembeli');
	});

	it('may still be named by the handshake; room:join’s name wins', async () => {
		const client = await suite.studio.connect(room.tokens.mentor, 'Mina');
		const join = await client.ok('room:join', { name: 'Bu Mentor' });
		expect(join.self).toMatchObject({ name: 'Bu Mentor', role: 'mentor' });
	});
});

describe('room:prepare', () => {
	it('gives a viewer the router capabilities, its person and a receive transport, without letting it into the room', async () => {
		const host = await suite.studio.join(room, 'host');
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		const prepared = await client.ok('room:prepare', {});
		expect(prepared.routerRtpCapabilities).toEqual(host.join.routerRtpCapabilities);
		expect(prepared.recvTransport?.iceCandidates.length).toBeGreaterThan(0);
		expect(prepared.recvTransport?.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
		const server = suite.studio.room(room.code);
		expect(server.peer(client.id)!.media.transports.get(prepared.recvTransport!.id)?.transport.appData.direction).toBe('recv');
		// Not in the room: not counted, not told about the room.
		expect(server.state().viewers).toEqual({ mentors: 0, buyers: 0 });
		// The join hands out the same person the prepare did.
		const join = await client.ok('room:join', { name: 'Sari' });
		expect(join.person).toBe(prepared.person);
	});

	it('gives the host no receive transport (it sends), and answers only before the join', async () => {
		const client = await suite.studio.connectUnnamed(room.tokens.host);
		const prepared = await client.ok('room:prepare', {});
		expect(prepared.recvTransport).toBeNull();
		await client.ok('room:join', { name: 'Hana' });
		expect(await client.fails('room:prepare', {}, 'invalid_state')).toMatch(/already/);
	});

	it('asked again, replaces the receive transport rather than adding one', async () => {
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		const first = await client.ok('room:prepare', {});
		const second = await client.ok('room:prepare', {});
		expect(second.recvTransport!.id).not.toBe(first.recvTransport!.id);
		expect([...suite.studio.room(room.code).peer(client.id)!.media.transports.keys()]).toEqual([second.recvTransport!.id]);
	});

	it('keeps the room’s media open while the person types, and lets it close once they leave unjoined', async () => {
		// The test studio closes an empty room's media after 1 s.
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		await client.ok('room:prepare', {});
		const server = suite.studio.room(room.code);
		const media = server.media!;
		await sleep(1_500);
		expect(server.media).toBe(media);
		expect(media.closed).toBe(false);
		client.close();
		await eventually(() => media.closed, 'the media to close after the grace', 4_000);
	});

	it('is told to come again when the media it prepared on fails, like the joined', async () => {
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		await client.ok('room:prepare', {});
		suite.studio.room(room.code).media!.router.close();
		const closed = await client.waitFor('room:closed');
		expect(closed.reason).toBe('media_failure');
	});
});

describe('before the join, a prepared connection', () => {
	it('may connect its transport and make consumers, which stay paused until it has joined', async () => {
		const host = await liveHost();
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		expect(await client.fails('media:consume', { transportId: 'x', rtpCapabilities: {} }, 'invalid_state')).toMatch(/prepare/);
		const prepared = await client.ok('room:prepare', {});
		const transportId = prepared.recvTransport!.id;
		await client.ok('media:connectTransport', { transportId, dtlsParameters: CLIENT_DTLS });
		const { consumers } = await client.ok('media:consume', { transportId, rtpCapabilities: prepared.routerRtpCapabilities });
		expect(consumers.map((c) => c.producerId).sort()).toEqual([host.audioProducerId, host.videoProducerId].sort());
		const media = suite.studio.room(room.code).peer(client.id)!.media;
		expect([...media.consumers.values()].every((c) => c.paused)).toBe(true);
		// Nothing flows before the join: resuming (and everything else) needs it.
		expect(await client.fails('media:resumeConsumer', { consumerId: consumers[0]!.id }, 'invalid_state')).toMatch(/join/);
		expect(await client.fails('media:createTransport', { direction: 'recv' }, 'invalid_state')).toMatch(/join/);
		expect(await client.fails('stage:comment', { text: 'halo' }, 'invalid_state')).toMatch(/join/);
		expect(suite.studio.room(room.code).state().viewers.buyers).toBe(0);

		// The join and the resumes, sent back to back: one round trip.
		const [join, ...resumes] = await Promise.all([
			client.request('room:join', { name: 'Sari' }),
			...consumers.map((c) => client.request('media:resumeConsumer', { consumerId: c.id })),
		]);
		expect(join.ok).toBe(true);
		expect(resumes.every((r) => r.ok)).toBe(true);
		expect([...media.consumers.values()].every((c) => !c.paused)).toBe(true);
	});
});

describe('the join pipelined with its consume', () => {
	it('answers a consume sent right behind the join (without waiting for it) with the live host’s tracks', async () => {
		const host = await liveHost();
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		const prepared = await client.ok('room:prepare', {});
		const [join, consume] = await Promise.all([
			client.request('room:join', { name: 'Sari' }),
			client.request('media:consume', { transportId: prepared.recvTransport!.id, rtpCapabilities: prepared.routerRtpCapabilities }),
		]);
		expect(join.ok).toBe(true);
		expect(consume.ok && consume.data.consumers.map((c) => c.producerId).sort()).toEqual([host.audioProducerId, host.videoProducerId].sort());
	});

	it('lets nothing flow when the join is refused: the resumes sent behind it fail', async () => {
		await liveHost('Bu Rina');
		const client = await suite.studio.connectUnnamed(room.tokens.buyer);
		const prepared = await client.ok('room:prepare', {});
		const { consumers } = await client.ok('media:consume', { transportId: prepared.recvTransport!.id, rtpCapabilities: prepared.routerRtpCapabilities });
		const [join, ...resumes] = await Promise.all([
			client.request('room:join', { name: 'Bu Rina' }),
			...consumers.map((c) => client.request('media:resumeConsumer', { consumerId: c.id })),
		]);
		expect(join.ok || join.error.kind).toBe('name_reserved');
		expect(resumes.map((r) => r.ok || r.error.kind)).toEqual(consumers.map(() => 'not_joined'));
		expect([...suite.studio.room(room.code).peer(client.id)!.media.consumers.values()].every((c) => c.paused)).toBe(true);
	});
});
