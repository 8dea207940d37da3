/*
 * What a mentor owns: their catalog, rooms (with a copy of their products)
 * and classes; another mentor's things are not there (404), a room's links
 * can be replaced, links expire, and a mentor creates a bounded number of
 * rooms a day.
 */
import type { ClassCreatedResponse, CreateRoomResponse, DashboardResponse, HttpErrorBody, Product, ProductListResponse } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { publish, sleep, studioSuite, TestStudio, tokenOf } from './harness.ts';

const suite = studioSuite();

const json = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function errorOf(res: Response): Promise<HttpErrorBody['error']> {
	return ((await res.json()) as HttpErrorBody).error;
}

async function productsOf(username: string): Promise<Product[]> {
	return ((await (await suite.studio.fetchAs('/api/products', {}, username)).json()) as ProductListResponse).products;
}

async function roomOf(username: string, body: unknown): Promise<CreateRoomResponse> {
	const res = await suite.studio.fetchAs('/api/rooms', json(body), username);
	expect(res.status).toBe(201);
	return (await res.json()) as CreateRoomResponse;
}

describe('two mentors', () => {
	it("see only their own catalog: another mentor's product is not found, and cannot be used in a room", async () => {
		await suite.studio.createMentor('ana');
		await suite.studio.createMentor('budi');
		const anas = await productsOf('ana');
		const budis = await productsOf('budi');
		expect(anas.length).toBeGreaterThan(0);
		expect(anas.filter((p) => budis.some((b) => b.id === p.id))).toEqual([]);
		const target = anas[0]!;
		for (const [path, init] of [
			[`/api/products/${target.id}`, {}],
			[`/api/products/${target.id}`, json({ name: 'Dicuri', price: 1000, variants: [{ size: null, color: null, stock: 1 }] }, 'PUT')],
			[`/api/products/${target.id}`, { method: 'DELETE' }],
			[`/api/products/${target.id}/image`, { method: 'DELETE' }],
		] as const) {
			const res = await suite.studio.fetchAs(path, init, 'budi');
			expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(404);
			expect(await errorOf(res)).toMatchObject({ kind: 'product_not_found' });
		}
		const room = await suite.studio.fetchAs('/api/rooms', json({ title: 'Pinjam', productIds: [target.id] }), 'budi');
		expect(room.status).toBe(400);
		expect(await errorOf(room)).toMatchObject({ kind: 'unknown_products' });
		expect((await productsOf('ana')).find((p) => p.id === target.id)).toEqual(target);
	});

	it("list only their own rooms and classes; another mentor's room links, class and reports are not found", async () => {
		await suite.studio.createMentor('citra');
		await suite.studio.createMentor('dodi');
		const room = await roomOf('citra', { title: 'Ruang Citra' });
		const cls = (await (await suite.studio.fetchAs('/api/classes', json({ name: 'Kelas Citra', members: ['Rina', 'Sari'] }), 'citra')).json()) as ClassCreatedResponse;

		// A live in Citra's room, so there is a report.
		const host = await suite.studio.connect(tokenOf(room.links.host), 'Rina');
		await publish({ client: host, join: await host.ok('room:join', {}) });
		await host.ok('stage:setCrowd', { commentsPerMinute: 0 });
		const { room: live } = await host.ok('live:start', {});
		await host.ok('live:end', {});

		const citra = (await (await suite.studio.fetchAs('/api/me/dashboard', {}, 'citra')).json()) as DashboardResponse;
		expect(citra.account.username).toBe('citra');
		expect(citra.rooms.map((r) => r.title)).toEqual(['Kelas Citra', 'Ruang Citra']);
		const mine = citra.rooms.find((r) => r.code === room.code)!;
		expect(mine.links).toEqual(room.links);
		expect(mine.sessions.map((s) => s.sessionId)).toEqual([live.sessionId]);
		expect(citra.classes.map((c) => [c.name, c.members, c.rooms])).toEqual([['Kelas Citra', 2, 1]]);
		// The dashboard's report link opens the report.
		const reportApi = mine.sessions[0]!.reportLink.replace('/laporan/', '/api/sessions/').replace('?', '/report?');
		expect((await suite.studio.fetch(reportApi)).status).toBe(200);

		const dodi = (await (await suite.studio.fetchAs('/api/me/dashboard', {}, 'dodi')).json()) as DashboardResponse;
		expect([dodi.rooms, dodi.classes]).toEqual([[], []]);
		const rotate = await suite.studio.fetchAs(`/api/rooms/${room.code}/links`, { method: 'POST' }, 'dodi');
		expect(rotate.status).toBe(404);
		expect(await errorOf(rotate)).toMatchObject({ kind: 'room_not_found' });
		const theirClass = await suite.studio.fetchAs(`/api/classes/${cls.id}`, {}, 'dodi');
		expect(theirClass.status).toBe(404);
		expect(await errorOf(theirClass)).toMatchObject({ kind: 'class_not_found' });
		const theirReport = await suite.studio.fetchAs(`/api/sessions/${live.sessionId}/report`, {}, 'dodi');
		expect(theirReport.status).toBe(404);
		expect(await errorOf(theirReport)).toMatchObject({ kind: 'session_not_found' });

		// The owner reads their report and class signed in, without any link.
		expect((await suite.studio.fetchAs(`/api/sessions/${live.sessionId}/report`, {}, 'citra')).status).toBe(200);
		const overview = await suite.studio.fetchAs(`/api/classes/${cls.id}`, {}, 'citra');
		expect(overview.status).toBe(200);
		expect(((await overview.json()) as { kind: string }).kind).toBe('mentor');
		// Without signing in or a link, a class answers 401, not its content.
		expect((await suite.studio.fetch(`/api/classes/${cls.id}`)).status).toBe(401);
	});
});

describe("a room's products", () => {
	it('are copied into the room: editing or deleting the catalog product leaves the room as it was, ready to sell', async () => {
		await suite.studio.createMentor('eka');
		const created = await suite.studio.createProduct({ name: 'Gamis Eka', price: 150_000, variants: [{ size: 'M', color: null, stock: 4 }] }, 'eka');
		const room = await roomOf('eka', { title: 'Gamis saja', productIds: [created.id] });
		expect((await suite.studio.fetchAs(`/api/products/${created.id}`, json({ name: 'Gamis Diganti', price: 1_000, variants: [{ size: 'XL', color: null, stock: 0 }] }, 'PUT'), 'eka')).status).toBe(200);
		expect((await suite.studio.fetchAs(`/api/products/${created.id}`, { method: 'DELETE' }, 'eka')).status).toBe(204);

		const host = await suite.studio.connect(tokenOf(room.links.host), 'Eka');
		const joined = await host.ok('room:join', {});
		expect(joined.stage.products.map((p) => [p.name, p.price, p.variants.map((v) => v.stock)])).toEqual([['Gamis Eka', 150_000, [4]]]);
		await publish({ client: host, join: joined });
		await host.ok('stage:setCrowd', { commentsPerMinute: 0 });
		await host.ok('live:start', {});
		const buyer = await suite.studio.connect(tokenOf(room.links.buyer), 'Pembeli');
		await buyer.ok('room:join', {});
		const { order } = await buyer.ok('stage:order', { productId: created.id, variantId: created.variants[0]!.id, quantity: 2 });
		expect(order).toMatchObject({ productName: 'Gamis Eka', quantity: 2, unitPrice: 150_000 });
	});
});

describe('invite links', () => {
	it('can be replaced by the owner: the old ones stop at once, the new ones work', async () => {
		const room = await suite.studio.createRoom('Tautan baru');
		const inRoom = await suite.studio.join(room, 'buyer', 'Sudah masuk');
		const notJoined = await suite.studio.connect(room.tokens.mentor, 'Belum masuk');
		const res = await suite.studio.fetchAs(`/api/rooms/${room.code}/links`, { method: 'POST' });
		expect(res.status).toBe(200);
		const rotated = (await res.json()) as CreateRoomResponse;
		for (const role of ['host', 'mentor', 'buyer'] as const) {
			expect(rotated.links[role]).not.toBe(room.links[role]);
			expect((await suite.studio.fetch(`/api/invites/${room.tokens[role]}`)).status).toBe(404);
			expect((await suite.studio.fetch(`/api/invites/${tokenOf(rotated.links[role])}`)).status).toBe(200);
		}
		// Whoever is connected with an old link is sent away at once, joined or not.
		expect((await inRoom.client.waitFor('room:closed')).reason).toBe('link_revoked');
		await inRoom.client.waitForDisconnect();
		await notJoined.waitForDisconnect();
		const refused = await suite.studio.connectError({ token: room.tokens.buyer, name: 'Lama' });
		expect(refused.message).toMatch(/not valid/);
		const fresh = await suite.studio.connect(tokenOf(rotated.links.buyer), 'Baru');
		expect((await fresh.ok('room:join', {})).self.role).toBe('buyer');
	});

	it('expire GLADI_INVITE_TTL_DAYS after they were issued', async () => {
		const own = await TestStudio.start({ GLADI_INVITE_TTL_DAYS: String(1.5 / 86_400) });
		try {
			const room = await own.createRoom('Sebentar');
			expect((await own.fetch(`/api/invites/${room.tokens.buyer}`)).status).toBe(200);
			await sleep(1_700);
			const expired = await own.fetch(`/api/invites/${room.tokens.buyer}`);
			expect(expired.status).toBe(404);
			expect(await errorOf(expired)).toMatchObject({ kind: 'invite_expired' });
			await expect(own.connect(room.tokens.host, 'Telat')).rejects.toThrow(/not valid/);
			// New links for the room work again.
			const rotated = (await (await own.fetchAs(`/api/rooms/${room.code}/links`, { method: 'POST' })).json()) as CreateRoomResponse;
			expect((await own.fetch(`/api/invites/${tokenOf(rotated.links.buyer)}`)).status).toBe(200);
		} finally {
			await own.close();
		}
	});
});

describe('room creation', () => {
	it('is limited per mentor per day (GLADI_ROOMS_PER_DAY), a class counting its rooms', async () => {
		const own = await TestStudio.start({ GLADI_ROOMS_PER_DAY: '3' });
		try {
			const cls = await own.fetchAs('/api/classes', json({ name: 'Kelas', members: ['A', 'B', 'C', 'D'], rooms: 2 }));
			expect(cls.status).toBe(201);
			await own.createRoom('Ketiga');
			const fourth = await own.fetchAs('/api/rooms', json({ title: 'Keempat' }));
			expect(fourth.status).toBe(429);
			expect(await errorOf(fourth)).toMatchObject({ code: 'rate_limited', kind: 'room_limit', params: { limit: 3 } });
			// Another mentor has their own allowance.
			await own.createMentor('lain');
			expect((await own.fetchAs('/api/rooms', json({ title: 'Punya lain' }), 'lain')).status).toBe(201);
		} finally {
			await own.close();
		}
	});
});
