import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CrowdEngine, defaultCrowdSettings, MAX_MESSAGE_BYTES } from '@gladi/shared';
import { ClassService } from './classes/classService.ts';
import type { CrowdEngineFactory } from './crowd/crowdRunner.ts';
import { SqliteStore } from './store/sqliteStore.ts';
import type { Store } from './store/store.ts';
import { Server } from 'socket.io';
import type { Config } from './config.ts';
import { createHttpApp } from './http/app.ts';
import { createLogger, setLogLevel } from './logger.ts';
import { WorkerPool } from './media/workerPool.ts';
import { defaultAnnouncedAddress } from './net/addresses.ts';
import { loadOrCreateTls, type TlsFiles } from './net/tls.ts';
import { SessionReports } from './reports/sessionReports.ts';
import { RoomRegistry } from './rooms/roomRegistry.ts';
import { attachSignaling, type SignalingOptions } from './signaling/signaling.ts';
import { SocketNotifier } from './signaling/socketNotifier.ts';
import type { GladiServer } from './signaling/types.ts';

const log = createLogger('server');

export interface RunningStudio {
	httpPort: number;
	httpsPort: number | null;
	tls: TlsFiles | null;
	pool: WorkerPool;
	registry: RoomRegistry;
	store: Store;
	io: GladiServer;
	close(): Promise<void>;
}

export interface StudioOptions {
	signaling?: SignalingOptions;
	/** The simulated crowd; default: the shared CrowdEngine. */
	createCrowdEngine?: CrowdEngineFactory;
}

const crowdEngine: CrowdEngineFactory = (config, stage, startAt) => new CrowdEngine(config, stage, startAt);

/** Compose the studio: worker pool, rooms, HTTP(S) and socket.io; listen. */
export async function startStudio(config: Config, options: StudioOptions = {}): Promise<RunningStudio> {
	setLogLevel(config.logLevel);
	const store = SqliteStore.open(path.join(config.dataDir, 'gladi.db'));
	const interrupted = store.sessions.closeInterruptedSessions();
	if (interrupted > 0) log.warn('sessions interrupted by a restart were closed at their last event', { sessions: interrupted });
	const pool = await WorkerPool.create({
		numWorkers: config.workers,
		listenIp: config.media.listenIp,
		announcedAddress: defaultAnnouncedAddress(config.media.listenIp, config.media.announcedAddress),
		basePort: config.media.port,
		maxConsumersPerWorker: config.maxConsumersPerWorker,
	});

	const io: GladiServer = new Server({
		maxHttpBufferSize: MAX_MESSAGE_BYTES,
		serveClient: false,
		pingInterval: 10_000,
		pingTimeout: 10_000,
		// A phone that blips briefly gets its socket (and room state) back.
		connectionStateRecovery: undefined,
	});
	const registry = new RoomRegistry(
		{
			pool,
			notifier: new SocketNotifier(io),
			store,
			createCrowdEngine: options.createCrowdEngine ?? crowdEngine,
			defaultCrowd: defaultCrowdSettings(),
			commentsPerPersonPerMinute: config.commentsPerPersonPerMinute,
		},
		{ emptyGraceMs: config.roomEmptyGraceMs },
	);
	attachSignaling(io, registry, options.signaling);

	const reports = new SessionReports(store.sessions);
	const app = createHttpApp({
		registry,
		pool,
		catalog: store.catalog,
		sessions: store.sessions,
		reports,
		classes: new ClassService(store, registry, reports),
		clientDir: config.clientDir,
		dataDir: config.dataDir,
		startedAt: Date.now(),
	});
	const httpServer = http.createServer(app);
	io.attach(httpServer);
	await listen(httpServer, config.port, config.host);

	let httpsServer: https.Server | null = null;
	let tls: TlsFiles | null = null;
	if (config.httpsPort > 0 || config.tls) {
		tls = await loadOrCreateTls(config.tls, config.dataDir);
		httpsServer = https.createServer({ cert: tls.cert, key: tls.key }, app);
		// The same socket.io server answers on both: one set of rooms.
		io.engine.attach(httpsServer, { path: '/socket.io/' } as never);
		await listen(httpsServer, config.httpsPort, config.host);
	}

	const httpPort = (httpServer.address() as AddressInfo).port;
	const httpsPort = httpsServer ? (httpsServer.address() as AddressInfo).port : null;
	log.info('listening', { http: httpPort, https: httpsPort });

	let closing: Promise<void> | null = null;
	return {
		httpPort,
		httpsPort,
		tls,
		pool,
		registry,
		store,
		io,
		close() {
			closing ??= (async () => {
				registry.close();
				io.disconnectSockets(true);
				await new Promise<void>((resolve) => io.close(() => resolve()));
				httpsServer?.close();
				httpServer.closeAllConnections();
				httpsServer?.closeAllConnections();
				await pool.close();
				store.close();
			})();
			return closing;
		},
	};
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
