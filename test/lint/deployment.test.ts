/*
 * The documented Docker deployment, read as Docker Compose would (there is no
 * Docker engine here): only the TLS proxy and the media ports are published,
 * and Gladi believes X-Forwarded-For from that proxy alone, so each person
 * behind it keeps their own rate-limit bucket.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Service {
	ports?: string[];
	expose?: string[];
	environment?: Record<string, string>;
	networks?: Record<string, { ipv4_address?: string }>;
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const { gladi, proxy } = compose.services;

/** The host ports a service publishes, as "port/protocol" ("40000-40001/udp" expanded). */
function published(service: Service | undefined): string[] {
	return (service?.ports ?? []).flatMap((entry) => {
		const [mapping = '', protocol = 'tcp'] = entry.split('/');
		const host = mapping.split(':').at(-2) ?? mapping;
		const [from, to = from] = host.split('-').map(Number) as [number, number?];
		return Array.from({ length: (to ?? from) - from + 1 }, (_, i) => `${from + i}/${protocol}`);
	});
}

describe('docker-compose.yml', () => {
	it("publishes only the proxy's HTTP(S) ports and the media ports; Gladi's own HTTP port stays inside", () => {
		expect(published(proxy).sort()).toEqual(['443/tcp', '443/udp', '80/tcp']);
		const gladiPorts = published(gladi);
		expect(gladiPorts).not.toContain('3000/tcp');
		expect(gladiPorts.every((p) => /^4000[01]\/(udp|tcp)$/.test(p))).toBe(true);
		expect(gladi?.expose).toEqual(['3000']);
	});

	it('trusts X-Forwarded-For from the proxy alone, and answers only to the public name', () => {
		const proxyAddress = proxy?.networks?.['edge']?.ipv4_address;
		expect(proxyAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
		expect(gladi?.environment?.['GLADI_TRUST_PROXY']).toBe(proxyAddress);
		expect(gladi?.environment?.['GLADI_PUBLIC_URL']).toMatch(/^https:\/\/\$\{GLADI_DOMAIN/);
		const caddyfile = readFileSync(path.join(ROOT, 'deploy/Caddyfile'), 'utf8');
		expect(caddyfile).toMatch(/^\{\$GLADI_DOMAIN\} \{\n\treverse_proxy gladi:3000\n\}/m);
		// Caddy sets X-Forwarded-For itself unless told to trust other proxies in front of it.
		expect(caddyfile.replace(/#.*$/gm, '')).not.toMatch(/trusted_proxies/);
	});
});
