/*
 * The write rate limit at the HTTP edge: one bucket per client address, an
 * address that X-Forwarded-For names only when GLADI_TRUST_PROXY says which
 * proxy may set it, a 429 that tells when to come back, and no way for a
 * limited client to get a fresh bucket by making the table large.
 */
import http from 'node:http';
import type { HttpErrorBody } from '@gladi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStudio } from './harness.ts';

/** The burst one address may create in a window (server/src/http/rateLimits.ts). */
const WRITES_PER_WINDOW = 30;

/** POST /api/rooms with an empty title: refused by validation (400), but counted by the limiter first. */
async function tryWrite(studio: TestStudio, forwardedFor?: string): Promise<Response> {
	return studio.fetchAs('/api/rooms', {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
		body: '{"title":""}',
	});
}

/** Write until the limiter answers 429 (at most one window's burst and a few more). */
async function exhaust(studio: TestStudio, forwardedFor?: string): Promise<Response> {
	for (let i = 0; i <= WRITES_PER_WINDOW + 5; i++) {
		const res = await tryWrite(studio, forwardedFor);
		if (res.status === 429) return res;
		await res.body?.cancel();
	}
	throw new Error(`no 429 after ${WRITES_PER_WINDOW + 5} writes`);
}

describe('with GLADI_TRUST_PROXY unset (the default)', () => {
	let studio: TestStudio;
	beforeAll(async () => {
		studio = await TestStudio.start({ GLADI_TRUST_PROXY: '' });
	});
	afterAll(() => studio?.close());

	it('a client on loopback does not get a fresh bucket by claiming another address in X-Forwarded-For', async () => {
		await exhaust(studio);
		for (const spoofed of ['203.0.113.7', '198.51.100.1, 203.0.113.8']) {
			const res = await tryWrite(studio, spoofed);
			expect(res.status, `X-Forwarded-For: ${spoofed}`).toBe(429);
			await res.body?.cancel();
		}
	});
});

describe('with GLADI_TRUST_PROXY=loopback (a proxy on this machine)', () => {
	let studio: TestStudio;
	beforeAll(async () => {
		studio = await TestStudio.start({ GLADI_TRUST_PROXY: 'loopback' });
	});
	afterAll(() => studio?.close());

	it('gives each forwarded client address its own bucket', async () => {
		await exhaust(studio, '203.0.113.20');
		const other = await tryWrite(studio, '203.0.113.21');
		expect(other.status).toBe(400);
		await other.body?.cancel();
	});

	it('answers 429 with Retry-After, the standard RateLimit headers and a JSON error', async () => {
		const res = await exhaust(studio, '203.0.113.30');
		const retryAfter = Number(res.headers.get('retry-after'));
		expect(Number.isInteger(retryAfter), `Retry-After: ${res.headers.get('retry-after')}`).toBe(true);
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(60);
		expect(res.headers.get('ratelimit')).toMatch(/r=0/);
		expect(res.headers.get('ratelimit-policy')).toMatch(new RegExp(`q=${WRITES_PER_WINDOW}; w=60`));
		const { error } = (await res.json()) as HttpErrorBody;
		expect(error).toMatchObject({ code: 'rate_limited', kind: 'write_rate_limited' });
	});

	it('keeps a limited client limited however many other addresses write (the table is not reset when it grows)', async () => {
		await exhaust(studio, '203.0.113.40');
		// 10,001 other clients, each writing once, over a few keep-alive connections.
		const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
		const started = Date.now();
		try {
			const others = 10_001;
			let next = 0;
			const one = async (): Promise<void> => {
				while (next < others && Date.now() - started < 50_000) {
					const i = next++;
					const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
					await new Promise<void>((resolve, reject) => {
						const req = http.request(
							{ host: '127.0.0.1', port: studio.studio.httpPort, path: '/api/rooms', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-forwarded-for': address } },
							(res) => res.resume().on('end', resolve).on('error', reject),
						);
						req.on('error', reject);
						req.end('{"title":""}');
					});
				}
			};
			await Promise.all(Array.from({ length: 16 }, one));
			expect(next, 'all other clients wrote within 50 s (inside the limited client\'s 60 s window)').toBeGreaterThanOrEqual(others);
		} finally {
			agent.destroy();
		}
		const res = await tryWrite(studio, '203.0.113.40');
		expect(res.status).toBe(429);
		await res.body?.cancel();
	}, 90_000);
});
