/**
 * The connection indicators under real shaping (the network bench in
 * test/net: the studio, the host's Chromium and a buyer's Chromium each on a
 * host of their own, links capped with tc tbf).
 *
 * - A host whose uplink drops to 600 kbit/s is told "weak signal" within 5 s
 *   of Chromium showing it in its stats and offered Hemat data there; on
 *   Hemat data (at most 360p) 600 kbit/s is good, 250 kbit/s poor. The
 *   buyer, whose own link is fine, is not told anything.
 * - A buyer whose downlink drops to 400 kbit/s keeps watching a lower layer
 *   and is told "Koneksi lemah"; once the cap goes, the chip goes too.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sentLayers } from '../net/mediaStats.ts';
import { NetBench, type ClientLink } from '../net/netBench.ts';
import type { StudioProcess } from '../bench/studioProcess.ts';
import {
	CHROMIUM_PATH,
	closeAll,
	createRoom,
	expectDecoding,
	framesDecoded,
	inboundVideoHeight,
	joinAs,
	launchChromium,
	pressGoLive,
	netBenchSkipReason,
} from './harness.ts';

const SKIP_REASON = netBenchSkipReason();

/** The host page's camera layers, r0 first. */
const hostLayers = async (page: Page) => (await sentLayers(page)).sort((a, b) => a.rid.localeCompare(b.rid));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` every 200 ms until `accept` holds (bounded); when it did. */
async function when<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	while (Date.now() < deadline) {
		last = await read();
		if (accept(last)) return Date.now();
		await sleep(200);
	}
	throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

const indicator = (page: Page, testId: string) =>
	page.evaluate((id) => {
		const el = document.querySelector(`[data-testid="${id}"]`);
		return el ? { quality: el.getAttribute('data-quality'), issue: el.getAttribute('data-issue'), text: el.textContent } : null;
	}, testId);

/** Chromium says in its stats that the uplink limits it. */
const limitedByBandwidth = async (host: Page) => (await hostLayers(host)).some((l) => l.active && l.qualityLimitationReason === 'bandwidth');

describe.skipIf(SKIP_REASON !== null)(`the connection indicators on shaped links${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
	let bench: NetBench;
	let studio: StudioProcess;
	let hostLink: ClientLink;
	let buyerLink: ClientLink;
	let hostBrowser: Browser;
	let buyerBrowser: Browser;

	beforeAll(async () => {
		bench = await NetBench.create();
		hostLink = await bench.clientNamespace('host');
		buyerLink = await bench.clientNamespace('buyer');
		studio = await bench.startStudio();
		hostBrowser = await launchChromium(bench.chromiumArgs(), { executablePath: hostLink.wrap(CHROMIUM_PATH) });
		buyerBrowser = await launchChromium(bench.chromiumArgs(), { executablePath: buyerLink.wrap(CHROMIUM_PATH) });
	});

	afterAll(async () => {
		await hostBrowser?.close().catch(() => undefined);
		await buyerBrowser?.close().catch(() => undefined);
		await bench?.destroy();
	});

	test('a host on a weak uplink is told within 5 s and offered Hemat data, which 600 kbit/s carries; the buyer is told nothing', async () => {
		const room = await createRoom(studio.url, 'Sinyal lemah');
		const host = await joinAs(hostBrowser, bench.studioUrl, room.links.host, 'Bu Rina');
		const buyer = await joinAs(buyerBrowser, bench.studioUrl, room.links.buyer, 'Sari');
		try {
			await pressGoLive(host);
			await expectDecoding(buyer, 30_000);
			await when('the host sends 720p', () => inboundVideoHeight(buyer), (h) => h === 720, 20_000);
			await when('the host is good on the free link', () => indicator(host, 'host-network'), (i) => i?.quality === 'good', 20_000);
			await sleep(4_000);
			expect(await indicator(host, 'host-network')).toMatchObject({ quality: 'good' });

			await hostLink.shape({ uplinkKbps: 600 });
			const capped = Date.now();
			const visible = await when('Chromium shows the 600 kbit/s cap', () => limitedByBandwidth(host), Boolean, 15_000);
			const told = await when('the host is told', () => indicator(host, 'host-network'), (i) => i?.quality !== 'good', 15_000);
			console.log(`[measure] host uplink 600 kbit/s: visible in the stats after ${visible - capped} ms, told ${told - visible} ms later`);
			expect(told - visible).toBeLessThanOrEqual(5_000);
			const weak = (await indicator(host, 'host-network'))!;
			expect(weak.issue).toBe('bandwidth');
			expect(weak.text).toContain('Sinyal lemah');
			expect(weak.text).toContain('Hemat data');

			// The offer in the banner: Hemat data (at most 360p), live.
			await host.getByTestId('host-network-saver').click();
			expect(await host.getByTestId('host-quality').inputValue()).toBe('saver');
			await when('720p stops', () => hostLayers(host), (layers) => layers.find((l) => l.rid === 'r2')?.active === false, 5_000);

			// On Hemat data from the start, 600 kbit/s carries it: good all along.
			await hostLink.shape({ uplinkKbps: null });
			await when('the host is good again on the free link', () => indicator(host, 'host-network'), (i) => i?.quality === 'good', 60_000);
			await hostLink.shape({ uplinkKbps: 600 });
			const shownOnSaver = new Set<string>();
			for (let i = 0; i < 12; i++) {
				const now = await indicator(host, 'host-network');
				shownOnSaver.add(`${now?.quality}/${now?.issue ?? ''}`);
				await sleep(1_000);
			}
			expect([...shownOnSaver]).toEqual(['good/']);
			const frames = await framesDecoded(buyer);
			await sleep(2_000);
			expect(await framesDecoded(buyer)).toBeGreaterThan(frames + 20);
			expect(await inboundVideoHeight(buyer)).toBeLessThanOrEqual(360);

			// 250 kbit/s: only the 180p layer fits, poor.
			await hostLink.shape({ uplinkKbps: 250 });
			const tighter = Date.now();
			const squeezed = await when('Chromium shows the 250 kbit/s cap', () => limitedByBandwidth(host), Boolean, 15_000);
			const poor = await when('the host is told poor', () => indicator(host, 'host-network'), (i) => i?.quality === 'poor', 15_000);
			console.log(`[measure] host uplink 250 kbit/s (Hemat data): visible after ${squeezed - tighter} ms, poor ${poor - squeezed} ms later`);
			expect(poor - squeezed).toBeLessThanOrEqual(5_000);
			expect((await indicator(host, 'host-network'))!.text).toContain('Sinyal lemah');
			// On Hemat data already: the advice is to move, with no button for what is chosen.
			expect(await host.getByTestId('host-network-saver').count()).toBe(0);
			// The buyer's own link was fine all along: no chip.
			expect(await indicator(buyer, 'viewer-network')).toBeNull();
		} finally {
			await hostLink.shape({ uplinkKbps: null });
			await closeAll([host, buyer]);
		}
	});

	test('a buyer on a slow downlink keeps watching a lower layer and is told "Koneksi lemah", until the cap goes', async () => {
		const room = await createRoom(studio.url, 'Pembeli lambat');
		const host = await joinAs(hostBrowser, bench.studioUrl, room.links.host, 'Bu Rina');
		const buyer = await joinAs(buyerBrowser, bench.studioUrl, room.links.buyer, 'Sari');
		try {
			// A new browser profile: Standar, all three layers.
			await expect.poll(() => host.getByTestId('host-quality').inputValue(), { timeout: 15_000 }).toBe('standard');
			await pressGoLive(host);
			await expectDecoding(buyer, 30_000);
			await when('the buyer gets 720p', () => inboundVideoHeight(buyer), (h) => h === 720, 20_000);

			await buyerLink.shape({ downlinkKbps: 400 });
			const capped = Date.now();
			const told = await when('the buyer is told', () => indicator(buyer, 'viewer-network'), (i) => i !== null, 20_000);
			console.log(`[measure] buyer downlink 400 kbit/s: "Koneksi lemah" after ${told - capped} ms`);
			expect((await indicator(buyer, 'viewer-network'))!.text).toContain('Koneksi lemah');
			// mediasoup moves this buyer to a lower layer, and the video goes on (unevenly: it stalls at times).
			await when('a lower layer', () => inboundVideoHeight(buyer), (h) => h > 0 && h <= 360, 20_000);
			const frames = await framesDecoded(buyer);
			await when('frames go on', () => framesDecoded(buyer), (n) => n > frames + 30, 20_000);
			// The host's sending is not what is slow.
			expect(await indicator(host, 'host-network')).toMatchObject({ quality: 'good' });

			await buyerLink.shape({ downlinkKbps: null });
			const freed = Date.now();
			const gone = await when('the chip goes', () => indicator(buyer, 'viewer-network'), (i) => i === null, 60_000);
			console.log(`[measure] buyer downlink free again: chip gone after ${gone - freed} ms`);
		} finally {
			await buyerLink.shape({ downlinkKbps: null });
			await closeAll([host, buyer]);
		}
	});
});
