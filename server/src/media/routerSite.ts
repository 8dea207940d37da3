import type { types } from 'mediasoup';
import type { Logger } from '../logger.ts';
import { MEDIA_CODECS } from './codecs.ts';
import { CONSUMERS_PER_VIEWER, SOCKET_BUFFERS, type WorkerLoad, type WorkerSlot } from './workerPool.ts';

/** Pipes between workers stay on this machine: loopback, with the media sockets' buffers. */
const PIPE_LISTEN: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1', ...SOCKET_BUFFERS };

/**
 * One router of a room and what it carries, counted for the worker's load:
 * the room's origin router (where the host produces) or an edge router on
 * another worker. Transports are counted from the moment they are planned,
 * so viewers joining at the same moment see each other's share.
 */
export class RouterSite implements WorkerLoad {
	readonly slot: WorkerSlot;
	readonly router: types.Router;
	/** Consumers on this router: viewers' and, on the origin, the pipe consumers feeding edge routers. */
	consumers = 0;
	/** Transports per peer, including ones still being created. */
	readonly #transports = new Map<string, number>();
	#receivers = 0;

	constructor(slot: WorkerSlot, router: types.Router) {
		this.slot = slot;
		this.router = router;
		const routers = slot.routers;
		routers.add(this);
		router.observer.once('close', () => routers.delete(this));
	}

	get closed(): boolean {
		return this.router.closed;
	}

	consumerCount(): number {
		return this.consumers;
	}

	peerCount(): number {
		return this.#transports.size;
	}

	expectedConsumers(): number {
		return Math.max(this.consumers, this.#receivers * CONSUMERS_PER_VIEWER);
	}

	addTransport(peerId: string, direction: 'send' | 'recv'): void {
		this.#transports.set(peerId, (this.#transports.get(peerId) ?? 0) + 1);
		if (direction === 'recv') this.#receivers++;
	}

	removeTransport(peerId: string, direction: 'send' | 'recv'): void {
		const n = (this.#transports.get(peerId) ?? 0) - 1;
		if (n > 0) this.#transports.set(peerId, n);
		else this.#transports.delete(peerId);
		if (direction === 'recv') this.#receivers--;
	}

	/** Count a consumer made on this router until it closes. */
	addConsumer(consumer: types.Consumer): void {
		this.consumers++;
		consumer.observer.once('close', () => this.consumers--);
	}
}

/**
 * A router on another worker that carries some of a big room's viewers. The
 * host's producers are piped into it from the origin router on demand
 * (router.pipeToRouter keeps the producer ids, so viewers consume the same
 * ids as on the origin); pausing and closing follow the originals.
 */
export class EdgeRouter extends RouterSite {
	readonly #origin: RouterSite;
	/** Producer id -> its pipe being made or made; removed when the pipe closes. */
	readonly #pipes = new Map<string, Promise<void>>();
	readonly #log: Logger;

	private constructor(slot: WorkerSlot, router: types.Router, origin: RouterSite, log: Logger) {
		super(slot, router);
		this.#origin = origin;
		this.#log = log;
	}

	static async create(slot: WorkerSlot, origin: RouterSite, log: Logger): Promise<EdgeRouter> {
		const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
		const edgeLog = log.child({ edgeWorker: slot.index });
		edgeLog.info({ origin: origin.router.id }, 'edge router opened');
		return new EdgeRouter(slot, router, origin, edgeLog);
	}

	/** How many producers are piped in (for stats and tests). */
	get pipedProducers(): number {
		return this.#pipes.size;
	}

	/** Make an origin producer consumable on this router (once; later calls wait for the same pipe). */
	pipe(producer: types.Producer): Promise<void> {
		let piping = this.#pipes.get(producer.id);
		if (!piping) {
			piping = this.#origin.router
				.pipeToRouter({ producerId: producer.id, router: this.router, listenInfo: PIPE_LISTEN })
				.then(({ pipeConsumer }) => {
					if (!pipeConsumer) return;
					this.#origin.addConsumer(pipeConsumer);
					pipeConsumer.observer.once('close', () => this.#pipes.delete(producer.id));
				});
			const pipes = this.#pipes;
			pipes.set(producer.id, piping);
			piping.catch(() => pipes.delete(producer.id));
		}
		return piping;
	}

	close(): void {
		if (this.router.closed) return;
		this.#log.info({ origin: this.#origin.router.id }, 'edge router closed');
		this.router.close();
	}
}
