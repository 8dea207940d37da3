import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Debian's Firefox ESR for the second-browser tests, driven by puppeteer-core
 * over WebDriver BiDi (Playwright cannot drive Debian's Firefox); never a
 * downloaded browser. Firefox gathers no loopback ICE candidates, so it can
 * only reach a studio on a non-loopback address: one in a test namespace.
 */

/** Where Firefox is looked for; GLADI_FIREFOX (set by scripts/gladi.sh) wins. */
const FIREFOX_PATHS = ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr', '/usr/lib/firefox/firefox', '/usr/bin/firefox'];

/** The Firefox binary to drive, or null when none is installed. */
export function findFirefox(): string | null {
	const chosen = process.env['GLADI_FIREFOX'];
	if (chosen) return existsSync(chosen) ? chosen : null;
	return FIREFOX_PATHS.find((p) => existsSync(p)) ?? null;
}

/**
 * Preferences on top of puppeteer's (which already silence updates, telemetry
 * and safe browsing). Autoplay keeps Firefox's own policy (audible media
 * needs a gesture, as for real buyers: the Join click is one); a page that
 * asks for the camera gets Firefox's fake one without a prompt. The browser
 * talks to the test's own hosts only. Tests address their hosts by IP, so every host
 * name resolves to 127.0.0.1 without asking a DNS server (seen under strace:
 * Firefox 153 keeps looking up firefox.settings.services.mozilla.com despite
 * puppeteer's services.settings.server), and WebRTC announces its real host
 * addresses instead of registering mDNS names (which multicasts on every
 * interface).
 */
const PREFS: Record<string, unknown> = {
	'media.navigator.permission.disabled': true,
	'media.navigator.streams.fake': true,
	'network.dns.native-is-localhost': true,
	'media.peerconnection.ice.obfuscate_host_addresses': false,
	'network.captive-portal-service.enabled': false,
	'network.connectivity-service.enabled': false,
	'network.dns.disablePrefetch': true,
	'network.prefetch-next': false,
	'network.predictor.enabled': false,
	'network.trr.mode': 5,
	'dom.push.connection.enabled': false,
	'browser.region.network.url': '',
	'browser.region.update.enabled': false,
	'browser.safebrowsing.provider.google4.updateURL': '',
	'browser.safebrowsing.provider.mozilla.updateURL': '',
	'extensions.systemAddon.update.enabled': false,
	'security.OCSP.enabled': 0,
	'toolkit.telemetry.enabled': false,
	'toolkit.telemetry.server': '',
	// One content process is plenty for a page or two on a 2-core machine.
	'dom.ipc.processCount': 1,
};

export interface FirefoxOptions {
	/** More preferences (e.g. `dom.securecontext.allowlist` for a page that needs a secure context). */
	prefs?: Record<string, unknown>;
	/** Launch and every protocol call are bounded by this (default 60 s: a loaded 2-core machine is slow). */
	timeoutMs?: number;
}

export interface Firefox {
	readonly browser: Browser;
	/** How long the launch took, ms. */
	readonly launchMs: number;
	/** A new tab with a phone-sized viewport (buyers watch on phones). */
	newPage(viewport?: { width: number; height: number }): Promise<Page>;
	/** Closes the browser; if it does not go within 10 s its whole process group is killed. Removes the profile. */
	close(): Promise<void>;
}

/** Profiles of browsers not closed yet: removed when this process exits anyway (puppeteer kills the browsers then). */
const openProfiles = new Set<string>();
process.once('exit', () => {
	for (const profile of openProfiles) rmSync(profile, { recursive: true, force: true });
});

/** Headless Firefox ESR with a fresh profile (removed on close). */
export async function launchFirefox(options: FirefoxOptions = {}): Promise<Firefox> {
	const executablePath = findFirefox();
	if (!executablePath) throw new Error('Firefox is not installed (Debian: apt-get install firefox-esr, or set GLADI_FIREFOX)');
	const timeoutMs = options.timeoutMs ?? 60_000;
	const profile = mkdtempSync(path.join(os.tmpdir(), 'gladi-firefox-'));
	openProfiles.add(profile);
	const startedAt = Date.now();
	let browser: Browser;
	try {
		browser = await puppeteer.launch({
			browser: 'firefox',
			executablePath,
			headless: true,
			userDataDir: profile,
			extraPrefsFirefox: { ...PREFS, ...options.prefs },
			env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
			timeout: timeoutMs,
			protocolTimeout: timeoutMs,
			// The test runner owns the signals; puppeteer still kills the browser when this process exits.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		});
	} catch (error) {
		openProfiles.delete(profile);
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	const launchMs = Date.now() - startedAt;
	// puppeteer starts the browser detached: its pid leads a process group holding every Firefox process.
	const pid = browser.process()?.pid;
	let closed: Promise<void> | null = null;
	return {
		browser,
		launchMs,
		async newPage(viewport = { width: 390, height: 844 }) {
			const page = await browser.newPage();
			page.setDefaultTimeout(timeoutMs);
			await page.setViewport(viewport);
			return page;
		},
		close() {
			closed ??= (async () => {
				const gone = browser.close().then(
					() => true,
					() => false,
				);
				await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
				// Also after a clean close: a helper process of the group may outlive the main one.
				if (pid !== undefined) killGroup(pid);
				openProfiles.delete(profile);
				rmSync(profile, { recursive: true, force: true });
			})();
			return closed;
		},
	};
}

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** The CSS selector of an element by its automation name. */
export function testId(id: string): string {
	return `[data-testid="${id}"]`;
}

/** Waits until an element is visible (bounded by the page's default timeout, or `timeoutMs`). */
export async function waitForTestId(page: Page, id: string, timeoutMs?: number): Promise<void> {
	await page.waitForSelector(testId(id), { visible: true, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
}

/** Clicks an element as a person would (waits for it to be visible and enabled first). */
export async function clickTestId(page: Page, id: string): Promise<void> {
	await page.locator(testId(id)).click();
}

/** Types into an input as a person would. */
export async function fillTestId(page: Page, id: string, text: string): Promise<void> {
	await page.locator(testId(id)).fill(text);
}

/** The text of every element with this automation name (empty when none). */
export function textsOf(page: Page, id: string): Promise<string[]> {
	return page.$$eval(testId(id), (els) => els.map((el) => el.textContent ?? ''));
}

export interface VideoFrames {
	width: number;
	height: number;
	/**
	 * Frames the element has presented since it was first looked at (counted
	 * with requestVideoFrameCallback: Firefox's getVideoPlaybackQuality()
	 * stays at 0 frames for a MediaStream).
	 */
	presentedFrames: number;
}

/**
 * What the page's <video> matching `selector` shows (zeros when there is
 * none). The first call starts counting its presented frames.
 */
export function videoFrames(page: Page, selector: string): Promise<VideoFrames> {
	return page.evaluate((sel) => {
		type Counted = HTMLVideoElement & { __gladiPresented?: number };
		const video = document.querySelector(sel) as Counted | null;
		if (!(video instanceof HTMLVideoElement)) return { width: 0, height: 0, presentedFrames: 0 };
		if (video.__gladiPresented === undefined) {
			video.__gladiPresented = 0;
			const count = (): void => {
				video.__gladiPresented! += 1;
				video.requestVideoFrameCallback(count);
			};
			video.requestVideoFrameCallback(count);
		}
		return { width: video.videoWidth, height: video.videoHeight, presentedFrames: video.__gladiPresented };
	}, selector);
}

/**
 * Waits until the <video> shows real decoded frames: a picture size and a
 * presented-frame count that keeps increasing. Returns the sample that proves it.
 */
export async function waitForDecodedVideo(page: Page, selector: string, timeoutMs = 20_000): Promise<VideoFrames> {
	const deadline = Date.now() + timeoutMs;
	let first: VideoFrames | null = null;
	for (;;) {
		const now = await videoFrames(page, selector);
		if (first === null && now.width > 0 && now.presentedFrames > 0) first = now;
		else if (first !== null && now.width > 0 && now.presentedFrames > first.presentedFrames) return now;
		if (Date.now() > deadline) {
			throw new Error(`no decoded video in ${selector} within ${timeoutMs} ms (videoWidth=${now.width}, presented frames=${now.presentedFrames})`);
		}
		await new Promise((r) => setTimeout(r, 50));
	}
}

export interface ReceivedMedia {
	videoFramesDecoded: number;
	audioPacketsReceived: number;
}

/**
 * What the page's peer connections received (inbound-rtp stats), summed;
 * the page must have the harness's TRACK_PEER_CONNECTIONS installed
 * (page.evaluateOnNewDocument) before it loads.
 */
export function receivedMedia(page: Page): Promise<ReceivedMedia> {
	return page.evaluate(async () => {
		const out = { videoFramesDecoded: 0, audioPacketsReceived: 0 };
		for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
				if (s.type !== 'inbound-rtp') return;
				if (s.kind === 'video') out.videoFramesDecoded += s.framesDecoded ?? 0;
				if (s.kind === 'audio') out.audioPacketsReceived += s.packetsReceived ?? 0;
			});
		}
		return out;
	});
}
