import { defaultCrowdSettings, type Product } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { Stage } from './stage.ts';

function product(id: string, price: number, stock: number[]): Product {
	return {
		id,
		name: `Produk ${id}`,
		description: '',
		price,
		category: 'Gamis',
		material: 'Katun',
		imageUrl: null,
		thumbnailUrl: null,
		variants: stock.map((n, i) => ({ id: `${id}-v${i}`, size: ['M', 'L', 'XL'][i] ?? null, color: null, stock: n })),
	};
}

function makeStage(now = { t: 1_000_000 }) {
	const stage = new Stage([product('a', 100_000, [2, 1]), product('b', 50_000, [10])], defaultCrowdSettings(), () => now.t);
	const events: string[] = [];
	stage.on('state', () => events.push('state'));
	stage.on('order', (o) => events.push(`order:${o.id}`));
	stage.on('comment', (c) => events.push(`comment:${c.id}`));
	return { stage, now, events };
}

const buy = (productId: string, variantId: string, quantity = 1, buyerKey = 'rina') => ({
	buyerKey,
	buyerName: buyerKey,
	productId,
	variantId,
	quantity,
	simulated: false,
});

describe('Stage', () => {
	it('pins one product at a time and refuses products outside the room', () => {
		const { stage, events } = makeStage();
		stage.pin('a');
		stage.pin('b');
		expect(stage.state().pinnedProductId).toBe('b');
		expect(() => stage.pin('zzz')).toThrow(/not in the room/);
		stage.unpin();
		expect(stage.state().pinnedProductId).toBeNull();
		expect(events.filter((e) => e === 'state')).toHaveLength(3);
	});

	it('decrements stock per order and refuses to oversell', () => {
		const { stage } = makeStage();
		stage.order(buy('a', 'a-v0'));
		expect(() => stage.order(buy('a', 'a-v0', 2))).toThrow(/only 1 left/);
		stage.order(buy('a', 'a-v0'));
		expect(() => stage.order(buy('a', 'a-v0'))).toThrow(/sold out/);
		expect(stage.products[0]!.variants[0]!.stock).toBe(0);
		expect(stage.state()).toMatchObject({ orders: 2, gmv: 200_000 });
		expect(() => stage.order(buy('a', 'b-v0'))).toThrow(/no such variant/);
	});

	it('sells at the sale price only inside the flash sale window, within the per-buyer limit', () => {
		const { stage, now } = makeStage();
		expect(() => stage.startFlashSale({ productId: 'b', salePrice: 60_000, countdownSeconds: 10, durationSeconds: 20, perBuyerLimit: 2 })).toThrow(/below/);
		const sale = stage.startFlashSale({ productId: 'b', salePrice: 30_000, countdownSeconds: 10, durationSeconds: 20, perBuyerLimit: 2 });
		expect(sale.startsAt).toBe(now.t + 10_000);
		expect(() => stage.startFlashSale({ productId: 'b', salePrice: 30_000, countdownSeconds: 10, durationSeconds: 20, perBuyerLimit: 2 })).toThrow(/already/);
		expect(stage.order(buy('b', 'b-v0')).unitPrice).toBe(50_000); // countdown
		now.t = sale.startsAt;
		expect(stage.order(buy('b', 'b-v0', 2)).unitPrice).toBe(30_000);
		expect(() => stage.order(buy('b', 'b-v0'))).toThrow(/limit is 2/);
		expect(stage.order(buy('b', 'b-v0', 1, 'dewi')).flashSale).toBe(true);
		// Other products are not on sale.
		expect(stage.order(buy('a', 'a-v1')).unitPrice).toBe(100_000);
		now.t = sale.endsAt;
		expect(stage.order(buy('b', 'b-v0', 1, 'dewi')).unitPrice).toBe(50_000);
		expect(stage.expireFlashSale()).toEqual(sale);
		expect(stage.state().flashSale).toBeNull();
	});

	it('keeps comments, marks questions answered once, pins a comment', () => {
		const { stage } = makeStage();
		const q = stage.addComment({ name: 'Sari', text: 'ready size L kak', source: 'buyer' });
		const c = stage.addComment({ name: 'Dewi', text: 'mantap\u0007   kak', source: 'buyer' });
		expect(q.isQuestion).toBe(true);
		expect(c).toMatchObject({ isQuestion: false, text: 'mantap kak' });
		const answered: string[] = [];
		stage.on('answered', (id) => answered.push(id));
		stage.markAnswered(q.id);
		stage.markAnswered(q.id);
		expect(answered).toEqual([q.id]);
		stage.pinComment(c.id);
		expect(stage.state().pinnedComment?.id).toBe(c.id);
		expect(() => stage.pinComment('nope')).toThrow(/no such comment/);
		expect(() => stage.addComment({ name: 'x', text: ' \u0000 ', source: 'buyer' })).toThrow(/empty/);
	});

	it('starts each live from fresh stock and an empty feed', () => {
		const { stage } = makeStage();
		stage.order(buy('a', 'a-v0'));
		stage.addComment({ name: 'Sari', text: 'halo', source: 'buyer' });
		stage.addLikes(5);
		stage.reset([product('a', 100_000, [2, 1])]);
		expect(stage.state()).toMatchObject({ orders: 0, gmv: 0, likes: 0, pinnedProductId: null });
		expect(stage.products[0]!.variants[0]!.stock).toBe(2);
		expect(stage.recentComments(10)).toEqual([]);
	});

	it('counts people and simulated viewers together', () => {
		const { stage } = makeStage();
		stage.setPeopleWatching(3);
		stage.setCrowdViewers(40);
		expect(stage.viewers).toBe(43);
	});
});
