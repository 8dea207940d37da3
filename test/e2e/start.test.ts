/*
 * `npm start` as a person runs it (scripts/gladi.sh start: setup, client
 * build, studio) runs the studio in production: the client's source maps,
 * built beside the scripts, are not served, and a malformed URL gets a plain
 * 400. Here because it rebuilds client/dist, which only one e2e file at a
 * time uses.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { TWO_NODES } from './harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

// Its own studio processes: the same in both runs of the suite.
test.skipIf(TWO_NODES)('npm start serves the client without its source maps (NODE_ENV=production)', async () => {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gladi-start-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		GLADI_PORT: '0',
		GLADI_HOST: '127.0.0.1',
		GLADI_HTTPS_PORT: '0',
		GLADI_MEDIA_LISTEN_IP: '127.0.0.1',
		GLADI_MEDIA_PORT: '0',
		GLADI_WORKERS: '1',
		GLADI_DATA_DIR: dataDir,
		GLADI_RECORDINGS: 'off',
		GLADI_LOG_LEVEL: 'warn',
		GLADI_LOG_FORMAT: 'json',
		// Whatever the caller's NODE_ENV, npm start is production.
		NODE_ENV: 'development',
	};
	const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	try {
		const deadline = Date.now() + 240_000;
		let port: string | undefined;
		while (!(port = /http:\/\/localhost:(\d+)/.exec(stdout)?.[1])) {
			if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
			if (Date.now() > deadline) throw new Error(`npm start did not print its address within 240 s: ${stderr.slice(-2000)}`);
			await new Promise((r) => setTimeout(r, 200));
		}
		const base = `http://127.0.0.1:${port}`;
		const script = /<script type="module"[^>]* src="([^"]+)"/.exec(readFileSync(path.join(ROOT, 'client/dist/index.html'), 'utf8'))?.[1];
		expect(script).toMatch(/^\/assets\/.+\.js$/);
		expect(existsSync(path.join(ROOT, 'client/dist', `${script}.map`)), 'the build writes source maps').toBe(true);

		expect((await fetch(`${base}${script}`)).status).toBe(200);
		const map = await fetch(`${base}${script}.map`);
		expect(map.status).toBe(404);
		expect(await map.text()).not.toContain('sources');
		const malformed = await fetch(`${base}/%E0%A4%A`);
		expect(malformed.status).toBe(400);
		expect(await malformed.text()).toBe('Bad Request');
	} finally {
		// npm runs bash runs node: signal the whole group, as Ctrl+C would.
		if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
		await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
		if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	}
}, 300_000);
