/*
 * Lightweight clients for load tests, what a buyer's page and a host's page
 * do minus a browser: Gladi's socket.io signaling, then a real ICE + DTLS leg
 * per transport (rtpReceiver.ts). A viewer counts the RTP it receives without
 * decoding; a host publishes a looped, pre-encoded stream (loopSource.ts).
 */
import { randomInt } from 'node:crypto';
import type { ConsumerInfo, JoinResponse, RequestName, RequestPayload, ResponseMap, RtpCapabilitiesWire, RtpParametersWire, TransportInfo } from '@gladi/shared';
import { io, type Socket } from 'socket.io-client';
import type { LoopSource } from './loopSource.ts';
import { RtpReceiver, type DtlsCertificate } from './rtpReceiver.ts';

/** Kernel receive buffer per viewer socket (capped by net.core.rmem_max). */
const RECV_BUFFER_BYTES = 2 ** 20;

/** A request over a client's signaling: the answer's data, or a thrown error. */
export type Ask = <E extends RequestName>(event: E, payload: RequestPayload<E>) => Promise<ResponseMap[E]>;

/** Ask over a bare socket.io socket (15 s to answer). */
export function askOver(socket: Socket): Ask {
	return async (event, payload) => {
		let ack: { ok: boolean; data: never; error?: { message: string } };
		try {
			ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as typeof ack;
		} catch (error) {
			throw new Error(`${event}: ${error instanceof Error ? error.message : String(error)}`);
		}
		if (!ack.ok) throw new Error(`${event}: ${ack.error?.message}`);
		return ack.data;
	};
}

/** A socket.io connection with an invite token (no reconnection: a load test counts what breaks). */
export function connect(url: string, token: string, name: string): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = io(url, { auth: { token, name }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 15_000 });
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => {
			socket.close();
			reject(new Error(`connect: ${error.message}`));
		});
	});
}

/**
 * What this viewer can receive: Opus and VP8 (+RTX), without transport-cc
 * or REMB. With no congestion feedback the worker does no per-viewer
 * bandwidth estimation and forwards the top simulcast layer to everyone:
 * the heaviest realistic load per consumer (a viewer on a good network).
 */
export function receiveCapabilities(router: RtpCapabilitiesWire): RtpCapabilitiesWire {
	const vp8 = router.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
	const codecs = (router.codecs ?? [])
		.filter((c) => {
			const mime = c.mimeType.toLowerCase();
			return mime === 'audio/opus' || mime === 'video/vp8' || (mime === 'video/rtx' && c.parameters?.['apt'] === vp8?.preferredPayloadType);
		})
		.map((c) => ({ ...c, rtcpFeedback: (c.rtcpFeedback ?? []).filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb') }));
	const headerExtensions = (router.headerExtensions ?? []).filter((h) => !/transport-wide-cc|abs-send-time/.test(h.uri));
	return { codecs, headerExtensions };
}

export interface Viewer {
	socket: Socket;
	receiver: RtpReceiver;
	/** The consumers' SSRCs and kinds. */
	ssrcs: Map<number, 'audio' | 'video'>;
	gone: boolean;
	/** performance.now() when the connection was started. */
	startedAt: number;
	/** Socket.io connect to consume answered; ICE + DTLS; the resumes. */
	timings: { signalingMs: number; mediaMs: number; resumeMs: number };
}

/** A viewer that is in: connected, joined, consuming whatever is live, consumers resumed. */
export async function joinViewer(url: string, token: string, name: string, cert: DtlsCertificate): Promise<Viewer> {
	const t0 = performance.now();
	const socket = await connect(url, token, name);
	const ask = askOver(socket);
	let joined: JoinResponse;
	try {
		joined = await ask('room:join', {});
	} catch (error) {
		socket.disconnect();
		throw error;
	}
	return consumeAll(socket, ask, joined, cert, t0);
}

/** The media half of a viewer's join, on a connection already joined (`joined`). */
export async function consumeAll(socket: Socket, ask: Ask, joined: JoinResponse, cert: DtlsCertificate, startedAt = performance.now()): Promise<Viewer> {
	let receiver: RtpReceiver | undefined;
	try {
		const transport = await ask('media:createTransport', { direction: 'recv' });
		// The server is told first, so that our DTLS ClientHello finds it ready.
		await ask('media:connectTransport', {
			transportId: transport.id,
			dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: cert.fingerprint }] },
		});
		const { consumers } = await ask('media:consume', { transportId: transport.id, rtpCapabilities: receiveCapabilities(joined.routerRtpCapabilities) });
		if (consumers.length === 0) throw new Error('nothing to consume (is the host live?)');
		const ssrcs = new Map<number, 'audio' | 'video'>();
		for (const c of consumers as ConsumerInfo[]) ssrcs.set(c.rtpParameters.encodings?.[0]?.ssrc ?? 0, c.kind);
		const t1 = performance.now();
		receiver = await RtpReceiver.connect(transport, cert, { ssrcs, recvBufferBytes: RECV_BUFFER_BYTES });
		const t2 = performance.now();
		const viewer: Viewer = { socket, receiver, ssrcs, gone: false, startedAt, timings: { signalingMs: t1 - startedAt, mediaMs: t2 - t1, resumeMs: 0 } };
		const gone = (): void => {
			viewer.gone = true;
		};
		socket.on('media:consumerClosed', gone);
		socket.on('room:closed', gone);
		socket.on('disconnect', gone);
		for (const c of consumers) await ask('media:resumeConsumer', { consumerId: c.id });
		viewer.timings.resumeMs = performance.now() - t2;
		return viewer;
	} catch (error) {
		receiver?.close();
		socket.disconnect();
		throw error;
	}
}

/** performance.now() of a viewer's first packet of `kind`, waiting at most `ms` (null: none came). */
export async function firstPacketAt(viewer: Viewer, kind: 'audio' | 'video', ms: number): Promise<number | null> {
	const deadline = performance.now() + ms;
	for (;;) {
		for (const [ssrc, k] of viewer.ssrcs) {
			const at = k === kind ? viewer.receiver.counters.get(ssrc)?.firstAt : null;
			if (at != null) return at;
		}
		if (performance.now() > deadline) return null;
		await new Promise((r) => setTimeout(r, 2));
	}
}

export interface PublishedHost {
	leg: RtpReceiver;
	ids: { audio: { ssrc: number; payloadType: number }; video: { ssrc: number; payloadType: number } };
	/** Stop sending and close the leg. */
	stop(): void;
}

function payloadTypeOf(caps: RtpCapabilitiesWire, mimeType: string): number {
	const pt = caps.codecs?.find((c) => c.mimeType.toLowerCase() === mimeType)?.preferredPayloadType;
	if (pt === undefined) throw new Error(`the router offers no ${mimeType}`);
	return pt;
}

/**
 * What a host's page does to publish (a send transport, ICE + DTLS, a mic
 * and a camera producer), with the loop as the camera and mic: one VP8
 * layer and mono Opus, by SSRC. No transport-cc or REMB: the looped stream
 * could not adapt its bitrate anyway.
 */
export async function publishLoop(ask: Ask, caps: RtpCapabilitiesWire, cert: DtlsCertificate, source: LoopSource): Promise<PublishedHost> {
	const transport: TransportInfo = await ask('media:createTransport', { direction: 'send' });
	await ask('media:connectTransport', {
		transportId: transport.id,
		dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: cert.fingerprint }] },
	});
	const leg = await RtpReceiver.connect(transport, cert, { ssrcs: new Map(), publish: true });
	try {
		const ids = {
			audio: { ssrc: randomInt(1, 2 ** 31), payloadType: payloadTypeOf(caps, 'audio/opus') },
			video: { ssrc: randomInt(1, 2 ** 31), payloadType: payloadTypeOf(caps, 'video/vp8') },
		};
		const cname = `bench-${ids.video.ssrc}`;
		const audio: RtpParametersWire = {
			codecs: [{ mimeType: 'audio/opus', payloadType: ids.audio.payloadType, clockRate: 48_000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
			headerExtensions: [],
			encodings: [{ ssrc: ids.audio.ssrc }],
			rtcp: { cname, reducedSize: true },
		};
		const video: RtpParametersWire = {
			codecs: [
				{
					mimeType: 'video/VP8',
					payloadType: ids.video.payloadType,
					clockRate: 90_000,
					rtcpFeedback: [{ type: 'nack', parameter: '' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
				},
			],
			headerExtensions: [],
			encodings: [{ ssrc: ids.video.ssrc }],
			rtcp: { cname, reducedSize: true },
		};
		await ask('media:produce', { transportId: transport.id, kind: 'audio', source: 'mic', rtpParameters: audio });
		await ask('media:produce', { transportId: transport.id, kind: 'video', source: 'camera', rtpParameters: video });
		const stopPlaying = source.play(leg, ids);
		return {
			leg,
			ids,
			stop() {
				stopPlaying();
				leg.close();
			},
		};
	} catch (error) {
		leg.close();
		throw error;
	}
}
