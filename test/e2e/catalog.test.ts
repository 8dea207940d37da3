import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { Product, ProductListResponse } from '@gladi/shared';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cspViolations, fetchAsAdmin, launchChromium, newContext, startE2EStudio, type E2EStudio } from './harness.ts';

let env: E2EStudio;
let browser: Browser;
let tmpDir: string;

beforeAll(async () => {
	env = await startE2EStudio();
	browser = await launchChromium();
	tmpDir = mkdtempSync(path.join(os.tmpdir(), 'gladi-catalog-e2e-'));
});

afterAll(async () => {
	await browser?.close();
	await env?.close();
	if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
	// The photo preview (a blob: URL) and the uploaded images load under the studio's CSP.
	expect(cspViolations, 'Content-Security-Policy violations on the pages').toEqual([]);
});

/** A valid 1x1 PNG (one red pixel), built from its chunks. */
function onePixelPng(): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(1, 0); // width
	ihdr.writeUInt32BE(1, 4); // height
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: RGB
	const scanline = Buffer.from([0, 0xfe, 0x2c, 0x55]); // filter byte + one pixel
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(scanline)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

async function productsOnServer(): Promise<Product[]> {
	const res = await fetchAsAdmin(env.baseUrl, '/api/products');
	expect(res.status).toBe(200);
	return ((await res.json()) as ProductListResponse).products;
}

test('on a phone: create a product with two variants and a photo, edit its price, and open a room with only that product', async () => {
	const pngPath = path.join(tmpDir, 'kaos.png');
	writeFileSync(pngPath, onePixelPng());
	const name = `Kaos Uji Gladi ${Date.now().toString(36)}`;

	const context = await newContext(browser, { signedInTo: env.baseUrl, viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	const noSideScroll = async () =>
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	try {
		// The header links to the catalog; the demo catalog is there.
		await page.goto(env.baseUrl);
		await page.getByTestId('nav-catalog').click();
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Katalog produk');
		await expect.poll(() => page.getByTestId('catalog-item').count(), { timeout: 10_000 }).toBeGreaterThan(0);
		const demoImage = page.getByTestId('catalog-item').first().locator('img');
		expect(await demoImage.getAttribute('src')).toMatch(/^\/demo-images\/.+\.svg$/);
		await noSideScroll();

		// A new product: client-side validation first.
		await page.getByTestId('product-new').click();
		const form = page.getByTestId('product-form');
		await form.waitFor();
		await page.getByTestId('product-name').fill(name);
		await page.getByTestId('product-save').click();
		await expect.poll(() => page.getByTestId('error-price').textContent()).toBe('Harga wajib diisi.');

		await page.getByTestId('product-price').fill('85.000');
		await expect.poll(() => page.getByTestId('price-preview').textContent()).toBe('Harga: Rp85.000');
		await page.getByTestId('product-category').fill('Kaos');
		await page.getByTestId('product-material').fill('Katun Combed 30s');
		const rows = page.getByTestId('variant-row');
		await rows.nth(0).getByTestId('variant-size').fill('M');
		await rows.nth(0).getByTestId('variant-color').fill('Hitam');
		await rows.nth(0).getByTestId('variant-stock').fill('4');
		await page.getByTestId('add-variant').click();
		await expect.poll(() => rows.count()).toBe(2);
		await rows.nth(1).getByTestId('variant-size').fill('L');
		await rows.nth(1).getByTestId('variant-color').fill('Hitam');
		await rows.nth(1).getByTestId('variant-stock').fill('6');

		await page.getByTestId('product-image-input').setInputFiles(pngPath);
		await expect.poll(() => page.getByTestId('product-image-preview').getAttribute('data-state')).toBe('pending');
		await noSideScroll();
		await page.getByTestId('product-save').click();

		// Back in the list, with its photo, price, stock and variants.
		await form.waitFor({ state: 'detached', timeout: 10_000 });
		const item = page.getByTestId('catalog-item').filter({ hasText: name });
		await expect.poll(() => item.count()).toBe(1);
		expect(await item.getByTestId('catalog-item-price').textContent()).toBe('Rp85.000');
		expect(await item.getByTestId('catalog-item-stock').textContent()).toBe('Stok 10');
		expect(await item.getByTestId('catalog-item-variants').textContent()).toBe('Hitam · M, L');
		const img = item.locator('img');
		// The list shows the thumbnail of the re-encoded upload.
		expect(await img.getAttribute('src')).toMatch(/^\/uploads\/[\w-]+-thumb\.webp$/);
		await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);

		const created = (await productsOnServer()).find((p) => p.name === name);
		expect(created).toMatchObject({ price: 85_000, category: 'Kaos', material: 'Katun Combed 30s' });
		expect(created!.variants.map((v) => [v.size, v.color, v.stock])).toEqual([
			['M', 'Hitam', 4],
			['L', 'Hitam', 6],
		]);
		const productId = created!.id;

		// Edit the price.
		await item.click();
		await form.waitFor();
		expect(await page.getByTestId('product-name').inputValue()).toBe(name);
		await page.getByTestId('product-price').fill('99000');
		await page.getByTestId('product-save').click();
		await form.waitFor({ state: 'detached', timeout: 10_000 });
		await expect.poll(() => item.getByTestId('catalog-item-price').textContent()).toBe('Rp99.000');
		const edited = (await productsOnServer()).find((p) => p.id === productId);
		expect(edited?.price).toBe(99_000);
		expect(edited?.variants).toHaveLength(2);
		expect(edited?.imageUrl).toBe(created!.imageUrl);
		expect(created!.imageUrl).toMatch(/^\/uploads\/[\w-]+\.webp$/);
		expect(await img.getAttribute('src')).toBe(created!.thumbnailUrl);

		// A room with only this product.
		await page.goto(env.baseUrl);
		await page.getByTestId('room-title').fill('Latihan kaos');
		await page.getByTestId('room-products-toggle').click();
		await expect.poll(() => page.getByTestId('room-product').count()).toBeGreaterThan(1);
		expect(await page.getByTestId('room-product').evaluateAll((els) => els.every((el) => (el as HTMLInputElement).checked))).toBe(true);
		await page.getByTestId('room-products-none').click();
		expect(await page.getByTestId('create-room').isDisabled()).toBe(true);
		await page.locator(`[data-testid="room-product"][data-product-id="${productId}"]`).check();
		await expect.poll(() => page.getByTestId('room-products-count').textContent()).toMatch(/^1 dari \d+ dipilih$/);
		await noSideScroll();
		await page.getByTestId('create-room').click();
		const hostLink = await page.getByTestId('invite-host').inputValue();
		const code = /\/r\/([A-Z0-9]+)\/host/.exec(hostLink)?.[1];
		expect(code).toBeTruthy();
		const products = (await env.studio.registry.get(code!))!.live.stage.products;
		expect(products.map((p) => p.id)).toEqual([productId]);
		expect(products[0]).toMatchObject({ name, price: 99_000 });
	} finally {
		await context.close();
	}
});

test('on a laptop in English: a file that is not a photo is refused before upload, and deleting asks first', async () => {
	const name = `Hijab Uji ${Date.now().toString(36)}`;
	const context = await newContext(browser, { signedInTo: env.baseUrl, lang: 'en' });
	const page = await context.newPage();
	try {
		await page.goto(`${env.baseUrl}/katalog`);
		await page.getByTestId('product-new').click();
		await page.getByTestId('product-name').fill(name);
		await page.getByTestId('product-price').fill('45rb');
		await page.getByTestId('variant-row').first().getByTestId('variant-stock').fill('3');

		// Named .png, typed image/png, but not a PNG: refused by its bytes, nothing uploaded.
		await page
			.getByTestId('product-image-input')
			.setInputFiles({ name: 'catatan.png', mimeType: 'image/png', buffer: Buffer.from('just some notes, not a picture') });
		await expect.poll(() => page.getByTestId('product-image-error').textContent()).toBe('This file is not a JPG, PNG or WebP photo.');
		expect(await page.getByTestId('product-image-preview').getAttribute('data-state')).toBe('none');

		await page.getByTestId('product-save').click();
		const item = page.getByTestId('catalog-item').filter({ hasText: name });
		await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
		expect(await item.getByTestId('catalog-item-price').textContent()).toBe('Rp45.000');
		expect(await item.locator('img').count()).toBe(0);
		const saved = (await productsOnServer()).find((p) => p.name === name);
		expect(saved).toMatchObject({ price: 45_000, imageUrl: null, variants: [{ size: null, color: null, stock: 3 }] });

		// Delete: the first click only asks.
		await item.click();
		await page.getByTestId('product-delete').click();
		await page.getByTestId('product-delete-cancel').click();
		expect(await page.getByTestId('product-form').isVisible()).toBe(true);
		await page.getByTestId('product-delete').click();
		await page.getByTestId('product-delete-confirm').click();
		await page.getByTestId('product-form').waitFor({ state: 'detached', timeout: 10_000 });
		await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toBe(`“${name}” deleted from the catalog.`);
		expect(await item.count()).toBe(0);
		expect((await productsOnServer()).some((p) => p.id === saved!.id)).toBe(false);
	} finally {
		await context.close();
	}
});

test('quick add: choosing sizes and colours as chips adds one variant per pair', async () => {
	const context = await newContext(browser, { signedInTo: env.baseUrl, viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	try {
		await page.goto(env.baseUrl);
		await page.getByTestId('nav-catalog').click();
		await page.getByTestId('product-new').click();
		await page.getByTestId('product-form').waitFor();
		const rows = page.getByTestId('variant-row');

		await page.getByTestId('quick-add').locator('summary').click();
		const size = (label: string) => page.getByTestId('quick-size').filter({ hasText: new RegExp(`^${label}$`) });
		const color = (label: string) => page.getByTestId('quick-color').filter({ hasText: new RegExp(`^${label}$`) });
		await size('M').click();
		await size('L').click();
		await color('Hitam').click();
		expect(await size('M').getAttribute('aria-pressed')).toBe('true');
		expect(await size('XL').getAttribute('aria-pressed')).toBe('false');
		// Pressed again, a chip is chosen no more.
		await color('Navy').click();
		await color('Navy').click();
		expect(await color('Navy').getAttribute('aria-pressed')).toBe('false');
		await page.getByTestId('quick-stock').fill('5');
		await page.getByTestId('quick-add-apply').click();

		await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
		const added = await rows.evaluateAll((els) =>
			els.map((el) => ['variant-size', 'variant-color', 'variant-stock'].map((id) => (el.querySelector(`[data-testid="${id}"]`) as HTMLInputElement).value).join('/')),
		);
		expect(added.filter((v) => v !== '//')).toEqual(expect.arrayContaining(['M/Hitam/5', 'L/Hitam/5']));
		expect(added.filter((v) => v !== '//').length).toBe(2);
		// The chips are cleared for the next batch.
		expect(await size('M').getAttribute('aria-pressed')).toBe('false');
	} finally {
		await context.close();
	}
});
