import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.ts';
import type { PeerProducer } from '../media/peerMedia.ts';
import type { RouterSite } from '../media/routerSite.ts';
import { RecorderProcess } from './ffmpeg.ts';
import { partFile, sdpFileOf } from './parts.ts';
import { recorderSdp, type RecorderStream } from './sdp.ts';

/** Recorder RTP ports: outside the workers' WebRTC ports (40000+), even, RTCP on the next one. */
const PORT_MIN = 30_000;
const PORT_PAIRS = 5_000;
/** A recorder that dies is started again after this, at most this many times per session. */
const RESTART_DELAY_MS = 1_000;
const MAX_RESTARTS = 20;
/** When a part asks for key frames (ms after it starts). */
const KEY_FRAME_REQUESTS_MS = [0, 300, 700, 1_500];

export interface SessionRecordingOptions {
	sessionId: string;
	dir: string;
	/** The room's origin router (where the host produces), and its load count. */
	site: RouterSite;
	/** The host's producers now (the live's audio and video). */
	producers: () => readonly PeerProducer[];
	ffmpeg: string;
	log: Logger;
}

/** One part being written: its recorder, and the plain transports and consumers feeding it. */
interface Part {
	file: string;
	ports: number[];
	producerIds: string;
	process: RecorderProcess;
	transports: types.PlainTransport[];
	timers: NodeJS.Timeout[];
}

/**
 * The recording of one live session. The host's producers are consumed on
 * the origin router through plain RTP transports (the top simulcast layer)
 * and written by an FFmpeg process, part by part: a new part starts when the
 * host's producers change (a republish, a camera switch) or the recorder dies
 * (it is restarted). stop() ends the current part and returns every part's
 * file, for Recordings to join into one.
 */
export class SessionRecording {
	readonly sessionId: string;
	readonly #o: SessionRecordingOptions;
	readonly #parts: string[] = [];
	#current: Part | null = null;
	/** Changes run one at a time, in order. */
	#queue: Promise<void> = Promise.resolve();
	#stopped = false;
	#restarts = 0;
	#site: RouterSite;

	constructor(options: SessionRecordingOptions) {
		this.sessionId = options.sessionId;
		this.#o = options;
		this.#site = options.site;
		this.refresh();
	}

	/** The room's media was made again (its worker died): record from the new origin router. */
	moveTo(site: RouterSite): void {
		if (site === this.#site) return;
		this.#enqueue(async () => {
			await this.#endPart();
			this.#site = site;
		});
		this.refresh();
	}

	/** The host's producers may have changed: record what they are now (a new part if they differ). */
	refresh(): void {
		this.#enqueue(() => this.#recordProducers());
	}

	/**
	 * End the recording; resolves with the parts written (oldest first). Call
	 * it before the host's producers close: the recorder is told at once, so
	 * it finishes its file while the streams still flow.
	 */
	async stop(): Promise<string[]> {
		if (!this.#stopped) {
			this.#stopped = true;
			this.#current?.process.interrupt();
			this.#enqueue(() => this.#endPart());
		}
		await this.#queue;
		return [...this.#parts];
	}

	/** Resolves once every change asked for so far is made (a part started means its recorder listens and its consumers flow). */
	settled(): Promise<void> {
		return this.#queue;
	}

	#enqueue(step: () => Promise<void>): void {
		this.#queue = this.#queue.then(step).catch((error: unknown) => this.#o.log.error({ err: error }, 'recording step failed'));
	}

	/** Make the current part record the host's producers as they are now (nothing to do if it does). */
	async #recordProducers(): Promise<void> {
		const producers = this.#o.producers().filter((p) => !p.closed);
		const ids = producers.map((p) => p.id).sort().join(',');
		if (this.#current?.producerIds === ids) return;
		await this.#endPart();
		if (producers.length > 0) await this.#startPart(producers, ids);
	}

	async #startPart(producers: PeerProducer[], ids: string): Promise<void> {
		if (this.#stopped) return;
		const { log } = this.#o;
		const site = this.#site;
		const router = site.router;
		if (router.closed) return;
		const index = this.#parts.length + 1;
		const file = partFile(this.#o.dir, index);
		const transports: types.PlainTransport[] = [];
		const consumers: types.Consumer[] = [];
		const ports: number[] = [];
		try {
			const streams: RecorderStream[] = [];
			for (const producer of producers) {
				const port = await freeRtpPort();
				ports.push(port);
				const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: false });
				transports.push(transport);
				await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
				const layers = producer.rtpParameters.encodings?.length ?? 1;
				const consumer = await transport.consume({
					producerId: producer.id,
					rtpCapabilities: router.rtpCapabilities,
					paused: true,
					// A plain transport has no bandwidth estimate: ask for the top simulcast layer.
					...(producer.kind === 'video' && layers > 1 ? { preferredLayers: { spatialLayer: layers - 1 } } : {}),
				});
				consumers.push(consumer);
				site.addConsumer(consumer);
				// The host dropped this producer: record what is left (or wait for a new one).
				consumer.once('producerclose', () => this.refresh());
				streams.push({ kind: producer.kind, port, rtpParameters: consumer.rtpParameters });
			}
			const sdpFile = sdpFileOf(file);
			writeFileSync(sdpFile, recorderSdp(streams));
			const process = await RecorderProcess.start({ ffmpeg: this.#o.ffmpeg, sdpFile, outFile: file, ports: streams.map((s) => s.port), log });
			const part: Part = { file, ports, producerIds: ids, process, transports, timers: [] };
			this.#current = part;
			this.#parts.push(file);
			process.on('exit', ({ expected }) => {
				if (!expected) this.#recorderDied(part);
			});
			for (const consumer of consumers) await consumer.resume();
			for (const consumer of consumers) if (consumer.kind === 'video') this.#askForKeyFrames(consumer, part);
			log.info({ part: index, streams: streams.map((s) => s.kind), pid: process.pid }, 'recording part started');
		} catch (error) {
			for (const t of transports) t.close();
			for (const p of ports) reserved.delete(p);
			throw error;
		}
	}

	/**
	 * Ask for key frames at the start of a part: mediasoup holds video until
	 * one comes, and the first may be merged with a viewer's request or reach
	 * FFmpeg before it reads; a few more cost the host little.
	 */
	#askForKeyFrames(consumer: types.Consumer, part: Part): void {
		for (const delay of KEY_FRAME_REQUESTS_MS) {
			part.timers.push(setTimeout(() => void (consumer.closed ? undefined : consumer.requestKeyFrame().catch(() => undefined)), delay));
		}
	}

	async #endPart(): Promise<void> {
		const part = this.#current;
		if (!part) return;
		this.#current = null;
		for (const t of part.timers) clearTimeout(t);
		await part.process.stop();
		for (const t of part.transports) t.close();
		for (const p of part.ports) reserved.delete(p);
	}

	/** The recorder died under a part: keep its file, and start a new part after a moment. */
	#recorderDied(part: Part): void {
		if (this.#current !== part) return;
		this.#enqueue(async () => {
			if (this.#current !== part) return;
			await this.#endPart();
			if (this.#stopped || ++this.#restarts > MAX_RESTARTS) return;
			await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
			await this.#recordProducers();
		});
	}
}

/** Ports handed to a recorder and not given back yet (so two recordings starting together never share one). */
const reserved = new Set<number>();

/** An even UDP port on loopback, free with the one after it (RTP and RTCP), reserved until its part ends. */
async function freeRtpPort(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = PORT_MIN + 2 * randomInt(PORT_PAIRS);
		if (reserved.has(port)) continue;
		reserved.add(port);
		if ((await canBind(port)) && (await canBind(port + 1))) return port;
		reserved.delete(port);
	}
	throw new Error('no free UDP port pair for the recorder');
}

function canBind(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createSocket('udp4');
		socket.once('error', () => {
			socket.close();
			resolve(false);
		});
		socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
	});
}
