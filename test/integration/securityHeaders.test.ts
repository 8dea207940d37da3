/*
 * Security headers on every kind of response: the API (answers and errors),
 * the app shell, static files and /healthz. The CSP allows no inline script
 * (the built client has none), and the page may not be framed or leak its
 * invite token in a Referer.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtClientDir, TestStudio } from './harness.ts';

let studio: TestStudio;
let clientDir: string;
beforeAll(async () => {
	clientDir = await builtClientDir();
	studio = await TestStudio.start({ GLADI_CLIENT_DIR: clientDir });
});
afterAll(async () => {
	await studio?.close();
	await rm(clientDir, { recursive: true, force: true });
});

/** The CSP's directives by name: `{ 'script-src': ["'self'"], ... }`. */
function directives(csp: string): Record<string, string[]> {
	return Object.fromEntries(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((parts) => parts[0])
			.map(([name, ...values]) => [name!, values]),
	);
}

/**
 * A studio on a shared database (GLADI_TEST_STORE=postgres) is a node: its
 * pages may also reach the nodes' origins (itself included, as the proxy's
 * address is not its own), over HTTP and WebSocket.
 */
function nodeSources(of: TestStudio, webSockets: boolean): string[] {
	return [...of.studio.placement.nodeUrls()].flatMap((url) => {
		const { protocol, host } = new URL(url);
		return webSockets ? [`${protocol}//${host}`, `${protocol === 'https:' ? 'wss' : 'ws'}://${host}`] : [`${protocol}//${host}`];
	});
}

const RESPONSES = [
	['an API answer', '/api/products', 200],
	['an API error', '/api/no/such/route', 404],
	['the app shell', '/r/ABCDEF/watch?t=sometoken', 200],
	['a static file', '/assets/app.js', 200],
	['health', '/healthz', 200],
] as const;

describe.each(RESPONSES)('%s', (_what, pathname, status) => {
	let headers: Headers;
	beforeAll(async () => {
		const res = await studio.fetchAs(pathname);
		expect(res.status).toBe(status);
		await res.body?.cancel();
		headers = res.headers;
	});

	it('has a Content-Security-Policy without inline or eval script, framing, plugins or foreign connections', () => {
		const csp = headers.get('content-security-policy');
		expect(csp, 'Content-Security-Policy').toBeTruthy();
		const d = directives(csp!);
		expect(d['default-src']).toEqual(["'self'"]);
		expect(d['script-src']).toEqual(["'self'"]);
		expect(d['script-src-attr']).toEqual(["'none'"]);
		expect(d['object-src']).toEqual(["'none'"]);
		expect(d['base-uri']).toEqual(["'self'"]);
		expect(d['frame-ancestors']).toEqual(["'none'"]);
		expect(d['img-src']?.sort()).toEqual(["'self'", 'blob:', 'data:']);
		expect(d['media-src']?.sort()).toEqual(["'self'", 'blob:', ...nodeSources(studio, false)].sort());
		const host = `127.0.0.1:${studio.studio.httpPort}`;
		expect(d['connect-src']?.sort()).toEqual(["'self'", `ws://${host}`, `wss://${host}`, ...nodeSources(studio, true)].sort());
		expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
	});

	it('sends no Referer from the page, sniffs no types and may not be framed', () => {
		expect(headers.get('referrer-policy')).toBe('no-referrer');
		expect(headers.get('x-content-type-options')).toBe('nosniff');
		expect(headers.get('x-frame-options')).toBe('DENY');
		expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
	});

	it('does not send Strict-Transport-Security without an https GLADI_PUBLIC_URL', () => {
		// A LAN or localhost studio over plain HTTP: HSTS there would break http://localhost for other apps.
		expect(headers.get('strict-transport-security')).toBeNull();
	});
});

describe('with an https GLADI_PUBLIC_URL', () => {
	it('sends Strict-Transport-Security and allows WebSockets to the public host', async () => {
		const own = await TestStudio.start({ GLADI_CLIENT_DIR: clientDir, GLADI_PUBLIC_URL: 'https://gladi.example.org' });
		try {
			const res = await own.raw('/', { headers: { host: 'gladi.example.org' } });
			expect(res.status).toBe(200);
			expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
			expect(directives(String(res.headers['content-security-policy']))['connect-src']?.sort()).toEqual(
				["'self'", 'ws://gladi.example.org', 'wss://gladi.example.org', ...nodeSources(own, true)].sort(),
			);
		} finally {
			await own.close();
		}
	});
});
