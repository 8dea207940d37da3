import { existsSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import { GladiError, createRoomBodySchema, parseOrThrow, type HealthResponse, type InviteInfo } from '@gladi/shared';
import type { Logger } from '../logger.ts';
import { slotLoad, type WorkerPool } from '../media/workerPool.ts';
import type { Recordings } from '../recording/recordings.ts';
import type { SessionReports } from '../reports/sessionReports.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import { TokenBucket } from '../lib/tokenBucket.ts';
import type { SessionStore, Store } from '../store/store.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { authRoutes, requireMentor, sessionAuth } from './auth.ts';
import { mentorRoutes } from './mentorRoutes.ts';
import { catalogRoutes } from './catalogRoutes.ts';
import { classRoutes } from './classRoutes.ts';
import { errorResponder, routeNotFound } from './errors.ts';
import { reportRoutes } from './reportRoutes.ts';
import type { ClassService } from '../classes/classService.ts';

export interface HttpDeps {
	registry: RoomRegistry;
	pool: WorkerPool;
	store: Store;
	accounts: Accounts;
	sessionTtlMs: number;
	sessions: SessionStore;
	reports: SessionReports;
	recordings: Recordings;
	classes: ClassService;
	clientDir: string;
	dataDir: string;
	startedAt: number;
	log: Logger;
}

/** Middleware: at most `burst` requests at once per client address, refilled at `perSecond`. */
function perClientLimit(burst: number, perSecond: number): RequestHandler {
	const buckets = new Map<string, TokenBucket>();
	return (req, _res, next) => {
		const key = req.ip ?? 'unknown';
		let bucket = buckets.get(key);
		if (!bucket) {
			if (buckets.size > 10_000) buckets.clear();
			bucket = new TokenBucket(burst, perSecond);
			buckets.set(key, bucket);
		}
		if (bucket.take()) next();
		else next(new GladiError('write_rate_limited', 'too many changes at once; wait a minute'));
	};
}

/** REST routes, health, and the built client (a single-page app). */
export function createHttpApp({ registry, pool, store, accounts, sessionTtlMs, sessions, reports, recordings, classes, clientDir, dataDir, startedAt, log }: HttpDeps): express.Express {
	const app = express();
	app.disable('x-powered-by');
	// Phones on mobile networks: gzip the client and JSON (images are already compressed).
	app.use(compression());
	app.set('trust proxy', 'loopback');

	// Creating rooms and editing the catalog are cheap but not free: a bucket per client address.
	const limitWrites = perClientLimit(30, 0.5);

	// Who is signed in (a mentor or admin): read inside the API (whose errors it answers) and for /healthz.
	const readSession = sessionAuth(accounts);
	const api = express.Router();
	api.use(readSession);
	api.use(express.json({ limit: '16kb' }));
	api.use(authRoutes(accounts, sessionTtlMs, limitWrites));

	api.post('/rooms', limitWrites, async (req, res) => {
		const owner = requireMentor(res);
		const body = parseOrThrow(createRoomBodySchema, req.body, 'room');
		res.status(201).json(await registry.create(owner.id, body.title, { productIds: body.productIds }));
	});

	api.get('/invites/:token', async (req, res) => {
		const found = await registry.lookup(req.params.token);
		if (found.status === 'expired') throw new GladiError('invite_expired', 'this invite link has expired');
		if (found.status !== 'valid') throw new GladiError('invite_invalid', 'this invite link is not valid');
		const body: InviteInfo = { code: found.room.code, title: found.room.title, role: found.invite.role, recorded: recordings.enabled };
		res.json(body);
	});

	const catalogApi = catalogRoutes(store, dataDir, limitWrites);
	api.use(catalogApi.api);
	api.use(reportRoutes({ registry, sessions, reports, recordings, classes, rooms: store.rooms }));
	api.use(classRoutes(classes, limitWrites));
	api.use(mentorRoutes({ registry, store, limitWrites }));

	api.use(routeNotFound);
	api.use(errorResponder(log));
	app.use('/api', api);
	app.use(catalogApi.files, errorResponder(log));

	app.get('/healthz', readSession, (_req, res) => {
		let active = 0;
		let live = 0;
		let peers = 0;
		let total = 0;
		for (const room of registry.rooms()) {
			total++;
			if (room.media) active++;
			if (room.status === 'live') live++;
			peers += room.participantCount;
		}
		const workers = pool.slots.map((slot) => {
			const load = slotLoad(slot);
			return { index: slot.index, pid: slot.worker.pid, alive: !slot.worker.closed, routers: load.routers, consumers: load.consumers, peers: load.peers };
		});
		const body: HealthResponse = {
			status: workers.every((w) => w.alive) ? 'ok' : 'degraded',
			uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
			workers,
			rooms: { total, active, live, peers },
		};
		res.status(body.status === 'ok' ? 200 : 503).json(body);
	});

	const indexHtml = path.join(clientDir, 'index.html');
	if (existsSync(indexHtml)) {
		app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
		// Client-side routes (/, /r/CODE/host ...) all load the app shell.
		app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
			res.setHeader('Cache-Control', 'no-cache');
			res.sendFile(indexHtml);
		});
	} else {
		app.get('/', (_req, res) => {
			res.type('text').send('The Gladi client is not built. Run `npm start` (it builds the client) or `npm run build`.');
		});
	}
	return app;
}
