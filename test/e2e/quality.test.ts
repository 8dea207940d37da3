import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { sentLayers } from '../net/mediaStats.ts';
import { closeAll, createRoom, e2eSuite, expectDecoding, inboundVideoHeight, joinAs, pressGoLive } from './harness.ts';

/*
 * The host's connection indicator and quality choice on a real live
 * (loopback, fake camera 1280x720): good on a free link, Hemat data caps the
 * camera at the 360p layer (the browser stops sending 720p, viewers get
 * 360p at most), the choice is remembered, and a producer made after a
 * reload starts capped. The weak-uplink case under real shaping is the
 * network bench's (and linkQuality.test.ts's recorded runs).
 */

const suite = e2eSuite();

const quality = (page: Page) => page.getByTestId('host-network').getAttribute('data-quality', { timeout: 1_000 }).catch(() => null);
/** The host page's camera layers, r0 first. */
const hostLayers = async (page: Page) => (await sentLayers(page)).sort((a, b) => a.rid.localeCompare(b.rid));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the host\'s indicator is good on a free link, and Hemat data caps the camera at 360p, live and after a reload', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Sinyal');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Host Sinyal');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Pembeli');
	try {
		// Not live: no indicator; the choice is there already, Standar by default.
		await expect.poll(() => host.getByTestId('host-quality').inputValue(), { timeout: 15_000 }).toBe('standard');
		expect(await host.getByTestId('host-network').count()).toBe(0);
		expect(await host.getByTestId('host-quality').locator('option').allTextContents()).toEqual(['Standar', 'Hemat data']);

		await pressGoLive(host);
		await expect.poll(() => quality(host), { timeout: 10_000 }).toBe('good');
		await expectDecoding(buyer);
		await expect.poll(() => inboundVideoHeight(buyer), { timeout: 15_000 }).toBe(720);
		// Several 2 s windows on a free link: still good, quietly; the viewer's reception needs no chip.
		await sleep(7_000);
		expect(await quality(host)).toBe('good');
		expect(await host.getByTestId('host-network').textContent()).toBe('Sinyal bagus');
		expect(await buyer.getByTestId('viewer-network').count()).toBe(0);
		expect((await hostLayers(host)).map((l) => [l.rid, l.active])).toEqual([
			['r0', true],
			['r1', true],
			['r2', true],
		]);

		// Hemat data, live: the browser stops the 720p layer without renegotiating, the viewer drops to 360p.
		await host.getByTestId('host-quality').selectOption('saver');
		await expect.poll(async () => (await hostLayers(host)).find((l) => l.rid === 'r2')?.active, { timeout: 5_000 }).toBe(false);
		const stopped = (await hostLayers(host)).find((l) => l.rid === 'r2')!.bytesSent;
		await expect.poll(() => inboundVideoHeight(buyer), { timeout: 15_000 }).toBeLessThanOrEqual(360);
		expect(await inboundVideoHeight(buyer)).toBeGreaterThan(0);
		const before = await buyer.evaluate(() => (document.querySelector('[data-testid="stage-video"]') as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
		await sleep(3_000);
		const layers = await hostLayers(host);
		// r2 sends nothing more (a packet in flight at the switch at most); r0 and r1 go on.
		expect(layers.find((l) => l.rid === 'r2')!.bytesSent - stopped).toBeLessThan(5_000);
		expect(layers.filter((l) => l.active).map((l) => l.rid)).toEqual(['r0', 'r1']);
		expect(await inboundVideoHeight(buyer)).toBeLessThanOrEqual(360);
		const after = await buyer.evaluate(() => (document.querySelector('[data-testid="stage-video"]') as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames);
		expect(after - before).toBeGreaterThan(20);
		expect(await quality(host)).toBe('good');
		// Both browsers report their own link to the server (qos:report, for the mentors' panel).
		const qos = () => suite.env.nodeOf(room.code).registry.inMemory(room.code)!.qos.state();
		await expect.poll(() => qos().host?.send?.layers.map((l) => l.active), { timeout: 10_000 }).toEqual([true, true, false]);
		expect(qos().host).toMatchObject({ quality: 'good', send: { choice: 'saver', limitation: 'none' } });
		await expect.poll(() => qos().viewers.find((v) => v.name === 'Pembeli')?.receive?.height, { timeout: 10_000 }).toBeLessThanOrEqual(360);
		expect(qos().viewers.find((v) => v.name === 'Pembeli')?.quality).toBe('good');

		// Remembered on this device: after a reload the choice is Hemat data, and the new producer starts capped.
		await host.reload();
		await host.getByTestId('join').click();
		await expect.poll(() => host.getByTestId('host-quality').inputValue(), { timeout: 15_000 }).toBe('saver');
		await pressGoLive(host);
		await expect.poll(() => quality(host), { timeout: 10_000 }).toBe('good');
		await expect.poll(async () => (await hostLayers(host)).map((l) => l.active), { timeout: 10_000 }).toEqual([true, true, false]);
		await expect.poll(() => inboundVideoHeight(buyer), { timeout: 20_000 }).toBeGreaterThan(0);
		await sleep(3_000);
		expect(await inboundVideoHeight(buyer)).toBeLessThanOrEqual(360);
		expect((await hostLayers(host)).find((l) => l.rid === 'r2')!.bytesSent).toBeLessThan(5_000);

		// Back to Standar, live: 720p again.
		await host.getByTestId('host-quality').selectOption('standard');
		await expect.poll(() => inboundVideoHeight(buyer), { timeout: 20_000 }).toBe(720);
	} finally {
		await closeAll([host, buyer]);
	}
});
