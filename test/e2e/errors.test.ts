import type { CreateRoomResponse, Product } from '@gladi/shared';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { closeAll, e2eSuite, fetchAsAdmin, joinAs, newContext, pressGoLive } from './harness.ts';

const suite = e2eSuite();

async function post<T>(path: string, body: unknown): Promise<T> {
	const res = await fetchAsAdmin(suite.env.baseUrl, path, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!res.ok) throw new Error(`POST ${path}: ${res.status}`);
	return (await res.json()) as T;
}

/** In every socket.io event and answer the server sends this page, the variant shows `stock` (JSON rewritten in place). */
async function showStock(page: Page, variantId: string, stock: number): Promise<void> {
	const rewrite = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(rewrite);
		else if (value && typeof value === 'object') {
			const record = value as Record<string, unknown>;
			if (record['id'] === variantId && typeof record['stock'] === 'number') record['stock'] = stock;
			Object.values(record).forEach(rewrite);
		}
	};
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		ws.onMessage((message) => server.send(message));
		server.onMessage((message) => {
			// Engine.io message 4, socket.io event 2 or answer 3 (with its id), then the JSON array.
			const packet = typeof message === 'string' ? /^(4[23]\d*)(\[.*)$/s.exec(message) : null;
			if (!packet) return ws.send(message);
			const args: unknown = JSON.parse(packet[2]!);
			rewrite(args);
			ws.send(packet[1]! + JSON.stringify(args));
		});
	});
}

const alertIn = (page: Page, testId: string) => page.getByTestId(testId).getByRole('alert');

test('refusals read as sentences in the user’s language: a sold-out order, a too-fast comment, a flash sale price above the normal price', async () => {
	// A product whose only variant is sold out, in a room of its own.
	const product = await post<Product>('/api/products', {
		name: 'Gamis Uji Habis',
		price: 150_000,
		variants: [{ size: 'L', color: 'Maroon', stock: 0 }],
	});
	const room = await post<CreateRoomResponse>('/api/rooms', { title: 'Live habis', productIds: [product.id] });
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const buyer = await (await newContext(suite.browser, { viewport: { width: 390, height: 844 } })).newPage();
	try {
		await pressGoLive(host);
		await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 15_000 }).toBe(true);
		await host.getByTestId('open-bag').click();
		await host.getByTestId('bag-item').first().getByTestId('pin-product').click();

		// The buyer's phone still shows the last piece (as when someone else bought it a moment ago):
		// the server refuses the order, and the buyer reads why in Bahasa Indonesia.
		await showStock(buyer, product.variants[0]!.id, 1);
		await buyer.goto(new URL(room.links.buyer, suite.env.baseUrl).toString());
		await buyer.getByTestId('display-name').fill('Sari');
		await buyer.getByTestId('join').click();
		const card = buyer.getByTestId('pinned-product');
		await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain('Gamis Uji Habis');
		await card.click();
		await buyer.getByTestId('variant-option').first().click();
		await buyer.getByTestId('buy-confirm').click();
		const orderError = alertIn(buyer, 'buy-sheet');
		await expect.poll(() => orderError.textContent(), { timeout: 5_000 }).toBe('Gagal pesan: Maaf, varian ini sudah habis terjual.');

		// Commenting faster than the server allows (a burst of 3, then one every 2 s).
		await buyer.getByTestId('buy-sheet').getByRole('button', { name: 'Tutup' }).click();
		const composerError = buyer.locator('.composer [role="alert"]');
		for (let i = 0; i < 8 && !(await composerError.isVisible()); i++) {
			await buyer.getByTestId('comment-input').fill(`kak ready? ${i}`);
			await buyer.getByTestId('comment-send').click();
		}
		await expect.poll(() => composerError.textContent(), { timeout: 5_000 }).toBe('Pelan-pelan ya, tunggu sebentar sebelum berkomentar lagi.');

		// The host asks for a sale price above the normal price: refused, in Indonesian, then in English.
		await host.getByTestId('flash-price').fill('200000');
		await host.getByTestId('flash-start').click();
		const flashError = alertIn(host, 'flash-form');
		await expect.poll(() => flashError.textContent(), { timeout: 5_000 }).toBe('Harga flash sale harus di bawah harga normal.');
		await host.getByTestId('lang-switch').click();
		await host.getByTestId('flash-start').click();
		await expect.poll(() => flashError.textContent(), { timeout: 5_000 }).toBe('The flash sale price must be below the normal price.');
	} finally {
		await closeAll([host, buyer]);
	}
});

test('a name that is the seller’s brings the join form back, saying why in the user’s language; another name gets in', async () => {
	const room = await post<CreateRoomResponse>('/api/rooms', { title: 'Nama kembar' });
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const pages = [host];
	try {
		await expect.poll(() => suite.env.nodeOf(room.code).registry.inMemory(room.code)?.state().hostName, { timeout: 15_000 }).toBe('Bu Rina');
		for (const [lang, sentence] of [
			['id', 'Nama ini sudah dipakai penjual atau pendamping di ruang ini, atau khusus untuk mereka. Pakai nama lain.'],
			['en', 'This name belongs to the seller or a mentor in this room, or is kept for them. Use another name.'],
		] as const) {
			const impostor = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'bu  rina', { lang });
			pages.push(impostor);
			const refused = impostor.getByTestId('display-name-error');
			await expect.poll(() => refused.textContent(), { timeout: 15_000 }).toBe(sentence);
			await impostor.getByTestId('display-name').fill('Rina Pembeli');
			await impostor.getByTestId('join').click();
			await expect.poll(() => impostor.getByTestId('stage-waiting').isVisible(), { timeout: 15_000 }).toBe(true);
		}
		// The page shows the stage as its join is answered; the count follows the second buyer's join a moment later.
		await expect.poll(() => suite.env.nodeOf(room.code).registry.inMemory(room.code)?.state().viewers.buyers, { timeout: 10_000 }).toBe(2);
	} finally {
		await closeAll(pages);
	}
});
