/*
 * A child process holding many lightweight viewers for the fan-out capacity
 * benchmark (fanoutCapacity.ts forks it and drives it over IPC). Each viewer
 * is what a buyer's page does, minus decoding: its own socket.io connection
 * through Gladi's signaling (room:join, a recv transport, consume, resume)
 * and its own UDP socket receiving the host's media (rtpReceiver.ts).
 * Being a separate process, its CPU and memory are measured apart from the
 * server's and the benchmark's.
 */
import type { ConsumerInfo, JoinResponse, RtpCapabilitiesWire, TransportInfo } from '@gladi/shared';
import { io, type Socket } from 'socket.io-client';
import { udpDropsByPort } from './procStats.ts';
import { createCertificate, RtpReceiver, type DtlsCertificate } from './rtpReceiver.ts';
import { percentile } from './stats.ts';

export type ViewerCommand =
	/** Join `count` more viewers, `concurrency` at a time, starting none after `withinMs`. */
	| { type: 'add'; url: string; token: string; count: number; concurrency: number; withinMs: number }
	| { type: 'snapshot' }
	| { type: 'close' };

export interface ViewerCounters {
	expected: number;
	received: number;
	bytes: number;
	videoExpected: number;
	videoReceived: number;
	/** Datagrams the kernel dropped at this viewer's socket (this process read too slowly). */
	socketDrops: number;
	/** The server closed its consumers or room, or the signaling connection went. */
	gone: boolean;
}

export type ViewerReply =
	| {
			type: 'added';
			ok: number;
			failed: number;
			/** Not started: `withinMs` had passed. */
			skipped: number;
			errors: string[];
			ms: number;
			/** Medians per viewer: socket.io connect to consume answered; ICE + DTLS; resumes. */
			signalingMs: number;
			mediaMs: number;
			resumeMs: number;
	  }
	| { type: 'snapshot'; viewers: ViewerCounters[]; cpuSeconds: number; rssBytes: number; heapBytes: number }
	| { type: 'error'; message: string };

interface Viewer {
	socket: Socket;
	receiver: RtpReceiver;
	gone: boolean;
	timings: { signalingMs: number; mediaMs: number; resumeMs: number };
}

/** Kernel receive buffer per viewer socket (capped by net.core.rmem_max). */
const RECV_BUFFER_BYTES = 2 ** 20;

async function ask<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
	let ack: { ok: boolean; data: T; error?: { message: string } };
	try {
		ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as typeof ack;
	} catch (error) {
		throw new Error(`${event}: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (!ack.ok) throw new Error(`${event}: ${ack.error?.message}`);
	return ack.data;
}

function connect(url: string, token: string, name: string): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = io(url, { auth: { token, name }, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 15_000 });
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => reject(new Error(`connect: ${error.message}`)));
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

async function joinViewer(url: string, token: string, name: string, cert: DtlsCertificate): Promise<Viewer> {
	const t0 = performance.now();
	const socket = await connect(url, token, name);
	let receiver: RtpReceiver | undefined;
	try {
		const joined = await ask<JoinResponse>(socket, 'room:join', {});
		const transport = await ask<TransportInfo>(socket, 'media:createTransport', { direction: 'recv' });
		// The server is told first, so that our DTLS ClientHello finds it ready.
		await ask(socket, 'media:connectTransport', {
			transportId: transport.id,
			dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: cert.fingerprint }] },
		});
		const { consumers } = await ask<{ consumers: ConsumerInfo[] }>(socket, 'media:consume', {
			transportId: transport.id,
			rtpCapabilities: receiveCapabilities(joined.routerRtpCapabilities),
		});
		if (consumers.length === 0) throw new Error('nothing to consume (is the host live?)');
		const ssrcs = new Map<number, 'audio' | 'video'>();
		for (const c of consumers) ssrcs.set(c.rtpParameters.encodings?.[0]?.ssrc ?? 0, c.kind);
		const t1 = performance.now();
		receiver = await RtpReceiver.connect(transport, cert, { ssrcs, recvBufferBytes: RECV_BUFFER_BYTES });
		const t2 = performance.now();
		const viewer: Viewer = { socket, receiver, gone: false, timings: { signalingMs: t1 - t0, mediaMs: t2 - t1, resumeMs: 0 } };
		const gone = (): void => {
			viewer.gone = true;
		};
		socket.on('media:consumerClosed', gone);
		socket.on('room:closed', gone);
		socket.on('disconnect', gone);
		for (const c of consumers) await ask(socket, 'media:resumeConsumer', { consumerId: c.id });
		viewer.timings.resumeMs = performance.now() - t2;
		return viewer;
	} catch (error) {
		receiver?.close();
		socket.disconnect();
		throw error;
	}
}

async function main(): Promise<void> {
	const send = (reply: ViewerReply): void => {
		process.send!(reply);
	};
	const cert = await createCertificate();
	const viewers: Viewer[] = [];

	process.on('message', (command: ViewerCommand) => {
		void (async () => {
			if (command.type === 'add') {
				const started = Date.now();
				const deadline = started + command.withinMs;
				const errors: string[] = [];
				let failed = 0;
				const added: Viewer[] = [];
				const first = viewers.length;
				let next = 0;
				// A few joins at a time, as people arriving, rather than all at once.
				const lane = async (): Promise<void> => {
					while (next < command.count && Date.now() < deadline) {
						const i = first + next++;
						try {
							const viewer = await joinViewer(command.url, command.token, `Penonton ${i}`, cert);
							viewers.push(viewer);
							added.push(viewer);
						} catch (error) {
							failed++;
							if (errors.length < 5) errors.push(String(error));
						}
					}
				};
				await Promise.all(Array.from({ length: command.concurrency }, lane));
				const median = (key: keyof Viewer['timings']): number => Math.round(percentile(added.map((v) => v.timings[key]), 50) || 0);
				send({
					type: 'added',
					ok: added.length,
					failed,
					skipped: command.count - added.length - failed,
					errors,
					ms: Date.now() - started,
					signalingMs: median('signalingMs'),
					mediaMs: median('mediaMs'),
					resumeMs: median('resumeMs'),
				});
			} else if (command.type === 'snapshot') {
				const drops = udpDropsByPort();
				const cpu = process.cpuUsage();
				send({
					type: 'snapshot',
					viewers: viewers.map((v) => {
						const all = v.receiver.totals();
						const video = v.receiver.totals('video');
						return {
							expected: all.expected,
							received: all.received,
							bytes: all.bytes,
							videoExpected: video.expected,
							videoReceived: video.received,
							socketDrops: drops.get(v.receiver.port) ?? 0,
							gone: v.gone,
						};
					}),
					cpuSeconds: (cpu.user + cpu.system) / 1e6,
					rssBytes: process.memoryUsage.rss(),
					heapBytes: process.memoryUsage().heapUsed,
				});
			} else if (command.type === 'close') {
				for (const v of viewers) {
					v.receiver.close();
					v.socket.disconnect();
				}
				process.exit(0);
			}
		})().catch((error: unknown) => send({ type: 'error', message: String(error) }));
	});
	send({ type: 'added', ok: 0, failed: 0, skipped: 0, errors: [], ms: 0, signalingMs: 0, mediaMs: 0, resumeMs: 0 }); // ready
}

if (process.send) void main();
