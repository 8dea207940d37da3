/*
 * DNS rebinding and cross-site requests: the studio answers only to the Host
 * names it is known by (GLADI_PUBLIC_URL's host, localhost and this machine's
 * addresses, any port), and a page from another origin can neither open a
 * socket.io connection nor change anything through the API. Requests without
 * an Origin (curl, scripts, the tests' own clients) are not browsers' and pass.
 */
import type { HttpErrorBody } from '@gladi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanAddresses } from '../../server/src/net/addresses.ts';
import { TestStudio } from './harness.ts';

const PUBLIC_HOST = 'gladi.example.org';
let studio: TestStudio;
beforeAll(async () => {
	studio = await TestStudio.start({ GLADI_PUBLIC_URL: `https://${PUBLIC_HOST}` });
});
afterAll(() => studio?.close());

function errorKind(body: string): string | undefined {
	return (JSON.parse(body) as HttpErrorBody).error?.kind;
}

const SOCKET_HANDSHAKE = '/socket.io/?EIO=4&transport=polling';

describe('Host', () => {
	it.each(['evil.example', 'evil.example:80', `${PUBLIC_HOST}.evil.example`, 'localhost.evil.example', '127.0.0.1.nip.io', 'gladi.example.org@evil.example'])(
		'refuses Host: %s with 403 and a JSON error, on the API, the pages and health',
		async (host) => {
			for (const pathname of ['/api/products', '/', '/r/ABCDEF/host?t=x', '/healthz']) {
				const res = await studio.raw(pathname, { headers: { host } });
				expect(res.status, `${pathname} with Host: ${host}`).toBe(403);
				expect(res.headers['content-type']).toMatch(/^application\/json/);
				expect(errorKind(res.body)).toBe('host_not_allowed');
			}
		},
	);

	it('refuses a request with an empty Host', async () => {
		const res = await studio.raw('/api/products', { headers: { host: '' } });
		expect(res.status).toBe(403);
		expect(errorKind(res.body)).toBe('host_not_allowed');
	});

	it('refuses a socket.io handshake for a foreign Host', async () => {
		const res = await studio.raw(SOCKET_HANDSHAKE, { headers: { host: 'evil.example' } });
		expect(res.status).toBe(403);
	});

	const port = () => studio.studio.httpPort;
	it.each([
		['localhost', () => `localhost:${port()}`],
		['LOCALHOST without a port', () => 'LOCALHOST'],
		['127.0.0.1', () => `127.0.0.1:${port()}`],
		['[::1]', () => `[::1]:${port()}`],
		["GLADI_PUBLIC_URL's host", () => PUBLIC_HOST],
		["GLADI_PUBLIC_URL's host on another port", () => `${PUBLIC_HOST}:8443`],
		...lanAddresses().map((ip) => [`the LAN address ${ip}`, () => `${ip}:${port()}`] as [string, () => string]),
	])('accepts %s', async (_what, host) => {
		for (const pathname of ['/api/products', '/healthz', SOCKET_HANDSHAKE]) {
			const res = await studio.raw(pathname, { headers: { host: host(), cookie: await studio.cookieOf() } });
			expect(res.status, `${pathname} with Host: ${host()}`).toBe(200);
		}
	});
});

describe('Origin on socket.io', () => {
	it('refuses a connection from a page on another origin', async () => {
		const room = await studio.createRoom('Rebinding');
		for (const origin of ['http://evil.example', `http://127.0.0.1:${studio.studio.httpPort + 1}`, 'null']) {
			const error = await studio.connectError({ token: room.tokens.buyer, name: 'Evil' }, { extraHeaders: { origin } });
			expect(error.message, `Origin: ${origin}`).toMatch(/websocket error|forbidden/i);
			const poll = await studio.raw(SOCKET_HANDSHAKE, { headers: { host: `127.0.0.1:${studio.studio.httpPort}`, origin } });
			expect(poll.status, `polling handshake with Origin: ${origin}`).toBe(403);
		}
		// Nobody got in (the room need not even be in memory).
		expect(studio.studio.registry.inMemory(room.code)?.participantCount ?? 0).toBe(0);
	});

	it('accepts the same origin, the public origin, and clients that send no Origin', async () => {
		const room = await studio.createRoom('Same origin');
		for (const extraHeaders of [{ origin: studio.url }, { origin: `https://${PUBLIC_HOST}`, host: PUBLIC_HOST }, {}]) {
			const client = await studio.connect(room.tokens.buyer, 'Pembeli', { extraHeaders });
			expect(client.socket.connected).toBe(true);
			client.close();
		}
	});
});

describe('Origin on the API', () => {
	const create = async (headers: Record<string, string>) =>
		studio.raw('/api/rooms', {
			method: 'POST',
			headers: { host: `127.0.0.1:${studio.studio.httpPort}`, 'content-type': 'application/json', cookie: await studio.cookieOf(), ...headers },
			body: JSON.stringify({ title: 'Origin check' }),
		});

	it('refuses a state-changing request from another origin with 403', async () => {
		const before = [...studio.studio.registry.rooms()].length;
		for (const origin of ['http://evil.example', 'https://127.0.0.1', `http://localhost:${studio.studio.httpPort}`, 'null']) {
			const res = await create({ origin, 'x-forwarded-for': '192.0.2.10' });
			expect(res.status, `Origin: ${origin}`).toBe(403);
			expect(errorKind(res.body)).toBe('origin_not_allowed');
		}
		expect([...studio.studio.registry.rooms()].length).toBe(before);
	});

	it('accepts the same origin and a request without Origin', async () => {
		const cases: Array<Record<string, string>> = [{ origin: `http://127.0.0.1:${studio.studio.httpPort}` }, {}, { origin: `https://${PUBLIC_HOST}`, host: PUBLIC_HOST }];
		for (const headers of cases) {
			const res = await create({ ...headers, 'x-forwarded-for': '192.0.2.11' });
			expect(res.status, JSON.stringify(headers)).toBe(201);
		}
	});

	it('lets another origin read (reads change nothing, and without CORS headers its page cannot see the answer)', async () => {
		const res = await studio.raw('/api/products', { headers: { host: `127.0.0.1:${studio.studio.httpPort}`, origin: 'http://evil.example', cookie: await studio.cookieOf() } });
		expect(res.status).toBe(200);
		expect(res.headers['access-control-allow-origin']).toBeUndefined();
	});
});
