import { expect, test } from 'vitest';
import { closeAll, createRoom, expectDecoding, joinAs, e2eSuite } from './harness.ts';

const suite = e2eSuite();

test('the host pins a product and a buyer buys it while simulated comments flow', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Live gamis lebaran');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Sari', { viewport: { width: 390, height: 844 } });
	try {
		await expect.poll(() => host.getByTestId('go-live').isEnabled(), { timeout: 15_000 }).toBe(true);
		// A busy crowd so that comments flow within seconds.
		await host.getByTestId('difficulty-ramai').click();
		await host.getByTestId('go-live').click();
		await expectDecoding(buyer);

		// Simulated buyers talk on both pages.
		const crowdComments = (page: typeof host) => page.locator('[data-testid="comment-feed"] .source-crowd').count();
		await expect.poll(() => crowdComments(buyer), { timeout: 20_000 }).toBeGreaterThan(0);
		await expect.poll(() => crowdComments(host), { timeout: 5_000 }).toBeGreaterThan(0);

		// The host pins the second product from the bag.
		await host.getByTestId('open-bag').click();
		const item = host.getByTestId('bag-item').nth(1);
		const productName = (await item.locator('.bag-name').textContent())!;
		const pinnedAt = Date.now();
		await item.getByTestId('pin-product').click();
		const card = buyer.getByTestId('pinned-product');
		await expect.poll(() => card.textContent(), { timeout: 5_000 }).toContain(productName);
		console.log(`[measure] host pin click -> pinned card on the buyer page: ${Date.now() - pinnedAt} ms`);
		await expect.poll(() => host.getByTestId('pinned-product').textContent()).toContain(productName);

		// The buyer taps the card, picks a variant and buys.
		await card.click();
		await buyer.getByTestId('variant-option').first().click();
		await buyer.getByTestId('buy-confirm').click();
		await expect.poll(() => buyer.getByTestId('toast').textContent(), { timeout: 5_000 }).toContain(productName);
		await expect
			.poll(() => host.getByTestId('activity-item').filter({ hasText: 'Sari membeli' }).first().textContent(), { timeout: 5_000 })
			.toContain(productName);

		// A human comment reaches the host, who marks it answered; everyone sees it answered.
		await buyer.getByTestId('comment-input').fill('kak bahannya adem gak?');
		await buyer.getByTestId('comment-send').click();
		const hostComment = host.getByTestId('comment').filter({ hasText: 'kak bahannya adem gak?' });
		await expect.poll(() => hostComment.count(), { timeout: 5_000 }).toBe(1);
		await hostComment.click();
		await host.getByTestId('mark-answered').click();
		await expect
			.poll(() => buyer.getByTestId('comment').filter({ hasText: 'kak bahannya adem gak?' }).textContent(), { timeout: 5_000 })
			.toContain('Dijawab');

		// Likes count up.
		const likes = async () => Number((await buyer.getByTestId('stage-likes').textContent())!.replace(/\D/g, ''));
		const before = await likes();
		await buyer.getByTestId('like').click();
		await expect.poll(likes, { timeout: 5_000 }).toBeGreaterThan(before);

		// A flash sale shows its countdown on the buyer's page.
		await host.getByTestId('flash-start').click();
		await expect.poll(() => buyer.getByTestId('flash-sale').textContent(), { timeout: 5_000 }).toContain('Flash sale mulai');
	} finally {
		await closeAll([host, buyer]);
	}
});
