import { describe, expect, it } from 'vitest';
import { DISPLAY_NAME_MAX } from '../domain/room.ts';
import { can, ROLES } from '../domain/roles.ts';
import { handshakeAuthSchema, isRequestName, MAX_MESSAGE_BYTES, REQUEST_NAMES, requestOrder, requests, type RequestName } from './events.ts';
import type { QosReport } from './qos.ts';

const fingerprint = { algorithm: 'sha-256', value: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89' };
const opus = {
	mid: '0',
	codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1, usedtx: 1 }, rtcpFeedback: [{ type: 'transport-cc', parameter: '' }] }],
	headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1, encrypt: false, parameters: {} }],
	encodings: [{ ssrc: 11111111, dtx: true }],
	rtcp: { cname: 'abc', reducedSize: true },
};

function accepts(name: RequestName, payload: unknown): boolean {
	return requests[name].schema.safeParse(payload).success;
}

describe('isRequestName', () => {
	it('knows every request', () => {
		for (const name of REQUEST_NAMES) expect(isRequestName(name)).toBe(true);
	});

	it('refuses unknown names, including inherited object keys', () => {
		for (const name of ['', 'room:leave', 'ROOM:JOIN', 'room:join ', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
			expect(isRequestName(name), name).toBe(false);
		}
	});
});

describe('requests table', () => {
	it('lists the whole protocol', () => {
		expect([...REQUEST_NAMES].sort()).toEqual([
			'live:end',
			'live:start',
			'media:closeProducer',
			'media:connectTransport',
			'media:consume',
			'media:createTransport',
			'media:produce',
			'media:restartIce',
			'media:resumeConsumer',
			'media:setProducerPaused',
			'room:join',
			'room:prepare',
			'stage:comment',
			'stage:endFlashSale',
			'stage:like',
			'stage:markAnswered',
			'stage:order',
			'stage:pin',
			'stage:pinComment',
			'stage:setCrowd',
			'stage:setProducts',
			'stage:startFlashSale',
			'stage:unpin',
			'stage:viewProduct',
			'mentor:inject',
			'mentor:note',
			'mentor:score',
			'mentor:whisper',
			'qos:report',
		].sort());
	});

	it('lets a connection only prepare and join before joining, and connect and consume once prepared', () => {
		const by = (order: string) => REQUEST_NAMES.filter((name) => requestOrder(name) === order).sort();
		expect(by('unjoined')).toEqual(['room:join', 'room:prepare']);
		expect(by('prepared')).toEqual(['media:connectTransport', 'media:consume', 'media:restartIce']);
		expect(by('joined')).toContain('media:resumeConsumer');
		expect(by('joined')).toContain('media:createTransport');
	});

	it('gives each role exactly its actions', () => {
		const allowed = (role: (typeof ROLES)[number]) => REQUEST_NAMES.filter((name) => can(role, requests[name].action)).sort();
		// Everyone watches (the host: receives nothing, but joins the same way) and reports their own connection.
		const media = ['media:connectTransport', 'media:consume', 'media:createTransport', 'media:restartIce', 'media:resumeConsumer', 'qos:report', 'room:join', 'room:prepare'];
		// Buyers watch, comment, like and buy.
		expect(allowed('buyer')).toEqual([...media, 'stage:comment', 'stage:like', 'stage:order', 'stage:viewProduct'].sort());
		// Mentors watch, comment, like, steer the crowd and the product set, and coach; they do not buy.
		const coaching = ['mentor:inject', 'mentor:note', 'mentor:score', 'mentor:whisper'];
		expect(allowed('mentor')).toEqual(
			[...media, ...coaching, 'stage:comment', 'stage:like', 'stage:setCrowd', 'stage:setProducts', 'stage:viewProduct'].sort(),
		);
		// The host does everything but like, buy and coach.
		const notHost = new Set(['stage:like', 'stage:order', 'stage:viewProduct', ...coaching]);
		expect(allowed('host')).toEqual(REQUEST_NAMES.filter((n) => !notHost.has(n)).sort());
		expect(ROLES.length).toBe(3);
	});

	it('lets socket.io carry the largest payload a handler accepts (16 KiB)', () => {
		expect(MAX_MESSAGE_BYTES).toBeGreaterThanOrEqual(16 * 1024);
	});
});

describe('request schemas', () => {
	it('room:prepare, live:start and live:end take an empty object only; room:join an optional name', () => {
		for (const name of ['room:prepare', 'room:join', 'live:start', 'live:end'] as const) {
			expect(accepts(name, {})).toBe(true);
			expect(accepts(name, { role: 'host' })).toBe(false);
			expect(accepts(name, 'x')).toBe(false);
			expect(accepts(name, [])).toBe(false);
			expect(accepts(name, null)).toBe(false);
		}
	});

	it('room:join names its person, normalised like the handshake', () => {
		expect(requests['room:join'].schema.parse({ name: '  Ana   Putri ' })).toEqual({ name: 'Ana Putri' });
		expect(accepts('room:join', { name: '' })).toBe(false);
		expect(accepts('room:join', { name: '   ' })).toBe(false);
		expect(accepts('room:join', { name: 'x'.repeat(DISPLAY_NAME_MAX + 1) })).toBe(false);
		expect(accepts('room:join', { name: 7 })).toBe(false);
		expect(accepts('room:prepare', { name: 'Ana' })).toBe(false);
	});

	it('media:createTransport takes a direction', () => {
		expect(accepts('media:createTransport', { direction: 'send' })).toBe(true);
		expect(accepts('media:createTransport', { direction: 'recv' })).toBe(true);
		expect(accepts('media:createTransport', { direction: 'both' })).toBe(false);
		expect(accepts('media:createTransport', { direction: 1 })).toBe(false);
		expect(accepts('media:createTransport', {})).toBe(false);
		expect(accepts('media:createTransport', { direction: 'send', forceTcp: true })).toBe(false);
	});

	it('media:connectTransport takes a transport id and DTLS fingerprints', () => {
		const ok = { transportId: 't1', dtlsParameters: { role: 'client', fingerprints: [fingerprint] } };
		expect(accepts('media:connectTransport', ok)).toBe(true);
		expect(accepts('media:connectTransport', { ...ok, dtlsParameters: { fingerprints: [fingerprint] } })).toBe(true);
		expect(accepts('media:connectTransport', { ...ok, dtlsParameters: { role: 'master', fingerprints: [fingerprint] } })).toBe(false);
		expect(accepts('media:connectTransport', { ...ok, dtlsParameters: { fingerprints: [] } })).toBe(false);
		expect(accepts('media:connectTransport', { ...ok, dtlsParameters: { fingerprints: Array(9).fill(fingerprint) } })).toBe(false);
		expect(accepts('media:connectTransport', { ...ok, dtlsParameters: { fingerprints: [{ ...fingerprint, value: 'A'.repeat(257) }] } })).toBe(false);
		expect(accepts('media:connectTransport', { ...ok, transportId: '' })).toBe(false);
		expect(accepts('media:connectTransport', { ...ok, transportId: 'x'.repeat(65) })).toBe(false);
		expect(accepts('media:connectTransport', { ...ok, transportId: 42 })).toBe(false);
		expect(accepts('media:connectTransport', { dtlsParameters: ok.dtlsParameters })).toBe(false);
	});

	it('media:produce takes realistic RTP parameters and checks their bounds', () => {
		const ok = { transportId: 't1', kind: 'audio', source: 'mic', rtpParameters: opus };
		expect(accepts('media:produce', ok)).toBe(true);
		expect(accepts('media:produce', { ...ok, paused: true })).toBe(true);
		expect(accepts('media:produce', { ...ok, paused: 'yes' })).toBe(false);
		expect(accepts('media:produce', { ...ok, kind: 'data' })).toBe(false);
		expect(accepts('media:produce', { ...ok, source: 'screen' })).toBe(false);
		expect(accepts('media:produce', { ...ok, appData: { peerId: 'someone-else' } })).toBe(false);
		const codec = opus.codecs[0]!;
		const withCodec = (c: object): unknown => ({ ...ok, rtpParameters: { ...opus, codecs: [{ ...codec, ...c }] } });
		expect(accepts('media:produce', withCodec({ payloadType: 128 }))).toBe(false);
		expect(accepts('media:produce', withCodec({ payloadType: -1 }))).toBe(false);
		expect(accepts('media:produce', withCodec({ payloadType: 100.5 }))).toBe(false);
		expect(accepts('media:produce', withCodec({ clockRate: 0 }))).toBe(false);
		expect(accepts('media:produce', withCodec({ channels: 9 }))).toBe(false);
		expect(accepts('media:produce', withCodec({ mimeType: 'x' }))).toBe(false);
		expect(accepts('media:produce', withCodec({ parameters: { nested: { a: 1 } } }))).toBe(false);
		expect(accepts('media:produce', { ...ok, rtpParameters: { ...opus, codecs: [] } })).toBe(false);
		expect(accepts('media:produce', { ...ok, rtpParameters: { ...opus, codecs: Array(17).fill(codec) } })).toBe(false);
		expect(accepts('media:produce', { ...ok, rtpParameters: { ...opus, encodings: Array(9).fill({ ssrc: 1 }) } })).toBe(false);
		expect(accepts('media:produce', { ...ok, rtpParameters: { ...opus, mid: 'm'.repeat(33) } })).toBe(false);
		expect(accepts('media:produce', { ...ok, rtpParameters: { ...opus, headerExtensions: [{ uri: 'x', id: 0 }] } })).toBe(false);
		const { codecs: _codecs, ...noCodecs } = opus;
		expect(accepts('media:produce', { ...ok, rtpParameters: noCodecs })).toBe(false);
	});

	it('media:produce keeps fields it does not check for mediasoup to validate', () => {
		const parsed = requests['media:produce'].schema.parse({ transportId: 't1', kind: 'audio', source: 'mic', rtpParameters: opus });
		expect(parsed.rtpParameters).toEqual(opus);
	});

	it('media:consume takes RTP capabilities', () => {
		const caps = {
			codecs: [
				{ kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2 },
				{ kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] },
			],
			headerExtensions: [{ kind: 'video', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1 }],
		};
		expect(accepts('media:consume', { transportId: 't1', rtpCapabilities: caps })).toBe(true);
		expect(accepts('media:consume', { transportId: 't1', rtpCapabilities: {} })).toBe(true);
		expect(accepts('media:consume', { transportId: 't1' })).toBe(false);
		expect(accepts('media:consume', { transportId: 't1', rtpCapabilities: { codecs: [{ ...caps.codecs[0], kind: 'data' }] } })).toBe(false);
		expect(accepts('media:consume', { transportId: 't1', rtpCapabilities: { codecs: Array(65).fill(caps.codecs[0]) } })).toBe(false);
	});

	it('id-only requests take exactly their id', () => {
		expect(accepts('media:restartIce', { transportId: 't' })).toBe(true);
		expect(accepts('media:resumeConsumer', { consumerId: 'c' })).toBe(true);
		expect(accepts('media:closeProducer', { producerId: 'p' })).toBe(true);
		expect(accepts('media:setProducerPaused', { producerId: 'p', paused: false })).toBe(true);
		expect(accepts('media:setProducerPaused', { producerId: 'p' })).toBe(false);
		expect(accepts('media:resumeConsumer', { consumerId: 'c', producerId: 'p' })).toBe(false);
		expect(accepts('media:closeProducer', { producerId: 'p'.repeat(65) })).toBe(false);
		expect(accepts('media:restartIce', { transportId: null })).toBe(false);
	});
});

describe('qos:report', () => {
	const send: NonNullable<QosReport['send']> = {
		layers: [
			{ rid: 'r0', active: true, width: 320, height: 180, fps: 30, kbps: 140 },
			{ rid: 'r1', active: true, width: 640, height: 360, fps: 30, kbps: 480 },
			{ rid: 'r2', active: false, width: 0, height: 0, fps: 0, kbps: 0 },
		],
		limitation: 'bandwidth',
		availableKbps: 650,
		rttMs: 42,
		lossPct: 0.5,
		choice: 'standard',
	};
	const receive: NonNullable<QosReport['receive']> = { width: 640, height: 360, fps: 29.5, kbps: 480, lossPct: 1.2, freezeCount: 2, freezeMs: 900 };

	it('takes a verdict with the sending or the receiving side, or a verdict alone', () => {
		expect(accepts('qos:report', { quality: 'good', send })).toBe(true);
		expect(accepts('qos:report', { quality: 'poor', receive: { ...receive, jitterMs: 30, rttMs: 80, audioConcealedPct: 3 } })).toBe(true);
		expect(accepts('qos:report', { quality: 'fair' })).toBe(true);
		// A long live's freezes add up past ten minutes.
		expect(accepts('qos:report', { quality: 'poor', receive: { ...receive, freezeMs: 3_600_000 } })).toBe(true);
	});

	it('refuses unknown verdicts, extra keys and figures out of range', () => {
		expect(accepts('qos:report', { quality: 'great' })).toBe(false);
		expect(accepts('qos:report', {})).toBe(false);
		expect(accepts('qos:report', { quality: 'good', peerId: 'someone-else' })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', send: { ...send, limitation: 'battery' } })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', send: { ...send, layers: Array(9).fill(send.layers[0]) } })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', receive: { ...receive, lossPct: 101 } })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', receive: { ...receive, fps: -1 } })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', receive: { ...receive, freezeCount: 1.5 } })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', receive: { ...receive, kbps: Number.NaN } })).toBe(false);
		expect(accepts('qos:report', { quality: 'good', receive: { ...receive, width: 10_000 } })).toBe(false);
	});
});

describe('handshakeAuthSchema', () => {
	const token = 'A'.repeat(32);

	it('takes a token and a trimmed display name', () => {
		expect(handshakeAuthSchema.parse({ token, name: '  Ana  ' })).toEqual({ token, name: 'Ana' });
		expect(handshakeAuthSchema.safeParse({ token, name: 'x'.repeat(DISPLAY_NAME_MAX) }).success).toBe(true);
	});

	it('refuses missing, short or long tokens', () => {
		expect(handshakeAuthSchema.safeParse({ name: 'Ana' }).success).toBe(false);
		expect(handshakeAuthSchema.safeParse({ token: 'A'.repeat(15), name: 'Ana' }).success).toBe(false);
		expect(handshakeAuthSchema.safeParse({ token: 'A'.repeat(129), name: 'Ana' }).success).toBe(false);
		expect(handshakeAuthSchema.safeParse({ token: 1234567890123456, name: 'Ana' }).success).toBe(false);
	});

	it('takes no name at all (it comes with room:join), but refuses blank or too long ones', () => {
		expect(handshakeAuthSchema.parse({ token })).toEqual({ token });
		expect(handshakeAuthSchema.safeParse({ token, name: '' }).success).toBe(false);
		expect(handshakeAuthSchema.safeParse({ token, name: '   ' }).success).toBe(false);
		expect(handshakeAuthSchema.safeParse({ token, name: 'x'.repeat(DISPLAY_NAME_MAX + 1) }).success).toBe(false);
	});

	it('refuses role or room claims: the token alone decides them', () => {
		expect(handshakeAuthSchema.safeParse({ token, name: 'Ana', role: 'host' }).success).toBe(false);
		expect(handshakeAuthSchema.safeParse({ token, name: 'Ana', room: 'ABC234' }).success).toBe(false);
	});
});
