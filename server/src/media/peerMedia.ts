import { GladiError, type MediaSource } from '@gladi/shared';
import type { types } from 'mediasoup';
import type { RouterSite } from './routerSite.ts';

export type Direction = 'send' | 'recv';

/** What Gladi keeps on each mediasoup object (typed: no casts where it is read). */
export type TransportAppData = { peerId: string; direction: Direction; connectCalled: boolean };
export type ProducerAppData = { peerId: string; source: MediaSource };
export type ConsumerAppData = { peerId: string; source: MediaSource };

export type PeerTransport = types.WebRtcTransport<TransportAppData>;
export type PeerProducer = types.Producer<ProducerAppData>;
export type PeerConsumer = types.Consumer<ConsumerAppData>;

export interface MediaCounts {
	transports: number;
	producers: number;
	consumers: number;
}

/**
 * One person's media in a room: their transports (each on the router it was
 * made on: the room's origin or an edge router), and the producers and
 * consumers on them. Entries leave the maps when mediasoup closes them, so
 * nothing here outlives its mediasoup object. Closing it closes the
 * transports, which close their producers and consumers.
 */
export class PeerMedia {
	readonly peerId: string;
	readonly transports = new Map<string, { transport: PeerTransport; site: RouterSite }>();
	readonly producers = new Map<string, PeerProducer>();
	readonly consumers = new Map<string, PeerConsumer>();
	/** Sources whose producer is being made (between the request and mediasoup's answer). */
	readonly #producing = new Set<MediaSource>();
	/** The MIDs, SSRCs and RIDs of produce requests still with the worker: two at once cannot share one. */
	readonly claimedStreams = new Set<string>();
	#closed = false;

	constructor(peerId: string) {
		this.peerId = peerId;
	}

	get closed(): boolean {
		return this.#closed;
	}

	counts(): MediaCounts {
		return { transports: this.transports.size, producers: this.producers.size, consumers: this.consumers.size };
	}

	transport(transportId: string): { transport: PeerTransport; site: RouterSite } {
		const entry = this.transports.get(transportId);
		if (!entry) throw new GladiError('transport_not_found', 'no such transport (create it first)');
		return entry;
	}

	producer(producerId: string): PeerProducer {
		const producer = this.producers.get(producerId);
		if (!producer) throw new GladiError('producer_not_found', 'no such producer');
		return producer;
	}

	consumer(consumerId: string): PeerConsumer {
		const consumer = this.consumers.get(consumerId);
		if (!consumer) throw new GladiError('consumer_not_found', 'no such consumer');
		return consumer;
	}

	/**
	 * Hold `source` while its producer is made; the returned function lets it
	 * go. Synchronous, so of produce requests racing for one source only the
	 * first gets it: one camera and one mic per person, however fast a client asks.
	 */
	claimSource(source: MediaSource): () => void {
		const live = [...this.producers.values()].some((p) => p.appData.source === source && !p.closed);
		if (live || this.#producing.has(source)) {
			throw new GladiError('source_taken', `the ${source} is already published; close its producer first`);
		}
		this.#producing.add(source);
		return () => this.#producing.delete(source);
	}

	/**
	 * mediasoup's scores (0-10) of the camera's layers as they arrive, lowest
	 * layer first; empty without a camera. Read from what mediasoup keeps
	 * up to date from its `score` notifications: nothing is asked of the worker.
	 */
	cameraScores(): number[] {
		const camera = [...this.producers.values()].find((p) => p.appData.source === 'camera' && !p.closed);
		if (!camera) return [];
		return camera.score.sort((a, b) => a.encodingIdx - b.encodingIdx).map((s) => s.score);
	}

	/**
	 * The host's camera as mediasoup sends it to this person: the spatial
	 * layer it forwards now (null: none, e.g. paused or too little
	 * bandwidth even for the lowest) and the score of the link (0-10).
	 * Null when not receiving the camera. From mediasoup's cached state, as above.
	 */
	cameraReception(): { spatialLayer: number | null; score: number } | null {
		const consumer = [...this.consumers.values()].find((c) => c.appData.source === 'camera' && !c.closed);
		if (!consumer) return null;
		const forwarding = !consumer.paused && !consumer.producerPaused;
		// A single-stream camera has no layers to choose from: while forwarded, it is layer 0.
		const layer = consumer.type === 'simple' ? 0 : (consumer.currentLayers?.spatialLayer ?? null);
		return { spatialLayer: forwarding ? layer : null, score: consumer.score.score };
	}

	closeProducers(): void {
		for (const producer of [...this.producers.values()]) producer.close();
	}

	/** Close everything (idempotent); later transports are refused by RoomMedia. */
	close(): void {
		this.#closed = true;
		for (const { transport } of [...this.transports.values()]) transport.close();
	}
}
