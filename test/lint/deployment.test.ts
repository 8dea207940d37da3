/*
 * The documented Docker deployment, read as Docker Compose and Caddy would
 * (there is no Docker engine here): Gladi's nodes share one PostgreSQL
 * database and one folder of product photos; only the TLS proxy and each
 * node's media ports are published; the proxy spreads the pages over every
 * node and gives each node a public origin of its own, where the pages
 * connect to the node running their room; and each node believes
 * X-Forwarded-For from that proxy alone, so each person behind it keeps
 * their own rate-limit bucket.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, type Config } from '../../server/src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
	build?: unknown;
	image?: string;
	ports?: string[];
	expose?: string[];
	environment?: Record<string, string>;
	networks?: Record<string, { ipv4_address?: string } | null>;
	volumes?: string[];
	depends_on?: Record<string, { condition?: string }> | string[];
	stop_grace_period?: string;
	healthcheck?: { test?: string | string[] };
}
// Anchors and `<<` merge keys, as Docker Compose reads them.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const { proxy } = compose.services;

/** A required variable's stand-in: its name in lower case with dashes (`gladi-domain`). */
const sample = (name: string): string => name.toLowerCase().replace(/_/g, '-');

/**
 * A value with its `${VAR}` references filled in as Compose would with VAR
 * unset: `${VAR:-default}` gives the default, and a required `${VAR:?message}`
 * its sample.
 */
function interpolate(value: string): string {
	return value.replace(/\$\{(\w+)(?::?-([^}]*)|:?\?[^}]*)?\}/g, (_, name: string, fallback: string | undefined) => fallback ?? sample(name));
}
const interpolated = (env: Record<string, string> = {}) => Object.fromEntries(Object.entries(env).map(([key, value]) => [key, interpolate(String(value))]));

/** The environment the image sets (its last stage's ENV), under a service's own. */
function imageEnv(dockerfile: string): Record<string, string> {
	const lastStage = dockerfile.split(/^FROM /m).at(-1) ?? '';
	const env: Record<string, string> = {};
	for (const [, pairs = ''] of lastStage.replace(/\\\n/g, ' ').matchAll(/^ENV\s+(.+)$/gm)) {
		for (const [, key = '', value = ''] of pairs.matchAll(/(\w+)=(\S*)/g)) env[key] = value;
	}
	return env;
}
const IMAGE_ENV = imageEnv(read('Dockerfile'));

/** Gladi's nodes: the services built from the Dockerfile, with the settings each starts with. */
const nodes = Object.entries(compose.services)
	.filter(([, service]) => service.build !== undefined)
	.map(([name, service]) => ({ name, service, config: loadConfig({ ...IMAGE_ENV, ...interpolated(service.environment) }) }));

/** The host ports a service publishes, as "port/protocol" ("40000-40001/udp" expanded). */
function published(service: Service | undefined): string[] {
	return (service?.ports ?? []).flatMap((entry) => {
		const [mapping = '', protocol = 'tcp'] = entry.split('/');
		const host = mapping.split(':').at(-2) ?? mapping;
		const [from, to = from] = host.split('-').map(Number) as [number, number?];
		return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => `${from + i}/${protocol}`);
	});
}

/** A node's media ports: one UDP and one TCP port per worker, from GLADI_MEDIA_PORT on. */
const mediaPorts = (config: Config): string[] =>
	Array.from({ length: config.workers }, (_, i) => [`${config.media.port + i}/udp`, `${config.media.port + i}/tcp`]).flat();

/** A service's named-volume mounts (short syntax `source:target[:mode]`), by target path. */
function mounts(service: Service): Map<string, string> {
	return new Map(
		(service.volumes ?? []).flatMap((entry) => {
			const [source = '', target = ''] = entry.split(':');
			return source in (compose.volumes ?? {}) ? [[target, source] as const] : [];
		}),
	);
}

/** Compose's duration (`11m`, `1m30s`, `660s`) in seconds; unset, Docker waits 10 s before SIGKILL. */
function seconds(duration: string | undefined): number {
	if (duration === undefined) return 10;
	const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
	return [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)].reduce((sum, [, n = '0', unit = 's']) => sum + Number(n) * units[unit]!, 0);
}

const caddyfile = read('deploy/Caddyfile').replace(/#.*$/gm, '');

/** The Caddyfile's site blocks by address: the upstreams of each one's reverse_proxy, and its text. */
function caddySites(text: string): Map<string, { upstreams: string[]; body: string }> {
	const sites = new Map<string, { upstreams: string[]; body: string }>();
	let site: { address: string; lines: string[] } | null = null;
	let depth = 0;
	for (const line of text.split('\n')) {
		const opens = /^(\S.*?)\s*\{\s*$/.exec(line);
		if (depth === 0 && opens) site = { address: opens[1]!, lines: [] };
		else if (depth > 0) site?.lines.push(line);
		depth += (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);
		if (depth === 0 && site) {
			const body = site.lines.join('\n');
			const upstreams = /^\s*reverse_proxy\s+([^{\n]+)/m.exec(body)?.[1]?.trim().split(/\s+/) ?? [];
			sites.set(site.address, { upstreams, body });
			site = null;
		}
	}
	return sites;
}
const sites = caddySites(caddyfile);

/** The upstream the proxy dials for a node: its service name and Gladi's HTTP port. */
const upstream = (node: (typeof nodes)[number]): string => `${node.name}:${node.config.port}`;

describe('docker-compose.yml', () => {
	it('runs several Gladi nodes of one image, each with an id of its own and a health check', () => {
		expect(nodes.length).toBeGreaterThanOrEqual(2);
		expect(new Set(nodes.map((n) => JSON.stringify([n.service.build, n.service.image]))).size).toBe(1);
		// Set, not the default (the host name): a container's changes each time it is made.
		for (const { service } of nodes) expect(service.environment?.['GLADI_NODE_ID']).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
		expect(new Set(nodes.map((n) => n.config.node.id)).size).toBe(nodes.length);
		for (const { service } of nodes) expect(JSON.stringify(service.healthcheck?.test)).toContain('/healthz');
	});

	it("publishes only the proxy's HTTP(S) ports and each node's media ports; the nodes' own HTTP port stays inside", () => {
		for (const [name, service] of Object.entries(compose.services)) {
			if (service !== proxy && !nodes.some((n) => n.service === service)) expect(published(service), name).toEqual([]);
		}
		const media = nodes.map(({ name, service, config }) => {
			expect(service.expose, name).toEqual([String(config.port)]);
			expect(published(service), name).not.toContain(`${config.port}/tcp`);
			expect(published(service).sort(), name).toEqual(mediaPorts(config).sort());
			return mediaPorts(config);
		});
		// Two nodes on one host cannot share a port.
		expect(new Set(media.flat()).size).toBe(media.flat().length);
		const nodeOrigins = nodes.map((n) => `${new URL(n.config.publicUrl ?? 'https://unset').port}/tcp`);
		expect(published(proxy).sort()).toEqual(['443/tcp', '443/udp', '80/tcp', ...nodeOrigins].sort());
	});

	it('trusts X-Forwarded-For from the proxy alone', () => {
		const proxyAddress = proxy?.networks?.['edge']?.ipv4_address;
		expect(proxyAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
		for (const { name, service } of nodes) {
			expect(service.environment?.['GLADI_TRUST_PROXY'], name).toBe(proxyAddress);
			expect(service.networks?.['edge']?.ipv4_address, name).not.toBe(proxyAddress);
		}
		// Caddy sets X-Forwarded-For itself unless told to trust other proxies in front of it.
		expect(caddyfile).not.toMatch(/trusted_proxies/);
	});

	it('gives each node a public origin of its own, a port the proxy publishes and routes to that node alone', () => {
		expect(proxy?.environment?.['GLADI_DOMAIN']).toMatch(/^\$\{GLADI_DOMAIN[:?}]/);
		const domain = sample('GLADI_DOMAIN');
		const ports = nodes.map((node) => {
			const { name, service, config } = node;
			// The name people open, on a port of the node's own: Gladi answers only to its host.
			expect(service.environment?.['GLADI_PUBLIC_URL'], name).toMatch(/^https:\/\/\$\{GLADI_DOMAIN[^}]*\}:\d+$/);
			const url = new URL(config.publicUrl ?? 'https://unset');
			expect(url.hostname, name).toBe(domain);
			expect(published(proxy), name).toContain(`${url.port}/tcp`);
			expect(sites.get(`{$GLADI_DOMAIN}:${url.port}`)?.upstreams, name).toEqual([upstream(node)]);
			return url.port;
		});
		expect(new Set(ports).size).toBe(nodes.length);
	});

	it('serves the pages and the API from every node that passes its health check', () => {
		const main = sites.get('{$GLADI_DOMAIN}');
		expect(main?.upstreams.sort()).toEqual(nodes.map(upstream).sort());
		expect(main?.body).toMatch(/^\s*health_uri \/healthz$/m);
		// Caddy's health check would name the upstream (gladi-a:3000) as Host, which Gladi refuses.
		expect(main?.body).toMatch(/health_headers \{\s*Host \{\$GLADI_DOMAIN\}\s*\}/);
	});

	it('shares one PostgreSQL database, published nowhere, and starts the nodes once it is ready', () => {
		const databases = nodes.map(({ name, service }) => {
			const url = new URL(interpolate(service.environment?.['GLADI_DATABASE_URL'] ?? 'unset:'));
			expect(url.protocol, name).toMatch(/^postgres(ql)?:$/);
			const database = compose.services[url.hostname];
			expect(database?.image, name).toMatch(/^postgres:\d+$/);
			expect((service.depends_on as Record<string, { condition?: string }> | undefined)?.[url.hostname]?.condition, name).toBe('service_healthy');
			const env = interpolated(database?.environment);
			expect([url.username, url.password, url.pathname], name).toEqual([env['POSTGRES_USER'], env['POSTGRES_PASSWORD'], `/${env['POSTGRES_DB']}`]);
			return url.hostname;
		});
		expect(new Set(databases).size).toBe(1);
		const database = compose.services[databases[0]!]!;
		expect(published(database)).toEqual([]);
		expect(database.expose ?? []).toEqual([]);
		expect(JSON.stringify(database.healthcheck?.test)).toContain('pg_isready');
		// No default password: Compose refuses to start without one.
		expect(database.environment?.['POSTGRES_PASSWORD']).toMatch(/^\$\{\w+:\?[^}]+\}$/);
		expect(mounts(database).get('/var/lib/postgresql/data')).toBeDefined();
	});

	it("keeps each node's data volume apart, and the product photos in one volume every node mounts", () => {
		const data = nodes.map(({ name, service, config }) => {
			const volume = mounts(service).get(config.dataDir);
			expect(volume, name).toBeDefined();
			return volume;
		});
		expect(new Set(data).size).toBe(nodes.length);
		const uploads = nodes.map(({ name, service, config }) => {
			expect(service.environment?.['GLADI_UPLOADS_DIR'], name).toBe(config.uploadsDir);
			return mounts(service).get(config.uploadsDir);
		});
		expect(uploads[0]).toBeDefined();
		expect(new Set(uploads)).toEqual(new Set([uploads[0]]));
		expect(data).not.toContain(uploads[0]);
	});

	it('lets SIGTERM drain a node before Docker kills it', () => {
		for (const { name, service, config } of nodes) {
			// main.ts gives the drain GLADI_DRAIN_SECONDS and closing 5 s more, then exits on its own.
			expect(seconds(service.stop_grace_period), name).toBeGreaterThan(config.node.drainMs / 1000 + 5);
		}
	});
});
