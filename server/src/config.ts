import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@gladi/shared';
import { z } from 'zod';
import { passwordSchema, usernameSchema } from '@gladi/shared';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './logger.ts';

/** Express's named address ranges for `trust proxy`. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or a named range, as express's `trust proxy` takes them. */
function isProxyAddress(entry: string): boolean {
	if (PROXY_RANGES.includes(entry)) return true;
	const [address = '', bits, extra] = entry.split('/');
	const family = isIP(address);
	if (family === 0 || extra !== undefined) return false;
	if (bits === undefined) return true;
	return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies may tell the client's address (X-Forwarded-For): a hop count
 * (`1`: the nearest one), or addresses, CIDRs and named ranges, comma-separated.
 */
const trustProxySchema = z
	.string()
	.trim()
	.transform((value, ctx): number | string[] => {
		if (/^\d+$/.test(value)) return Number(value);
		const entries = value.split(',').map((entry) => entry.trim());
		const wrong = entries.filter((entry) => !isProxyAddress(entry));
		if (wrong.length > 0) {
			ctx.addIssue({ code: 'custom', message: `not a hop count, address, CIDR or ${PROXY_RANGES.join('/')}: ${wrong.join(', ')}` });
			return z.NEVER;
		}
		return entries;
	});

/** The address people open, e.g. `https://gladi.example.org`: its origin only (Gladi serves from the root). */
const publicUrlSchema = z
	.url({ protocol: /^https?$/ })
	.transform((value) => new URL(value))
	.refine((url) => url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password, 'give only the scheme, host and port')
	.transform((url) => url.origin);

/** Every setting Gladi reads from the environment, validated once at start. */
const envSchema = z.object({
	GLADI_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	GLADI_HOST: z.string().default('0.0.0.0'),
	/** Serve HTTPS too (for phones on the LAN: cameras need a secure context). 0 = off. */
	GLADI_HTTPS_PORT: z.coerce.number().int().min(0).max(65535).default(3443),
	GLADI_TLS_CERT: z.string().optional(),
	GLADI_TLS_KEY: z.string().optional(),
	GLADI_DATA_DIR: z.string().default(path.resolve('data')),
	/** Product photos (default: uploads/ in the data folder). Several nodes: one folder they all mount. */
	GLADI_UPLOADS_DIR: z.string().optional(),
	/** A PostgreSQL server's database in place of the SQLite file in the data directory. */
	GLADI_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'give a postgres:// or postgresql:// URL' }).optional(),
	/** Connections to GLADI_DATABASE_URL one Gladi process may hold open. */
	GLADI_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
	GLADI_CLIENT_DIR: z.string().optional(),
	/** mediasoup workers; default one per core. */
	GLADI_WORKERS: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
	/** IP the WebRtcServers listen on. */
	GLADI_MEDIA_LISTEN_IP: z.string().default('0.0.0.0'),
	/** Address put in ICE candidates (public IP or hostname); default: a LAN address of this machine. */
	GLADI_MEDIA_ANNOUNCED_ADDRESS: z.string().optional(),
	/**
	 * Consumers one worker should carry (mediasoup: ~500 per core). A room's
	 * viewers beyond it receive from an edge router on another worker.
	 */
	GLADI_WORKER_MAX_CONSUMERS: z.coerce.number().int().min(2).max(100_000).default(400),
	/** First WebRtcServer port; worker i listens on port + i (UDP and TCP). */
	GLADI_MEDIA_PORT: z.coerce.number().int().min(0).max(65535).default(40000),
	/** At most what a timer can wait (2^31-1 ms, ~24.8 days); longer ones fire at once. */
	GLADI_ROOM_EMPTY_GRACE_SECONDS: z.coerce.number().min(0).max(2_147_483).default(120),
	/**
	 * A live whose host drops out (their connection, or the media worker under
	 * the room) stays live this long for them to come back: the session, its
	 * report and its recording go on. 0: the live ends at once.
	 */
	GLADI_HOST_RETURN_SECONDS: z.coerce.number().min(0).max(3600).default(30),
	GLADI_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
	/** `json` for log collectors, `pretty` for a person; `auto`: pretty on a terminal, JSON otherwise. */
	GLADI_LOG_FORMAT: z.enum(LOG_FORMATS).default('auto'),
	/** Record every live on the server (`off`: no recordings). */
	GLADI_RECORDINGS: z.enum(['on', 'off']).default('on'),
	/** Recordings older than this are deleted. */
	GLADI_RECORDING_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(30),
	/** Disk budget for recordings; past it the oldest are deleted first. */
	GLADI_RECORDINGS_MAX_GB: z.coerce.number().min(0).max(1_000_000).default(20),
	/** The FFmpeg binary that writes recordings. */
	GLADI_FFMPEG: z.string().default('ffmpeg'),
	/** How many comments one person may send per minute (after a burst of 3). */
	GLADI_COMMENTS_PER_MINUTE: z.coerce.number().int().min(1).max(6000).default(30),
	/** The first admin, created at start when no account exists (Docker, automation). Both or neither. */
	GLADI_ADMIN_USER: usernameSchema.optional(),
	GLADI_ADMIN_PASSWORD: passwordSchema.optional(),
	/** Invite links stop working this many days after they were issued (a mentor can issue new ones). */
	GLADI_INVITE_TTL_DAYS: z.coerce.number().positive().max(36_500).default(90),
	/** How long a mentor stays signed in. */
	GLADI_SESSION_DAYS: z.coerce.number().positive().max(365).default(30),
	/** Rooms one mentor may create per 24 hours (a class's practice rooms count). */
	GLADI_ROOMS_PER_DAY: z.coerce.number().int().min(1).max(100_000).default(100),
	/**
	 * Connections one invite link may hold open at once, per role: a class of
	 * 30 and its guests share one buyer link; a host has a phone, a laptop and a reload.
	 */
	GLADI_MAX_CONNECTIONS_PER_BUYER_LINK: z.coerce.number().int().min(1).max(100_000).default(200),
	GLADI_MAX_CONNECTIONS_PER_MENTOR_LINK: z.coerce.number().int().min(1).max(100_000).default(20),
	GLADI_MAX_CONNECTIONS_PER_HOST_LINK: z.coerce.number().int().min(1).max(100_000).default(3),
	/** Connections one client address may hold open in one room (a school Wi-Fi is one address). */
	GLADI_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
	/**
	 * New person ids one address may be given per minute in one room (twice
	 * that at once): what stops a buyer from shedding their limits by
	 * dropping their id over and over.
	 */
	GLADI_NEW_PEOPLE_PER_MINUTE: z.coerce.number().min(1).max(100_000).default(20),
	/** A connection that has not joined its room this long after opening is closed. */
	GLADI_JOIN_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
	/** Unset: X-Forwarded-For is nobody's word, the client address is the connection's. */
	GLADI_TRUST_PROXY: trustProxySchema.optional(),
	/** Host names the studio answers to besides localhost and this machine's addresses come from here. */
	GLADI_PUBLIC_URL: publicUrlSchema.optional(),
	/** `production`: no source maps served, express's production mode. */
	NODE_ENV: z.string().optional(),
	/** This server node's name among several sharing one database (default: the machine's host name). */
	GLADI_NODE_ID: z
		.string()
		.trim()
		.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, dot, dash and underscore; at most 63')
		.optional(),
	/** Several nodes: a node's rooms move to others this long after it stops renewing their leases (it died). */
	GLADI_LEASE_SECONDS: z.coerce.number().min(2).max(300).default(8),
	/** Several nodes: on SIGTERM a node takes no new rooms and waits this long for its lives to end before it stops. */
	GLADI_DRAIN_SECONDS: z.coerce.number().min(0).max(86_400).default(600),
});

export interface Config {
	port: number;
	host: string;
	httpsPort: number;
	tls: { certFile: string; keyFile: string } | null;
	dataDir: string;
	uploadsDir: string;
	/** The PostgreSQL database (postgres://...), or null: SQLite, `gladi.db` in the data directory. */
	databaseUrl: string | null;
	databasePoolSize: number;
	clientDir: string;
	workers: number;
	maxConsumersPerWorker: number;
	media: { listenIp: string; announcedAddress: string | undefined; port: number };
	roomEmptyGraceMs: number;
	hostReturnMs: number;
	logLevel: LogLevel;
	logFormat: LogFormat;
	commentsPerPersonPerMinute: number;
	recordings: { enabled: boolean; retentionDays: number; maxBytes: number; ffmpeg: string };
	firstAdmin: { username: string; password: string } | null;
	inviteTtlMs: number;
	sessionTtlMs: number;
	roomsPerDay: number;
	connections: ConnectionLimits;
	/** Express's `trust proxy`: false (trust none), a hop count, or addresses/CIDRs/named ranges. */
	trustProxy: false | number | string[];
	/** The public origin (`https://gladi.example.org`), or null. */
	publicUrl: string | null;
	production: boolean;
	/** This node's id, and (several nodes) how its rooms' leases and its drain behave. */
	node: { id: string; leaseMs: number; drainMs: number };
}

/** What the signaling layer lets one link, one address and one socket do (see GLADI_MAX_CONNECTIONS_*). */
export interface ConnectionLimits {
	perLink: Record<Role, number>;
	perAddress: number;
	newPeoplePerMinute: number;
	joinTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	// An empty variable (`GLADI_PORT=` in an env file) means unset, not 0 or the current directory.
	const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim()));
	const parsed = envSchema.safeParse(set);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ');
		throw new Error(`invalid configuration:\n  ${problems}`);
	}
	const e = parsed.data;
	if (Boolean(e.GLADI_TLS_CERT) !== Boolean(e.GLADI_TLS_KEY)) {
		throw new Error('invalid configuration: set both GLADI_TLS_CERT and GLADI_TLS_KEY, or neither');
	}
	if (Boolean(e.GLADI_ADMIN_USER) !== Boolean(e.GLADI_ADMIN_PASSWORD)) {
		throw new Error('invalid configuration: set both GLADI_ADMIN_USER and GLADI_ADMIN_PASSWORD, or neither');
	}
	return {
		port: e.GLADI_PORT,
		host: e.GLADI_HOST,
		httpsPort: e.GLADI_HTTPS_PORT,
		tls: e.GLADI_TLS_CERT && e.GLADI_TLS_KEY ? { certFile: e.GLADI_TLS_CERT, keyFile: e.GLADI_TLS_KEY } : null,
		dataDir: path.resolve(e.GLADI_DATA_DIR),
		uploadsDir: path.resolve(e.GLADI_UPLOADS_DIR ?? path.join(e.GLADI_DATA_DIR, 'uploads')),
		databaseUrl: e.GLADI_DATABASE_URL ?? null,
		databasePoolSize: e.GLADI_DATABASE_POOL_SIZE,
		clientDir: path.resolve(e.GLADI_CLIENT_DIR ?? new URL('../../client/dist', import.meta.url).pathname),
		workers: e.GLADI_WORKERS,
		maxConsumersPerWorker: e.GLADI_WORKER_MAX_CONSUMERS,
		media: {
			listenIp: e.GLADI_MEDIA_LISTEN_IP,
			announcedAddress: e.GLADI_MEDIA_ANNOUNCED_ADDRESS,
			port: e.GLADI_MEDIA_PORT,
		},
		roomEmptyGraceMs: e.GLADI_ROOM_EMPTY_GRACE_SECONDS * 1000,
		hostReturnMs: e.GLADI_HOST_RETURN_SECONDS * 1000,
		logLevel: e.GLADI_LOG_LEVEL,
		logFormat: e.GLADI_LOG_FORMAT,
		commentsPerPersonPerMinute: e.GLADI_COMMENTS_PER_MINUTE,
		recordings: {
			enabled: e.GLADI_RECORDINGS === 'on',
			retentionDays: e.GLADI_RECORDING_RETENTION_DAYS,
			maxBytes: Math.round(e.GLADI_RECORDINGS_MAX_GB * 1024 ** 3),
			ffmpeg: e.GLADI_FFMPEG,
		},
		firstAdmin: e.GLADI_ADMIN_USER && e.GLADI_ADMIN_PASSWORD ? { username: e.GLADI_ADMIN_USER, password: e.GLADI_ADMIN_PASSWORD } : null,
		inviteTtlMs: Math.round(e.GLADI_INVITE_TTL_DAYS * 86_400_000),
		sessionTtlMs: Math.round(e.GLADI_SESSION_DAYS * 86_400_000),
		roomsPerDay: e.GLADI_ROOMS_PER_DAY,
		connections: {
			perLink: {
				buyer: e.GLADI_MAX_CONNECTIONS_PER_BUYER_LINK,
				mentor: e.GLADI_MAX_CONNECTIONS_PER_MENTOR_LINK,
				host: e.GLADI_MAX_CONNECTIONS_PER_HOST_LINK,
			},
			perAddress: e.GLADI_MAX_CONNECTIONS_PER_ADDRESS,
			newPeoplePerMinute: e.GLADI_NEW_PEOPLE_PER_MINUTE,
			joinTimeoutMs: e.GLADI_JOIN_TIMEOUT_SECONDS * 1000,
		},
		trustProxy: e.GLADI_TRUST_PROXY ?? false,
		publicUrl: e.GLADI_PUBLIC_URL ?? null,
		production: e.NODE_ENV === 'production',
		node: {
			id: e.GLADI_NODE_ID ?? (os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63) || 'gladi'),
			leaseMs: e.GLADI_LEASE_SECONDS * 1000,
			drainMs: e.GLADI_DRAIN_SECONDS * 1000,
		},
	};
}
