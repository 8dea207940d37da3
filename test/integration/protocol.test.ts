import { MAX_MESSAGE_BYTES, type Ack } from '@gladi/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	CLIENT_DTLS,
	eventually,
	expectError,
	opusRtpParameters,
	publish,
	sleep,
	studioSuite,
	vp8SimulcastRtpParameters,
	WAIT_MS,
	withTimeout,
	type Joined,
	type TestClient,
	type TestRoom,
} from './harness.ts';

const suite = studioSuite();
let room: TestRoom;

beforeEach(async () => {
	room = await suite.studio.createRoom('Protocol room');
});

/** A connected (not yet joined) client of this test's room. */
function connect(role: 'host' | 'buyer' = 'buyer'): Promise<TestClient> {
	return suite.studio.connect(room.tokens[role], role);
}

/** The client still answers requests normally. */
async function expectAlive(client: TestClient): Promise<void> {
	expect(client.socket.connected).toBe(true);
	expect(await client.rawRequest('no:such-event', {})).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
}

describe('unknown events', () => {
	it('answer an ack with unknown_event', async () => {
		const client = await connect();
		for (const event of ['room:leave', 'ROOM:JOIN', 'toString', '__proto__', 'x'.repeat(500)]) {
			const message = expectError(await client.rawRequest(event, {}), 'unknown_event');
			expect(message).toContain('unknown event');
		}
		await expectAlive(client);
	});

	it('without an ack get a protocol:error notification naming the event', async () => {
		const client = await connect();
		client.raw.emit('hello:server', { a: 1 });
		const error = await client.waitFor('protocol:error', (e) => e.event === 'hello:server');
		expect(error.code).toBe('unknown_event');
		expect(error.message).toContain('hello:server');
		await expectAlive(client);
	});
});

describe('requests without an acknowledgement', () => {
	it('get a protocol:error and do nothing', async () => {
		const client = await connect();
		client.raw.emit('room:join', {});
		const error = await client.waitFor('protocol:error', (e) => e.event === 'room:join');
		expect(error.code).toBe('bad_request');
		expect(error.message).toMatch(/acknowledgement/);
		client.raw.emit('live:start');
		expect((await client.waitFor('protocol:error', (e) => e.event === 'live:start')).code).toBe('bad_request');
		expect(suite.studio.room(room.code).participantCount).toBe(0);
		// the socket did not join: requests that need a join still say so
		await client.fails('media:createTransport', { direction: 'recv' }, 'invalid_state');
	});

	it('a callback sent in place of an empty payload is still answered', async () => {
		const client = await connect();
		const ack = (await withTimeout(client.raw.timeout(WAIT_MS).emitWithAck('room:join' as never), WAIT_MS + 500, 'ack')) as Ack<unknown>;
		expect(ack.ok).toBe(true);
	});
});

describe('malformed payloads', () => {
	const cases: Array<[string, string, unknown]> = [
		['a wrong type', 'media:createTransport', { direction: 5 }],
		['an unknown enum value', 'media:createTransport', { direction: 'sideways' }],
		['a missing field', 'media:createTransport', {}],
		['an extra key', 'media:createTransport', { direction: 'recv', forceTcp: true }],
		['an extra key on an empty request', 'room:join', { role: 'host' }],
		['a string instead of an object', 'room:join', 'please'],
		['an array instead of an object', 'media:createTransport', ['recv']],
		['a number instead of an object', 'media:resumeConsumer', 7],
		['a huge string', 'media:createTransport', { direction: 'x'.repeat(10_000) }],
		['a huge id', 'media:resumeConsumer', { consumerId: 'c'.repeat(5_000) }],
		['an empty id', 'media:restartIce', { transportId: '' }],
		['a non-boolean flag', 'media:setProducerPaused', { producerId: 'p', paused: 'yes' }],
		['no DTLS fingerprints', 'media:connectTransport', { transportId: 't', dtlsParameters: { fingerprints: [] } }],
		['an out-of-range payload type', 'media:produce', { transportId: 't', kind: 'audio', source: 'mic', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 300, clockRate: 48000 }] } }],
		['no codecs', 'media:produce', { transportId: 't', kind: 'audio', source: 'mic', rtpParameters: { codecs: [] } }],
		['a nested object where a scalar belongs', 'media:consume', { transportId: { $ne: null }, rtpCapabilities: {} }],
	];

	it.each(cases)('%s is a bad_request (%s)', async (_what, event, payload) => {
		const client = await connect('host');
		const message = expectError(await client.rawRequest(event, payload), 'bad_request');
		expect(message.length).toBeLessThan(1000);
		await expectAlive(client);
	});

	it('a bad_request names the offending field', async () => {
		const client = await connect();
		const message = expectError(await client.rawRequest('media:createTransport', { direction: 5 }), 'bad_request');
		expect(message).toMatch(/^media:createTransport: direction: /);
	});

	it('a missing payload counts as an empty one', async () => {
		const client = await connect();
		expect((await client.rawRequest('room:join', undefined)).ok).toBe(true);
	});
});

describe('payload size', () => {
	it('refuses a payload over 16 KB with payload_too_large', async () => {
		const client = await connect('host');
		const ack = await client.rawRequest('media:createTransport', { direction: 'x'.repeat(17 * 1024) });
		expectError(ack, 'payload_too_large');
		await expectAlive(client);
	});

	it('drops a connection that sends a message over the socket.io limit, and only that one', async () => {
		const bystander = await connect();
		const client = await connect();
		client.raw.emit('room:join', { blob: 'x'.repeat(MAX_MESSAGE_BYTES + 1024) }, () => undefined);
		await client.waitForDisconnect();
		await expectAlive(bystander);
	});
});

describe('order of requests', () => {
	it('refuses every media and live request before room:join with invalid_state', async () => {
		const host = await connect('host');
		await host.fails('media:createTransport', { direction: 'send' }, 'invalid_state');
		await host.fails('media:connectTransport', { transportId: 't', dtlsParameters: CLIENT_DTLS }, 'invalid_state');
		await host.fails('media:resumeConsumer', { consumerId: 'c' }, 'invalid_state');
		await host.fails('live:start', {}, 'invalid_state');
		await host.fails('live:end', {}, 'invalid_state');
		// nothing was allocated for it
		expect(suite.studio.room(room.code).media).toBeNull();
	});

	it('refuses a second room:join', async () => {
		const host = await connect('host');
		await host.ok('room:join', {});
		expect(await host.fails('room:join', {}, 'invalid_state')).toMatch(/already joined/);
		expect(suite.studio.room(room.code).participantCount).toBe(1);
	});

	it('refuses a second room:join sent before the first is answered, without dropping the host', async () => {
		const host = await connect('host');
		const [first, second] = await Promise.all([host.request('room:join', {}), host.request('room:join', {})]);
		expect([first.ok, second.ok].sort()).toEqual([false, true]);
		expectError(first.ok ? second : first, 'invalid_state');
		await sleep(100);
		expect(host.all('room:closed')).toEqual([]);
		expect(host.socket.connected).toBe(true);
		expect(suite.studio.room(room.code).peer(host.id)?.role).toBe('host');
		expect((await host.ok('media:createTransport', { direction: 'send' })).id).toBeTruthy();
	});

	it('answers not_found for ids it does not know', async () => {
		const host = await suite.studio.join(room, 'host');
		await host.client.fails('media:connectTransport', { transportId: 'no-such-transport', dtlsParameters: CLIENT_DTLS }, 'not_found');
		await host.client.fails('media:restartIce', { transportId: 'no-such-transport' }, 'not_found');
		await host.client.fails('media:resumeConsumer', { consumerId: 'no-such-consumer' }, 'not_found');
		await host.client.fails('media:setProducerPaused', { producerId: 'no-such-producer', paused: true }, 'not_found');
		await host.client.fails('media:closeProducer', { producerId: 'no-such-producer' }, 'not_found');
		const caps = host.join.routerRtpCapabilities;
		await host.client.fails('media:produce', { transportId: 'no-such-transport', kind: 'audio', source: 'mic', rtpParameters: opusRtpParameters(caps) }, 'not_found');
	});

	it('refuses live:start before anything is published', async () => {
		const host = await suite.studio.join(room, 'host');
		expect(await host.client.fails('live:start', {}, 'invalid_state')).toMatch(/publish/);
		expect(suite.studio.room(room.code).status).toBe('waiting');
	});

	it('refuses a transport used in the wrong direction', async () => {
		const host = await suite.studio.join(room, 'host');
		const caps = host.join.routerRtpCapabilities;
		const recv = await host.client.ok('media:createTransport', { direction: 'recv' });
		await host.client.fails('media:produce', { transportId: recv.id, kind: 'audio', source: 'mic', rtpParameters: opusRtpParameters(caps) }, 'invalid_state');
		const { transport: send } = await publish(host);
		await host.client.fails('media:consume', { transportId: send.id, rtpCapabilities: caps }, 'invalid_state');
	});

	it('refuses connecting a transport twice', async () => {
		const host = await suite.studio.join(room, 'host');
		const send = await host.client.ok('media:createTransport', { direction: 'send' });
		await host.client.ok('media:connectTransport', { transportId: send.id, dtlsParameters: CLIENT_DTLS });
		await host.client.fails('media:connectTransport', { transportId: send.id, dtlsParameters: CLIENT_DTLS }, 'invalid_state');
		const [a, b] = await Promise.all([
			host.client.request('media:connectTransport', { transportId: send.id, dtlsParameters: CLIENT_DTLS }),
			host.client.request('media:connectTransport', { transportId: send.id, dtlsParameters: CLIENT_DTLS }),
		]);
		expectError(a, 'invalid_state');
		expectError(b, 'invalid_state');
	});

	it('lets a transport be connected after a refused attempt', async () => {
		const host = await suite.studio.join(room, 'host');
		const recv = await host.client.ok('media:createTransport', { direction: 'recv' });
		const badAlgorithm = { ...CLIENT_DTLS, fingerprints: [{ ...CLIENT_DTLS.fingerprints[0]!, algorithm: 'md4' }] };
		await host.client.fails('media:connectTransport', { transportId: recv.id, dtlsParameters: badAlgorithm }, 'bad_request');
		await host.client.ok('media:connectTransport', { transportId: recv.id, dtlsParameters: CLIENT_DTLS });
	});
});

describe('connections lost in the middle of a request', () => {
	it('a peer lost while its join waits for the router leaves no trace in the room', async () => {
		const watcher = await suite.studio.join(room, 'mentor');
		const fresh = await suite.studio.createRoom('Fresh router');
		const host = await suite.studio.connect(fresh.tokens.host, 'Lost host');
		// the server loses the connection right when the worker has made the room's router
		suite.studio.studio.pool.slots[0]!.worker.observer.once('newrouter', () => suite.studio.drop(host));
		host.raw.emit('room:join', {}, () => undefined);
		await host.waitForDisconnect();
		await eventually(() => suite.studio.room(fresh.code).media, 'the join to finish');
		await sleep(100);
		expect(suite.studio.room(fresh.code).participantCount).toBe(0);
		expect(suite.studio.room(fresh.code).state().hostName).toBeNull();
		expect(suite.studio.room(room.code).participantCount).toBe(1);
		expect(watcher.client.socket.connected).toBe(true);
	});

	it('a transport made for a peer lost meanwhile is closed', async () => {
		const buyer = await suite.studio.join(room, 'buyer');
		const leaver = await suite.studio.join(room, 'buyer', 'Leaver');
		const router = suite.studio.room(room.code).media!.router;
		router.observer.once('newtransport', () => suite.studio.drop(leaver.client));
		leaver.client.raw.emit('media:createTransport', { direction: 'recv' }, () => undefined);
		await leaver.client.waitForDisconnect();
		await eventually(async () => (await router.dump()).transportIds.length === 0, 'the orphaned transport to close', 2000);
		expect(buyer.client.socket.connected).toBe(true);
		expect(suite.studio.room(room.code).mediaStats()).toEqual({ peers: 0, transports: 0, producers: 0, consumers: 0 });
	});
});

describe('media parameters mediasoup refuses', () => {
	let host: Joined;
	let sendId: string;

	beforeEach(async () => {
		host = await suite.studio.join(room, 'host');
		sendId = (await host.client.ok('media:createTransport', { direction: 'send' })).id;
	});

	it('a camera that is audio (or a mic that is video) is a bad_request', async () => {
		const caps = host.join.routerRtpCapabilities;
		await host.client.fails('media:produce', { transportId: sendId, kind: 'audio', source: 'camera', rtpParameters: opusRtpParameters(caps) }, 'bad_request');
		await host.client.fails('media:produce', { transportId: sendId, kind: 'video', source: 'mic', rtpParameters: vp8SimulcastRtpParameters(caps) }, 'bad_request');
	});

	it('a codec the router does not offer is a bad_request', async () => {
		const rtpParameters = { ...opusRtpParameters(host.join.routerRtpCapabilities), codecs: [{ mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000 }] };
		await host.client.fails('media:produce', { transportId: sendId, kind: 'audio', source: 'mic', rtpParameters }, 'bad_request');
	});

	it('video codecs sent as audio (and audio as video) are a bad_request', async () => {
		const caps = host.join.routerRtpCapabilities;
		await host.client.fails('media:produce', { transportId: sendId, kind: 'audio', source: 'mic', rtpParameters: vp8SimulcastRtpParameters(caps) }, 'bad_request');
		await host.client.fails('media:produce', { transportId: sendId, kind: 'video', source: 'camera', rtpParameters: opusRtpParameters(caps) }, 'bad_request');
	});

	it('consuming with capabilities that cannot decode the stream is a bad_request', async () => {
		await publish(host);
		await host.client.ok('live:start', {});
		const buyer = await suite.studio.join(room, 'buyer');
		const recv = await buyer.client.ok('media:createTransport', { direction: 'recv' });
		const audioOnly = { codecs: buyer.join.routerRtpCapabilities.codecs?.filter((c) => c.kind === 'audio'), headerExtensions: [] };
		expect(await buyer.client.fails('media:consume', { transportId: recv.id, rtpCapabilities: audioOnly }, 'bad_request')).toMatch(/video/);
	});

	it('none of it leaves producers behind', async () => {
		const caps = host.join.routerRtpCapabilities;
		await host.client.fails('media:produce', { transportId: sendId, kind: 'audio', source: 'camera', rtpParameters: opusRtpParameters(caps) }, 'bad_request');
		expect(suite.studio.room(room.code).mediaStats().producers).toBe(0);
	});
});

describe('rate limit', () => {
	it('answers a flood of requests with rate_limited, then recovers', async () => {
		const client = await connect();
		const started = Date.now();
		const acks = await Promise.all(Array.from({ length: 200 }, () => client.request('live:end', {})));
		const seconds = (Date.now() - started) / 1000;
		const codes = acks.map((ack) => (ack.ok ? 'ok' : ack.error.code));
		const served = codes.filter((c) => c !== 'rate_limited');
		// a burst of 60, refilled at 30/s while the flood lasts
		expect(served.length).toBeGreaterThanOrEqual(60);
		expect(served.length).toBeLessThanOrEqual(60 + Math.ceil(30 * seconds) + 1);
		expect(served.every((c) => c === 'forbidden')).toBe(true);
		expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThan(0);
		await sleep(200);
		expectError(await client.request('live:end', {}), 'forbidden');
	});

	it('counts unknown events too, and stops answering them past the limit', async () => {
		const client = await connect();
		let notices = 0;
		client.raw.on('protocol:error', () => notices++);
		const started = Date.now();
		for (let i = 0; i < 150; i++) client.raw.emit('spam:event' as never, { i } as never);
		// right behind the garbage, in order: it drained the same bucket real requests use
		expectError(await client.request('room:join', {}), 'rate_limited');
		await sleep(300);
		const seconds = (Date.now() - started) / 1000;
		expect(notices).toBeGreaterThanOrEqual(60);
		expect(notices).toBeLessThanOrEqual(60 + Math.ceil(30 * seconds) + 1);
	});

	it('limits each connection on its own', async () => {
		const flooder = await connect();
		const acks = await Promise.all(Array.from({ length: 100 }, () => flooder.rawRequest('room:join', { flood: true })));
		expect(acks.some((ack) => !ack.ok && ack.error.code === 'rate_limited')).toBe(true);
		const calm = await connect();
		expect((await calm.request('room:join', {})).ok).toBe(true);
	});
});

describe('after all of that', () => {
	it('serves a fresh room and fresh clients normally', async () => {
		const fresh = await suite.studio.createRoom('Fresh');
		const host = await suite.studio.join(fresh, 'host');
		await publish(host);
		await host.client.ok('live:start', {});
		const buyer = await suite.studio.join(fresh, 'buyer');
		expect(buyer.join.room.status).toBe('live');
		const recv = await buyer.client.ok('media:createTransport', { direction: 'recv' });
		const { consumers } = await buyer.client.ok('media:consume', { transportId: recv.id, rtpCapabilities: buyer.join.routerRtpCapabilities });
		expect(consumers).toHaveLength(2);
		const health = await suite.studio.health();
		expect(health.status).toBe(200);
		expect(health.body.workers.every((w) => w.alive)).toBe(true);
	});
});
