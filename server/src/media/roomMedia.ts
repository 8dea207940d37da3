import type { types } from 'mediasoup';
import {
	GladiError,
	type ConsumerInfo,
	type MediaSource,
	type RtpCapabilitiesWire,
	type RtpParametersWire,
	type DtlsParametersWire,
	type TransportInfo,
} from '@gladi/shared';
import type { Logger } from '../logger.ts';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import { MEDIA_CODECS } from './codecs.ts';
import { guardLayers } from './layerGuard.ts';
import type { ConsumerAppData, Direction, PeerConsumer, PeerMedia, PeerProducer, ProducerAppData, TransportAppData } from './peerMedia.ts';
import { EdgeRouter, RouterSite } from './routerSite.ts';
import type { WorkerPool, WorkerSlot } from './workerPool.ts';

type RoomMediaEvents = {
	/** The server closed a consumer (its producer closed); the peer's client should drop it. */
	consumerClosed: [peerId: string, consumerId: string];
	/** A peer's microphone went from silent to speaking or back (audio level observer). */
	speaking: [peerId: string, speaking: boolean];
	/** The worker under a peer's edge router died: its receive transport is gone (the rest of the room is fine). */
	receiveLost: [peerId: string];
	/** The origin router closed (close(), or its worker died). */
	closed: [];
};

/** What the worker's RTP listener tells a transport's producers apart by: the MID, every SSRC (RTX ones too) and every RID. */
function streamKeys(rtp: RtpParametersWire | types.RtpParameters): string[] {
	const encodings = (rtp.encodings ?? []) as Array<{ ssrc?: number; rid?: string; rtx?: { ssrc?: number } }>;
	return [
		...(rtp.mid ? [`MID ${rtp.mid}`] : []),
		...encodings.flatMap((e) => [
			...(e.ssrc !== undefined ? [`SSRC ${e.ssrc}`] : []),
			...(e.rtx?.ssrc !== undefined ? [`SSRC ${e.rtx.ssrc}`] : []),
			...(e.rid ? [`RID ${e.rid}`] : []),
		]),
	];
}

/**
 * A router's capabilities as clients are told them. Without the
 * video-orientation extension a phone held upright rotates its frames
 * itself, so the recording (FFmpeg ignores the extension) is upright too.
 */
export function announcedCapabilities(caps: types.RtpCapabilities): RtpCapabilitiesWire {
	return { ...caps, headerExtensions: (caps.headerExtensions ?? []).filter((e) => e.uri !== 'urn:3gpp:video-orientation') } as RtpCapabilitiesWire;
}

/** Louder than this (dBov) counts as speaking; a quiet room sits around -70. */
const SPEAKING_THRESHOLD_DB = -55;
const AUDIO_LEVEL_INTERVAL_MS = 500;
/**
 * Key frame requests for a producer's stream within this window are merged:
 * the first is passed on to the host at once (the first viewer waits for
 * nothing) and opens the window; the ones inside it become a single request
 * when it closes. A class of 30 joining in one second costs the host about
 * three key frames per layer, not 30.
 */
const KEY_FRAME_REQUEST_DELAY_MS = 500;

/**
 * One room's media: its origin router on one worker, where the host
 * produces, and the edge routers on other workers that carry a big room's
 * viewers (the host's producers are piped into them). Each person's
 * transports, producers and consumers live in their PeerMedia (owned by their
 * Peer); this class makes them on the right router and keeps the load counts.
 * It knows nothing of roles or sockets: the room decides who may do what.
 */
export class RoomMedia extends TypedEmitter<RoomMediaEvents> {
	readonly origin: RouterSite;
	readonly #pool: WorkerPool;
	/** Edge routers by worker, while they carry viewers (made on demand, closed when the last one leaves). */
	readonly #edges = new Map<WorkerSlot, Promise<EdgeRouter>>();
	#closing = false;
	readonly #audioLevels: types.AudioLevelObserver;
	/** Audio producers watched for speaking, and whose they are. */
	readonly #audioOwners = new Map<string, string>();
	/** Peers whose microphone is currently above the speaking threshold. */
	readonly #speaking = new Set<string>();
	readonly #log: Logger;
	#rtpCapabilities: RtpCapabilitiesWire | undefined;

	private constructor(origin: RouterSite, pool: WorkerPool, audioLevels: types.AudioLevelObserver, log: Logger) {
		super();
		this.origin = origin;
		this.#pool = pool;
		this.#audioLevels = audioLevels;
		this.#log = log;
		audioLevels.on('volumes', (volumes) => {
			const loud = new Set(volumes.flatMap((v) => this.#audioOwners.get(v.producer.id) ?? []));
			for (const peerId of loud) if (!this.#speaking.has(peerId)) this.#setSpeaking(peerId, true);
			for (const peerId of [...this.#speaking]) if (!loud.has(peerId)) this.#setSpeaking(peerId, false);
		});
		audioLevels.on('silence', () => {
			for (const peerId of [...this.#speaking]) this.#setSpeaking(peerId, false);
		});
		origin.router.observer.once('close', () => this.emit('closed'));
	}

	/** Open the room's origin router on `slot`; `pool` places viewers when that worker is full. */
	static async create(slot: WorkerSlot, pool: WorkerPool, log: Logger): Promise<RoomMedia> {
		const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
		try {
			const audioLevels = await router.createAudioLevelObserver({
				maxEntries: 4,
				threshold: SPEAKING_THRESHOLD_DB,
				interval: AUDIO_LEVEL_INTERVAL_MS,
			});
			return new RoomMedia(new RouterSite(slot, router), pool, audioLevels, log);
		} catch (error) {
			router.close();
			throw error;
		}
	}

	/** The worker the room lives on (its origin router's). */
	get slot(): WorkerSlot {
		return this.origin.slot;
	}

	get router(): types.Router {
		return this.origin.router;
	}

	get closed(): boolean {
		return this.router.closed;
	}

	/** What clients load their device with (see announcedCapabilities): made once, as mediasoup clones its own on every read. */
	get rtpCapabilities(): RtpCapabilitiesWire {
		this.#rtpCapabilities ??= announcedCapabilities(this.router.rtpCapabilities);
		return this.#rtpCapabilities;
	}

	/** The edge routers open now (for diagnostics and tests). */
	async edges(): Promise<EdgeRouter[]> {
		const settled = await Promise.allSettled(this.#edges.values());
		return settled.flatMap((r) => (r.status === 'fulfilled' && !r.value.closed ? [r.value] : []));
	}

	async createTransport(peer: PeerMedia, direction: Direction): Promise<TransportInfo> {
		const { peerId } = peer;
		if (peer.closed) throw new GladiError('left_room', 'left the room');
		// The host sends to the origin; a viewer receives from wherever there is room.
		const site = direction === 'send' ? this.#reserve(this.origin, peerId, 'send') : await this.#reserveViewerSite(peerId);
		let transport: types.WebRtcTransport<TransportAppData>;
		try {
			// A client that lost its transport (ICE failure) asks again: replace the old one.
			for (const t of [...peer.transports.values()]) if (t.transport.appData.direction === direction) t.transport.close();
			transport = await site.router.createWebRtcTransport<TransportAppData>({
				webRtcServer: site.slot.webRtcServer,
				enableUdp: true,
				enableTcp: true,
				preferUdp: true,
				initialAvailableOutgoingBitrate: 1_000_000,
				appData: { direction, peerId, connectCalled: false },
			});
		} catch (error) {
			this.#transportGone(site, peerId, direction);
			throw error;
		}
		transport.observer.once('close', () => {
			peer.transports.delete(transport.id);
			this.#transportGone(site, peerId, direction);
		});
		if (site instanceof EdgeRouter) {
			transport.once('routerclose', () => {
				// Only a dying edge worker closes an edge router under its viewers (it is closed on purpose only when empty).
				if (!this.#closing) this.emit('receiveLost', peerId);
			});
		}
		if (peer.closed) {
			// The peer left while the transport was being made: nothing would ever close it.
			transport.close();
			throw new GladiError('left_room', 'left the room');
		}
		peer.transports.set(transport.id, { transport, site });
		if (direction === 'send') await transport.setMaxIncomingBitrate(3_500_000);
		return {
			id: transport.id,
			iceParameters: transport.iceParameters,
			iceCandidates: transport.iceCandidates as TransportInfo['iceCandidates'],
			dtlsParameters: transport.dtlsParameters as DtlsParametersWire,
		};
	}

	async connectTransport(peer: PeerMedia, transportId: string, dtlsParameters: DtlsParametersWire): Promise<void> {
		const { transport } = peer.transport(transportId);
		// dtlsState stays 'new' until ICE completes, so remember the call (mediasoup refuses a second one).
		if (transport.appData.connectCalled || transport.dtlsState !== 'new') {
			throw new GladiError('transport_connected', 'transport is already connected');
		}
		transport.appData.connectCalled = true;
		try {
			await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
		} catch (error) {
			transport.appData.connectCalled = false;
			throw error;
		}
	}

	async restartIce(peer: PeerMedia, transportId: string): Promise<TransportInfo['iceParameters']> {
		return peer.transport(transportId).transport.restartIce();
	}

	async produce(
		peer: PeerMedia,
		transportId: string,
		kind: 'audio' | 'video',
		source: MediaSource,
		rtpParameters: RtpParametersWire,
		paused: boolean,
	): Promise<PeerProducer> {
		const { transport } = peer.transport(transportId);
		if (transport.appData.direction !== 'send') throw new GladiError('wrong_transport', 'not a send transport');
		// One producer per source, claimed before the first await (racing requests get source_taken).
		const release = peer.claimSource(source);
		const streams = streamKeys(rtpParameters);
		const claimed: string[] = [];
		let producer: PeerProducer;
		try {
			// The worker refuses a MID, SSRC or RID another producer on the transport has (with an untyped error):
			// refused here, against the producers and the produce requests still with the worker.
			const taken = new Set([...[...peer.producers.values()].flatMap((p) => streamKeys(p.rtpParameters)), ...peer.claimedStreams]);
			const clash = streams.find((key) => taken.has(key));
			if (clash) throw new GladiError('media_mismatch', `the ${source} uses the ${clash} of another track`);
			for (const key of streams) {
				peer.claimedStreams.add(key);
				claimed.push(key);
			}
			producer = await transport.produce<ProducerAppData>({
				kind,
				rtpParameters: rtpParameters as types.RtpParameters,
				paused,
				// Viewers joining together (a class arriving) share one key frame instead of each asking the host for one.
				...(kind === 'video' ? { keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS } : {}),
				appData: { source, peerId: peer.peerId },
			});
			if (transport.closed) {
				// Replaced (or its peer gone) while the worker made the producer: the worker closed it with the transport,
				// but mediasoup's Node object would stay open, owned by nobody.
				producer.close();
				throw new GladiError('transport_not_found', 'the transport closed while producing');
			}
			peer.producers.set(producer.id, producer);
		} finally {
			// From here on the producer itself (if made) holds its source and streams.
			release();
			for (const key of claimed) peer.claimedStreams.delete(key);
		}
		producer.observer.once('close', () => {
			peer.producers.delete(producer.id);
			this.#audioOwners.delete(producer.id);
			if (producer.kind === 'audio' && this.#speaking.has(peer.peerId)) this.#setSpeaking(peer.peerId, false);
		});
		if (kind === 'audio') {
			this.#audioOwners.set(producer.id, peer.peerId);
			await this.#audioLevels.addProducer({ producerId: producer.id });
		}
		return producer;
	}

	/**
	 * Consume every given producer this peer does not consume yet. Consumers
	 * start paused: the client resumes each once it has wired the track, so no
	 * keyframe is lost before it can be decoded.
	 */
	async consume(
		peer: PeerMedia,
		transportId: string,
		rtpCapabilities: RtpCapabilitiesWire,
		producers: readonly PeerProducer[],
	): Promise<ConsumerInfo[]> {
		const { transport, site } = peer.transport(transportId);
		if (transport.appData.direction !== 'recv') throw new GladiError('wrong_transport', 'not a receive transport');
		const have = new Set([...peer.consumers.values()].map((c) => c.producerId));
		const created: ConsumerInfo[] = [];
		for (const producer of producers) {
			if (have.has(producer.id) || producer.closed) continue;
			if (site instanceof EdgeRouter) {
				try {
					await site.pipe(producer);
				} catch (error) {
					if (producer.closed) continue; // the host dropped it meanwhile: nothing to receive
					throw error;
				}
			}
			const caps = rtpCapabilities as types.RtpCapabilities;
			if (!site.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) {
				throw new GladiError('codec_unsupported', `this device cannot receive the ${producer.kind} codec`);
			}
			const consumer: PeerConsumer = await transport.consume<ConsumerAppData>({
				producerId: producer.id,
				rtpCapabilities: caps,
				paused: true,
				appData: { peerId: peer.peerId, source: producer.appData.source },
			});
			if (transport.closed) {
				// As in produce: the worker closed it with its transport; the Node object must not linger.
				consumer.close();
				throw new GladiError('transport_not_found', 'the transport closed while consuming');
			}
			site.addConsumer(consumer);
			peer.consumers.set(consumer.id, consumer);
			consumer.observer.once('close', () => peer.consumers.delete(consumer.id));
			consumer.once('producerclose', () => {
				consumer.close();
				this.emit('consumerClosed', peer.peerId, consumer.id);
			});
			consumer.once('transportclose', () => consumer.close());
			if (consumer.type === 'simulcast') guardLayers(consumer, producer.rtpParameters.encodings?.length ?? 1, this.#log);
			created.push({
				id: consumer.id,
				producerId: producer.id,
				kind: consumer.kind,
				source: consumer.appData.source,
				rtpParameters: consumer.rtpParameters as RtpParametersWire,
			});
		}
		return created;
	}

	/**
	 * The worker asks the host for a key frame itself as soon as the consumer
	 * is resumed with its transport connected (whichever comes last), once
	 * per layer it picks. A second request here would only be merged into
	 * the producer's window and come back as an extra key frame 500 ms later.
	 */
	async resumeConsumer(peer: PeerMedia, consumerId: string): Promise<void> {
		await peer.consumer(consumerId).resume();
	}

	/** Close the routers (idempotent). Peers' media is closed by their Peer first; whatever is left goes with the routers. */
	close(): void {
		if (this.#closing) return;
		this.#closing = true;
		for (const edge of this.#edges.values()) void edge.then((e) => e.close(), () => undefined);
		this.#edges.clear();
		if (!this.router.closed) {
			this.#log.debug({ routerId: this.router.id }, 'router closed');
			this.router.close();
		}
	}

	/** Count a transport on `site` from now on (until #transportGone). */
	#reserve(site: RouterSite, peerId: string, direction: Direction): RouterSite {
		site.addTransport(peerId, direction);
		return site;
	}

	/**
	 * Where a new receive transport goes, counted there at once: the origin,
	 * or an edge router on a worker with room to spare. The origin is counted
	 * before this first yields, so viewers joining at the same moment see each
	 * other's share and spread out.
	 */
	async #reserveViewerSite(peerId: string): Promise<RouterSite> {
		const slot = this.#pool.viewerSlot(this.slot, (s) => this.#edges.has(s));
		if (slot === this.slot) return this.#reserve(this.origin, peerId, 'recv');
		let edge = this.#edges.get(slot);
		if (!edge) {
			edge = EdgeRouter.create(slot, this.origin, this.#log);
			const edges = this.#edges;
			edges.set(slot, edge);
			edge.then(
				(e) => {
					// Gone with its worker (or closed when empty): the next viewer placed there gets a new one.
					e.router.observer.once('close', () => {
						if (edges.get(slot) === edge) edges.delete(slot);
					});
					if (this.#closing) e.close();
				},
				() => {
					if (edges.get(slot) === edge) edges.delete(slot);
				},
			);
		}
		let site: EdgeRouter;
		try {
			site = await edge;
		} catch (error) {
			// An overloaded origin still beats a viewer who cannot watch at all.
			this.#log.warn({ worker: slot.index, err: error }, 'could not open an edge router; the viewer stays on the room worker');
			return this.#reserve(this.origin, peerId, 'recv');
		}
		// Its worker died while it was being made: try again (dead workers are skipped).
		if (site.closed) return this.#reserveViewerSite(peerId);
		return this.#reserve(site, peerId, 'recv');
	}

	/** A transport is closed (or was never made): uncount it, and close an edge router nobody uses any more. */
	#transportGone(site: RouterSite, peerId: string, direction: Direction): void {
		site.removeTransport(peerId, direction);
		if (site instanceof EdgeRouter && site.peerCount() === 0) site.close();
	}

	#setSpeaking(peerId: string, speaking: boolean): void {
		if (speaking) this.#speaking.add(peerId);
		else this.#speaking.delete(peerId);
		this.emit('speaking', peerId, speaking);
	}
}
