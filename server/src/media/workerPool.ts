import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';

export interface WorkerPoolOptions {
	numWorkers: number;
	/** IP the WebRtcServers listen on (127.0.0.1 in tests). */
	listenIp: string;
	/** Address announced in ICE candidates; undefined = the listen IP. */
	announcedAddress: string | undefined;
	/** Worker i's WebRtcServer listens on basePort + i, UDP and TCP; 0 = any free port. */
	basePort: number;
	/**
	 * A room's viewers stay on its own worker until that worker carries this
	 * many consumers; further viewers go to another worker, fed by pipeToRouter.
	 */
	maxConsumersPerWorker: number;
	logLevel?: types.WorkerLogLevel;
	log: Logger;
}

/** What Gladi keeps on a worker's WebRtcServer. */
export type WebRtcServerAppData = { port: number };

/** Every worker is down (a replacement is starting): callers should retry shortly. */
export class NoWorkerError extends Error {
	constructor() {
		super('no mediasoup worker is running');
		this.name = 'NoWorkerError';
	}
}

/** One mediasoup worker, its WebRtcServer and how busy it is. */
export interface WorkerSlot {
	readonly index: number;
	worker: types.Worker;
	webRtcServer: types.WebRtcServer<WebRtcServerAppData>;
	/** The routers on this worker (rooms' own and edge routers): their load decides where rooms and viewers go. */
	routers: Set<WorkerLoad>;
}

/** One router's share of a worker's load. */
export interface WorkerLoad {
	consumerCount(): number;
	peerCount(): number;
	/** Consumers counting each viewer at least as the host's audio and video it will soon receive. */
	expectedConsumers(): number;
}

/**
 * mediasoup closes a worker when the process gets SIGINT or SIGTERM. The
 * studio stops in its own order instead (a node of several drains on
 * SIGTERM, its lives going on meanwhile; then rooms close before their
 * workers): the worker's own listeners come off. mediasoup names them
 * `onSignal` and offers no option for this.
 */
function ignoreProcessSignals(worker: types.Worker): void {
	const { onSignal } = worker as unknown as { onSignal?: (signal: NodeJS.Signals) => void };
	if (!onSignal) return;
	process.off('SIGINT', onSignal);
	process.off('SIGTERM', onSignal);
}

export interface SlotLoad {
	routers: number;
	consumers: number;
	expectedConsumers: number;
	peers: number;
}

export function slotLoad(slot: WorkerSlot): SlotLoad {
	let consumers = 0;
	let expectedConsumers = 0;
	let peers = 0;
	for (const router of slot.routers) {
		consumers += router.consumerCount();
		expectedConsumers += router.expectedConsumers();
		peers += router.peerCount();
	}
	return { routers: slot.routers.size, consumers, expectedConsumers, peers };
}

/**
 * Socket buffers for the workers' media sockets. One UDP socket carries a
 * worker's whole traffic (the host's stream in, every viewer's out); with
 * the kernel's default (~208 KiB) a burst of key frames while the worker is
 * busy overflows it and every viewer loses the host's packets (measured on
 * 2 cores: drops from 250 viewers on, 4.8% loss at 300; none with 4 MiB).
 * The kernel caps these at net.core.rmem_max and wmem_max: raise those on a
 * busy server.
 */
export const SOCKET_BUFFERS = { recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024 } as const;

/**
 * What a worker's WebRtcServer listens on: one UDP and one TCP port on
 * `listenIp` (`port`, or any free one in 40000-49999 for 0), with the media
 * socket buffers.
 */
export function webRtcServerListenInfos(listenIp: string, port: number, announcedAddress?: string): types.TransportListenInfo[] {
	const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
		protocol,
		ip: listenIp,
		...SOCKET_BUFFERS,
		...(announcedAddress ? { announcedAddress } : {}),
		...(port === 0 ? { portRange: { min: 40000, max: 49999 } } : { port }),
	});
	return [listen('udp'), listen('tcp')];
}

/** Consumers a viewer will soon have: the host's microphone and camera. */
export const CONSUMERS_PER_VIEWER = 2;

/** Least loaded first: fewest expected consumers, then fewest routers. */
function byLoad(slots: WorkerSlot[]): WorkerSlot[] {
	const load = new Map(slots.map((s) => [s, slotLoad(s)] as const));
	return [...slots].sort((a, b) => {
		const la = load.get(a)!;
		const lb = load.get(b)!;
		return la.expectedConsumers - lb.expectedConsumers || la.routers - lb.routers || a.index - b.index;
	});
}

/**
 * Where a new viewer of a room on `origin` receives media: the room's own
 * worker while it stays within `maxConsumers`; else another worker with room
 * to spare, preferring one where the room already has an edge router
 * (`hasEdge`: no new pipe needed), then the least loaded; when every worker
 * is full, the least loaded of all, so the overload stays even.
 */
export function chooseViewerSlot(
	slots: readonly WorkerSlot[],
	origin: WorkerSlot,
	maxConsumers: number,
	hasEdge: (slot: WorkerSlot) => boolean,
): WorkerSlot {
	const alive = slots.filter((s) => !s.worker.closed);
	const fits = (slot: WorkerSlot): boolean => slotLoad(slot).expectedConsumers + CONSUMERS_PER_VIEWER <= maxConsumers;
	if (!origin.worker.closed && fits(origin)) return origin;
	const spare = byLoad(alive.filter((s) => s !== origin && fits(s)));
	const best = spare.find(hasEdge) ?? spare[0] ?? byLoad(alive)[0];
	if (!best) throw new NoWorkerError();
	return best;
}

type PoolEvents = {
	/** A worker died; its routers are gone. A replacement is being started in the same slot. */
	workerDied: [slot: WorkerSlot, error: Error];
	workerReplaced: [slot: WorkerSlot];
	/** close() finished: every worker process has exited. */
	closed: [];
};

/** How long close() waits for a worker process to exit before giving up on it. */
const EXIT_WAIT_MS = 3_000;

/**
 * Runs one mediasoup worker per core, each with one WebRtcServer (a single
 * UDP+TCP port per worker: easy to open in a firewall or publish from a
 * container), places rooms on the least-loaded worker, spreads a big room's
 * viewers over other workers, and replaces a worker that dies.
 */
export class WorkerPool extends TypedEmitter<PoolEvents> {
	readonly #options: WorkerPoolOptions;
	readonly #slots: WorkerSlot[] = [];
	readonly #log: Logger;
	#closed = false;
	#closing: Promise<void> | null = null;

	private constructor(options: WorkerPoolOptions) {
		super();
		this.#options = options;
		this.#log = options.log;
	}

	/** Start every worker; if one cannot start, the ones already started are closed again. */
	static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
		const pool = new WorkerPool(options);
		try {
			for (let index = 0; index < options.numWorkers; index++) {
				pool.#slots.push(await pool.#startSlot(index));
			}
		} catch (error) {
			await pool.close();
			throw error;
		}
		pool.#log.info({ workers: options.numWorkers, ports: pool.#slots.map((s) => pool.portOf(s)), mediasoup: mediasoup.version }, 'workers started');
		return pool;
	}

	get slots(): readonly WorkerSlot[] {
		return this.#slots;
	}

	/** The worker to put a new room on: fewest (expected) consumers, then fewest routers. */
	leastLoaded(): WorkerSlot {
		const best = byLoad(this.#slots.filter((s) => !s.worker.closed))[0];
		if (!best) throw new NoWorkerError();
		return best;
	}

	/** The worker a new viewer of a room on `origin` should receive media from (see chooseViewerSlot). */
	viewerSlot(origin: WorkerSlot, hasEdge: (slot: WorkerSlot) => boolean): WorkerSlot {
		return chooseViewerSlot(this.#slots, origin, this.#options.maxConsumersPerWorker, hasEdge);
	}

	portOf(slot: WorkerSlot): number {
		return slot.webRtcServer.appData.port;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Close every worker and wait until their processes have exited (idempotent). */
	close(): Promise<void> {
		this.#closing ??= (async () => {
			this.#closed = true;
			const pids = this.#slots.map((slot) => slot.worker.pid);
			for (const slot of this.#slots) slot.worker.close();
			await Promise.all(pids.map((pid) => exited(pid, EXIT_WAIT_MS)));
			this.#log.info({ workers: pids.length }, 'workers stopped');
			this.emit('closed');
		})();
		return this.#closing;
	}

	async #startSlot(index: number, previous?: WorkerSlot): Promise<WorkerSlot> {
		const o = this.#options;
		const worker = await mediasoup.createWorker({
			logLevel: o.logLevel ?? 'warn',
			logTags: ['ice', 'dtls', 'rtp', 'srtp', 'rtcp'],
		});
		ignoreProcessSignals(worker);
		const port = o.basePort === 0 ? 0 : o.basePort + index;
		let webRtcServer: types.WebRtcServer<WebRtcServerAppData>;
		try {
			webRtcServer = await worker.createWebRtcServer<WebRtcServerAppData>({ listenInfos: webRtcServerListenInfos(o.listenIp, port, o.announcedAddress), appData: { port } });
			const dump = await webRtcServer.dump();
			webRtcServer.appData.port = dump.udpSockets[0]?.port ?? port;
		} catch (error) {
			const pid = worker.pid;
			worker.close();
			await exited(pid, EXIT_WAIT_MS);
			throw new Error(`cannot listen for media on ${o.listenIp}:${port} (worker ${index}): ${String(error)}`, { cause: error });
		}

		if (this.#closed) {
			// The pool closed while this (replacement) worker was starting.
			worker.close();
			throw new Error('the worker pool is closed');
		}
		const slot: WorkerSlot = previous ?? { index, worker, webRtcServer, routers: new Set() };
		slot.worker = worker;
		slot.webRtcServer = webRtcServer;
		slot.routers = new Set();
		worker.on('died', (error) => this.#onDied(slot, error));
		return slot;
	}

	#onDied(slot: WorkerSlot, error: Error): void {
		this.#log.error({ index: slot.index, pid: slot.worker.pid, err: error }, 'mediasoup worker died; closing its rooms and starting a replacement');
		this.emit('workerDied', slot, error);
		if (this.#closed) return;
		const restart = async (attempt: number): Promise<void> => {
			try {
				await this.#startSlot(slot.index, slot);
				this.#log.info({ index: slot.index, pid: slot.worker.pid }, 'replacement worker started');
				this.emit('workerReplaced', slot);
			} catch (err) {
				this.#log.error({ index: slot.index, attempt, err }, 'replacement worker failed to start');
				if (!this.#closed && attempt < 10) setTimeout(() => void restart(attempt + 1), 1000 * attempt);
			}
		};
		void restart(1);
	}
}

/** Resolves once process `pid` has exited (or after `ms`, whichever comes first). */
async function exited(pid: number, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		try {
			process.kill(pid, 0);
		} catch {
			return; // ESRCH: gone
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
