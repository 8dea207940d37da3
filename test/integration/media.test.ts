import type { ConsumerInfo } from '@gladi/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	CLIENT_DTLS,
	eventually,
	HOST,
	opusRtpParameters,
	publish,
	sleep,
	studioSuite,
	trackConsumers,
	vp8SimulcastRtpParameters,
	watch,
	type Joined,
	type TestRoom,
} from './harness.ts';

const suite = studioSuite();
let room: TestRoom;

beforeEach(async () => {
	room = await suite.studio.createRoom('Media room');
});

/** The host joins, publishes mic + camera and goes live. */
async function liveHost(name = 'Hana'): Promise<Joined & Awaited<ReturnType<typeof publish>>> {
	const host = await suite.studio.join(room, 'host', name);
	const published = await publish(host);
	await host.client.ok('live:start', {});
	return { ...host, ...published };
}

function kinds(consumers: ConsumerInfo[]): string[] {
	return consumers.map((c) => c.kind).sort();
}

/** Server-side counts of the room's media (undefined once closed). */
const statsOf = (code: string) => suite.studio.room(code).mediaStats();

describe('the host publishes', () => {
	it('is not offered the video-orientation extension, so a phone held upright sends (and is recorded) upright', async () => {
		const host = await suite.studio.join(room, 'host');
		const uris = (host.join.routerRtpCapabilities.headerExtensions ?? []).map((e) => e.uri);
		expect(uris).not.toContain('urn:3gpp:video-orientation');
		// The rest are still offered (the router itself supports orientation).
		expect(uris).toContain('urn:ietf:params:rtp-hdrext:sdes:mid');
		expect(suite.studio.room(room.code).media!.router.rtpCapabilities.headerExtensions?.map((e) => e.uri)).toContain('urn:3gpp:video-orientation');
	});

	it('gets a send transport with ICE candidates on 127.0.0.1 only', async () => {
		const host = await suite.studio.join(room, 'host');
		const transport = await host.client.ok('media:createTransport', { direction: 'send' });
		expect(transport.id).toBeTruthy();
		expect(transport.iceParameters.usernameFragment.length).toBeGreaterThan(0);
		expect(transport.iceParameters.password.length).toBeGreaterThan(0);
		expect(transport.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
		expect(transport.iceCandidates.length).toBeGreaterThanOrEqual(2);
		expect(transport.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
		for (const candidate of transport.iceCandidates) {
			expect(candidate.address).toBe(HOST);
			expect(candidate.type).toBe('host');
			expect(candidate.port).toBeGreaterThan(0);
		}
		// the worker's WebRtcServer port (UDP; with GLADI_MEDIA_PORT=0 the TCP one is picked separately)
		const udp = transport.iceCandidates.find((c) => c.protocol === 'udp');
		expect(udp?.port).toBe(suite.studio.studio.pool.portOf(suite.studio.studio.pool.slots[0]!));
	});

	it('produces Opus and VP8 simulcast before DTLS connects', async () => {
		const host = await suite.studio.join(room, 'host');
		const { transport, audioProducerId, videoProducerId } = await publish(host);
		const media = suite.studio.room(room.code).peer(host.client.id)!.media;
		const producers = [...media.producers.values()];
		expect(producers.map((p) => p.id).sort()).toEqual([audioProducerId, videoProducerId].sort());
		const audio = media.producer(audioProducerId);
		const video = media.producer(videoProducerId);
		expect(audio).toMatchObject({ kind: 'audio', type: 'simple', paused: false, appData: { source: 'mic' } });
		expect(video).toMatchObject({ kind: 'video', type: 'simulcast', paused: false, appData: { source: 'camera' } });
		expect(video.rtpParameters.encodings?.map((e) => e.rid)).toEqual(['r0', 'r1', 'r2']);
		// and the transport still connects afterwards
		await host.client.ok('media:connectTransport', { transportId: transport.id, dtlsParameters: CLIENT_DTLS });
	});

	it('refuses a second producer for a source that has one, until that one is closed', async () => {
		const host = await suite.studio.join(room, 'host');
		const { transport, audioProducerId } = await publish(host);
		const again = { transportId: transport.id, kind: 'audio' as const, source: 'mic' as const, rtpParameters: opusRtpParameters(host.join.routerRtpCapabilities, 22_222_222) };
		const refused = await host.client.request('media:produce', again);
		expect(refused.ok ? null : refused.error).toMatchObject({ code: 'invalid_state', kind: 'source_taken' });
		expect(statsOf(room.code)?.producers).toBe(2);
		await host.client.ok('media:closeProducer', { producerId: audioProducerId });
		const replaced = await host.client.ok('media:produce', again);
		expect(replaced.producerId).not.toBe(audioProducerId);
		expect(statsOf(room.code)?.producers).toBe(2);
	});

	it('makes one camera producer of many produce requests sent at once', async () => {
		const host = await suite.studio.join(room, 'host');
		const transport = await host.client.ok('media:createTransport', { direction: 'send' });
		// Each with a MID of its own, as a client that means it would send (mediasoup itself refuses a MID twice).
		const camera = (i: number) => ({
			transportId: transport.id,
			kind: 'video' as const,
			source: 'camera' as const,
			rtpParameters: { ...vp8SimulcastRtpParameters(host.join.routerRtpCapabilities), mid: `cam${i}` },
		});
		const acks = await Promise.all(Array.from({ length: 20 }, (_, i) => host.client.request('media:produce', camera(i))));
		expect(acks.filter((a) => a.ok)).toHaveLength(1);
		for (const a of acks.filter((a) => !a.ok)) expect(a.ok ? null : a.error.kind).toBe('source_taken');
		const router = suite.studio.room(room.code).media!.router;
		const dump = await router.dump();
		expect(dump.mapProducerIdConsumerIds).toHaveLength(1);
		expect(statsOf(room.code)?.producers).toBe(1);
	});

	it('publishes again on a new send transport (a rejoin or a new live) without closing anything first', async () => {
		const host = await suite.studio.join(room, 'host');
		const first = await publish(host);
		const second = await publish(host);
		expect(second.videoProducerId).not.toBe(first.videoProducerId);
		expect(statsOf(room.code)?.producers).toBe(2);
	});

	it('pauses, resumes and closes its producers', async () => {
		const host = await suite.studio.join(room, 'host');
		const { audioProducerId, videoProducerId } = await publish(host);
		const media = suite.studio.room(room.code).peer(host.client.id)!.media;
		await host.client.ok('media:setProducerPaused', { producerId: audioProducerId, paused: true });
		expect(media.producer(audioProducerId).paused).toBe(true);
		await host.client.ok('media:setProducerPaused', { producerId: audioProducerId, paused: false });
		expect(media.producer(audioProducerId).paused).toBe(false);
		await host.client.ok('media:closeProducer', { producerId: videoProducerId });
		expect([...media.producers.keys()]).toEqual([audioProducerId]);
	});

	it('restarts ICE with new credentials', async () => {
		const host = await suite.studio.join(room, 'host');
		const transport = await host.client.ok('media:createTransport', { direction: 'send' });
		const { iceParameters } = await host.client.ok('media:restartIce', { transportId: transport.id });
		expect(iceParameters.usernameFragment).not.toBe(transport.iceParameters.usernameFragment);
		expect(iceParameters.password).not.toBe(transport.iceParameters.password);
	});

	it('replaces its transport when it asks for a second one in the same direction', async () => {
		const host = await suite.studio.join(room, 'host');
		const first = await host.client.ok('media:createTransport', { direction: 'send' });
		const second = await host.client.ok('media:createTransport', { direction: 'send' });
		expect(second.id).not.toBe(first.id);
		expect(statsOf(room.code)?.transports).toBe(1);
		await host.client.fails('media:restartIce', { transportId: first.id }, 'not_found');
	});
});

describe('going live', () => {
	it('tells every joined viewer the room is live', async () => {
		const buyer = await suite.studio.join(room, 'buyer', 'Bob');
		const mentor = await suite.studio.join(room, 'mentor', 'Mina');
		const host = await suite.studio.join(room, 'host', 'Hana');
		await publish(host);
		const { room: state } = await host.client.ok('live:start', {});
		expect(state).toMatchObject({ status: 'live', hostName: 'Hana', viewers: { mentors: 1, buyers: 1 } });
		expect(state.liveSince).toBeGreaterThan(Date.now() - 10_000);
		for (const viewer of [buyer, mentor, host]) {
			const seen = await viewer.client.waitFor('room:state', (s) => s.status === 'live');
			expect(seen).toEqual(state);
		}
		expect(suite.studio.room(room.code).status).toBe('live');
	});

	it('lets a buyer consume the mic and the camera, paused until it resumes them', async () => {
		const buyer = await suite.studio.join(room, 'buyer');
		const consumersOnServer = trackConsumers(suite.studio.room(room.code).media!.router);
		const host = await liveHost();
		await buyer.client.waitFor('room:state', (s) => s.status === 'live');

		const { transport, consumers } = await watch(buyer);
		expect(transport.iceCandidates.every((c) => c.address === HOST)).toBe(true);
		expect(kinds(consumers)).toEqual(['audio', 'video']);
		const audio = consumers.find((c) => c.kind === 'audio')!;
		const video = consumers.find((c) => c.kind === 'video')!;
		expect(audio).toMatchObject({ producerId: host.audioProducerId, source: 'mic' });
		expect(video).toMatchObject({ producerId: host.videoProducerId, source: 'camera' });
		expect(audio.rtpParameters.codecs[0]?.mimeType.toLowerCase()).toBe('audio/opus');
		expect(video.rtpParameters.codecs[0]?.mimeType.toLowerCase()).toBe('video/vp8');
		expect(video.rtpParameters.encodings).toHaveLength(1);

		for (const consumer of consumers) {
			expect(consumersOnServer.get(consumer.id)?.paused).toBe(true);
			await buyer.client.ok('media:resumeConsumer', { consumerId: consumer.id });
			expect(consumersOnServer.get(consumer.id)?.paused).toBe(false);
		}
		expect(consumersOnServer.get(video.id)?.type).toBe('simulcast');
		await buyer.client.ok('media:connectTransport', { transportId: transport.id, dtlsParameters: CLIENT_DTLS });
		expect(statsOf(room.code)).toMatchObject({ peers: 2, transports: 2, producers: 2, consumers: 2 });
	});

	it('gives a mentor the same streams', async () => {
		await liveHost();
		const mentor = await suite.studio.join(room, 'mentor');
		expect(kinds((await watch(mentor)).consumers)).toEqual(['audio', 'video']);
	});

	it('gives a buyer who joins after the live started the streams too', async () => {
		const early = await suite.studio.join(room, 'buyer', 'Early');
		await liveHost();
		expect(kinds((await watch(early)).consumers)).toEqual(['audio', 'video']);
		const late = await suite.studio.join(room, 'buyer', 'Late');
		expect(late.join.room.status).toBe('live');
		expect(late.join.room.viewers.buyers).toBe(2);
		expect(kinds((await watch(late)).consumers)).toEqual(['audio', 'video']);
		expect(statsOf(room.code)?.consumers).toBe(4);
	});

	it('does not consume the same producer twice, nor the host its own', async () => {
		const host = await liveHost();
		const buyer = await suite.studio.join(room, 'buyer');
		const { transport } = await watch(buyer);
		const again = await buyer.client.ok('media:consume', { transportId: transport.id, rtpCapabilities: buyer.join.routerRtpCapabilities });
		expect(again.consumers).toEqual([]);
		const hostRecv = await host.client.ok('media:createTransport', { direction: 'recv' });
		const own = await host.client.ok('media:consume', { transportId: hostRecv.id, rtpCapabilities: host.join.routerRtpCapabilities });
		expect(own.consumers).toEqual([]);
	});

	it('gives nothing to consume before the live starts', async () => {
		const host = await suite.studio.join(room, 'host');
		await publish(host);
		const buyer = await suite.studio.join(room, 'buyer');
		expect((await watch(buyer)).consumers).toEqual([]);
	});

	it('tells viewers when a new producer appears, and they can consume it', async () => {
		const host = await suite.studio.join(room, 'host');
		const transport = await host.client.ok('media:createTransport', { direction: 'send' });
		await host.client.ok('media:produce', {
			transportId: transport.id,
			kind: 'audio',
			source: 'mic',
			rtpParameters: opusRtpParameters(host.join.routerRtpCapabilities),
		});
		await host.client.ok('live:start', {});
		const buyer = await suite.studio.join(room, 'buyer');
		const { transport: recv, consumers } = await watch(buyer);
		expect(kinds(consumers)).toEqual(['audio']);
		const before = buyer.client.all('room:state').length;

		const { videoProducerId } = await publish(host);
		await eventually(() => buyer.client.all('room:state').length > before, 'a room:state after the new producers');
		const { consumers: added } = await buyer.client.ok('media:consume', { transportId: recv.id, rtpCapabilities: buyer.join.routerRtpCapabilities });
		// publish() made a new send transport: the old one (and its mic) closed, so both are new
		expect(kinds(added)).toEqual(['audio', 'video']);
		expect(added.find((c) => c.kind === 'video')?.producerId).toBe(videoProducerId);
		await buyer.client.waitFor('media:consumerClosed', (e) => e.consumerId === consumers[0]!.id);
	});

	it('closes the viewers’ consumer when the host closes a producer', async () => {
		const host = await liveHost();
		const buyer = await suite.studio.join(room, 'buyer');
		const { consumers } = await watch(buyer);
		const video = consumers.find((c) => c.kind === 'video')!;
		await host.client.ok('media:closeProducer', { producerId: host.videoProducerId });
		await buyer.client.waitFor('media:consumerClosed', (e) => e.consumerId === video.id);
		expect(buyer.client.all('media:consumerClosed')).toHaveLength(1);
		expect(statsOf(room.code)?.consumers).toBe(1);
		await buyer.client.fails('media:resumeConsumer', { consumerId: video.id }, 'not_found');
	});
});

describe('ending the live', () => {
	it('live:end closes every viewer’s consumers and tells them it ended', async () => {
		const host = await liveHost();
		const buyer = await suite.studio.join(room, 'buyer');
		const mentor = await suite.studio.join(room, 'mentor');
		const viewers = [buyer, mentor];
		const consumerIds = await Promise.all(viewers.map(async (v) => (await watch(v)).consumers.map((c) => c.id)));

		const { room: state } = await host.client.ok('live:end', {});
		expect(state).toMatchObject({ status: 'ended', liveSince: null });
		for (const [i, viewer] of viewers.entries()) {
			await viewer.client.waitFor('room:state', (s) => s.status === 'ended');
			for (const id of consumerIds[i]!) await viewer.client.waitFor('media:consumerClosed', (e) => e.consumerId === id);
		}
		expect(statsOf(room.code)).toMatchObject({ producers: 0, consumers: 0 });
		const router = suite.studio.room(room.code).media!.router;
		expect((await router.dump()).mapProducerIdConsumerIds).toEqual([]);
	});

	it('the host can publish and go live again afterwards', async () => {
		const host = await liveHost();
		await host.client.ok('live:end', {});
		await host.client.fails('live:start', {}, 'invalid_state');
		await publish(host);
		const { room: state } = await host.client.ok('live:start', {});
		expect(state.status).toBe('live');
		const buyer = await suite.studio.join(room, 'buyer');
		expect(kinds((await watch(buyer)).consumers)).toEqual(['audio', 'video']);
	});

	it('the host disconnecting while live ends it for everyone', async () => {
		const host = await liveHost();
		const buyer = await suite.studio.join(room, 'buyer');
		const { consumers } = await watch(buyer);
		host.client.close();
		const state = await buyer.client.waitFor('room:state', (s) => s.status === 'ended');
		expect(state).toMatchObject({ hostName: null, liveSince: null, viewers: { mentors: 0, buyers: 1 } });
		for (const c of consumers) await buyer.client.waitFor('media:consumerClosed', (e) => e.consumerId === c.id);
		expect(statsOf(room.code)).toEqual({ peers: 1, transports: 1, producers: 0, consumers: 0 });
	});

	it('viewers coming and going are counted for everyone', async () => {
		const host = await suite.studio.join(room, 'host');
		const buyer = await suite.studio.join(room, 'buyer');
		await host.client.waitFor('room:state', (s) => s.viewers.buyers === 1);
		const mentor = await suite.studio.join(room, 'mentor');
		await buyer.client.waitFor('room:state', (s) => s.viewers.mentors === 1);
		buyer.client.close();
		await host.client.waitFor('room:state', (s) => s.viewers.buyers === 0 && s.viewers.mentors === 1);
		await mentor.client.waitFor('room:state', (s) => s.viewers.buyers === 0);
	});

	it('a crowd arriving at once is counted in a few room:state messages, not one per arrival', async () => {
		const host = await suite.studio.join(room, 'host');
		const before = host.client.all('room:state').length;
		const started = performance.now();
		const crowd = 15;
		await Promise.all(Array.from({ length: crowd }, (_, i) => suite.studio.join(room, 'buyer', `Pembeli ${i}`, { from: `203.0.113.${i + 10}` })));
		await host.client.waitFor('room:state', (s) => s.viewers.buyers === crowd);
		// The first arrival's count goes out at once, later ones at most once a second: one per arrival would be 15.
		const seconds = (performance.now() - started) / 1000;
		expect(host.client.all('room:state').length - before).toBeLessThanOrEqual(2 + Math.ceil(seconds));
		expect(seconds).toBeLessThan(crowd - 2); // else the bound above could not tell
	});
});

describe('cleaning up', () => {
	it('frees every transport, producer and consumer when everyone leaves, then the router after the grace', async () => {
		const host = await liveHost();
		const viewers = [await suite.studio.join(room, 'buyer', 'B1'), await suite.studio.join(room, 'buyer', 'B2'), await suite.studio.join(room, 'mentor')];
		for (const viewer of viewers) await watch(viewer);
		const media = suite.studio.room(room.code).media!;
		const router = media.router;
		expect(suite.studio.room(room.code).mediaStats()).toEqual({ peers: 4, transports: 4, producers: 2, consumers: 6 });
		expect((await router.dump()).transportIds).toHaveLength(4);

		for (const peer of [host, ...viewers]) peer.client.close();
		await eventually(() => suite.studio.room(room.code).participantCount === 0, 'everyone to have left');
		expect(suite.studio.room(room.code).mediaStats()).toEqual({ peers: 0, transports: 0, producers: 0, consumers: 0 });
		const dump = await router.dump();
		expect(dump.transportIds).toEqual([]);
		expect(dump.mapProducerIdConsumerIds).toEqual([]);
		expect(dump.mapConsumerIdProducerId).toEqual([]);
		expect(router.closed).toBe(false);

		// the 1 s empty grace
		await eventually(() => suite.studio.room(room.code).media === null, 'the empty room to close its media', 4000);
		expect(router.closed).toBe(true);
		expect(suite.studio.room(room.code).status).toBe('waiting');
		expect(suite.studio.studio.pool.slots[0]!.routers.size).toBe(0);
		const { body } = await suite.studio.health();
		expect(body.rooms).toMatchObject({ active: 0, live: 0, peers: 0 });
		expect(body.workers[0]).toMatchObject({ routers: 0, peers: 0 });
	});

	it('keeps the router if someone comes back within the grace', async () => {
		const first = await suite.studio.join(room, 'buyer');
		const router = suite.studio.room(room.code).media!.router;
		first.client.close();
		await eventually(() => suite.studio.room(room.code).participantCount === 0, 'the buyer to have left');
		const back = await suite.studio.join(room, 'buyer');
		await sleep(1500);
		expect(router.closed).toBe(false);
		expect(suite.studio.room(room.code).media?.router).toBe(router);
		expect(back.client.socket.connected).toBe(true);
	});

	it('opens a fresh router when people come back after the grace', async () => {
		const first = await suite.studio.join(room, 'host');
		const router = suite.studio.room(room.code).media!.router;
		first.client.close();
		await eventually(() => router.closed, 'the empty room to close its router', 4000);
		const again = await suite.studio.join(room, 'host');
		expect(again.join.room.status).toBe('waiting');
		const media = suite.studio.room(room.code).media!;
		expect(media.router).not.toBe(router);
		expect(media.closed).toBe(false);
		await publish(again);
	});
});

describe('a second host connection', () => {
	it('replaces the first one', async () => {
		const first = await liveHost('First');
		const buyer = await suite.studio.join(room, 'buyer');
		const { consumers } = await watch(buyer);

		const second = await suite.studio.join(room, 'host', 'Second');
		const closed = await first.client.waitFor('room:closed');
		expect(closed.reason).toBe('replaced');
		expect(closed.message.length).toBeGreaterThan(0);
		expect(await first.client.waitForDisconnect()).toBe('io server disconnect');

		expect(second.join.self.role).toBe('host');
		expect(second.join.room).toMatchObject({ hostName: 'Second', status: 'ended', viewers: { buyers: 1 } });
		await buyer.client.waitFor('room:state', (s) => s.hostName === 'Second');
		for (const c of consumers) await buyer.client.waitFor('media:consumerClosed', (e) => e.consumerId === c.id);
		expect(suite.studio.room(room.code).participantCount).toBe(2);
		expect(statsOf(room.code)).toMatchObject({ producers: 0, consumers: 0 });

		// the new connection is a full host
		await publish(second);
		await second.client.ok('live:start', {});
		expect(kinds((await watch(buyer)).consumers)).toEqual(['audio', 'video']);
		expect(second.client.all('room:closed')).toEqual([]);
	});
});
