import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CreateRoomResponse } from '@gladi/shared';
import { loadConfig } from '../../server/src/config.ts';
import { Studio } from '../../server/src/server.ts';
import { freePort } from '../freePort.ts';
import { namespacesUnavailable } from '../net/netns.ts';
import { TestPostgres } from '../postgres.ts';
import { loginCookie, TEST_ADMIN_ENV } from '../testAdmin.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface E2EStudio {
	/** The studio the pages are opened on (two nodes: node b). */
	studio: Studio;
	baseUrl: string;
	/** The studio running room `code` now (two nodes: whichever holds it; else `studio`). */
	nodeOf(code: string): Studio;
	close(): Promise<void>;
}

/** The studio's environment on top of the defaults; a variable set to undefined is left unset (e.g. no first admin). */
export type StudioEnv = Record<string, string | undefined>;

/**
 * GLADI_TEST_NODES=2: every journey runs on two nodes sharing a throwaway
 * PostgreSQL, the pages opened on node b and each room placed by load (so
 * half of them run on node a, reached from b's pages).
 */
export const TWO_NODES = process.env['GLADI_TEST_NODES'] === '2';

/** Why a journey on the network bench (its own studio in a namespace) is skipped here, or null when it runs. */
export function netBenchSkipReason(): string | null {
	return TWO_NODES ? 'GLADI_TEST_NODES=2: this file runs a studio of its own' : namespacesUnavailable();
}

/** The real studio (or two nodes of one), serving the built client, with HTTP and media on loopback only. */
export async function startE2EStudio(env: StudioEnv = {}): Promise<E2EStudio> {
	if (TWO_NODES) return startTwoNodes(env);
	const { studio, close } = await startNode(env);
	const baseUrl = `http://127.0.0.1:${studio.httpPort}`;
	return { studio, baseUrl, nodeOf: () => studio, close };
}

async function startTwoNodes(env: StudioEnv): Promise<E2EStudio> {
	const pg = await TestPostgres.start();
	const uploads = mkdtempSync(path.join(os.tmpdir(), 'gladi-e2e-uploads-'));
	const nodes: Array<{ studio: Studio; close(): Promise<void> }> = [];
	const close = async () => {
		for (const node of nodes.splice(0)) await node.close();
		await pg.stop();
		rmSync(uploads, { recursive: true, force: true });
	};
	try {
		const databaseUrl = await pg.createDatabase();
		for (const id of ['a', 'b']) {
			const port = await freePort();
			nodes.push(
				await startNode({
					...env,
					GLADI_PORT: String(port),
					GLADI_PUBLIC_URL: `http://127.0.0.1:${port}`,
					GLADI_NODE_ID: id,
					GLADI_DATABASE_URL: databaseUrl,
					GLADI_UPLOADS_DIR: uploads,
					// One HTTPS port asked for is the pages' node's (b); a gets none.
					...(id === 'a' && env['GLADI_HTTPS_PORT'] ? { GLADI_HTTPS_PORT: '0' } : {}),
				}),
			);
		}
	} catch (error) {
		await close();
		throw error;
	}
	const studios = nodes.map((n) => n.studio);
	const pages = studios[1]!;
	return {
		studio: pages,
		baseUrl: `http://127.0.0.1:${pages.httpPort}`,
		nodeOf: (code) => studios.find((s) => s.registry.inMemory(code)) ?? pages,
		close,
	};
}

async function startNode(env: StudioEnv): Promise<{ studio: Studio; close(): Promise<void> }> {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gladi-e2e-'));
	const studio = await Studio.create(
		loadConfig({
			GLADI_PORT: '0',
			GLADI_HOST: '127.0.0.1',
			GLADI_HTTPS_PORT: '0',
			GLADI_WORKERS: '1',
			GLADI_MEDIA_LISTEN_IP: '127.0.0.1',
			GLADI_MEDIA_PORT: '0',
			GLADI_DATA_DIR: dataDir,
			GLADI_CLIENT_DIR: path.join(ROOT, 'client/dist'),
			GLADI_LOG_LEVEL: process.env['GLADI_TEST_LOG_LEVEL'] ?? 'silent',
			...TEST_ADMIN_ENV,
			...env,
		}),
	);
	return {
		studio,
		async close() {
			await studio.close();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

export interface E2ESuite {
	readonly env: E2EStudio;
	readonly browser: Browser;
}

/**
 * A test file's studio and browser: started before its tests, closed after.
 * `studioEnv` may be computed at start (e.g. a free port).
 */
export function e2eSuite(studioEnv: StudioEnv | (() => Promise<StudioEnv>) = {}): E2ESuite {
	let env: E2EStudio | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		env = await startE2EStudio(typeof studioEnv === 'function' ? await studioEnv() : studioEnv);
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
		await env?.close();
		expect(cspViolations, 'Content-Security-Policy violations on the pages').toEqual([]);
	});
	return {
		get env() {
			if (!env) throw new Error('the e2e studio is not started (use it inside a test)');
			return env;
		},
		get browser() {
			if (!browser) throw new Error('the browser is not started (use it inside a test)');
			return browser;
		},
	};
}

const adminCookies = new Map<string, Promise<string>>();

/** The test admin's session cookie (`name=value`) on the studio at `baseUrl` (signed in once). */
export function adminCookie(baseUrl: string): Promise<string> {
	let cookie = adminCookies.get(baseUrl);
	if (!cookie) {
		cookie = loginCookie(baseUrl);
		adminCookies.set(baseUrl, cookie);
	}
	return cookie;
}

/** fetch() on the studio as the signed-in test admin (who owns what the tests create). */
export async function fetchAsAdmin(baseUrl: string, pathname: string, init: RequestInit = {}): Promise<Response> {
	return fetch(`${baseUrl}${pathname}`, { ...init, headers: { cookie: await adminCookie(baseUrl), ...(init.headers as Record<string, string> | undefined) } });
}

export async function createRoom(baseUrl: string, title: string): Promise<CreateRoomResponse> {
	const res = await fetchAsAdmin(baseUrl, '/api/rooms', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title }),
	});
	if (res.status !== 201) throw new Error(`POST /api/rooms: ${res.status}`);
	return (await res.json()) as CreateRoomResponse;
}

/** The Chromium binary the browser tests run (Debian's). */
export const CHROMIUM_PATH = process.env['GLADI_CHROMIUM'] ?? '/usr/lib/chromium/chromium';

/**
 * Debian's Chromium with fake camera/mic; never a downloaded browser.
 * `extraArgs` may replace a default switch (`--use-fake-device-for-media-stream=fps=30`).
 * `executablePath`: a wrapper that execs CHROMIUM_PATH, e.g. inside a network namespace (test/net).
 */
export function launchChromium(extraArgs: string[] = [], options: { executablePath?: string } = {}): Promise<Browser> {
	const switchOf = (arg: string) => arg.split('=')[0];
	const replaced = new Set(extraArgs.map(switchOf));
	const defaults = [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--use-fake-device-for-media-stream',
		'--use-fake-ui-for-media-stream',
		'--autoplay-policy=no-user-gesture-required',
		'--allow-loopback-in-peer-connection',
		'--disable-features=WebRtcHideLocalIpsWithMdns',
	];
	return chromium.launch({
		executablePath: options.executablePath ?? CHROMIUM_PATH,
		headless: true,
		args: [...defaults.filter((arg) => !replaced.has(switchOf(arg))), ...extraArgs],
	});
}

/**
 * Test-only instrumentation injected into pages (not part of the product):
 * remember every RTCPeerConnection so tests can read WebRTC stats.
 */
export const TRACK_PEER_CONNECTIONS = `(() => {
	const Native = window.RTCPeerConnection;
	window.__pcs = [];
	window.RTCPeerConnection = function (...args) {
		const pc = new Native(...args);
		window.__pcs.push(pc);
		return pc;
	};
	window.RTCPeerConnection.prototype = Native.prototype;
	Object.setPrototypeOf(window.RTCPeerConnection, Native);
})();`;

/**
 * Test-only: behave like a network that drops UDP. The server's UDP ICE
 * candidates are removed from what the page sees, so only TCP can connect.
 */
const BLOCK_UDP = `(() => {
	const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
	RTCPeerConnection.prototype.setRemoteDescription = function (description) {
		if (description && description.sdp) {
			const sdp = description.sdp.split('\\r\\n').filter((l) => !/^a=candidate:\\S+ \\d+ udp /i.test(l)).join('\\r\\n');
			description = { type: description.type, sdp };
		}
		return setRemote.call(this, description);
	};
})();`;

export interface OpenOptions {
	/** Simulate a network where UDP is blocked. */
	blockUdp?: boolean;
	viewport?: { width: number; height: number };
	lang?: 'id' | 'en';
	/** Accept the studio's self-signed certificate (HTTPS tests). */
	ignoreHTTPSErrors?: boolean;
	/** The studio at this URL sees the browser signed in as the test admin (a mentor on their laptop). */
	signedInTo?: string;
}

/**
 * Every Content-Security-Policy violation the pages of this test file
 * reported (the page's `securitypolicyviolation` events, which also name a
 * refused eval that the console does not show): the studio's CSP must not
 * block anything the real client does. e2eSuite fails the file on any.
 */
export const cspViolations: string[] = [];

export const REPORT_CSP_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (e) => {
	window.__gladiCspViolation(location.pathname + ': ' + e.effectiveDirective + ' refused ' + (e.blockedURI || 'inline') + (e.sample ? ' (' + e.sample + ')' : ''));
});`;

export async function newContext(browser: Browser, options: OpenOptions = {}): Promise<BrowserContext> {
	const context = await browser.newContext({
		viewport: options.viewport ?? { width: 1280, height: 800 },
		permissions: ['camera', 'microphone'],
		ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
	});
	await context.exposeFunction('__gladiCspViolation', (violation: string) => cspViolations.push(violation));
	await context.addInitScript(REPORT_CSP_VIOLATIONS);
	await context.addInitScript(TRACK_PEER_CONNECTIONS);
	if (options.blockUdp) await context.addInitScript(BLOCK_UDP);
	if (options.lang) await context.addInitScript(`localStorage.setItem('gladi.lang', '${options.lang}')`);
	if (options.signedInTo) {
		const [name, value] = (await adminCookie(options.signedInTo)).split('=') as [string, string];
		await context.addCookies([{ name, value, url: options.signedInTo, httpOnly: true, sameSite: 'Lax' }]);
	}
	return context;
}

/** Open an invite link, enter a display name and join, as a person would. */
export async function joinAs(
	browser: Browser,
	baseUrl: string,
	link: string,
	name: string,
	options: OpenOptions = {},
): Promise<Page> {
	const context = await newContext(browser, options);
	const page = await context.newPage();
	await page.goto(new URL(link, baseUrl).toString());
	await page.getByTestId('display-name').fill(name);
	await page.getByTestId('join').click();
	return page;
}

/** Wait until the host page offers Go live (camera and signaling ready), then press it. */
export async function pressGoLive(host: Page): Promise<void> {
	const goLive = host.getByTestId('go-live');
	await expect.poll(() => goLive.isEnabled(), { timeout: 15_000 }).toBe(true);
	await goLive.click();
}

/** Sum of framesDecoded over the page's inbound video streams (0 when none). */
export function framesDecoded(page: Page): Promise<number> {
	return page.evaluate(async () => {
		let total = 0;
		for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
			if (pc.connectionState === 'closed') continue;
			const stats = await pc.getStats();
			stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'video') total += s.framesDecoded ?? 0;
			});
		}
		return total;
	});
}

/** The height of the video the viewer decodes now (inbound-rtp frameHeight), 0 before any. */
export function inboundVideoHeight(page: Page): Promise<number> {
	return page.evaluate(async () => {
		let height = 0;
		for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; mid?: string; frameHeight?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'video' && s.mid !== 'probator') height = Math.max(height, s.frameHeight ?? 0);
			});
		}
		return height;
	});
}

/** The distinct transport protocols ('udp', 'tcp') of the page's selected ICE candidate pairs. */
export function selectedProtocols(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
			if (pc.connectionState !== 'connected') continue;
			const stats = await pc.getStats();
			stats.forEach((s: { type: string; state?: string; nominated?: boolean; localCandidateId?: string }) => {
				if (s.type !== 'candidate-pair' || s.state !== 'succeeded' || !s.nominated) return;
				const local = stats.get(s.localCandidateId ?? '') as { protocol?: string } | undefined;
				if (local?.protocol && !out.includes(local.protocol)) out.push(local.protocol);
			});
		}
		return out.sort();
	});
}

export function stageVideoWidth(page: Page): Promise<number> {
	return page.getByTestId('stage-video').evaluate((v) => (v as HTMLVideoElement).videoWidth);
}

/** Wait until the viewer decodes video: frames increasing and a real picture size. */
export async function expectDecoding(page: Page, timeoutMs = 20_000): Promise<{ frames: number; width: number }> {
	const deadline = Date.now() + timeoutMs;
	let first = -1;
	for (;;) {
		const frames = await framesDecoded(page);
		const width = await stageVideoWidth(page).catch(() => 0);
		if (first < 0 && frames > 0) first = frames;
		if (first >= 0 && frames > first && width > 0) return { frames, width };
		if (Date.now() > deadline) {
			throw new Error(`no decoded video within ${timeoutMs} ms (framesDecoded=${frames}, videoWidth=${width})`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
}

export async function closeAll(pages: Page[]): Promise<void> {
	await Promise.all(pages.map((p) => p.context().close().catch(() => undefined)));
}
