/*
 * Lightweight clients for load tests, what a buyer's page and a host's page
 * do minus a browser: Gladi's socket.io signaling, then a real ICE + DTLS leg
 * per transport (rtpReceiver.ts). A viewer counts the RTP it receives without
 * decoding; a host publishes a looped, pre-encoded stream (loopSource.ts).
 * The same clients also load the bare mediasoup reference (bareSfu.ts): the
 * same media:* requests over plain HTTP instead of Gladi's signaling, and the
 * host's loop over a plain transport.
 */
import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import type { Ack, ConsumerInfo, JoinResponse, RequestName, RequestPayload, ResponseMap, RtpCapabilitiesWire, RtpParametersWire, TransportInfo } from '@gladi/shared';
import { io, type Socket } from 'socket.io-client';
import type { LoopSource, LoopStreamIds, RtpSendLeg } from './loopSource.ts';
import { isKeyFrameRequest, RtpReceiver, type DtlsCertificate } from './rtpReceiver.ts';
import { SRTP_MASTER_KEY_BYTES, SRTP_MASTER_SALT_BYTES, SrtpSender } from './srtp.ts';

/** Kernel receive buffer per viewer socket (capped by net.core.rmem_max). */
const RECV_BUFFER_BYTES = 2 ** 20;

/** A request over a client's signaling: the answer's data, or a thrown error. */
export type Ask = <E extends RequestName>(event: E, payload: RequestPayload<E>) => Promise<ResponseMap[E]>;

/** A request's answer: its data, or the error it carries, thrown. */
function unwrap<T>(event: string, ack: Ack<T>): T {
	if (!ack.ok) throw new Error(`${event}: ${ack.error.message}`);
	return ack.data;
}

/** Ask over a bare socket.io socket (15 s to answer). */
export function askOver(socket: Socket): Ask {
	return async (event, payload) => {
		let ack: Ack<ResponseMap[typeof event]>;
		try {
			ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as typeof ack;
		} catch (error) {
			throw new Error(`${event}: ${error instanceof Error ? error.message : String(error)}`);
		}
		return unwrap(event, ack);
	};
}

/** POST a JSON body to the bare reference (bareSfu.ts) and unwrap its Ack (15 s to answer). */
async function postBare<T>(url: string, pathname: string, what: string, body: unknown): Promise<T> {
	let ack: Ack<T>;
	try {
		const res = await fetch(`${url}${pathname}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(15_000),
		});
		ack = (await res.json()) as Ack<T>;
	} catch (error) {
		throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
	}
	return unwrap(what, ack);
}

/** The bare reference's requests: the media:* ones a viewer makes, with Gladi's payloads and answers. */
export const BARE_REQUESTS = ['media:createTransport', 'media:connectTransport', 'media:consume', 'media:resumeConsumer'] as const satisfies readonly RequestName[];
export type BareRequestName = (typeof BARE_REQUESTS)[number];

/** The bare reference's router capabilities (what room:join tells a Gladi client). */
async function bareCapabilities(url: string): Promise<RtpCapabilitiesWire> {
	return (await (await fetch(`${url}/rtpCapabilities`, { signal: AbortSignal.timeout(15_000) })).json()) as RtpCapabilitiesWire;
}

/** Ask the bare reference at `url` (one HTTP POST per request: it serves one router). */
export function askBare(url: string): Ask {
	return (event, payload) => postBare(url, '/ask', event, { event, payload });
}

/**
 * A viewer's link to the bare reference. It has no connection whose end
 * would tell the server the viewer left, so closing it closes the viewer's
 * transports there, as Gladi does when a viewer's socket goes.
 */
function bareLink(url: string): ViewerLink {
	const asked = askBare(url);
	const transports: string[] = [];
	const ask: Ask = async (event, payload) => {
		const answer = await asked(event, payload);
		if (event === 'media:createTransport') transports.push((answer as TransportInfo).id);
		return answer;
	};
	return {
		ask,
		onGone: () => undefined,
		close() {
			for (const transportId of transports.splice(0)) void postBare(url, '/close', 'close', { transportId }).catch(() => undefined);
		},
	};
}

/** A viewer's signaling, whichever server it joins. */
export interface ViewerLink {
	ask: Ask;
	/** `listener` runs when the server closes this viewer's consumers or room, or the connection goes. */
	onGone(listener: () => void): void;
	close(): void;
}

/** A viewer's link over Gladi's socket.io signaling. */
export function socketLink(socket: Socket, ask: Ask = askOver(socket)): ViewerLink {
	return {
		ask,
		onGone(listener) {
			socket.on('media:consumerClosed', listener);
			socket.on('room:closed', listener);
			socket.on('disconnect', listener);
		},
		close: () => socket.disconnect(),
	};
}

/** Where a viewer joins: Gladi's studio with a buyer link, or the bare reference (no signaling of Gladi's). */
export type ViewerTarget = { kind: 'gladi'; url: string; token: string } | { kind: 'bare'; url: string };

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
	link: ViewerLink;
	receiver: RtpReceiver;
	/** The consumers' SSRCs and kinds. */
	ssrcs: Map<number, 'audio' | 'video'>;
	gone: boolean;
	/** performance.now() when the connection was started. */
	startedAt: number;
	/** Connect to consume answered; ICE + DTLS; the resumes. */
	timings: { signalingMs: number; mediaMs: number; resumeMs: number };
	/** Close the media leg and hang up. */
	close(): void;
}

/** A viewer that is in: connected, joined, consuming whatever is live, consumers resumed. */
export async function joinViewer(target: ViewerTarget, name: string, cert: DtlsCertificate): Promise<Viewer> {
	const t0 = performance.now();
	if (target.kind === 'bare') {
		const caps = await bareCapabilities(target.url);
		return consumeAll(bareLink(target.url), caps, cert, t0);
	}
	const socket = await connect(target.url, target.token, name);
	const link = socketLink(socket);
	let joined: JoinResponse;
	try {
		joined = await link.ask('room:join', {});
	} catch (error) {
		socket.disconnect();
		throw error;
	}
	return consumeAll(link, joined.routerRtpCapabilities, cert, t0);
}

/** The media half of a viewer's join, on a link already joined to a router with `routerCapabilities`. */
export async function consumeAll(link: ViewerLink, routerCapabilities: RtpCapabilitiesWire, cert: DtlsCertificate, startedAt = performance.now()): Promise<Viewer> {
	const { ask } = link;
	let receiver: RtpReceiver | undefined;
	try {
		const transport = await ask('media:createTransport', { direction: 'recv' });
		// The server is told first, so that our DTLS ClientHello finds it ready.
		await ask('media:connectTransport', {
			transportId: transport.id,
			dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: cert.fingerprint }] },
		});
		const { consumers } = await ask('media:consume', { transportId: transport.id, rtpCapabilities: receiveCapabilities(routerCapabilities) });
		if (consumers.length === 0) throw new Error('nothing to consume (is the host live?)');
		const ssrcs = new Map<number, 'audio' | 'video'>();
		for (const c of consumers as ConsumerInfo[]) ssrcs.set(c.rtpParameters.encodings?.[0]?.ssrc ?? 0, c.kind);
		const t1 = performance.now();
		const leg = await RtpReceiver.connect(transport, cert, { ssrcs, recvBufferBytes: RECV_BUFFER_BYTES });
		receiver = leg;
		const t2 = performance.now();
		const viewer: Viewer = {
			link,
			receiver: leg,
			ssrcs,
			gone: false,
			startedAt,
			timings: { signalingMs: t1 - startedAt, mediaMs: t2 - t1, resumeMs: 0 },
			close() {
				leg.close();
				link.close();
			},
		};
		link.onGone(() => {
			viewer.gone = true;
		});
		for (const c of consumers) await ask('media:resumeConsumer', { consumerId: c.id });
		viewer.timings.resumeMs = performance.now() - t2;
		return viewer;
	} catch (error) {
		receiver?.close();
		link.close();
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
	leg: RtpSendLeg;
	ids: LoopStreamIds;
	/** Stop sending and close the leg. */
	stop(): void;
}

function payloadTypeOf(caps: RtpCapabilitiesWire, mimeType: string): number {
	const pt = caps.codecs?.find((c) => c.mimeType.toLowerCase() === mimeType)?.preferredPayloadType;
	if (pt === undefined) throw new Error(`the router offers no ${mimeType}`);
	return pt;
}

/** A producer of the loop (the host's mic and camera). */
export interface LoopProducer {
	kind: 'audio' | 'video';
	source: 'mic' | 'camera';
	rtpParameters: RtpParametersWire;
}

/**
 * The loop's two producers on a router with `caps`: one VP8 layer and mono
 * Opus, by SSRC (fresh random ones). No transport-cc or REMB: the looped
 * stream could not adapt its bitrate anyway.
 */
export function loopProducers(caps: RtpCapabilitiesWire): { ids: LoopStreamIds; producers: [LoopProducer, LoopProducer] } {
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
	return {
		ids,
		producers: [
			{ kind: 'audio', source: 'mic', rtpParameters: audio },
			{ kind: 'video', source: 'camera', rtpParameters: video },
		],
	};
}

/**
 * What a host's page does to publish (a send transport, ICE + DTLS, a mic
 * and a camera producer), with the loop as the camera and mic.
 */
export async function publishLoop(ask: Ask, caps: RtpCapabilitiesWire, cert: DtlsCertificate, source: LoopSource): Promise<PublishedHost> {
	const transport: TransportInfo = await ask('media:createTransport', { direction: 'send' });
	await ask('media:connectTransport', {
		transportId: transport.id,
		dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: cert.fingerprint }] },
	});
	const leg = await RtpReceiver.connect(transport, cert, { ssrcs: new Map(), publish: true });
	try {
		const { ids, producers } = loopProducers(caps);
		for (const p of producers) await ask('media:produce', { transportId: transport.id, ...p });
		return playing(source, leg, ids, () => leg.close());
	} catch (error) {
		leg.close();
		throw error;
	}
}

function playing(source: LoopSource, leg: RtpSendLeg, ids: LoopStreamIds, close: () => void): PublishedHost {
	const stopPlaying = source.play(leg, ids);
	return {
		leg,
		ids,
		stop() {
			stopPlaying();
			close();
		},
	};
}

/** The SRTP parameters of a plain transport's one direction, as mediasoup names them. */
export interface PlainSrtpParameters {
	cryptoSuite: 'AES_CM_128_HMAC_SHA1_80';
	/** Master key (16 bytes) then master salt (14 bytes), base64. */
	keyBase64: string;
}

/** What the bare reference's /publish takes: where our leg is, its sending key, the producers to make. */
export interface BarePublishRequest {
	ip: string;
	port: number;
	srtpParameters: PlainSrtpParameters;
	producers: LoopProducer[];
}

/** And answers: where its plain transport listens. */
export interface BarePublishAnswer {
	ip: string;
	port: number;
}

/**
 * A host's leg to a plain transport (no ICE, no DTLS): SRTP with a key of
 * our own, given to the server in the connect; RTCP comes back on the same
 * socket (rtcp-mux), where a PLI or FIR asks for a key frame.
 */
class PlainRtpLeg implements RtpSendLeg {
	onKeyFrameRequest: (() => void) | null = null;
	readonly srtpParameters: PlainSrtpParameters;
	readonly #socket: dgram.Socket;
	readonly #srtp: SrtpSender;
	#remote: BarePublishAnswer | null = null;
	#closed = false;

	private constructor(socket: dgram.Socket) {
		this.#socket = socket;
		const key = randomBytes(SRTP_MASTER_KEY_BYTES);
		const salt = randomBytes(SRTP_MASTER_SALT_BYTES);
		this.#srtp = new SrtpSender(key, salt);
		this.srtpParameters = { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: Buffer.concat([key, salt]).toString('base64') };
		socket.on('message', (msg) => {
			if (isKeyFrameRequest(msg)) this.onKeyFrameRequest?.();
		});
	}

	static async open(): Promise<PlainRtpLeg> {
		const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER_BYTES });
		await new Promise<void>((resolve, reject) => {
			socket.once('error', reject);
			socket.bind(0, '127.0.0.1', () => {
				socket.off('error', reject);
				resolve();
			});
		});
		return new PlainRtpLeg(socket);
	}

	get port(): number {
		return this.#socket.address().port;
	}

	sendTo(remote: BarePublishAnswer): void {
		this.#remote = remote;
	}

	sendRtp(packet: Buffer): Promise<void> {
		const remote = this.#remote;
		if (!remote || this.#closed) return Promise.resolve();
		const srtp = this.#srtp.protect(packet);
		return new Promise((resolve) => this.#socket.send(srtp, remote.port, remote.ip, () => resolve()));
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#socket.close();
	}
}

/** The host's loop into the bare reference at `url`: a plain transport (SRTP, no ICE or DTLS) and the loop's two producers. */
export async function publishPlainLoop(url: string, source: LoopSource): Promise<PublishedHost> {
	const caps = await bareCapabilities(url);
	const leg = await PlainRtpLeg.open();
	try {
		const { ids, producers } = loopProducers(caps);
		const request: BarePublishRequest = { ip: '127.0.0.1', port: leg.port, srtpParameters: leg.srtpParameters, producers };
		leg.sendTo(await postBare<BarePublishAnswer>(url, '/publish', 'publish', request));
		return playing(source, leg, ids, () => leg.close());
	} catch (error) {
		leg.close();
		throw error;
	}
}
