/*
 * Limits follow a person, not a name or a connection: the server hands
 * every device a signed person id on its first join, and comments, likes and
 * the flash sale's per-buyer limit are counted per person id. New ids are
 * handed out sparingly per address, so throwing the id away does not buy a
 * fresh allowance again and again.
 */
import { describe, expect, it } from 'vitest';
import { fromAddress, publish, studioSuite, type Joined, type TestRoom } from './harness.ts';

const suite = studioSuite();

/** A room whose host is live with a quiet crowd. */
async function liveRoom(productIds?: string[]): Promise<{ room: TestRoom; host: Joined }> {
	const room = await suite.studio.createRoom('Orang yang sama', productIds);
	const host = await suite.studio.join(room, 'host', 'Bu Rina');
	await publish(host);
	await host.client.ok('stage:setCrowd', { commentsPerMinute: 0 });
	await host.client.ok('live:start', {});
	return { room, host };
}

describe('a person id', () => {
	it('is handed out on the first join and kept when it is sent back; a forged one is replaced', async () => {
		const room = await suite.studio.createRoom('Kenal');
		const first = await suite.studio.join(room, 'buyer', 'Sari');
		expect(first.join.person).toMatch(/^[\w-]+\.[\w-]+$/);
		const again = await suite.studio.join(room, 'buyer', 'Sari', { person: first.join.person });
		expect(again.join.person).toBe(first.join.person);
		const [id, mac] = first.join.person.split('.');
		for (const forged of [`${id}.${mac!.slice(1)}x`, `x${id!.slice(1)}.${mac}`, 'garbage', `${id}`]) {
			const other = await suite.studio.join(room, 'buyer', 'Sari', { person: forged });
			expect(other.join.person).not.toBe(first.join.person);
			expect(other.join.person).not.toBe(forged);
		}
	});

	it('keeps its comment limit and its flash-sale limit under a new name', async () => {
		const product = await suite.studio.createProduct({
			name: 'Gamis Terbatas',
			description: '',
			price: 200_000,
			category: 'Gamis',
			material: 'Ceruti',
			variants: [{ size: 'L', color: null, stock: 100 }],
		});
		const { room, host } = await liveRoom([product.id]);
		const first = await suite.studio.join(room, 'buyer', 'Rudi');
		const person = first.join.person;
		for (let i = 0; i < 3; i++) await first.client.ok('stage:comment', { text: `murah kak ${i}` });
		expect(await first.client.request('stage:comment', { text: 'lagi' })).toMatchObject({ ok: false, error: { kind: 'comment_rate_limited' } });
		first.client.close();

		const renamed = await suite.studio.join(room, 'buyer', 'Budi Baru', { person });
		expect(renamed.join.person).toBe(person);
		expect(await renamed.client.request('stage:comment', { text: 'masih bisa?' })).toMatchObject({ ok: false, error: { kind: 'comment_rate_limited' } });

		// A flash sale open now (the countdown is the protocol's business, not this test's), one per buyer.
		await suite.studio.room(room.code).live.startFlashSale({ productId: product.id, salePrice: 99_000, countdownSeconds: 0, durationSeconds: 60, perBuyerLimit: 1 });
		await renamed.client.waitFor('stage:state', (s) => s.flashSale !== null);
		const order = { productId: product.id, variantId: host.join.stage.products[0]!.variants[0]!.id, quantity: 1 };
		expect((await renamed.client.ok('stage:order', order)).order).toMatchObject({ flashSale: true, buyerName: 'Budi Baru' });
		renamed.client.close();
		const thirdName = await suite.studio.join(room, 'buyer', 'Orang Lain', { person });
		expect(await thirdName.client.request('stage:order', order)).toMatchObject({ ok: false, error: { kind: 'flash_sale_limit' } });

		// Someone else (another device: no person id yet) is another person, with limits of their own.
		const stranger = await suite.studio.join(room, 'buyer', 'Rudi');
		expect(stranger.join.person).not.toBe(person);
		await stranger.client.ok('stage:comment', { text: 'aku boleh' });
		expect((await stranger.client.ok('stage:order', order)).order.flashSale).toBe(true);
	});

	it('bounds likes by one person’s rate however many connections and names it uses', async () => {
		const { room } = await liveRoom();
		const person = (await suite.studio.join(room, 'buyer', 'Fan 0')).join.person;
		const fans = await Promise.all(Array.from({ length: 50 }, (_, i) => suite.studio.join(room, 'buyer', `Fan ${i}`, { person, from: `10.30.0.${i}` })));
		const started = Date.now();
		const acks = await Promise.all(fans.flatMap((fan) => Array.from({ length: 5 }, () => fan.client.request('stage:like', { count: 20 }))));
		const seconds = (Date.now() - started) / 1000;
		const likes = 20 * acks.filter((a) => a.ok).length;
		console.log(`[measure] 250 requests of 20 likes from 50 connections of one person in ${seconds.toFixed(2)} s: ${likes} likes counted`);
		// One person: a burst of 30 taps, then 10 a second, however they are batched.
		expect(likes).toBeLessThanOrEqual(30 + Math.ceil(10 * seconds));
		expect(acks.filter((a) => !a.ok).every((a) => !a.ok && a.error.kind === 'like_rate_limited')).toBe(true);
	});
});

describe('new person ids', () => {
	it('are handed out to one address at a bounded rate: dropping the id again and again runs out', async () => {
		const room = await suite.studio.createRoom('Ganti-ganti');
		const from = '198.18.0.7';
		const minted = new Set<string>();
		let refused: { kind?: string; code?: string } | undefined;
		for (let i = 0; i < 60 && !refused; i++) {
			const client = suite.studio.socket({ token: room.tokens.buyer, name: `Anon ${i}` }, fromAddress(from));
			const outcome = await new Promise<'connected' | Error>((resolve) => {
				client.socket.once('connect', () => resolve('connected'));
				client.socket.once('connect_error', (error) => resolve(error));
			});
			if (outcome === 'connected') {
				minted.add((await client.ok('room:join', {})).person);
				client.close();
			} else {
				refused = (outcome as Error & { data?: { kind: string; code: string } }).data;
			}
		}
		console.log(`[measure] new person ids one address got in a row: ${minted.size}`);
		expect(refused).toMatchObject({ code: 'rate_limited', kind: 'person_rate_limited' });
		expect(minted.size).toBeGreaterThanOrEqual(40);
		expect(minted.size).toBeLessThanOrEqual(41);

		// A known person from that address still gets in, and another address gets new ids.
		const known = await suite.studio.join(room, 'buyer', 'Kembali', { person: [...minted][0]!, from });
		expect(known.join.person).toBe([...minted][0]);
		const elsewhere = await suite.studio.join(room, 'buyer', 'Tetangga', { from: '198.18.0.8' });
		expect(minted.has(elsewhere.join.person)).toBe(false);
	});
});
