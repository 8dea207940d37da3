/*
 * What a public server shows of itself: a malformed URL gets a clean 400
 * (JSON under /api, a plain page elsewhere) and one log line, never a stack
 * trace or a file path; in production (NODE_ENV=production) source maps are
 * not served; the client's scripts go out as the build compressed them.
 */
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { HttpErrorBody } from '@gladi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';
import { builtClientDir, eventually, TestStudio } from './harness.ts';

/** A studio whose log lines (JSON) are kept for the test to read. */
async function studioWithLog(env: Record<string, string>): Promise<{ studio: TestStudio; lines: () => Array<Record<string, unknown>> }> {
	const sink = new PassThrough();
	let text = '';
	sink.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
	const log = createLogger({ level: 'info', format: 'json', destination: sink });
	const studio = await TestStudio.start(env, { log });
	return { studio, lines: () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const LEAKS = /\bat \S+ \(|node_modules|\/src\/|URIError|decodeURIComponent|Failed to decode/;

describe.each([
	['in production', { NODE_ENV: 'production' }],
	['in development', {}],
])('malformed URLs %s', (_what, env) => {
	let clientDir: string;
	let studio: TestStudio;
	let lines: () => Array<Record<string, unknown>>;
	beforeAll(async () => {
		clientDir = await builtClientDir();
		({ studio, lines } = await studioWithLog({ GLADI_CLIENT_DIR: clientDir, ...env }));
	});
	afterAll(async () => {
		await studio?.close();
		await rm(clientDir, { recursive: true, force: true });
	});

	it.each(['/api/%', '/api/products/%E0', '/api/invites/%E0%A4%A', '/api/sessions/%ZZ/report'])('answer %s with a JSON 400 that reveals nothing', async (pathname) => {
		const res = await studio.raw(pathname);
		expect(res.status).toBe(400);
		expect(res.headers['content-type']).toMatch(/^application\/json/);
		expect((JSON.parse(res.body) as HttpErrorBody).error).toMatchObject({ code: 'bad_request', kind: 'malformed_url' });
		expect(res.body).not.toMatch(LEAKS);
	});

	it.each(['/%E0%A4%A', '/%', '/r/%E0/host', '/assets/%C0%AF', '/demo-images/%E0', '/uploads/%'])('answer %s with a plain 400 page that reveals nothing', async (pathname) => {
		const res = await studio.raw(pathname);
		expect(res.status).toBe(400);
		expect(res.headers['content-type']).toMatch(/^text\/plain/);
		expect(res.body).not.toMatch(LEAKS);
		expect(res.body.length).toBeLessThan(100);
	});

	it('log each as one line without a stack', async () => {
		const before = lines().length;
		await studio.raw('/api/products/%E0?probe=1');
		await studio.raw('/%E0%A4%A?probe=2');
		const logged = await eventually(() => {
			const now = lines().slice(before);
			return now.length >= 2 && now;
		}, 'two log lines');
		await new Promise((r) => setTimeout(r, 100));
		expect(lines().slice(before)).toHaveLength(2);
		for (const line of logged) {
			expect(line).toMatchObject({ level: 40, msg: 'malformed URL refused' });
			expect(JSON.stringify(line)).not.toMatch(/stack|\bat \S+ \(/);
		}
		expect(logged.map((l) => l['url'])).toEqual(['/api/products/%E0?probe=1', '/%E0%A4%A?probe=2']);
	});
});

describe('source maps', () => {
	let clientDir: string;
	beforeAll(async () => {
		clientDir = await builtClientDir();
	});
	afterAll(() => rm(clientDir, { recursive: true, force: true }));

	it('are not served in production (the scripts are)', async () => {
		const studio = await TestStudio.start({ GLADI_CLIENT_DIR: clientDir, NODE_ENV: 'production' });
		try {
			const script = await studio.raw('/assets/app.js');
			expect(script.status).toBe(200);
			for (const map of ['/assets/app.js.map', '/assets/app.js.map?x=1']) {
				const res = await studio.raw(map);
				expect(res.status, map).toBe(404);
				expect(res.body).not.toContain('sources');
			}
			for (const map of ['/assets/APP.JS.MAP', '/assets/app.js.map/', '/assets/app%2ejs%2emap', '/assets/./app.js.map']) {
				expect((await studio.raw(map)).body, map).not.toContain('sources');
			}
		} finally {
			await studio.close();
		}
	});

	it('are served in development', async () => {
		const studio = await TestStudio.start({ GLADI_CLIENT_DIR: clientDir });
		try {
			const res = await studio.raw('/assets/app.js.map');
			expect(res.status).toBe(200);
			expect(res.body).toContain('sources');
		} finally {
			await studio.close();
		}
	});
});

describe('the built client’s scripts', () => {
	let clientDir: string;
	let studio: TestStudio;
	const script = `console.log(${JSON.stringify('gladi '.repeat(500))});\n`;
	beforeAll(async () => {
		clientDir = await builtClientDir();
		// As the build writes them: each big asset also compressed beside it.
		await writeFile(path.join(clientDir, 'assets', 'big.js'), script);
		await writeFile(path.join(clientDir, 'assets', 'big.js.br'), brotliCompressSync(script));
		await writeFile(path.join(clientDir, 'assets', 'big.js.gz'), gzipSync(script));
		studio = await TestStudio.start({ GLADI_CLIENT_DIR: clientDir, NODE_ENV: 'production' });
	});
	afterAll(async () => {
		await studio?.close();
		await rm(clientDir, { recursive: true, force: true });
	});

	it('go out as the build compressed them: brotli when the client takes it, else gzip, else as they are', async () => {
		const get = (acceptEncoding: string) =>
			new Promise<{ encoding: string | undefined; type: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
				// node:http: no decompressing on our side, the bytes as sent.
				http.get(`${studio.url}/assets/big.js`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => resolve({ encoding: res.headers['content-encoding'], type: res.headers['content-type'], vary: res.headers['vary'], body: Buffer.concat(chunks) }));
				}).on('error', reject);
			});
		const br = await get('gzip, deflate, br, zstd');
		expect(br.encoding).toBe('br');
		expect(brotliDecompressSync(br.body).toString()).toBe(script);
		const gz = await get('gzip');
		expect(gz.encoding).toBe('gzip');
		expect(gunzipSync(gz.body).toString()).toBe(script);
		const plain = await get('identity');
		expect(plain.encoding).toBeUndefined();
		expect(plain.body.toString()).toBe(script);
		for (const answer of [br, gz, plain]) {
			expect(answer.type).toMatch(/^(text|application)\/javascript/);
			expect(answer.vary).toMatch(/accept-encoding/i);
		}
	});

	it('are only those of the build: no other file is reached through them', async () => {
		for (const pathname of ['/assets/big.js.br', '/assets/..%2fbig.js', '/assets/nothere.js']) {
			const res = await studio.raw(pathname, { headers: { 'accept-encoding': 'br' } });
			expect(res.headers['content-encoding'], pathname).toBeUndefined();
		}
	});
});
