import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HealthDetails } from '@gladi/shared';
import { freePort } from '../freePort.ts';
import { loginCookie, TEST_ADMIN_ENV } from '../testAdmin.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface StudioProcess {
	url: string;
	pid: number;
	/** fetch() as the signed-in test admin (who creates rooms). */
	fetch(pathname: string, init?: RequestInit): Promise<Response>;
	/** CPU seconds (user + system) the server process has used so far. */
	cpuSeconds(): number;
	/** Workers (PIDs, load) and rooms, asked over the IPC channel (over HTTP only admins see them). */
	health(): Promise<HealthDetails>;
	/** Graceful stop (SIGTERM), then removes a data directory it created. */
	stop(): Promise<void>;
	/** A crash: SIGKILL, nothing flushed, nothing removed. */
	kill(): Promise<void>;
}

export interface StudioProcessOptions {
	dataDir?: string;
	port?: number;
	/** The address HTTP and media listen on (default loopback), e.g. a network namespace's veth address. */
	host?: string;
	/**
	 * A command the studio runs under, which execs its arguments (the same PID, IPC channel kept):
	 * `['ip', 'netns', 'exec', NS]` runs it inside a network namespace (test/net).
	 */
	wrapper?: string[];
}

/**
 * The real studio in its own process (as users run it), on loopback only
 * (or `host`), so that a benchmark's clients do not share the server's event loop.
 */
export async function startStudioProcess(env: Record<string, string> = {}, options: StudioProcessOptions = {}): Promise<StudioProcess> {
	// A port chosen beforehand (here, or as GLADI_PORT): a node of several is told the URL it is reached at (GLADI_PUBLIC_URL).
	const port = options.port ?? (env['GLADI_PORT'] ? Number(env['GLADI_PORT']) : await freePort());
	const host = options.host ?? '127.0.0.1';
	const ownDataDir = options.dataDir === undefined;
	const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'gladi-bench-'));
	const [command = process.execPath, ...args] = [...(options.wrapper ?? []), process.execPath, path.join(ROOT, 'server/src/main.ts')];
	const child: ChildProcess = spawn(command, args, {
		env: {
			...process.env,
			GLADI_PORT: String(port),
			GLADI_HOST: host,
			GLADI_HTTPS_PORT: '0',
			GLADI_MEDIA_LISTEN_IP: host,
			GLADI_MEDIA_PORT: '0',
			GLADI_WORKERS: '1',
			GLADI_DATA_DIR: dataDir,
			GLADI_LOG_LEVEL: 'warn',
			...TEST_ADMIN_ENV,
			// One machine plays a whole crowd, from one address on one buyer link: lift the caps meant for strangers.
			GLADI_MAX_CONNECTIONS_PER_BUYER_LINK: '100000',
			GLADI_MAX_CONNECTIONS_PER_ADDRESS: '100000',
			GLADI_NEW_PEOPLE_PER_MINUTE: '100000',
			...env,
		},
		stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
	});
	const url = `http://${host}:${port}`;
	const deadline = Date.now() + 20_000;
	try {
		for (;;) {
			if (child.exitCode !== null) throw new Error(`the studio exited with ${child.exitCode}`);
			try {
				if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break;
			} catch {
				// not up yet
			}
			if (Date.now() > deadline) throw new Error('the studio did not start within 20 s');
			await new Promise((r) => setTimeout(r, 200));
		}
	} catch (error) {
		child.kill('SIGKILL');
		if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
	const ticks = 100; // USER_HZ on Linux
	let cookie: Promise<string> | null = null;
	return {
		url,
		pid: child.pid!,
		async fetch(pathname, init = {}) {
			cookie ??= loginCookie(url);
			return fetch(`${url}${pathname}`, { ...init, headers: { cookie: await cookie, ...(init.headers as Record<string, string> | undefined) } });
		},
		kill() {
			child.kill('SIGKILL');
			return new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
		},
		health() {
			return new Promise<HealthDetails>((resolve, reject) => {
				const timer = setTimeout(() => {
					child.off('message', onMessage);
					reject(new Error('the studio did not answer the health request within 5 s'));
				}, 5000);
				const onMessage = (message: unknown): void => {
					const health = (message as { health?: HealthDetails } | null)?.health;
					if (!health) return;
					clearTimeout(timer);
					child.off('message', onMessage);
					resolve(health);
				};
				child.on('message', onMessage);
				child.send('health');
			});
		},
		cpuSeconds() {
			const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return (Number(fields[11]) + Number(fields[12])) / ticks;
		},
		async stop() {
			child.kill('SIGTERM');
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => {
					child.kill('SIGKILL');
					resolve();
				}, 5000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
			});
			if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** What the nodes of one cluster share: the database and the product photos' folder. */
export interface ClusterShare {
	databaseUrl: string;
	uploadsDir: string;
}

/**
 * One node of several (its own port, chosen first: its GLADI_PUBLIC_URL
 * names it), on the cluster's database and photo folder.
 */
export async function startNodeProcess(id: string, share: ClusterShare, env: Record<string, string> = {}, options: { dataDir?: string } = {}): Promise<StudioProcess> {
	const port = await freePort();
	return startStudioProcess(
		{ ...env, GLADI_NODE_ID: id, GLADI_PUBLIC_URL: `http://127.0.0.1:${port}`, GLADI_DATABASE_URL: share.databaseUrl, GLADI_UPLOADS_DIR: share.uploadsDir },
		{ ...options, port },
	);
}
