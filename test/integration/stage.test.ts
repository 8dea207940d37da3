import { CROWD_PRESETS, type CreateRoomResponse, type StageComment, type StageState } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { publish, sleep, studioSuite, tokenOf, type Joined, type TestRoom } from './harness.ts';

const suite = studioSuite();

let roomsMade = 0;
async function roomWith(productIds: string[] | undefined, title = 'Stage test'): Promise<TestRoom> {
	const { status, body } = await suite.studio.postRooms(JSON.stringify({ title, productIds }), 'application/json', {
		'x-forwarded-for': `203.0.113.${++roomsMade % 250}`,
	});
	expect(status).toBe(201);
	const created = body as CreateRoomResponse;
	return {
		...created,
		tokens: { host: tokenOf(created.links.host), mentor: tokenOf(created.links.mentor), buyer: tokenOf(created.links.buyer) },
	};
}

/** A room whose host is live, with a quiet crowd unless told otherwise. */
async function liveRoom(productIds?: string[], crowdPerMinute = 0): Promise<{ room: TestRoom; host: Joined }> {
	const room = await roomWith(productIds);
	const host = await suite.studio.join(room, 'host', 'Bu Rina');
	await publish(host);
	await host.client.ok('stage:setCrowd', { commentsPerMinute: crowdPerMinute });
	await host.client.ok('live:start', {});
	return { room, host };
}

describe('the stage on join', () => {
	it('gives every participant the room products, counters and crowd settings', async () => {
		const room = await roomWith(undefined);
		const buyer = await suite.studio.join(room, 'buyer', 'Sari');
		const stage = buyer.join.stage;
		expect(stage.products.length).toBeGreaterThanOrEqual(10); // the demo catalog
		expect(stage.products.map((p) => p.name)).toContain('Gamis Aisyah Busui');
		expect(stage.pinnedProductId).toBeNull();
		expect(stage.crowd).toMatchObject({ difficulty: 'normal', lang: 'id' });
		expect(buyer.join.comments).toEqual([]);
	});

	it('refuses a room made of products that are not in the catalog', async () => {
		const { status, body } = await suite.studio.postRooms(JSON.stringify({ title: 'x', productIds: ['p_nope'] }));
		expect(status).toBe(400);
		expect(body).toMatchObject({ error: { code: 'bad_request' } });
	});
});

describe('pinning', () => {
	it('reaches every viewer with the pinned product, and unpinning clears it', async () => {
		const { room, host } = await liveRoom();
		const viewers = await Promise.all([
			suite.studio.join(room, 'buyer', 'Sari'),
			suite.studio.join(room, 'buyer', 'Dewi'),
			suite.studio.join(room, 'mentor', 'Pak Mentor'),
		]);
		const product = host.join.stage.products[2]!;
		const sentAt = performance.now();
		await host.client.ok('stage:pin', { productId: product.id });
		const latencies = await Promise.all(
			viewers.map(async (v) => {
				await v.client.waitFor('stage:state', (s) => s.pinnedProductId === product.id, 1000);
				return performance.now() - sentAt;
			}),
		);
		console.log(`[measure] pin -> stage:state on 3 viewers: max ${Math.max(...latencies).toFixed(1)} ms`);
		await host.client.ok('stage:unpin', {});
		for (const v of viewers) await v.client.waitFor('stage:state', (s) => s.pinnedProductId === null);
	});

	it('only the host pins, and only products of the room', async () => {
		const { room, host } = await liveRoom();
		const buyer = await suite.studio.join(room, 'buyer');
		const mentor = await suite.studio.join(room, 'mentor');
		const productId = host.join.stage.products[0]!.id;
		await buyer.client.fails('stage:pin', { productId }, 'forbidden');
		await mentor.client.fails('stage:pin', { productId }, 'forbidden');
		await host.client.fails('stage:pin', { productId: 'p_notinroom' }, 'not_found');
		await host.client.fails('stage:pin', { productId: '' }, 'bad_request');
		await host.client.fails('stage:pin', { productId: 42 as unknown as string }, 'bad_request');
	});
});

describe('orders', () => {
	it('never oversell when many buyers order the last units at once', async () => {
		const product = await suite.studio.createProduct({
			name: 'Hijab Limited',
			description: '',
			price: 50_000,
			category: 'Hijab',
			material: 'Voal',
			variants: [{ size: null, color: 'Hitam', stock: 5 }],
		});
		const { room, host } = await liveRoom([product.id]);
		const variantId = host.join.stage.products[0]!.variants[0]!.id;
		const buyers = await Promise.all(Array.from({ length: 12 }, (_, i) => suite.studio.join(room, 'buyer', `Pembeli ${i}`)));
		const acks = await Promise.all(buyers.map((b) => b.client.request('stage:order', { productId: product.id, variantId, quantity: 1 })));
		const ok = acks.filter((a) => a.ok);
		const refused = acks.filter((a) => !a.ok);
		const stage = suite.studio.room(room.code).live.stage;
		const sold = stage.recentOrders(100).reduce((n, o) => n + o.quantity, 0);
		// Simulated buyers may have bought some too: humans get at most what is left, never more than 5 in all.
		expect(sold).toBeLessThanOrEqual(5);
		expect(ok.length).toBeLessThanOrEqual(5);
		expect(stage.products[0]!.variants[0]!.stock).toBe(5 - sold);
		expect(refused.length).toBe(12 - ok.length);
		for (const r of refused) expect(r.ok ? null : r.error).toMatchObject({ code: 'invalid_state', kind: 'sold_out' });
		// Everyone (host's activity feed included) heard of each successful order.
		await host.client.waitFor('stage:order', (o) => o.buyerName.startsWith('Pembeli'));
		expect(host.client.all('stage:order').filter((o) => !o.simulated)).toHaveLength(ok.length);
	});

	it('are for buyers only, while live, for a real variant and a sane quantity', async () => {
		const room = await roomWith(undefined);
		const host = await suite.studio.join(room, 'host');
		const buyer = await suite.studio.join(room, 'buyer', 'Rina');
		const mentor = await suite.studio.join(room, 'mentor');
		const product = host.join.stage.products[0]!;
		const order = { productId: product.id, variantId: product.variants[0]!.id, quantity: 1 };
		await buyer.client.fails('stage:order', order, 'invalid_state'); // not live yet
		await host.client.fails('stage:order', order, 'forbidden');
		await mentor.client.fails('stage:order', order, 'forbidden');
		await publish(host);
		await host.client.ok('live:start', {});
		await buyer.client.fails('stage:order', { ...order, quantity: 0 }, 'bad_request');
		await buyer.client.fails('stage:order', { ...order, quantity: 11 }, 'bad_request');
		await buyer.client.fails('stage:order', { ...order, variantId: 'v_nope' }, 'not_found');
		const { order: placed } = await buyer.client.ok('stage:order', order);
		expect(placed).toMatchObject({ buyerName: 'Rina', productName: product.name, unitPrice: product.price, simulated: false, flashSale: false });
	});
});

describe('flash sale', () => {
	it('counts down, then sells at the sale price within the per-buyer limit', { timeout: 30_000 }, async () => {
		const product = await suite.studio.createProduct({
			name: 'Gamis Flash',
			description: '',
			price: 200_000,
			category: 'Gamis',
			material: 'Ceruti',
			variants: [{ size: 'L', color: null, stock: 100 }],
		});
		const { room, host } = await liveRoom([product.id]);
		const buyer = await suite.studio.join(room, 'buyer', 'Rina');
		const variantId = host.join.stage.products[0]!.variants[0]!.id;
		const order = { productId: product.id, variantId, quantity: 1 };

		await host.client.fails('stage:startFlashSale', { productId: product.id, salePrice: 250_000, countdownSeconds: 10, durationSeconds: 30, perBuyerLimit: 2 }, 'bad_request');
		await host.client.fails('stage:startFlashSale', { productId: product.id, salePrice: 99_000, countdownSeconds: 5, durationSeconds: 30, perBuyerLimit: 2 }, 'bad_request');
		await host.client.fails('stage:startFlashSale', { productId: product.id, salePrice: 99_000, countdownSeconds: 10, durationSeconds: 30, perBuyerLimit: 0 }, 'bad_request');
		await buyer.client.fails('stage:startFlashSale', { productId: product.id, salePrice: 99_000, countdownSeconds: 10, durationSeconds: 30, perBuyerLimit: 2 }, 'forbidden');

		await host.client.ok('stage:startFlashSale', { productId: product.id, salePrice: 99_000, countdownSeconds: 10, durationSeconds: 30, perBuyerLimit: 2 });
		const state = await buyer.client.waitFor('stage:state', (s) => s.flashSale !== null);
		const sale = state.flashSale!;
		expect(sale.salePrice).toBe(99_000);
		expect(sale.startsAt - Date.now()).toBeGreaterThan(8_000);
		expect(sale.endsAt - sale.startsAt).toBe(30_000);
		const second = await host.client.request('stage:startFlashSale', { productId: product.id, salePrice: 99_000, countdownSeconds: 10, durationSeconds: 30, perBuyerLimit: 2 });
		expect(second.ok ? null : second.error).toMatchObject({ code: 'invalid_state', kind: 'flash_sale_running' });

		// During the countdown: the normal price.
		expect((await buyer.client.ok('stage:order', order)).order).toMatchObject({ unitPrice: 200_000, flashSale: false });
		await sleep(Math.max(0, sale.startsAt - Date.now()) + 100);
		expect((await buyer.client.ok('stage:order', { ...order, quantity: 2 })).order).toMatchObject({ unitPrice: 99_000, flashSale: true });
		const overLimit = await buyer.client.request('stage:order', order);
		expect(overLimit.ok ? null : overLimit.error).toMatchObject({ code: 'invalid_state', kind: 'flash_sale_limit', params: { limit: 2 } });
		// Another buyer has their own limit.
		const other = await suite.studio.join(room, 'buyer', 'Dewi');
		expect((await other.client.ok('stage:order', order)).order.unitPrice).toBe(99_000);

		await host.client.ok('stage:endFlashSale', {});
		await buyer.client.waitFor('stage:state', (s) => s.flashSale === null);
		expect((await buyer.client.ok('stage:order', order)).order.unitPrice).toBe(200_000);
	});
});

describe('comments and likes', () => {
	it('fan out to everyone, cleaned, and the host can mark them answered and pin them', async () => {
		const { room, host } = await liveRoom();
		const buyer = await suite.studio.join(room, 'buyer', 'Sari');
		const mentor = await suite.studio.join(room, 'mentor', 'Pak Mentor');
		const { comment } = await buyer.client.ok('stage:comment', { text: '  kak   size L\u0000 ready? <b>x</b> ' });
		expect(comment).toMatchObject({ name: 'Sari', source: 'buyer', text: 'kak size L ready? <b>x</b>', isQuestion: true, answered: false });
		for (const c of [host, mentor]) {
			await c.client.waitFor('stage:comments', (batch) => batch.some((x: StageComment) => x.id === comment.id));
		}
		await buyer.client.fails('stage:markAnswered', { commentId: comment.id }, 'forbidden');
		await host.client.ok('stage:markAnswered', { commentId: comment.id });
		await buyer.client.waitFor('stage:answered', (a) => a.commentId === comment.id);
		await host.client.fails('stage:markAnswered', { commentId: 'c-nope' }, 'not_found');
		await host.client.ok('stage:pinComment', { commentId: comment.id });
		await mentor.client.waitFor('stage:state', (s: StageState) => s.pinnedComment?.id === comment.id);
		await host.client.ok('stage:pinComment', { commentId: null });
		await mentor.client.waitFor('stage:state', (s: StageState) => s.pinnedComment === null);
	});

	it('are length-limited, validated and rate-limited per person', async () => {
		const { room } = await liveRoom();
		const buyer = await suite.studio.join(room, 'buyer', 'Sari');
		const other = await suite.studio.join(room, 'buyer', 'Dewi');
		await buyer.client.fails('stage:comment', { text: '   ' }, 'bad_request');
		await buyer.client.fails('stage:comment', { text: 'x'.repeat(151) }, 'bad_request');
		await buyer.client.fails('stage:comment', { text: 'hi', extra: 1 } as never, 'bad_request');
		const acks = [];
		for (let i = 0; i < 6; i++) acks.push(await buyer.client.request('stage:comment', { text: `halo ${i}` }));
		const codes = acks.map((a) => (a.ok ? 'ok' : a.error.code));
		expect(codes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
		expect(codes).toContain('rate_limited');
		// Someone else is not slowed down by Sari.
		await other.client.ok('stage:comment', { text: 'aku juga' });
		// Likes: buyers and mentors, bounded.
		expect((await other.client.ok('stage:like', { count: 3 })).likes).toBeGreaterThanOrEqual(3);
		await other.client.fails('stage:like', { count: 50 }, 'bad_request');
	});

	it('keep a person’s limit across reconnects: coming back does not grant a fresh burst', async () => {
		const { room } = await liveRoom();
		const first = await suite.studio.join(room, 'buyer', 'Rudi');
		for (let i = 0; i < 3; i++) await first.client.ok('stage:comment', { text: `murah kak ${i}` });
		const refused = await first.client.request('stage:comment', { text: 'lagi' });
		expect(refused.ok ? null : refused.error).toMatchObject({ code: 'rate_limited', kind: 'comment_rate_limited' });
		first.client.close();
		// Back with the person id the first join handed out (as the page keeps it).
		const again = await suite.studio.join(room, 'buyer', 'Rudi', { person: first.join.person });
		const afterReconnect = await again.client.request('stage:comment', { text: 'masih bisa?' });
		expect(afterReconnect.ok ? null : afterReconnect.error.kind).toBe('comment_rate_limited');
		// The same link on another device (no person id yet) is another person, even under the same name.
		await (await suite.studio.join(room, 'buyer', 'Rudi')).client.ok('stage:comment', { text: 'aku boleh' });
	});
});

describe('the simulated crowd', () => {
	it('talks once live, asks about a pinned product, and follows the difficulty knob', { timeout: 30_000 }, async () => {
		const { room, host } = await liveRoom(undefined, 120);
		const mentor = await suite.studio.join(room, 'mentor', 'Pak Mentor');
		const product = host.join.stage.products[0]!;
		await host.client.ok('stage:pin', { productId: product.id });
		const about = await mentor.client.waitFor(
			'stage:comments',
			(batch) => batch.some((c: StageComment) => c.source === 'crowd' && c.isQuestion),
			15_000,
		);
		expect(about.length).toBeGreaterThan(0);
		await mentor.client.waitFor('stage:counters', (c) => c.viewers > 0, 10_000);

		const { crowd } = await mentor.client.ok('stage:setCrowd', { difficulty: 'sulit' });
		expect(crowd.difficulty).toBe('sulit');
		expect(crowd.commentsPerMinute).toBe(CROWD_PRESETS.sulit.commentsPerMinute);
		const mixed = await mentor.client.ok('stage:setCrowd', { personaMix: { troll: 10, loyal: 0 }, commentsPerMinute: 60 });
		expect(mixed.crowd).toMatchObject({ difficulty: 'sulit', commentsPerMinute: 60, personaMix: { troll: 10, loyal: 0 } });
		await host.client.waitFor('stage:state', (s: StageState) => s.crowd.personaMix.troll === 10);
		await mentor.client.fails('stage:setCrowd', { personaMix: { wizard: 3 } } as never, 'bad_request');
		const buyer = await suite.studio.join(room, 'buyer');
		await buyer.client.fails('stage:setCrowd', { difficulty: 'santai' }, 'forbidden');
		await mentor.client.fails('stage:setCrowd', { commentsPerMinute: -1 }, 'bad_request');
	});
});
