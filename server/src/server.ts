import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CrowdEngine, defaultCrowdSettings, MAX_MESSAGE_BYTES } from '@gladi/shared';
import { Server } from 'socket.io';
import { Accounts } from './accounts/accounts.ts';
import { ProductImageFiles } from './catalog/productImages.ts';
import { ClassService } from './classes/classService.ts';
import { openPlacement } from './cluster/openPlacement.ts';
import type { RoomPlacement } from './cluster/roomPlacement.ts';
import type { Config } from './config.ts';
import type { CrowdEngineFactory } from './crowd/crowdRunner.ts';
import { createHttpApp } from './http/app.ts';
import { StudioSecret } from './lib/secret.ts';
import { HostPolicy, socketAllowRequest } from './http/hostPolicy.ts';
import { TypedEmitter } from './lib/typedEmitter.ts';
import { createLogger, type Logger } from './logger.ts';
import { WorkerPool } from './media/workerPool.ts';
import { defaultAnnouncedAddress } from './net/addresses.ts';
import { Recordings } from './recording/recordings.ts';
import { loadOrCreateTls, type TlsFiles } from './net/tls.ts';
import { SessionReports } from './reports/sessionReports.ts';
import { RoomRegistry } from './rooms/roomRegistry.ts';
import { attachSignaling, type SignalingOptions } from './signaling/signaling.ts';
import { socketRoomChannel } from './signaling/socketChannels.ts';
import type { GladiServer } from './signaling/types.ts';
import { openStore } from './store/openStore.ts';
import { PostgresStore } from './store/postgresStore.ts';
import type { OpenStore } from './store/store.ts';

export interface StudioOptions {
	signaling?: SignalingOptions;
	/** The simulated crowd; default: the shared CrowdEngine. */
	createCrowdEngine?: CrowdEngineFactory;
	/** The root logger (default: one made from the config's level and format). */
	log?: Logger;
}

const crowdEngine: CrowdEngineFactory = (config, stage, startAt) => new CrowdEngine(config, stage, startAt);

type StudioEvents = {
	/** close() finished: rooms, sockets, HTTP servers, workers (their processes exited) and the store are closed. */
	closed: [];
};

/**
 * The whole studio: store, worker pool, rooms, socket.io and HTTP(S).
 * Closing cascades down: Studio -> RoomRegistry -> Room -> Peer -> media,
 * then the sockets, the HTTP servers, the workers and the store.
 */
export class Studio extends TypedEmitter<StudioEvents> {
	readonly httpPort: number;
	readonly httpsPort: number | null;
	readonly tls: TlsFiles | null;
	readonly pool: WorkerPool;
	readonly registry: RoomRegistry;
	readonly store: OpenStore;
	/** Which node runs which room (this node alone, or several sharing PostgreSQL). */
	readonly placement: RoomPlacement;
	readonly recordings: Recordings;
	readonly io: GladiServer;
	readonly log: Logger;
	/** No account exists yet: the one-time token of the setup link that creates the first admin (for the console). */
	readonly setupToken: string | null;
	/** Epoch ms the studio started at (health's uptime). */
	readonly startedAt: number;
	readonly #teardown: Array<() => Promise<void>>;
	#closing: Promise<void> | null = null;

	private constructor(parts: Omit<Studio, 'close' | 'drain' | 'on' | 'off' | 'closed'>, teardown: Array<() => Promise<void>>) {
		super();
		this.httpPort = parts.httpPort;
		this.httpsPort = parts.httpsPort;
		this.tls = parts.tls;
		this.pool = parts.pool;
		this.registry = parts.registry;
		this.store = parts.store;
		this.placement = parts.placement;
		this.recordings = parts.recordings;
		this.io = parts.io;
		this.log = parts.log;
		this.setupToken = parts.setupToken;
		this.startedAt = parts.startedAt;
		this.#teardown = teardown;
	}

	/**
	 * Start everything and listen. If a step fails (the port is taken, a
	 * worker cannot start), what was started is closed again before the
	 * error is thrown: no workers or open files are left behind.
	 */
	static async create(config: Config, options: StudioOptions = {}): Promise<Studio> {
		const log = options.log ?? createLogger({ level: config.logLevel, format: config.logFormat });
		// Undone in reverse order, on failure here or by close().
		const teardown: Array<() => Promise<void>> = [];
		try {
			const store = await openStore(config, log.child({ scope: 'store' }));
			teardown.push(() => store.close());
			// One studio: a session still open was cut off by a crash. A shared database: other nodes'
			// lives are running; a room's is closed by the node that takes the room (RoomRegistry), or by
			// the heartbeat's sweep once the dead node's leases have run out (PostgresStore.closeOrphanedSessions).
			const interrupted = config.databaseUrl ? 0 : await store.sessions.closeInterruptedSessions();
			if (interrupted > 0) log.warn({ sessions: interrupted }, 'sessions interrupted by a restart were closed at their last event');
			const accounts = new Accounts(store, log.child({ scope: 'accounts' }), { sessionTtlMs: config.sessionTtlMs });
			const setupToken = await accounts.bootstrap(config.firstAdmin);
			const images = new ProductImageFiles(config.uploadsDir);
			for (const account of await store.accounts.list()) await images.upgradeStored(store.catalogOf(account.id), log.child({ scope: 'catalog' }));

			const pool = await WorkerPool.create({
				numWorkers: config.workers,
				listenIp: config.media.listenIp,
				announcedAddress: defaultAnnouncedAddress(config.media.listenIp, config.media.announcedAddress),
				basePort: config.media.port,
				maxConsumersPerWorker: config.maxConsumersPerWorker,
				log: log.child({ scope: 'media' }),
			});
			teardown.push(() => pool.close());

			const recordings = await Recordings.create({
				enabled: config.recordings.enabled,
				dir: path.join(config.dataDir, 'recordings'),
				ffmpeg: config.recordings.ffmpeg,
				retentionDays: config.recordings.retentionDays,
				maxBytes: config.recordings.maxBytes,
				store: store.recordings,
				nodeId: config.node.id,
				log: log.child({ scope: 'recordings' }),
			});
			// After the rooms have ended their lives (below), wait for their recordings to be joined.
			teardown.push(() => recordings.close());

			// The registry, made below, says which rooms run here (their leases are renewed with the heartbeat).
			let registry: RoomRegistry | null = null;
			const { placement, sessionsFor } = await openPlacement(store, {
				nodeId: config.node.id,
				publicUrl: config.publicUrl,
				leaseMs: config.node.leaseMs,
				pool,
				held: () => registry?.fences() ?? [],
				log: log.child({ scope: 'cluster' }),
			});
			// After the rooms have closed: their leases and this node's row go last.
			teardown.push(() => placement.close());
			placement.on('recordingDeleted', (sessionId) => recordings.removeFiles(sessionId));

			const startedAt = Date.now();
			const hosts = new HostPolicy({
				publicUrl: config.publicUrl,
				names: [config.host, config.media.listenIp, config.media.announcedAddress],
				// Several nodes: a page served by one node connects its socket to another.
				siblings: () => placement.nodeUrls(),
			});
			const io: GladiServer = new Server({
				maxHttpBufferSize: MAX_MESSAGE_BYTES,
				serveClient: false,
				// A connection silent for pingTimeout after a ping is dropped. A phone in a dead zone (a lift, a
				// market hall) for 10 s keeps its session, and so a host their live's media (ICE resumes by itself):
				// dropped, they would rejoin only once the network is back and their page has heard of it, seconds later.
				pingInterval: 10_000,
				pingTimeout: 20_000,
				// The HTTP app's Host check does not see socket.io's requests; a page of another origin may not connect.
				allowRequest: socketAllowRequest(hosts, log.child({ scope: 'http' })),
			});
			registry = new RoomRegistry(
				{
					pool,
					channelFor: (code) => socketRoomChannel(io, code),
					store,
					createCrowdEngine: options.createCrowdEngine ?? crowdEngine,
					defaultCrowd: defaultCrowdSettings(),
					commentsPerPersonPerMinute: config.commentsPerPersonPerMinute,
					recordings,
					placement,
					sessionsFor,
					log: log.child({ scope: 'rooms' }),
				},
				{ emptyGraceMs: config.roomEmptyGraceMs, hostReturnMs: config.hostReturnMs, inviteTtlMs: config.inviteTtlMs, roomsPerDay: config.roomsPerDay },
			);
			// Rooms close (and tell their peers why) before the sockets and then the HTTP servers go.
			const servers: Array<http.Server | https.Server> = [];
			const rooms = registry;
			teardown.push(async () => {
				await rooms.close();
				io.disconnectSockets(true);
				// Resolves once the HTTP server attached to it has closed too.
				await new Promise<void>((resolve) => void io.close(() => resolve()));
				await Promise.all(servers.map(closeServer));
			});
			// One studio: a file in its data folder. Several nodes: one secret in their database, so that a
			// person's id signed by one node passes on the node they reconnect to.
			const secret =
				store instanceof PostgresStore ? StudioSecret.fromText(await store.sharedSecret('studio', StudioSecret.newText)) : await StudioSecret.loadOrCreate(config.dataDir);
			attachSignaling(io, rooms, log.child({ scope: 'signaling' }), { secret, limits: config.connections }, options.signaling);

			const reports = new SessionReports(store.sessions);
			const app = createHttpApp({
				registry: rooms,
				placement,
				pool,
				store,
				accounts,
				sessionTtlMs: config.sessionTtlMs,
				sessions: store.sessions,
				reports,
				recordings,
				classes: new ClassService(store, rooms, reports, log.child({ scope: 'classes' })),
				clientDir: config.clientDir,
				uploadsDir: config.uploadsDir,
				startedAt,
				log: log.child({ scope: 'http' }),
				hosts,
				edge: config,
			});
			const httpServer = http.createServer(app);
			io.attach(httpServer);
			servers.push(httpServer);
			await listen(httpServer, config.port, config.host);

			let httpsServer: https.Server | null = null;
			let tls: TlsFiles | null = null;
			if (config.httpsPort > 0 || config.tls) {
				tls = await loadOrCreateTls(config.tls, config.dataDir, log);
				const server = https.createServer({ cert: tls.cert, key: tls.key }, app);
				httpsServer = server;
				// The same socket.io server answers on both: one set of rooms.
				io.engine.attach(server, { path: '/socket.io/' } as never);
				servers.push(server);
				await listen(server, config.httpsPort, config.host);
			}

			const httpPort = (httpServer.address() as AddressInfo).port;
			const httpsPort = httpsServer ? (httpsServer.address() as AddressInfo).port : null;
			log.info({ http: httpPort, https: httpsPort }, 'listening');
			return new Studio({ httpPort, httpsPort, tls, pool, registry: rooms, store, placement, recordings, io, log, setupToken, startedAt }, teardown);
		} catch (error) {
			await undo(teardown, log);
			throw error;
		}
	}

	/**
	 * Stop taking rooms and wait (at most `timeoutMs`) until every room here
	 * has moved to other nodes: idle ones at once, live ones as their lives
	 * end. True if all moved in time. One node: there is nowhere to move to,
	 * so it resolves at once.
	 */
	async drain(timeoutMs: number): Promise<boolean> {
		if (!this.placement.clustered) return true;
		await this.placement.setState(this.placement.nodeId, 'draining');
		return this.registry.emptied(timeoutMs);
	}

	/** Close everything, in reverse order of starting (idempotent; resolves when the workers have exited). */
	close(): Promise<void> {
		this.#closing ??= (async () => {
			await undo(this.#teardown, this.log);
			this.log.info('studio closed');
			this.emit('closed');
		})();
		return this.#closing;
	}
}

async function undo(teardown: Array<() => Promise<void>>, log: Logger): Promise<void> {
	for (const step of teardown.splice(0).reverse()) {
		try {
			await step();
		} catch (error) {
			log.error({ err: error }, 'a part of the studio failed to close');
		}
	}
}

function listen(server: http.Server | https.Server, port: number, host: string): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

/** Stop listening and drop open connections (keep-alive ones would hold close() open). */
function closeServer(server: http.Server | https.Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) return resolve();
		server.close(() => resolve());
		server.closeAllConnections();
	});
}
