import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { closeAll, createRoom, e2eSuite, expectDecoding, framesDecoded, joinAs, pressGoLive } from './harness.ts';

const suite = e2eSuite();
const PHONE = { viewport: { width: 390, height: 844 } };
const MIRRORED = 'matrix(-1, 0, 0, 1, 0, 0)';

const widthPerHeight = (element: Locator) =>
	element.evaluate((el) => {
		const box = el.getBoundingClientRect();
		return box.width / box.height;
	});
const computed = (element: Locator, property: 'transform' | 'objectFit') => element.evaluate((el, p) => getComputedStyle(el)[p], property);
const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

/** The live on the server: still live, still sending audio and video. */
function expectStillLive(code: string) {
	const state = suite.env.nodeOf(code).registry.inMemory(code)!;
	expect(state.status).toBe('live');
	expect(
		state
			.liveProducers()
			.map((p) => p.kind)
			.sort(),
	).toEqual(['audio', 'video']);
}

test('while live, the host previews the stage as a buyer’s phone draws it and goes back, and the buyer’s video never stops', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Live tas rajut');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Sari', PHONE);
	try {
		const toggle = host.getByTestId('viewer-preview-toggle');
		const preview = host.getByTestId('viewer-preview');
		// The studio opens as it always did: the host's self-view, mirrored.
		await expect.poll(() => host.getByTestId('go-live').isEnabled(), { timeout: 15_000 }).toBe(true);
		expect(await toggle.getAttribute('aria-pressed')).toBe('false');
		expect(await preview.count()).toBe(0);
		expect(await computed(host.getByTestId('preview-video'), 'transform')).toBe(MIRRORED);

		await host.getByTestId('difficulty-ramai').click(); // comments within seconds
		await host.getByTestId('go-live').click();
		await expectDecoding(buyer);

		await host.getByTestId('open-bag').click();
		const item = host.getByTestId('bag-item').nth(1);
		const productName = (await item.locator('.bag-name').textContent())!;
		await item.getByTestId('pin-product').click();
		await expect.poll(() => buyer.getByTestId('pinned-product').textContent()).toContain(productName);

		// On: the buyer's 9:16 frame, the camera not mirrored, the buyer's pinned card and comments over it.
		let framesBefore = await framesDecoded(buyer);
		await toggle.click();
		expect(await toggle.getAttribute('aria-pressed')).toBe('true');
		await expect.poll(() => preview.isVisible()).toBe(true);
		expect(await preview.getAttribute('data-aspect')).toBe('9:16');
		expect(await widthPerHeight(preview)).toBeCloseTo(9 / 16, 2);
		expect(await widthPerHeight(buyer.locator('.stage-frame'))).toBeCloseTo(9 / 16, 2);
		const previewVideo = preview.locator('video');
		expect(await previewVideo.count()).toBe(1);
		expect(await computed(previewVideo, 'transform')).toBe('none');
		expect(await computed(previewVideo, 'objectFit')).toBe(await computed(buyer.getByTestId('stage-video'), 'objectFit'));
		await expect.poll(() => previewVideo.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);

		const card = preview.getByTestId('pinned-product');
		await expect.poll(() => card.textContent()).toContain(productName);
		// Drawn as the buyer's card (with its Buy label), but nothing in the picture can be pressed.
		expect(await card.locator('.pinned-buy').textContent()).toBe('Beli');
		expect(await card.evaluate((el) => el.closest('[inert]') !== null)).toBe(true);
		// The host's own overlay made way: one card on the page.
		expect(await host.getByTestId('pinned-product').count()).toBe(1);
		await expect.poll(() => preview.locator('[data-testid="comment-feed"] .source-crowd').count(), { timeout: 20_000 }).toBeGreaterThan(0);

		// The part of the camera image the crop cuts off shows dimmed on both sides of the frame.
		const outside = (await host.locator('.viewer-preview-outside').boundingBox())!;
		const frame = (await preview.boundingBox())!;
		const camera = await previewVideo.evaluate((v) => ({ width: (v as HTMLVideoElement).videoWidth, height: (v as HTMLVideoElement).videoHeight }));
		console.log(`[measure] camera ${camera.width}x${camera.height}; preview frame ${frame.width.toFixed(0)}x${frame.height.toFixed(0)}; whole image ${outside.width.toFixed(0)}x${outside.height.toFixed(0)}`);
		expect(outside.height).toBeCloseTo(frame.height, 0);
		expect(outside.width / outside.height).toBeCloseTo(camera.width / camera.height, 2);
		expect(outside.x + outside.width / 2).toBeCloseTo(frame.x + frame.width / 2, 0);

		// The studio's controls stay under the preview, on the screen; the toggle says what the preview shows; the live goes on.
		const endLive = (await host.getByTestId('end-live').boundingBox())!;
		expect(endLive.y + endLive.height).toBeLessThanOrEqual(800);
		expect(await host.getByTestId('viewer-preview-hint').isVisible()).toBe(true);
		expect(await host.evaluate(() => localStorage.getItem('gladi.viewerPreview'))).toBe('1');
		expectStillLive(room.code);
		await expect.poll(() => framesDecoded(buyer)).toBeGreaterThan(framesBefore + 15);

		// Off, from the keyboard: the normal studio is back, the toggle keeps the focus.
		framesBefore = await framesDecoded(buyer);
		await toggle.focus();
		await host.keyboard.press('Space');
		expect(await toggle.getAttribute('aria-pressed')).toBe('false');
		expect(await preview.count()).toBe(0);
		expect(await host.getByTestId('viewer-preview-hint').count()).toBe(0);
		expect(await focusedTestId(host)).toBe('viewer-preview-toggle');
		expect(await computed(host.getByTestId('preview-video'), 'transform')).toBe(MIRRORED);
		expect(await host.locator('.stage-frame [data-testid="end-live"]').isVisible()).toBe(true);
		await expect.poll(() => host.getByTestId('pinned-product').textContent()).toContain(productName);
		expect(await host.evaluate(() => localStorage.getItem('gladi.viewerPreview'))).toBe('0');
		expectStillLive(room.code);
		await expect.poll(() => framesDecoded(buyer)).toBeGreaterThan(framesBefore + 15);
	} finally {
		await closeAll([host, buyer]);
	}
});

test('on the host’s phone the preview is remembered, fits the screen, the host goes live from it and gets the mentor’s cue in it', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Live sepatu anak');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina', PHONE);
	const mentor = await joinAs(suite.browser, suite.env.baseUrl, room.links.mentor, 'Pak Mentor', PHONE);
	try {
		const preview = host.getByTestId('viewer-preview');
		await host.getByTestId('viewer-preview-toggle').click();
		await expect.poll(() => preview.isVisible()).toBe(true);

		// The next visit on this device opens in the preview.
		await host.reload();
		await host.getByTestId('join').click();
		await expect.poll(() => preview.isVisible(), { timeout: 15_000 }).toBe(true);
		expect(await host.getByTestId('viewer-preview-toggle').getAttribute('aria-pressed')).toBe('true');

		// As big as a viewer's stage on the same phone, with the controls under it on the screen and nothing scrolling sideways.
		await pressGoLive(host);
		await expectDecoding(mentor);
		const frame = (await preview.boundingBox())!;
		const viewerFrame = (await mentor.locator('.stage-frame').boundingBox())!;
		expect(frame.width).toBeCloseTo(viewerFrame.width, 0);
		expect(frame.height).toBeCloseTo(viewerFrame.height, 0);
		const endLive = (await host.getByTestId('end-live').boundingBox())!;
		expect(endLive.y + endLive.height).toBeLessThanOrEqual(844);
		expect(await host.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		expectStillLive(room.code);

		await mentor.getByTestId('whisper-input').fill('Angkat produknya ke tengah');
		await mentor.getByTestId('whisper-send').click();
		await expect.poll(() => preview.getByTestId('whisper').textContent()).toContain('Angkat produknya ke tengah');
	} finally {
		await closeAll([host, mentor]);
	}
});
