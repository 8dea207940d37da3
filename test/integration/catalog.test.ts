import type { Product, ProductListResponse } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { studioSuite } from './harness.ts';

const suite = studioSuite();

const json = (body: unknown, method = 'POST'): RequestInit => ({
	method,
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(body),
});

const valid = {
	name: 'Kemeja Uji',
	description: 'Katun adem',
	price: 99_000,
	category: 'Kemeja',
	material: 'Katun',
	variants: [
		{ size: 'M', color: 'Putih', stock: 4 },
		{ size: 'L', color: 'Putih', stock: 6 },
	],
};

/** A real 1x1 PNG. */
const PNG = Buffer.from(
	'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201e2277a2f0000000049454e44ae426082',
	'hex',
);

describe('the catalog API', () => {
	it('ships the demo catalog with generated pictures', async () => {
		const res = await suite.studio.fetchAs('/api/products');
		const { products } = (await res.json()) as ProductListResponse;
		expect(products.length).toBeGreaterThanOrEqual(10);
		expect(products.map((p) => p.category)).toEqual(expect.arrayContaining(['Gamis', 'Hijab', 'Batik', 'Kemeja', 'Mukena']));
		const image = await suite.studio.fetch(products[0]!.imageUrl!);
		expect(image.headers.get('content-type')).toMatch(/image\/svg\+xml/);
		expect(await image.text()).toMatch(/^<svg/);
		expect((await suite.studio.fetch('/demo-images/nope.svg')).status).toBe(404);
	});

	it('refuses bad products with a clear error', async () => {
		for (const bad of [
			{ ...valid, name: '' },
			{ ...valid, price: 50 },
			{ ...valid, price: 10.5 },
			{ ...valid, variants: [] },
			{ ...valid, variants: [{ size: 'M', color: 'Putih', stock: -1 }] },
			{ ...valid, variants: [valid.variants[0], valid.variants[0]] },
			{ ...valid, variants: [{ size: null, color: null, stock: 1 }, valid.variants[0]] },
			{ ...valid, extra: true },
		]) {
			const res = await suite.studio.fetchAs('/api/products', json(bad));
			expect(res.status, JSON.stringify(bad)).toBe(400);
			expect(((await res.json()) as { error: { code: string; message: string } }).error.code).toBe('bad_request');
		}
	});

	it('creates, edits (keeping variant ids), reads and deletes a product', async () => {
		const created = (await (await suite.studio.fetchAs('/api/products', json(valid))).json()) as Product;
		const [m, l] = created.variants;
		const edited = await suite.studio.fetchAs(`/api/products/${created.id}`, json({ ...valid, price: 89_000, variants: [{ size: 'L', color: 'Putih', stock: 2 }, { size: 'XL', color: 'Putih', stock: 1 }] }, 'PUT'));
		expect(edited.status).toBe(200);
		const after = (await edited.json()) as Product;
		expect(after.price).toBe(89_000);
		expect(after.variants[0]).toEqual({ ...l, stock: 2 });
		expect(after.variants[1]!.id).not.toBe(m!.id);
		expect(((await (await suite.studio.fetchAs(`/api/products/${created.id}`)).json()) as Product).variants).toHaveLength(2);
		expect((await suite.studio.fetchAs(`/api/products/${created.id}`, { method: 'DELETE' })).status).toBe(204);
		expect((await suite.studio.fetchAs(`/api/products/${created.id}`)).status).toBe(404);
		expect((await suite.studio.fetchAs(`/api/products/${created.id}`, json(valid, 'PUT'))).status).toBe(404);
	});

	it('stores an uploaded image checked by its bytes, and refuses other files', async () => {
		const product = (await (await suite.studio.fetchAs('/api/products', json(valid))).json()) as Product;
		const upload = (body: Buffer, type = 'image/png') =>
			suite.studio.fetchAs(`/api/products/${product.id}/image`, { method: 'PUT', headers: { 'content-type': type }, body: new Uint8Array(body) });

		const ok = await upload(PNG);
		expect(ok.status).toBe(200);
		const { imageUrl } = (await ok.json()) as Product;
		expect(imageUrl).toMatch(/^\/uploads\/[0-9a-f-]+\.png$/);
		const served = await suite.studio.fetch(imageUrl!);
		expect(served.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

		expect((await upload(Buffer.from('<svg onload="alert(1)"></svg>'), 'image/png')).status).toBe(415);
		expect((await upload(Buffer.from('GIF89a....'), 'image/gif')).status).toBe(415);
		expect((await upload(Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]))).status).toBe(413);

		// A new image replaces the old file.
		const again = (await (await upload(PNG)).json()) as Product;
		expect(again.imageUrl).not.toBe(imageUrl);
		expect((await suite.studio.fetch(imageUrl!)).status).toBe(404);
		expect((await suite.studio.fetchAs('/api/products/p_nope/image', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(PNG) })).status).toBe(404);
	});
});
