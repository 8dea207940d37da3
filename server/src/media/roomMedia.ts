import type { types } from 'mediasoup';
import {
	ProtocolError,
	type ConsumerInfo,
	type MediaSource,
	type RtpCapabilitiesWire,
	type RtpParametersWire,
	type DtlsParametersWire,
	type TransportInfo,
} from '@gladi/shared';
import { createLogger } from '../logger.ts';
import { TypedEmitter } from '../typedEmitter.ts';
import { MEDIA_CODECS } from './codecs.ts';
import type { WorkerLoad, WorkerSlot } from './workerPool.ts';

const log = createLogger('room-media');

type Direction = 'send' | 'recv';

interface PeerMedia {
	transports: Map<string, types.WebRtcTransport>;
	producers: Map<string, types.Producer>;
	consumers: Map<string, types.Consumer>;
}

type RoomMediaEvents = {
	/** The server closed a consumer (its producer closed); the peer's client should drop it. */
	consumerClosed: [peerId: string, consumerId: string];
	/** A peer's microphone went from silent to speaking or back (audio level observer). */
	speaking: [peerId: string, speaking: boolean];
};

/** Louder than this (dBov) counts as speaking; a quiet room sits around -70. */
const SPEAKING_THRESHOLD_DB = -55;
const AUDIO_LEVEL_INTERVAL_MS = 500;
/** Key frame requests from consumers within this window are merged into one. */
const KEY_FRAME_REQUEST_DELAY_MS = 500;

/**
 * One room's media: a router on one worker, and each peer's transports,
 * producers and consumers. Knows nothing of roles or sockets: the room
 * decides who may do what, this class does it and cleans up after it.
 */
export class RoomMedia extends TypedEmitter<RoomMediaEvents> implements WorkerLoad {
	readonly slot: WorkerSlot;
	readonly router: types.Router;
	readonly #peers = new Map<string, PeerMedia>();
	readonly #audioLevels: types.AudioLevelObserver;
	/** Peers whose microphone is currently above the speaking threshold. */
	readonly #speaking = new Set<string>();

	private constructor(slot: WorkerSlot, router: types.Router, audioLevels: types.AudioLevelObserver) {
		super();
		this.slot = slot;
		this.router = router;
		this.#audioLevels = audioLevels;
		audioLevels.on('volumes', (volumes) => {
			const loud = new Set(volumes.map((v) => v.producer.appData['peerId'] as string));
			for (const peerId of loud) if (!this.#speaking.has(peerId)) this.#setSpeaking(peerId, true);
			for (const peerId of [...this.#speaking]) if (!loud.has(peerId)) this.#setSpeaking(peerId, false);
		});
		audioLevels.on('silence', () => {
			for (const peerId of [...this.#speaking]) this.#setSpeaking(peerId, false);
		});
	}

	static async create(slot: WorkerSlot): Promise<RoomMedia> {
		const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
		const audioLevels = await router.createAudioLevelObserver({
			maxEntries: 4,
			threshold: SPEAKING_THRESHOLD_DB,
			interval: AUDIO_LEVEL_INTERVAL_MS,
		});
		const media = new RoomMedia(slot, router, audioLevels);
		const rooms = slot.rooms;
		rooms.add(media);
		router.observer.once('close', () => rooms.delete(media));
		return media;
	}

	get closed(): boolean {
		return this.router.closed;
	}

	get rtpCapabilities(): RtpCapabilitiesWire {
		return this.router.rtpCapabilities as RtpCapabilitiesWire;
	}

	consumerCount(): number {
		let n = 0;
		for (const p of this.#peers.values()) n += p.consumers.size;
		return n;
	}

	peerCount(): number {
		return this.#peers.size;
	}

	/** Counts for health and tests: nothing should outlive its peer. */
	stats(): { peers: number; transports: number; producers: number; consumers: number } {
		let transports = 0;
		let producers = 0;
		let consumers = 0;
		for (const p of this.#peers.values()) {
			transports += p.transports.size;
			producers += p.producers.size;
			consumers += p.consumers.size;
		}
		return { peers: this.#peers.size, transports, producers, consumers };
	}

	async createTransport(peerId: string, direction: Direction): Promise<TransportInfo> {
		const peer = this.#peer(peerId);
		if ([...peer.transports.values()].some((t) => t.appData['direction'] === direction)) {
			// A client that lost its transport (ICE failure) asks again: replace the old one.
			for (const t of peer.transports.values()) if (t.appData['direction'] === direction) t.close();
		}
		const transport = await this.router.createWebRtcTransport({
			webRtcServer: this.slot.webRtcServer,
			enableUdp: true,
			enableTcp: true,
			preferUdp: true,
			initialAvailableOutgoingBitrate: 1_000_000,
			appData: { direction, peerId },
		});
		if (this.#peers.get(peerId) !== peer) {
			// The peer left (closePeer) while the transport was being made: nothing would ever close it.
			transport.close();
			throw new ProtocolError('invalid_state', 'left the room');
		}
		peer.transports.set(transport.id, transport);
		transport.observer.once('close', () => peer.transports.delete(transport.id));
		if (direction === 'send') await transport.setMaxIncomingBitrate(3_500_000);
		return {
			id: transport.id,
			iceParameters: transport.iceParameters,
			iceCandidates: transport.iceCandidates as TransportInfo['iceCandidates'],
			dtlsParameters: transport.dtlsParameters as DtlsParametersWire,
		};
	}

	async connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParametersWire): Promise<void> {
		const transport = this.#transport(peerId, transportId);
		// dtlsState stays 'new' until ICE completes, so remember the call (mediasoup refuses a second one).
		if (transport.appData['connectCalled'] || transport.dtlsState !== 'new') {
			throw new ProtocolError('invalid_state', 'transport is already connected');
		}
		transport.appData['connectCalled'] = true;
		try {
			await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
		} catch (error) {
			transport.appData['connectCalled'] = false;
			throw error;
		}
	}

	async restartIce(peerId: string, transportId: string): Promise<TransportInfo['iceParameters']> {
		return this.#transport(peerId, transportId).restartIce();
	}

	async produce(
		peerId: string,
		transportId: string,
		kind: 'audio' | 'video',
		source: MediaSource,
		rtpParameters: RtpParametersWire,
		paused: boolean,
	): Promise<types.Producer> {
		const transport = this.#transport(peerId, transportId);
		if (transport.appData['direction'] !== 'send') throw new ProtocolError('invalid_state', 'not a send transport');
		const peer = this.#peer(peerId);
		// One producer per source: a new camera track replaces the old producer.
		for (const p of peer.producers.values()) if (p.appData['source'] === source) p.close();
		const producer = await transport.produce({
			kind,
			rtpParameters: rtpParameters as types.RtpParameters,
			paused,
			// Viewers joining together (a class arriving) share one key frame instead of each asking the host for one.
			...(kind === 'video' ? { keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS } : {}),
			appData: { source, peerId },
		});
		peer.producers.set(producer.id, producer);
		producer.observer.once('close', () => {
			peer.producers.delete(producer.id);
			if (producer.kind === 'audio' && this.#speaking.has(peerId)) this.#setSpeaking(peerId, false);
		});
		if (kind === 'audio') await this.#audioLevels.addProducer({ producerId: producer.id });
		return producer;
	}

	producerOf(peerId: string, producerId: string): types.Producer {
		const producer = this.#peers.get(peerId)?.producers.get(producerId);
		if (!producer) throw new ProtocolError('not_found', 'no such producer');
		return producer;
	}

	producersOf(peerId: string): types.Producer[] {
		return [...(this.#peers.get(peerId)?.producers.values() ?? [])];
	}

	closeProducers(peerId: string): void {
		for (const p of this.producersOf(peerId)) p.close();
	}

	/**
	 * Consume every given producer this peer does not consume yet. Consumers
	 * start paused: the client resumes each once it has wired the track, so no
	 * keyframe is lost before it can be decoded.
	 */
	async consume(
		peerId: string,
		transportId: string,
		rtpCapabilities: RtpCapabilitiesWire,
		producers: types.Producer[],
	): Promise<ConsumerInfo[]> {
		const transport = this.#transport(peerId, transportId);
		if (transport.appData['direction'] !== 'recv') throw new ProtocolError('invalid_state', 'not a receive transport');
		const peer = this.#peer(peerId);
		const have = new Set([...peer.consumers.values()].map((c) => c.producerId));
		const created: ConsumerInfo[] = [];
		for (const producer of producers) {
			if (have.has(producer.id) || producer.closed) continue;
			const caps = rtpCapabilities as types.RtpCapabilities;
			if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) {
				throw new ProtocolError('bad_request', `this device cannot receive the ${producer.kind} codec`);
			}
			const consumer = await transport.consume({
				producerId: producer.id,
				rtpCapabilities: caps,
				paused: true,
				appData: { peerId },
			});
			peer.consumers.set(consumer.id, consumer);
			consumer.observer.once('close', () => peer.consumers.delete(consumer.id));
			const closedByServer = (): void => {
				consumer.close();
				this.emit('consumerClosed', peerId, consumer.id);
			};
			consumer.once('producerclose', closedByServer);
			consumer.once('transportclose', () => consumer.close());
			created.push({
				id: consumer.id,
				producerId: producer.id,
				kind: consumer.kind,
				source: producer.appData['source'] as MediaSource,
				rtpParameters: consumer.rtpParameters as RtpParametersWire,
			});
		}
		return created;
	}

	async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
		const consumer = this.#peers.get(peerId)?.consumers.get(consumerId);
		if (!consumer) throw new ProtocolError('not_found', 'no such consumer');
		await consumer.resume();
		if (consumer.kind === 'video') await consumer.requestKeyFrame();
	}

	/** Close everything the peer owns (transports close their producers and consumers). */
	closePeer(peerId: string): void {
		const peer = this.#peers.get(peerId);
		if (!peer) return;
		for (const t of peer.transports.values()) t.close();
		this.#peers.delete(peerId);
	}

	close(): void {
		if (!this.router.closed) {
			log.debug('router closed', { routerId: this.router.id });
			this.router.close();
		}
		for (const peerId of [...this.#peers.keys()]) this.closePeer(peerId);
	}

	#setSpeaking(peerId: string, speaking: boolean): void {
		if (speaking) this.#speaking.add(peerId);
		else this.#speaking.delete(peerId);
		this.emit('speaking', peerId, speaking);
	}

	#peer(peerId: string): PeerMedia {
		let peer = this.#peers.get(peerId);
		if (!peer) {
			peer = { transports: new Map(), producers: new Map(), consumers: new Map() };
			this.#peers.set(peerId, peer);
		}
		return peer;
	}

	#transport(peerId: string, transportId: string): types.WebRtcTransport {
		const transport = this.#peers.get(peerId)?.transports.get(transportId);
		if (!transport) throw new ProtocolError('not_found', 'no such transport (create it first)');
		return transport;
	}
}
