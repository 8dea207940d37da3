import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

/** The message loadConfig throws for `env`, or fails the test if it does not throw. */
function configError(env: NodeJS.ProcessEnv): string {
	try {
		loadConfig(env);
	} catch (error) {
		expect(error).toBeInstanceOf(Error);
		return (error as Error).message;
	}
	throw new Error(`expected loadConfig(${JSON.stringify(env)}) to throw`);
}

describe('loadConfig defaults', () => {
	it('gives a working configuration from an empty environment', () => {
		const config = loadConfig({});
		expect(config).toMatchObject({
			port: 3000,
			host: '0.0.0.0',
			httpsPort: 3443,
			tls: null,
			dataDir: path.resolve('data'),
			workers: os.availableParallelism(),
			media: { listenIp: '0.0.0.0', announcedAddress: undefined, port: 40000 },
			roomEmptyGraceMs: 120_000,
			hostReturnMs: 30_000,
			logLevel: 'info',
			logFormat: 'auto',
			connections: { perLink: { buyer: 200, mentor: 20, host: 3 }, perAddress: 50, newPeoplePerMinute: 20, joinTimeoutMs: 30_000 },
		});
		expect(path.isAbsolute(config.clientDir)).toBe(true);
		expect(config.clientDir.endsWith(path.join('client', 'dist'))).toBe(true);
	});

	it('ignores variables that are not its own', () => {
		expect(loadConfig({ PORT: '1', HOST: 'x', GLADI_UNKNOWN: 'y' }).port).toBe(3000);
	});

	it('treats empty variables as unset (e.g. `GLADI_PORT=` in an env file)', () => {
		const config = loadConfig({
			GLADI_PORT: '',
			GLADI_HTTPS_PORT: '',
			GLADI_MEDIA_PORT: ' ',
			GLADI_HOST: '',
			GLADI_DATA_DIR: '',
			GLADI_TLS_CERT: '',
			GLADI_TLS_KEY: '',
			GLADI_LOG_LEVEL: '',
		});
		expect(config).toMatchObject({
			port: 3000,
			httpsPort: 3443,
			host: '0.0.0.0',
			dataDir: path.resolve('data'),
			tls: null,
			media: { port: 40000 },
			logLevel: 'info',
		});
	});
});

describe('loadConfig values', () => {
	it('reads every setting', () => {
		const config = loadConfig({
			GLADI_PORT: '8080',
			GLADI_HOST: '127.0.0.1',
			GLADI_HTTPS_PORT: '0',
			GLADI_DATA_DIR: '/tmp/gladi-data',
			GLADI_DATABASE_URL: 'postgresql://gladi:rahasia@db.internal:5432/gladi',
			GLADI_DATABASE_POOL_SIZE: '25',
			GLADI_CLIENT_DIR: 'relative/client',
			GLADI_WORKERS: '3',
			GLADI_WORKER_MAX_CONSUMERS: '250',
			GLADI_MEDIA_LISTEN_IP: '10.0.0.5',
			GLADI_MEDIA_ANNOUNCED_ADDRESS: 'studio.example.com',
			GLADI_MEDIA_PORT: '50000',
			GLADI_ROOM_EMPTY_GRACE_SECONDS: '1.5',
			GLADI_LOG_LEVEL: 'debug',
			GLADI_LOG_FORMAT: 'json',
			GLADI_HOST_RETURN_SECONDS: '12',
			GLADI_RECORDINGS: 'off',
			GLADI_RECORDING_RETENTION_DAYS: '7',
			GLADI_RECORDINGS_MAX_GB: '0.5',
			GLADI_FFMPEG: '/opt/ffmpeg/bin/ffmpeg',
			GLADI_MAX_CONNECTIONS_PER_BUYER_LINK: '500',
			GLADI_MAX_CONNECTIONS_PER_MENTOR_LINK: '40',
			GLADI_MAX_CONNECTIONS_PER_HOST_LINK: '2',
			GLADI_MAX_CONNECTIONS_PER_ADDRESS: '120',
			GLADI_NEW_PEOPLE_PER_MINUTE: '60',
			GLADI_JOIN_TIMEOUT_SECONDS: '0.5',
			GLADI_TRUST_PROXY: '172.30.0.2',
			GLADI_PUBLIC_URL: 'https://Gladi.Example.org/',
			GLADI_UPLOADS_DIR: '/srv/gladi-uploads',
			GLADI_NODE_ID: 'node-a',
			GLADI_LEASE_SECONDS: '10',
			GLADI_DRAIN_SECONDS: '60',
			NODE_ENV: 'production',
		});
		expect(config).toEqual({
			port: 8080,
			host: '127.0.0.1',
			httpsPort: 0,
			tls: null,
			dataDir: '/tmp/gladi-data',
			databaseUrl: 'postgresql://gladi:rahasia@db.internal:5432/gladi',
			databasePoolSize: 25,
			uploadsDir: '/srv/gladi-uploads',
			clientDir: path.resolve('relative/client'),
			workers: 3,
			maxConsumersPerWorker: 250,
			media: { listenIp: '10.0.0.5', announcedAddress: 'studio.example.com', port: 50000 },
			roomEmptyGraceMs: 1500,
			hostReturnMs: 12_000,
			recordings: { enabled: false, retentionDays: 7, maxBytes: 512 * 1024 ** 2, ffmpeg: '/opt/ffmpeg/bin/ffmpeg' },
			logLevel: 'debug',
			logFormat: 'json',
			commentsPerPersonPerMinute: 30,
			firstAdmin: null,
			inviteTtlMs: 90 * 86_400_000,
			sessionTtlMs: 30 * 86_400_000,
			roomsPerDay: 100,
			connections: { perLink: { buyer: 500, mentor: 40, host: 2 }, perAddress: 120, newPeoplePerMinute: 60, joinTimeoutMs: 500 },
			trustProxy: ['172.30.0.2'],
			publicUrl: 'https://gladi.example.org',
			node: { id: 'node-a', leaseMs: 10_000, drainMs: 60_000 },
			production: true,
		});
	});

	it('accepts port 0 (any free port) and the port bounds', () => {
		expect(loadConfig({ GLADI_PORT: '0' }).port).toBe(0);
		expect(loadConfig({ GLADI_PORT: '65535' }).port).toBe(65535);
		expect(loadConfig({ GLADI_ROOM_EMPTY_GRACE_SECONDS: '0' }).roomEmptyGraceMs).toBe(0);
	});

	it('resolves a relative data directory to an absolute one', () => {
		expect(loadConfig({ GLADI_DATA_DIR: 'some/dir' }).dataDir).toBe(path.resolve('some/dir'));
	});
});

describe('loadConfig database', () => {
	it('keeps SQLite in the data directory unless a PostgreSQL URL is given', () => {
		expect(loadConfig({})).toMatchObject({ databaseUrl: null, databasePoolSize: 10 });
		expect(loadConfig({ GLADI_DATABASE_URL: '' }).databaseUrl).toBeNull();
	});

	it.each(['postgres://localhost/gladi', 'postgresql://gladi@127.0.0.1:5433/gladi?sslmode=disable', 'postgresql:///gladi?host=/var/run/postgresql'])(
		'takes GLADI_DATABASE_URL=%j as it is',
		(url) => {
			expect(loadConfig({ GLADI_DATABASE_URL: url }).databaseUrl).toBe(url);
		},
	);

	it('does not repeat a refused URL (it may hold a password)', () => {
		const message = configError({ GLADI_DATABASE_URL: 'mysql://gladi:rahasia@db.internal/gladi' });
		expect(message).toContain('GLADI_DATABASE_URL: give a postgres:// or postgresql:// URL');
		expect(message).not.toContain('rahasia');
	});
});

describe('loadConfig errors', () => {
	it.each([
		['GLADI_PORT', 'abc'],
		['GLADI_PORT', '70000'],
		['GLADI_PORT', '-1'],
		['GLADI_PORT', '80.5'],
		['GLADI_HTTPS_PORT', '65536'],
		['GLADI_MEDIA_PORT', 'forty'],
		['GLADI_WORKERS', '0'],
		['GLADI_MAX_CONNECTIONS_PER_BUYER_LINK', '0'],
		['GLADI_MAX_CONNECTIONS_PER_ADDRESS', 'lots'],
		['GLADI_JOIN_TIMEOUT_SECONDS', '0'],
		['GLADI_WORKERS', '65'],
		['GLADI_WORKERS', 'many'],
		['GLADI_WORKER_MAX_CONSUMERS', '1'],
		['GLADI_ROOM_EMPTY_GRACE_SECONDS', '-1'],
		['GLADI_ROOM_EMPTY_GRACE_SECONDS', 'Infinity'],
		['GLADI_LOG_LEVEL', 'verbose'],
		['GLADI_LOG_LEVEL', 'INFO'],
		['GLADI_LOG_FORMAT', 'xml'],
		['GLADI_RECORDINGS', 'yes'],
		['GLADI_HOST_RETURN_SECONDS', '-1'],
		['GLADI_DATABASE_URL', 'gladi.db'],
		['GLADI_DATABASE_URL', 'mysql://db.internal/gladi'],
		['GLADI_DATABASE_URL', 'http://db.internal/gladi'],
		['GLADI_DATABASE_POOL_SIZE', '0'],
		['GLADI_DATABASE_POOL_SIZE', 'ten'],
	])('%s=%j is refused with a message naming the variable', (name, value) => {
		const message = configError({ [name]: value });
		expect(message).toMatch(/^invalid configuration:/);
		expect(message).toContain(`${name}:`);
	});

	it('lists every problem at once', () => {
		const message = configError({ GLADI_PORT: 'x', GLADI_WORKERS: '0', GLADI_LOG_LEVEL: 'loud' });
		expect(message).toContain('GLADI_PORT:');
		expect(message).toContain('GLADI_WORKERS:');
		expect(message).toContain('GLADI_LOG_LEVEL:');
		expect(message.split('\n')).toHaveLength(4);
	});

	it('refuses an empty-room grace longer than a timer can wait (it would fire at once)', () => {
		// setTimeout clamps delays over 2^31-1 ms (~24.8 days) to 1 ms.
		expect(configError({ GLADI_ROOM_EMPTY_GRACE_SECONDS: String(30 * 24 * 3600) })).toContain('GLADI_ROOM_EMPTY_GRACE_SECONDS:');
		expect(loadConfig({ GLADI_ROOM_EMPTY_GRACE_SECONDS: String(7 * 24 * 3600) }).roomEmptyGraceMs).toBe(7 * 24 * 3600_000);
	});
});

describe('loadConfig proxies and the public address', () => {
	it('trusts no proxy, knows no public URL and is not in production by default', () => {
		expect(loadConfig({})).toMatchObject({ trustProxy: false, publicUrl: null, production: false });
		expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
	});

	it.each([
		['1', 1],
		['2', 2],
		['loopback', ['loopback']],
		['loopback, uniquelocal,linklocal', ['loopback', 'uniquelocal', 'linklocal']],
		['172.30.0.2', ['172.30.0.2']],
		['10.0.0.0/8,fd00::/8, ::1', ['10.0.0.0/8', 'fd00::/8', '::1']],
	])('GLADI_TRUST_PROXY=%j is %j (what express `trust proxy` takes)', (value, expected) => {
		expect(loadConfig({ GLADI_TRUST_PROXY: value }).trustProxy).toEqual(expected);
	});

	it.each(['true', '*', 'proxy.example.org', '10.0.0.0/33', 'fd00::/129', '10.0.0.1/8/1', 'loopback,', '-1', '1.5'])(
		'refuses GLADI_TRUST_PROXY=%j',
		(value) => {
			expect(configError({ GLADI_TRUST_PROXY: value })).toContain('GLADI_TRUST_PROXY:');
		},
	);

	it.each([
		['https://gladi.example.org', 'https://gladi.example.org'],
		['https://gladi.example.org/', 'https://gladi.example.org'],
		['http://Studio.Local:3000', 'http://studio.local:3000'],
		['https://[2001:db8::1]:8443', 'https://[2001:db8::1]:8443'],
	])('GLADI_PUBLIC_URL=%j is the origin %j', (value, origin) => {
		expect(loadConfig({ GLADI_PUBLIC_URL: value }).publicUrl).toBe(origin);
	});

	it.each(['gladi.example.org', 'ftp://gladi.example.org', 'https://gladi.example.org/app', 'https://gladi.example.org/?x=1', 'https://user:pw@gladi.example.org'])(
		'refuses GLADI_PUBLIC_URL=%j',
		(value) => {
			expect(configError({ GLADI_PUBLIC_URL: value })).toContain('GLADI_PUBLIC_URL:');
		},
	);
});

describe('loadConfig TLS', () => {
	it('uses the certificate and key when both are set', () => {
		expect(loadConfig({ GLADI_TLS_CERT: '/etc/gladi/cert.pem', GLADI_TLS_KEY: '/etc/gladi/key.pem' }).tls).toEqual({
			certFile: '/etc/gladi/cert.pem',
			keyFile: '/etc/gladi/key.pem',
		});
	});

	it('refuses a certificate without a key and a key without a certificate', () => {
		for (const env of [{ GLADI_TLS_CERT: '/c.pem' }, { GLADI_TLS_KEY: '/k.pem' }, { GLADI_TLS_CERT: '/c.pem', GLADI_TLS_KEY: '' }]) {
			const message = configError(env);
			expect(message).toMatch(/^invalid configuration:/);
			expect(message).toContain('GLADI_TLS_CERT');
			expect(message).toContain('GLADI_TLS_KEY');
		}
	});

	it('has no TLS files when neither is set (a self-signed certificate is made instead)', () => {
		expect(loadConfig({ GLADI_HTTPS_PORT: '3443' }).tls).toBeNull();
	});
});

describe('loadConfig accounts and links', () => {
	it('takes the first admin only with both a valid username and a long enough password', () => {
		expect(loadConfig({ GLADI_ADMIN_USER: 'Bu.Rina', GLADI_ADMIN_PASSWORD: 'rahasia-sekali' }).firstAdmin).toEqual({ username: 'bu.rina', password: 'rahasia-sekali' });
		expect(loadConfig({}).firstAdmin).toBeNull();
		expect(configError({ GLADI_ADMIN_USER: 'admin' })).toContain('GLADI_ADMIN_PASSWORD');
		expect(configError({ GLADI_ADMIN_USER: 'admin', GLADI_ADMIN_PASSWORD: 'pendek' })).toContain('GLADI_ADMIN_PASSWORD:');
		expect(configError({ GLADI_ADMIN_USER: 'a b', GLADI_ADMIN_PASSWORD: 'rahasia-sekali' })).toContain('GLADI_ADMIN_USER:');
	});

	it('expires invite links after 90 days, sign-ins after 30, and allows 100 rooms a day unless told otherwise', () => {
		const config = loadConfig({});
		expect([config.inviteTtlMs, config.sessionTtlMs, config.roomsPerDay]).toEqual([90 * 86_400_000, 30 * 86_400_000, 100]);
		expect(loadConfig({ GLADI_INVITE_TTL_DAYS: '7', GLADI_ROOMS_PER_DAY: '5' })).toMatchObject({ inviteTtlMs: 7 * 86_400_000, roomsPerDay: 5 });
		expect(configError({ GLADI_INVITE_TTL_DAYS: '0' })).toContain('GLADI_INVITE_TTL_DAYS:');
	});
});
