import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_DTLS, opusRtpParameters, publish, studioSuite, type TestRoom } from './harness.ts';

const suite = studioSuite();
let room: TestRoom;
let other: TestRoom;

beforeAll(async () => {
	other = await suite.studio.createRoom('Another room');
});

// A fresh room per test: no state (status, stale peers) carries over.
beforeEach(async () => {
	room = await suite.studio.createRoom('Auth room');
});

describe('handshake', () => {
	it.each([
		['no auth at all', undefined],
		['no token', { name: 'Ana' }],
		['an unknown token', { token: 'A'.repeat(32), name: 'Ana' }],
		['a too short token', { token: 'short', name: 'Ana' }],
		['a too long token', { token: 'A'.repeat(200), name: 'Ana' }],
		['a non-string token', { token: 1234567890123456, name: 'Ana' }],
	])('refuses %s with connect_error "unauthorized"', async (_what, auth) => {
		const error = await suite.studio.connectError(auth);
		expect(error.message).toMatch(/^unauthorized/);
	});

	it('refuses a valid token with an unusable name (none at all is fine: it comes with the join, see prepare.test.ts)', async () => {
		for (const name of ['', '    ', 'x'.repeat(33)]) {
			const error = await suite.studio.connectError({ token: room.tokens.buyer, name });
			expect(error.message).toMatch(/^unauthorized/);
		}
	});

	it('refuses role or room claims in the handshake', async () => {
		const error = await suite.studio.connectError({ token: room.tokens.buyer, name: 'Bob', role: 'host' });
		expect(error.message).toMatch(/^unauthorized/);
	});

	it('takes the room and role from the token alone, whatever else the client says', async () => {
		const client = await suite.studio.connect(room.tokens.buyer, 'Bob', { query: { role: 'host', room: other.code, code: other.code } });
		const join = await client.ok('room:join', {});
		expect(join.self).toEqual({ peerId: client.id, name: 'Bob', role: 'buyer' });
		expect(join.room.code).toBe(room.code);
		expect(join.room.title).toBe('Auth room');
		// Nobody is in the other room (it need not even be in memory).
		expect(suite.studio.studio.registry.inMemory(other.code)?.participantCount ?? 0).toBe(0);
	});

	it('trims the display name', async () => {
		const client = await suite.studio.connect(room.tokens.mentor, '  Mina  ');
		const join = await client.ok('room:join', {});
		expect(join.self.name).toBe('Mina');
		expect(join.self.role).toBe('mentor');
	});

	it('opens each role with its own token', async () => {
		const host = await suite.studio.join(room, 'host', 'Hana');
		const mentor = await suite.studio.join(room, 'mentor', 'Mina');
		const buyer = await suite.studio.join(room, 'buyer', 'Bob');
		expect([host.join.self.role, mentor.join.self.role, buyer.join.self.role]).toEqual(['host', 'mentor', 'buyer']);
		expect(buyer.join.room).toMatchObject({ hostName: 'Hana', viewers: { mentors: 1, buyers: 1 }, status: 'waiting' });
		expect(buyer.join.routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);
	});
});

describe('role permissions', () => {
	for (const role of ['buyer', 'mentor'] as const) {
		describe(`a ${role}`, () => {
			it('cannot create a send transport', async () => {
				const { client } = await suite.studio.join(room, role);
				expect(await client.fails('media:createTransport', { direction: 'send' }, 'forbidden')).toMatch(/host/);
				expect(suite.studio.room(room.code).mediaStats().transports).toBe(0);
			});

			it('cannot produce, even on its own receive transport', async () => {
				const viewer = await suite.studio.join(room, role);
				const recv = await viewer.client.ok('media:createTransport', { direction: 'recv' });
				await viewer.client.fails(
					'media:produce',
					{ transportId: recv.id, kind: 'audio', source: 'mic', rtpParameters: opusRtpParameters(viewer.join.routerRtpCapabilities) },
					'forbidden',
				);
				expect(suite.studio.room(room.code).mediaStats().producers).toBe(0);
			});

			it('cannot pause or close the host’s producers', async () => {
				const host = await suite.studio.join(room, 'host');
				const { audioProducerId } = await publish(host);
				const { client } = await suite.studio.join(room, role);
				await client.fails('media:setProducerPaused', { producerId: audioProducerId, paused: true }, 'forbidden');
				await client.fails('media:closeProducer', { producerId: audioProducerId }, 'forbidden');
				expect(suite.studio.room(room.code).mediaStats().producers).toBe(2);
			});

			it('cannot start or end the live', async () => {
				const host = await suite.studio.join(room, 'host');
				await publish(host);
				const { client } = await suite.studio.join(room, role);
				await client.fails('live:start', {}, 'forbidden');
				expect(suite.studio.room(room.code).status).toBe('waiting');
				await host.client.ok('live:start', {});
				await client.fails('live:end', {}, 'forbidden');
				expect(suite.studio.room(room.code).status).toBe('live');
			});

			it('is refused before the payload is even looked at', async () => {
				const { client } = await suite.studio.join(room, role);
				expect((await client.rawRequest('media:produce', { nonsense: true })).ok).toBe(false);
				expect(await client.rawRequest('media:produce', 'garbage')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
			});
		});
	}

	it('the host can do all of it', async () => {
		const host = await suite.studio.join(room, 'host');
		const { transport } = await publish(host);
		await host.client.ok('media:connectTransport', { transportId: transport.id, dtlsParameters: CLIENT_DTLS });
		const { room: live } = await host.client.ok('live:start', {});
		expect(live.status).toBe('live');
		const { room: ended } = await host.client.ok('live:end', {});
		expect(ended.status).toBe('ended');
	});

	it('cannot touch another peer’s transports or consumers', async () => {
		const host = await suite.studio.join(room, 'host');
		const { transport } = await publish(host);
		const buyer = await suite.studio.join(room, 'buyer');
		await buyer.client.fails('media:connectTransport', { transportId: transport.id, dtlsParameters: CLIENT_DTLS }, 'not_found');
		await buyer.client.fails('media:restartIce', { transportId: transport.id }, 'not_found');
		await buyer.client.fails('media:consume', { transportId: transport.id, rtpCapabilities: buyer.join.routerRtpCapabilities }, 'not_found');
	});
});
