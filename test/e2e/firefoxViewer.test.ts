/**
 * A buyer in a second browser: Debian's Firefox ESR (driven by puppeteer-core
 * over WebDriver BiDi) watches a host in Chromium, comments and buys.
 *
 * Firefox gathers no loopback ICE candidates, so the studio runs on a host of
 * its own (a network namespace of the bench in test/net), the host's Chromium
 * in another; Firefox runs in the root namespace (puppeteer talks to it over
 * a local socket) and reaches the studio over the bench's root link.
 */
import type { Browser } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StudioProcess } from '../bench/studioProcess.ts';
import { clickTestId, fillTestId, findFirefox, launchFirefox, receivedMedia, testId, textsOf, waitForDecodedVideo, waitForTestId, type Firefox } from '../net/firefox.ts';
import { NetBench } from '../net/netBench.ts';
import {
	CHROMIUM_PATH,
	closeAll,
	createRoom,
	cspViolations,
	joinAs,
	launchChromium,
	pressGoLive,
	REPORT_CSP_VIOLATIONS,
	TRACK_PEER_CONNECTIONS,
	netBenchSkipReason,
} from './harness.ts';

const SKIP_REASON =
	netBenchSkipReason() ?? (findFirefox() ? null : 'Firefox ESR is not installed (Debian: apt-get install firefox-esr; npm test installs it as root)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `accept` holds (bounded), returning the last value read. */
async function until<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (accept(value)) return value;
		if (Date.now() > deadline) throw new Error(`${what} (within ${timeoutMs} ms; last: ${JSON.stringify(value)})`);
		await sleep(100);
	}
}

describe.skipIf(SKIP_REASON !== null)(`a buyer in Firefox${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
	let bench: NetBench;
	let studio: StudioProcess;
	let hostBrowser: Browser;
	let firefox: Firefox;

	beforeAll(async () => {
		bench = await NetBench.create();
		const hostLink = await bench.clientNamespace('host');
		studio = await bench.startStudio();
		hostBrowser = await launchChromium(bench.chromiumArgs(), { executablePath: hostLink.wrap(CHROMIUM_PATH) });
		firefox = await launchFirefox();
		console.log(`[measure] Firefox ESR ${await firefox.browser.version()} launch: ${firefox.launchMs} ms`);
	});

	afterAll(async () => {
		await firefox?.close();
		await hostBrowser?.close().catch(() => undefined);
		await bench?.destroy();
	});

	/**
	 * A Firefox tab on the buyer link, with the harness's page instrumentation, joined as `name`;
	 * `openedAt`: when the link was opened (after the tab's set-up).
	 */
	async function joinInFirefox(buyerLink: string, name: string): Promise<{ page: FirefoxPage; openedAt: number }> {
		const page = await firefox.newPage();
		await page.exposeFunction('__gladiCspViolation', (violation: string) => {
			cspViolations.push(`Firefox ${violation}`);
		});
		await page.evaluateOnNewDocument(REPORT_CSP_VIOLATIONS);
		await page.evaluateOnNewDocument(TRACK_PEER_CONNECTIONS);
		const openedAt = Date.now();
		await page.goto(new URL(buyerLink, bench.studioUrl).toString());
		await fillTestId(page, 'display-name', name);
		await clickTestId(page, 'join');
		return { page, openedAt };
	}

	test('decodes the host’s video and audio, comments (the host sees it) and buys a pinned product (the host sees the order)', async () => {
		const room = await createRoom(studio.url, 'Live Firefox');
		const host = await joinAs(hostBrowser, bench.studioUrl, room.links.host, 'Bu Rina');
		const buyerPages: FirefoxPage[] = [];
		try {
			const { page: buyer } = await joinInFirefox(room.links.buyer, 'Sari');
			buyerPages.push(buyer);
			await waitForTestId(buyer, 'stage-waiting', 15_000);

			await pressGoLive(host);
			const liveAt = Date.now();
			const seen = await waitForDecodedVideo(buyer, testId('stage-video'), 30_000);
			console.log(`[measure] go-live click -> Firefox presents the host's video: ${Date.now() - liveAt} ms (${seen.width}x${seen.height})`);
			expect(seen.width).toBeGreaterThan(0);
			expect(seen.height).toBeGreaterThan(0);
			// Firefox's own autoplay policy: the Join click lets the live play with sound; else the page must offer to unmute.
			const sound = await buyer.$eval(testId('stage-video'), (v) => ({ muted: (v as HTMLVideoElement).muted, paused: (v as HTMLVideoElement).paused }));
			const offersUnmute = (await buyer.$('.tap-for-sound')) !== null;
			console.log(`[measure] Firefox buyer sound: ${sound.muted ? (offersUnmute ? 'muted, tap for sound offered' : 'muted') : 'on'}`);
			expect(sound.paused).toBe(false);
			expect(!sound.muted || offersUnmute).toBe(true);

			// Real media over RTP: frames keep being decoded and audio keeps coming.
			const before = await receivedMedia(buyer);
			await sleep(1_000);
			const after = await receivedMedia(buyer);
			expect(after.videoFramesDecoded).toBeGreaterThan(before.videoFramesDecoded);
			expect(after.audioPacketsReceived).toBeGreaterThan(before.audioPacketsReceived);

			// A comment typed in Firefox reaches the host.
			await fillTestId(buyer, 'comment-input', 'kak ready ukuran L?');
			await clickTestId(buyer, 'comment-send');
			await expect.poll(() => host.getByTestId('comment').filter({ hasText: 'kak ready ukuran L?' }).count(), { timeout: 10_000 }).toBe(1);

			// The host pins a product; the Firefox buyer taps the card, picks a variant and orders.
			await host.getByTestId('open-bag').click();
			const item = host.getByTestId('bag-item').nth(1);
			const productName = (await item.locator('.bag-name').textContent())!;
			await item.getByTestId('pin-product').click();
			await until('the pinned card did not show in Firefox', () => textsOf(buyer, 'pinned-product'), (texts) => texts.some((t) => t.includes(productName)));
			await clickTestId(buyer, 'pinned-product');
			await clickTestId(buyer, 'variant-option');
			await clickTestId(buyer, 'buy-confirm');
			await until('Firefox showed no order toast', () => textsOf(buyer, 'toast'), (texts) => texts.some((t) => t.includes(productName)));
			await expect
				.poll(() => host.getByTestId('activity-item').filter({ hasText: 'Sari membeli' }).first().textContent(), { timeout: 10_000 })
				.toContain(productName);

			// A buyer who opens the invite while the live runs: from opening the link to the first presented
			// frame (including puppeteer's typing of the name, about half a second here).
			await buyer.close();
			buyerPages.length = 0;
			const { page: late, openedAt } = await joinInFirefox(room.links.buyer, 'Dewi');
			buyerPages.push(late);
			const lateSeen = await waitForDecodedVideo(late, testId('stage-video'), 30_000);
			console.log(`[measure] Firefox: invite link opened -> first presented frame (joining a running live): ${Date.now() - openedAt} ms (${lateSeen.width}x${lateSeen.height})`);

			expect(cspViolations).toEqual([]);
		} finally {
			await Promise.all(buyerPages.map((p) => p.close().catch(() => undefined)));
			await closeAll([host]);
		}
	});
});
