/*
 * Connection quality for mentors (qos:report, qos:state) against a real
 * studio: real socket.io clients and a real mediasoup worker carrying real
 * RTP. The host publishes a looped VP8 stream as two simulcast layers (by
 * SSRC) over a real ICE + DTLS leg, viewers receive it over theirs (the
 * benchmark's media clients, test/bench/), so the producer scores and the
 * layer each viewer's consumer forwards are mediasoup's own.
 */
import { randomInt } from 'node:crypto';
import { QOS_REPORT_INTERVAL_MS, type QosReport, type QosState, type RtpCapabilitiesWire } from '@gladi/shared';
import type { types } from 'mediasoup';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { askOver, consumeAll, socketLink, type Viewer } from '../bench/mediaClients.ts';
import { LoopSource } from '../bench/loopSource.ts';
import { createCertificate, RtpReceiver, type DtlsCertificate } from '../bench/rtpReceiver.ts';
import { eventually, expectError, publish, sleep, studioSuite, watch, type Joined, type TestClient, type TestRoom } from './harness.ts';

const suite = studioSuite();
let source: LoopSource;
let cert: DtlsCertificate;
/** What each test started: stopped after it. */
const cleanups: Array<() => void> = [];

beforeAll(async () => {
	[source, cert] = await Promise.all([LoopSource.capture(2), createCertificate()]);
}, 60_000);
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});
afterAll(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A state that arrives within a few ticks. */
const TICKS_MS = QOS_REPORT_INTERVAL_MS * 3 + 1_000;

const SEND: NonNullable<QosReport['send']> = {
	layers: [
		{ rid: 'r0', active: true, width: 640, height: 360, fps: 30, kbps: 450 },
		{ rid: 'r1', active: true, width: 1280, height: 720, fps: 30, kbps: 1_400 },
	],
	limitation: 'none',
	availableKbps: 2_400,
	rttMs: 12,
	lossPct: 0,
	choice: 'standard',
};
const receive = (over: Partial<NonNullable<QosReport['receive']>> = {}): NonNullable<QosReport['receive']> => ({
	width: 1280,
	height: 720,
	fps: 30,
	kbps: 1_400,
	lossPct: 0,
	freezeCount: 0,
	freezeMs: 0,
	...over,
});

function payloadType(caps: RtpCapabilitiesWire, mimeType: string): number {
	const pt = caps.codecs?.find((c) => c.mimeType.toLowerCase() === mimeType)?.preferredPayloadType;
	if (pt === undefined) throw new Error(`the router offers no ${mimeType}`);
	return pt;
}

/**
 * What a host's browser does, with the loop as the camera: a send transport
 * with a real ICE + DTLS leg, a mic, and a camera sending two simulcast
 * layers by SSRC (the same loop on both: mediasoup tells layers apart by
 * their order, not their size).
 */
async function publishSimulcast(host: Joined): Promise<void> {
	const ask = askOver(host.client.raw);
	const caps = host.join.routerRtpCapabilities;
	const transport = await ask('media:createTransport', { direction: 'send' });
	await ask('media:connectTransport', { transportId: transport.id, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: cert.fingerprint }] } });
	const leg = await RtpReceiver.connect(transport, cert, { ssrcs: new Map(), publish: true });
	cleanups.push(() => leg.close());
	const opus = payloadType(caps, 'audio/opus');
	const vp8 = payloadType(caps, 'video/vp8');
	const [mic, low, high, unused] = [randomInt(1, 2 ** 31), randomInt(1, 2 ** 31), randomInt(1, 2 ** 31), randomInt(1, 2 ** 31)];
	const rtcp = { cname: `qos-${low}`, reducedSize: true };
	await ask('media:produce', {
		transportId: transport.id,
		kind: 'audio',
		source: 'mic',
		rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: opus, clockRate: 48_000, channels: 2 }], encodings: [{ ssrc: mic }], rtcp },
	});
	await ask('media:produce', {
		transportId: transport.id,
		kind: 'video',
		source: 'camera',
		rtpParameters: {
			codecs: [{ mimeType: 'video/VP8', payloadType: vp8, clockRate: 90_000, rtcpFeedback: [{ type: 'nack', parameter: '' }, { type: 'nack', parameter: 'pli' }] }],
			encodings: [{ ssrc: low }, { ssrc: high }],
			rtcp,
		},
	});
	// The loop plays audio with each stream: the second one's goes to an SSRC nobody produces (the worker drops it).
	cleanups.push(source.play(leg, { audio: { ssrc: mic, payloadType: opus }, video: { ssrc: low, payloadType: vp8 } }));
	cleanups.push(source.play(leg, { audio: { ssrc: unused, payloadType: opus }, video: { ssrc: high, payloadType: vp8 } }));
}

/** A viewer receiving the live over a real leg. */
async function receiving(viewer: Joined): Promise<Viewer> {
	const media = await consumeAll(socketLink(viewer.client.raw), viewer.join.routerRtpCapabilities, cert);
	cleanups.push(() => media.receiver.close());
	return media;
}

/** The server's video consumer of a viewer. */
function cameraConsumer(code: string, peerId: string): types.Consumer {
	const consumer = [...(suite.studio.room(code).peer(peerId)?.media.consumers.values() ?? [])].find((c) => c.kind === 'video');
	if (!consumer) throw new Error(`${peerId} consumes no video`);
	return consumer;
}

/** The first qos:state from now on that matches. */
async function nextState(mentor: TestClient, match: (state: QosState) => boolean, ms = TICKS_MS): Promise<QosState> {
	const seen = mentor.all('qos:state').length;
	return eventually(() => mentor.all('qos:state').slice(seen).find(match), 'a matching qos:state', ms);
}

describe('qos:state to mentors', () => {
	let room: TestRoom;

	it('merges the host’s and viewers’ reports with mediasoup’s producer scores and each viewer’s forwarded layer', { timeout: 40_000 }, async () => {
		room = await suite.studio.createRoom('QoS room');
		const host = await suite.studio.join(room, 'host', 'Rina');
		await publishSimulcast(host);
		await host.client.ok('live:start', {});
		const mentor = await suite.studio.join(room, 'mentor', 'Bu Sari');
		const buyer = await suite.studio.join(room, 'buyer', 'Ani');
		const slow = await suite.studio.join(room, 'buyer', 'Budi');
		// mediasoup forwards the top layer to everyone (no congestion feedback here); Budi's consumer is held at the lowest
		// from its start, as if his link were slow. (Switching a running consumer's layer needs the sender's RTCP reports,
		// which the loop does not send.)
		const slowId = slow.join.self.peerId;
		suite.studio.room(room.code).media!.router.observer.on('newtransport', (transport) =>
			transport.observer.on('newconsumer', (consumer) => {
				if (consumer.kind === 'video' && (consumer.appData as { peerId?: string }).peerId === slowId) void consumer.setPreferredLayers({ spatialLayer: 0 });
			}),
		);
		const media = await Promise.all([receiving(mentor), receiving(buyer), receiving(slow)]);
		for (const viewer of media) await eventually(() => viewer.receiver.totals('video').received > 30, 'video arriving at every viewer', 10_000);

		await host.client.ok('qos:report', { quality: 'good', send: SEND });
		await mentor.client.ok('qos:report', { quality: 'good', receive: receive() });
		await buyer.client.ok('qos:report', { quality: 'good', receive: receive() });
		await slow.client.ok('qos:report', { quality: 'poor', receive: receive({ width: 640, height: 360, fps: 12, lossPct: 8, freezeCount: 3, freezeMs: 2_400 }) });

		const state = await nextState(
			mentor.client,
			(s) => s.host?.scores.length === 2 && s.host.scores.every((score) => score > 0) && s.viewers.find((v) => v.name === 'Budi')?.spatialLayer === 0,
		);
		expect(state.host).toEqual({ peerId: host.join.self.peerId, name: 'Rina', quality: 'good', send: SEND, scores: [expect.any(Number), expect.any(Number)] });
		// Both layers arrive whole (10: no loss; a loaded machine may drop a packet now and then).
		expect(Math.min(...state.host!.scores)).toBeGreaterThanOrEqual(8);
		// Problems first: Budi's own report says poor.
		expect(state.viewers.map((v) => v.name)).toEqual(['Budi', 'Ani', 'Bu Sari']);
		expect(state.viewers[0]).toMatchObject({ peerId: slow.join.self.peerId, role: 'buyer', quality: 'poor', spatialLayer: 0, receive: { freezeCount: 3, lossPct: 8 } });
		expect(state.viewers.slice(1)).toMatchObject([
			{ peerId: buyer.join.self.peerId, role: 'buyer', quality: 'good', spatialLayer: 1 },
			{ peerId: mentor.join.self.peerId, role: 'mentor', quality: 'good', spatialLayer: 1 },
		]);
		for (const v of state.viewers) expect(v.score).toBe(cameraConsumer(room.code, v.peerId).score.score);
		expect(state.viewerTotals).toEqual({ poor: 1, fair: 0, unknown: 0, good: 2 });

		// The layers follow mediasoup: the host pauses the camera, nobody is forwarded any; resumed, each gets theirs again.
		const camera = [...suite.studio.room(room.code).peer(host.join.self.peerId)!.media.producers.values()].find((p) => p.kind === 'video')!;
		await host.client.ok('media:setProducerPaused', { producerId: camera.id, paused: true });
		await nextState(mentor.client, (s) => s.viewers.every((v) => v.spatialLayer === null));
		await host.client.ok('media:setProducerPaused', { producerId: camera.id, paused: false });
		const resumed = await nextState(mentor.client, (s) => s.viewers.every((v) => v.spatialLayer !== null));
		expect(Object.fromEntries(resumed.viewers.map((v) => [v.name, v.spatialLayer]))).toEqual({ Budi: 0, Ani: 1, 'Bu Sari': 1 });

		// Only mentors hear of it.
		expect(host.client.all('qos:state')).toEqual([]);
		expect(buyer.client.all('qos:state')).toEqual([]);
		expect(slow.client.all('qos:state')).toEqual([]);
	});

	it('sends every QOS_REPORT_INTERVAL_MS while a mentor is in, drops a leaver’s report, and stops with the last mentor and with the room', { timeout: 30_000 }, async () => {
		room = await suite.studio.createRoom('QoS lifecycle');
		const host = await suite.studio.join(room, 'host', 'Rina');
		const server = suite.studio.room(room.code);
		const buyer = await suite.studio.join(room, 'buyer', 'Ani');
		await buyer.client.ok('qos:report', { quality: 'fair', receive: receive() });
		expect(server.qos.running).toBe(false);

		const mentor = await suite.studio.join(room, 'mentor', 'Bu Sari');
		expect(server.qos.running).toBe(true);
		const first = await nextState(mentor.client, () => true);
		const second = await nextState(mentor.client, () => true);
		expect(second.at - first.at).toBeGreaterThanOrEqual(QOS_REPORT_INTERVAL_MS - 100);
		// Nobody publishes: no scores, no layers, only what the browsers said.
		expect(second.host).toEqual({ peerId: host.join.self.peerId, name: 'Rina', quality: null, send: null, scores: [] });
		expect(second.viewers).toEqual([
			{ peerId: buyer.join.self.peerId, name: 'Ani', role: 'buyer', quality: 'fair', spatialLayer: null, score: null, receive: receive() },
			{ peerId: mentor.join.self.peerId, name: 'Bu Sari', role: 'mentor', quality: null, spatialLayer: null, score: null, receive: null },
		]);

		// Ani leaves and comes back: a new connection starts with no report.
		buyer.client.close();
		await nextState(mentor.client, (s) => s.viewers.length === 1);
		const again = await suite.studio.join(room, 'buyer', 'Ani');
		const rejoined = await nextState(mentor.client, (s) => s.viewers.length === 2);
		expect(rejoined.viewers.find((v) => v.peerId === again.join.self.peerId)).toMatchObject({ quality: null, receive: null });

		// The last mentor leaves: nothing more is built or sent.
		mentor.client.close();
		await eventually(() => !server.qos.running, 'the monitor to stop without mentors');
		const nextMentor = await suite.studio.join(room, 'mentor', 'Pak Joko');
		expect(server.qos.running).toBe(true);
		await nextState(nextMentor.client, () => true);
		server.close();
		expect(server.qos.running).toBe(false);
		const heard = nextMentor.client.all('qos:state').length;
		await sleep(QOS_REPORT_INTERVAL_MS + 500);
		expect(nextMentor.client.all('qos:state').length).toBe(heard);
	});
});

describe('qos:report', () => {
	it('is refused when malformed, with a message naming what is wrong', async () => {
		const room = await suite.studio.createRoom('QoS refusals');
		const buyer = await suite.studio.join(room, 'buyer', 'Ani');
		const refused = async (payload: unknown) => {
			const ack = await buyer.client.rawRequest('qos:report', payload);
			return expectError(ack, 'bad_request');
		};
		expect(await refused({ quality: 'excellent' })).toMatch(/qos:report.*quality/);
		expect(await refused({ quality: 'good', receive: receive({ lossPct: 250 }) })).toMatch(/receive\.lossPct/);
		expect(await refused({ quality: 'good', receive: { ...receive(), peerId: 'someone-else' } })).toMatch(/peerId/);
		expect(await refused({})).toMatch(/quality/);
		// Not joined yet: refused before anything is kept.
		const stranger = await suite.studio.connect(room.tokens.buyer, 'Budi');
		expectError(await stranger.request('qos:report', { quality: 'good' }), 'invalid_state');
	});

	it('refuses a host reporting what it receives and a viewer reporting what it sends (qos_wrong_side), and keeps nothing of it', async () => {
		const room = await suite.studio.createRoom('QoS sides');
		const host = await suite.studio.join(room, 'host', 'Rina');
		const buyer = await suite.studio.join(room, 'buyer', 'Ani');
		const mentor = await suite.studio.join(room, 'mentor', 'Bu Sari');
		for (const [who, report] of [
			[host, { quality: 'good', receive: receive() }],
			[host, { quality: 'good', send: SEND, receive: receive() }],
			[buyer, { quality: 'good', send: SEND }],
			[mentor, { quality: 'poor', send: SEND }],
		] as const) {
			const ack = await who.client.request('qos:report', report);
			expectError(ack, 'bad_request');
			expect(!ack.ok && ack.error.kind).toBe('qos_wrong_side');
		}
		// Each side alone, and a verdict alone, are taken.
		await host.client.ok('qos:report', { quality: 'fair', send: SEND });
		await buyer.client.ok('qos:report', { quality: 'good' });
		const state = suite.studio.room(room.code).qos.state();
		expect(state.host).toMatchObject({ quality: 'fair', send: SEND });
		expect(state.viewers.find((v) => v.name === 'Ani')).toMatchObject({ quality: 'good', receive: null });
		expect(state.viewers.find((v) => v.name === 'Bu Sari')).toMatchObject({ quality: null, receive: null });
	});

	it('costs a request like any other: a client reporting far faster than every 2 s is rate limited, and the room goes on', async () => {
		const room = await suite.studio.createRoom('QoS flood');
		const host = await suite.studio.join(room, 'host', 'Rina');
		await publish(host);
		await host.client.ok('live:start', {});
		const buyer = await suite.studio.join(room, 'buyer', 'Ani');
		await watch(buyer);
		const acks = await Promise.all(Array.from({ length: 200 }, (_, i) => buyer.client.request('qos:report', { quality: 'good', receive: receive({ freezeCount: i }) })));
		const limited = acks.filter((a) => !a.ok && a.error.kind === 'request_rate_limited').length;
		expect(acks.filter((a) => a.ok).length).toBeLessThanOrEqual(70);
		expect(limited).toBeGreaterThanOrEqual(130);
		// What was kept is one report: the last one taken.
		const kept = suite.studio.room(room.code).qos.state().viewers[0]!.receive!.freezeCount;
		expect(acks[kept]!.ok).toBe(true);
		expect(acks.slice(kept + 1).every((a) => !a.ok)).toBe(true);
		// The others in the room are served as before.
		await host.client.ok('stage:comment', { text: 'Halo semua' });
		expect((await suite.studio.health()).status).toBe(200);
	});
});
