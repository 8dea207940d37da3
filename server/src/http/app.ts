import { existsSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import { GladiError, createRoomBodySchema, parseOrThrow, type InviteInfo } from '@gladi/shared';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { WorkerPool } from '../media/workerPool.ts';
import type { Recordings } from '../recording/recordings.ts';
import type { SessionReports } from '../reports/sessionReports.ts';
import type { RoomRegistry } from '../rooms/roomRegistry.ts';
import type { SessionStore, Store } from '../store/store.ts';
import type { Accounts } from '../accounts/accounts.ts';
import { authRoutes, requireMentor, sessionAuth } from './auth.ts';
import { mentorRoutes } from './mentorRoutes.ts';
import { catalogRoutes } from './catalogRoutes.ts';
import { classRoutes } from './classRoutes.ts';
import { errorResponder, pageErrorResponder, refuseMalformedUrl, routeNotFound } from './errors.ts';
import { healthRoutes } from './health.ts';
import { nodeRoutes } from './nodeRoutes.ts';
import { precompressedAssets } from './precompressed.ts';
import type { RoomPlacement } from '../cluster/roomPlacement.ts';
import { refuseForeignOrigin, requireKnownHost, type HostPolicy } from './hostPolicy.ts';
import { createRateLimits } from './rateLimits.ts';
import { reportRoutes } from './reportRoutes.ts';
import { securityHeaders } from './securityHeaders.ts';
import type { ClassService } from '../classes/classService.ts';

export interface HttpDeps {
	registry: RoomRegistry;
	placement: RoomPlacement;
	pool: WorkerPool;
	store: Store;
	accounts: Accounts;
	sessionTtlMs: number;
	sessions: SessionStore;
	reports: SessionReports;
	recordings: Recordings;
	classes: ClassService;
	clientDir: string;
	/** Product photos (GLADI_UPLOADS_DIR). */
	uploadsDir: string;
	startedAt: number;
	log: Logger;
	/** The names the studio answers to (also checked on socket.io's handshake). */
	hosts: HostPolicy;
	edge: Pick<Config, 'trustProxy' | 'publicUrl' | 'production'>;
}

/** REST routes, health, and the built client (a single-page app). */
export function createHttpApp(deps: HttpDeps): express.Express {
	const { registry, placement, pool, store, accounts, sessionTtlMs, sessions, reports, recordings, classes, clientDir, uploadsDir, startedAt, log, hosts, edge } = deps;
	const app = express();
	app.disable('x-powered-by');
	app.set('env', edge.production ? 'production' : 'development');
	// req.ip: the connection's address, or X-Forwarded-For's only from the proxies GLADI_TRUST_PROXY names.
	app.set('trust proxy', edge.trustProxy);
	app.use(requireKnownHost(hosts, log), securityHeaders({ publicUrl: edge.publicUrl, nodes: () => placement.nodeUrls() }), refuseMalformedUrl(log));
	// Phones on mobile networks: gzip the client and JSON (images are already compressed).
	app.use(compression());

	const limits = createRateLimits(log);
	const limitWrites = limits.writes;

	// Who is signed in (a mentor or admin): read inside the API, whose errors it answers.
	const readSession = sessionAuth(accounts);
	const api = express.Router();
	api.use(refuseForeignOrigin(hosts, log));
	api.use(readSession);
	api.use(express.json({ limit: '16kb' }));
	api.use(authRoutes(accounts, sessionTtlMs, limits));

	api.post('/rooms', limitWrites, async (req, res) => {
		const owner = requireMentor(res);
		const body = parseOrThrow(createRoomBodySchema, req.body, 'room');
		res.status(201).json(await registry.create(owner.id, body.title, { productIds: body.productIds }));
	});

	api.get('/invites/:token', async (req, res) => {
		const found = await registry.lookup(req.params.token);
		if (found.status === 'expired') throw new GladiError('invite_expired', 'this invite link has expired');
		if (found.status !== 'valid') throw new GladiError('invite_invalid', 'this invite link is not valid');
		const server = await registry.locate(found.room.code);
		const body: InviteInfo = { code: found.room.code, title: found.room.title, role: found.invite.role, recorded: recordings.enabled, ...(server ? { server } : {}) };
		// Where the room runs changes (a node drains or dies): never from a cache.
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	const health = healthRoutes({ registry, pool, placement, startedAt });
	const catalogApi = catalogRoutes(store, uploadsDir, limitWrites);
	api.use(catalogApi.api);
	api.use(reportRoutes({ registry, placement, sessions, reports, recordings, classes, rooms: store.rooms }));
	api.use(classRoutes(classes, limitWrites));
	api.use(mentorRoutes({ registry, store, limitWrites }));
	api.get('/admin/health', health.details);
	api.use(nodeRoutes(placement, limitWrites));

	api.use(routeNotFound);
	api.use(errorResponder(log));
	app.use('/api', api);
	app.use(catalogApi.files, errorResponder(log));

	app.get('/healthz', health.liveness);

	const indexHtml = path.join(clientDir, 'index.html');
	if (existsSync(indexHtml)) {
		// Source maps would hand out the client's source: built, but not served in production.
		if (edge.production) app.use(refuseSourceMaps);
		app.use(precompressedAssets(clientDir, 3_600_000), express.static(clientDir, { index: false, maxAge: '1h' }));
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
	app.use(pageErrorResponder(log));
	return app;
}

const refuseSourceMaps: express.RequestHandler = (req, res, next) => {
	// The path decodes (refuseMalformedUrl); decoded, `%2emap` is `.map` too.
	if (decodeURIComponent(req.path).toLowerCase().endsWith('.map')) res.status(404).type('text/plain').send('Not Found');
	else next();
};
