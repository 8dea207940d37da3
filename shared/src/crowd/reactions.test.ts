import { describe, expect, it } from 'vitest';
import { CROWD_PRESETS } from './presets.ts';
import { renderTemplate, slotValues } from './render.ts';
import { TEMPLATES_ID } from './templates.id.ts';
import {
	between,
	commentsOf,
	config,
	fromMoment,
	GAMIS,
	intentsOf,
	KAOS,
	run,
	SEEDS,
	stage,
	talkingLive,
	TAS,
	type Comment,
} from './testkit.ts';
import { INJECT_KINDS, PERSONA_IDS, type CrowdEvent, type CrowdOutput, type InjectKind } from './types.ts';

const HOST = 'Bu Rina';
const SILENCE_TEXTS = new Set(
	TEMPLATES_ID.filter((t) => t.moment === 'silence').map((t) => renderTemplate(t, slotValues({ lang: 'id', host: HOST })) as string),
);

function viewersAt(outputs: readonly CrowdOutput[], t: number): number {
	let count = 0;
	for (const o of outputs) if (o.type === 'viewers' && o.at <= t) count = o.count;
	return count;
}

describe('pinned product', () => {
	const PIN_AT = 30_000;

	it('gets a question about that product within 8 s', () => {
		for (const seed of SEEDS) {
			// A slow crowd, so only the pin can explain a question in those 8 seconds.
			const outputs = run({ config: config({ seed, commentsPerMinute: 3 }), events: [...talkingLive(), { type: 'pinned', at: PIN_AT, productId: GAMIS.id }], until: 60_000 });
			const questions = between(commentsOf(outputs), PIN_AT, PIN_AT + 8000).filter((c) => c.kind === 'question' && c.productId === GAMIS.id);
			expect(questions.length, `seed ${seed}`).toBeGreaterThan(0);
		}
	});

	it('makes the chat busier for a while', () => {
		let before = 0;
		let after = 0;
		for (const seed of SEEDS) {
			const outputs = run({ config: config({ seed }), events: [...talkingLive(), { type: 'pinned', at: 60_000, productId: GAMIS.id }], until: 120_000 });
			before += between(commentsOf(outputs), 15_000, 60_000).length;
			after += between(commentsOf(outputs), 60_000, 105_000).length;
		}
		expect(after).toBeGreaterThan(before * 1.3);
	});

	it('asks no size or colour questions about a product without them', () => {
		const mix = Object.fromEntries(PERSONA_IDS.map((p) => [p, p === 'sizeAsker' ? 1 : 0]));
		let questions = 0;
		for (const seed of SEEDS.slice(0, 6)) {
			const outputs = run({ config: config({ seed, personaMix: mix, commentsPerMinute: 20 }), events: [...talkingLive(), { type: 'pinned', at: 1000, productId: TAS.id }], until: 3 * 60_000 });
			for (const c of commentsOf(outputs).filter((c) => c.kind === 'question' && c.productId === TAS.id)) {
				questions++;
				expect(['size', 'color']).not.toContain(c.topic);
			}
		}
		expect(questions).toBeGreaterThan(10);
	});
});

describe('flash sale', () => {
	const sale = { productId: GAMIS.id, salePrice: 150_000, startsAt: 40_000, endsAt: 70_000, perBuyerLimit: 2 };
	const script: CrowdEvent[] = [
		...talkingLive(),
		{ type: 'pinned', at: 5000, productId: GAMIS.id },
		{ type: 'flashSaleScheduled', at: 20_000, sale },
	];
	/** The server confirms every intent half a second later. */
	const confirm = (o: CrowdOutput, schedule: (e: CrowdEvent) => void) => {
		if (o.type === 'orderIntent') schedule({ type: 'orderPlaced', at: o.at + 500, productId: o.productId, buyerName: o.name });
	};

	it('hypes the countdown, then checks out only that product within the per-buyer limit, in the sale window', () => {
		for (const seed of SEEDS) {
			const outputs = run({ config: config({ seed }), stage: stage(), events: script, until: 100_000, step: 250, react: confirm });
			const comments = commentsOf(outputs);
			const hype = between(comments, 20_000, 40_000).filter((c) => fromMoment(c.text, 'hype'));
			expect(hype.length, `seed ${seed}`).toBeGreaterThanOrEqual(2);
			const checkouts = comments.filter((c) => c.kind === 'checkout' && c.at >= 40_000 && c.at < 70_000);
			expect(checkouts.length, `seed ${seed}`).toBeGreaterThan(0);

			const intents = intentsOf(outputs);
			// Nobody pays full price during the countdown.
			expect(between(intents, 20_000, 40_000 - 1).filter((i) => i.productId === GAMIS.id), `seed ${seed}`).toEqual([]);
			const inSale = intents.filter((i) => i.at >= 40_000 && i.at < 70_000);
			expect(inSale.length, `seed ${seed}`).toBeGreaterThanOrEqual(3);
			const perBuyer = new Map<string, number>();
			for (const i of inSale) {
				expect(i.productId).toBe(GAMIS.id);
				expect(i.variantId).not.toBe('gamis-hitam-m'); // out of stock
				perBuyer.set(i.name, (perBuyer.get(i.name) ?? 0) + i.quantity);
			}
			for (const [name, qty] of perBuyer) expect(qty, `${name} seed ${seed}`).toBeLessThanOrEqual(2);
			// The rush comes first and tapers off.
			expect(inSale.filter((i) => i.at < 55_000).length).toBeGreaterThan(inSale.filter((i) => i.at >= 55_000).length);
			// Never more than the crowd's copy of the stock.
			expect(intents.filter((i) => i.productId === GAMIS.id).reduce((s, i) => s + i.quantity, 0)).toBeLessThanOrEqual(24);
		}
	});

	it('sells out: never asks for more than the stock, buys nothing else meanwhile, and says "yah habis"', () => {
		const scarce = { ...KAOS, variants: [{ id: 'kaos-l', size: 'L', color: null, stock: 2 }, { id: 'kaos-xl', size: 'XL', color: null, stock: 1 }] };
		const scarceSale = { ...sale, productId: scarce.id };
		let soldOut = 0;
		for (const seed of SEEDS) {
			const outputs = run({
				config: config({ seed, difficulty: 'ramai' }),
				stage: stage([scarce, GAMIS, TAS]),
				events: [...talkingLive(), { type: 'pinned', at: 5000, productId: scarce.id }, { type: 'flashSaleScheduled', at: 20_000, sale: scarceSale }],
				until: 100_000,
			});
			const inSale = intentsOf(outputs).filter((i) => i.at >= 40_000 && i.at < 70_000);
			expect(inSale.every((i) => i.productId === scarce.id), `seed ${seed}`).toBe(true);
			expect(inSale.reduce((sum, i) => sum + i.quantity, 0), `seed ${seed}`).toBeLessThanOrEqual(3);
			soldOut += commentsOf(outputs).filter((c) => c.at >= 40_000 && fromMoment(c.text, 'soldOut')).length;
		}
		expect(soldOut).toBeGreaterThan(SEEDS.length / 2);
	});

	it('stops when the host ends the sale early', () => {
		for (const seed of SEEDS.slice(0, 6)) {
			const outputs = run({ config: config({ seed }), events: [...script, { type: 'flashSaleEnded', at: 45_000, productId: GAMIS.id }], until: 100_000, step: 250 });
			const late = between(commentsOf(outputs), 45_000, 70_000).filter((c) => c.kind === 'checkout' && fromMoment(c.text, 'checkout'));
			expect(late.filter((c) => c.at > 47_600), `seed ${seed}`).toEqual([]);
		}
	});
});

describe('host silence', () => {
	const script = (silentAt: number, backAt: number): CrowdEvent[] => [
		...talkingLive(),
		{ type: 'hostSpeaking', at: silentAt, speaking: false },
		{ type: 'hostSpeaking', at: backAt, speaking: true },
	];

	it.each(['santai', 'normal', 'sulit'] as const)('notices after the %s threshold, nudges, and viewers leave until the host speaks', (difficulty) => {
		const threshold = CROWD_PRESETS[difficulty].silenceMs;
		for (const seed of SEEDS.slice(0, 6)) {
			const outputs = run({ config: config({ seed, difficulty }), stage: stage(undefined, HOST), events: script(90_000, 140_000), until: 200_000, step: 250 });
			const silence = commentsOf(outputs).filter((c) => SILENCE_TEXTS.has(c.text));
			expect(silence.length, `seed ${seed}`).toBeGreaterThan(0);
			const first = silence[0] as Comment;
			expect(first.at, `seed ${seed}`).toBeGreaterThan(90_000 + threshold);
			expect(first.at, `seed ${seed}`).toBeLessThanOrEqual(90_000 + threshold + 2000);
			expect(silence.filter((c) => c.at > 140_000), `seed ${seed}`).toEqual([]);
			const before = viewersAt(outputs, 90_000);
			expect(viewersAt(outputs, 139_000), `seed ${seed}`).toBeLessThan(before * 0.75);
			// And they come back once the host talks again.
			expect(viewersAt(outputs, 200_000), `seed ${seed}`).toBeGreaterThan(viewersAt(outputs, 140_000));
		}
	});

	it('notices a host who never starts talking', () => {
		const outputs = run({ stage: stage(undefined, HOST), events: [{ type: 'liveStarted', at: 0 }], until: 30_000 });
		expect(commentsOf(outputs).some((c) => SILENCE_TEXTS.has(c.text))).toBe(true);
	});
});

describe('questions', () => {
	it('repeats an ignored question, escalates, gives up and leaves', () => {
		let chains = 0;
		for (const seed of SEEDS.slice(0, 6)) {
			const outputs = run({ config: config({ seed }), events: talkingLive(), until: 5 * 60_000 });
			const comments = commentsOf(outputs);
			const byId = new Map(comments.map((c) => [c.id, c]));
			const repeats = comments.filter((c) => c.kind === 'repeat');
			expect(repeats.length, `seed ${seed}`).toBeGreaterThan(0);
			for (const r of repeats) {
				const q = byId.get(r.repeatOf ?? '') as Comment;
				expect(q.kind).toBe('question');
				expect({ name: r.name, topic: r.topic, productId: r.productId }).toEqual({ name: q.name, topic: q.topic, productId: q.productId });
				expect(r.at - q.at).toBeGreaterThanOrEqual(CROWD_PRESETS.normal.patienceMs[0]);
			}
			for (const q of comments.filter((c) => c.kind === 'question')) {
				const chain = comments.filter((c) => c.repeatOf === q.id);
				expect(chain.filter((c) => c.kind === 'repeat').length).toBeLessThanOrEqual(2);
				if (chain.length < 3) continue;
				const [again, annoyed, gone] = chain as [Comment, Comment, Comment];
				expect(fromMoment(again.text, 'repeat')).toBe(true);
				expect(fromMoment(annoyed.text, 'escalate')).toBe(true);
				expect(gone.kind).toBe('leaving');
				expect(fromMoment(gone.text, 'giveUp')).toBe(true);
				// Gone for good.
				expect(comments.filter((c) => c.name === q.name && c.at > gone.at)).toEqual([]);
				chains++;
			}
		}
		expect(chains).toBeGreaterThan(3);
	});

	it('thanks the host when answered, stops repeating, and buys more than when ignored', () => {
		let answeredIntents = 0;
		let ignoredIntents = 0;
		let thanks = 0;
		for (const seed of SEEDS.slice(0, 8)) {
			const ignored = run({ config: config({ seed }), events: talkingLive(), until: 5 * 60_000, step: 250 });
			ignoredIntents += intentsOf(ignored).length;
			const askers = new Map<string, string>();
			const answered = run({
				config: config({ seed }),
				events: talkingLive(),
				until: 5 * 60_000,
				step: 250,
				react: (o, schedule) => {
					if (o.type === 'comment' && o.kind === 'question') {
						askers.set(o.name, o.id);
						schedule({ type: 'answered', at: o.at + 4000, commentId: o.id });
					}
				},
			});
			const comments = commentsOf(answered);
			expect(comments.filter((c) => c.kind === 'repeat'), `seed ${seed}`).toEqual([]);
			for (const t of comments.filter((c) => c.kind === 'thanks')) {
				expect(askers.has(t.name)).toBe(true);
				thanks++;
			}
			answeredIntents += intentsOf(answered).length;
		}
		expect(thanks).toBeGreaterThan(20);
		expect(answeredIntents).toBeGreaterThan(ignoredIntents * 2);
	});

	it('raises viewers when questions are answered quickly', () => {
		let answered = 0;
		let ignored = 0;
		for (const seed of SEEDS.slice(0, 6)) {
			ignored += viewersAt(run({ config: config({ seed }), events: talkingLive(), until: 4 * 60_000, step: 250 }), 4 * 60_000);
			answered += viewersAt(
				run({
					config: config({ seed }),
					events: talkingLive(),
					until: 4 * 60_000,
					step: 250,
					react: (o, schedule) => {
						if (o.type === 'comment' && o.kind === 'question') schedule({ type: 'answered', at: o.at + 3000, commentId: o.id });
					},
				}),
				4 * 60_000,
			);
		}
		expect(answered).toBeGreaterThan(ignored * 1.1);
	});
});

describe('social proof and the room', () => {
	it('reacts to orders with "wah laris" and more orders', () => {
		const orders: CrowdEvent[] = [20, 26, 32, 38, 44, 50].map((s) => ({ type: 'orderPlaced', at: s * 1000, productId: KAOS.id, buyerName: 'andi_buyer' }));
		let social = 0;
		let withOrders = 0;
		let without = 0;
		for (const seed of SEEDS) {
			const outputs = run({ config: config({ seed }), events: [...talkingLive(), ...orders], until: 70_000 });
			social += commentsOf(outputs).filter((c) => fromMoment(c.text, 'social')).length;
			withOrders += intentsOf(outputs).filter((i) => i.productId === KAOS.id).length;
			without += intentsOf(run({ config: config({ seed }), events: talkingLive(), until: 70_000 })).filter((i) => i.productId === KAOS.id).length;
		}
		expect(social).toBeGreaterThanOrEqual(SEEDS.length);
		expect(withOrders).toBeGreaterThan(without + 5);
	});

	it('sometimes echoes a human comment, and never takes a human name', () => {
		let echoes = 0;
		for (const seed of SEEDS) {
			const humans: CrowdEvent[] = [10, 20, 30, 40].map((s, i) => ({ type: 'humanComment', at: s * 1000, commentId: `h${i}`, name: 'andi_buyer', text: 'kak ready size L?' }));
			const comments = commentsOf(run({ config: config({ seed }), events: [...talkingLive(), ...humans], until: 60_000 }));
			echoes += comments.filter((c) => c.text.includes('andi_buyer') && fromMoment(c.text, 'echo')).length;
			expect(comments.some((c) => c.name === 'andi_buyer')).toBe(false);
		}
		expect(echoes).toBeGreaterThan(3);
	});
});

describe('mentor injects', () => {
	const INJECT_AT = 60_000;
	/** A silent crowd (0 cpm), so whatever is said after the inject is the inject's doing. */
	function inject(kind: InjectKind, seed: number): CrowdOutput[] {
		return run({
			config: config({ seed, commentsPerMinute: 0 }),
			events: [...talkingLive(), { type: 'pinned', at: 1000, productId: GAMIS.id }, { type: 'inject', at: INJECT_AT, kind }],
			until: INJECT_AT + 10_000,
		});
	}
	const after = (outputs: CrowdOutput[], ms = 3000) => between(commentsOf(outputs), INJECT_AT, INJECT_AT + ms);

	it('troll: a troll comment right away', () => {
		for (const seed of SEEDS) expect(after(inject('troll', seed))).toMatchObject([{ kind: 'troll', personaId: 'troll' }]);
	});

	it('priceObjection: "mahal bgt" from a haggler or skeptic', () => {
		for (const seed of SEEDS) {
			const [c, ...rest] = after(inject('priceObjection', seed));
			expect(rest).toEqual([]);
			expect(fromMoment(c?.text ?? '', 'objection')).toBe(true);
			expect(['haggler', 'skeptic']).toContain(c?.personaId);
		}
	});

	it('stockQuestion: a stock or size question about the pinned product', () => {
		for (const seed of SEEDS) {
			const [c] = after(inject('stockQuestion', seed));
			expect(c).toMatchObject({ kind: 'question', productId: GAMIS.id });
			expect(['stock', 'size']).toContain(c?.topic);
		}
	});

	it('askFlashSale: "flash sale dong kak"', () => {
		for (const seed of SEEDS) {
			const [c] = after(inject('askFlashSale', seed));
			expect(fromMoment(c?.text ?? '', 'askFlashSale')).toBe(true);
		}
	});

	it('viewerSpike and viewerDrop: the count jumps within a second', () => {
		for (const seed of SEEDS) {
			const spike = inject('viewerSpike', seed);
			expect(viewersAt(spike, INJECT_AT + 1000)).toBeGreaterThanOrEqual(viewersAt(spike, INJECT_AT) * 1.4);
			const drop = inject('viewerDrop', seed);
			expect(viewersAt(drop, INJECT_AT + 1000)).toBeLessThanOrEqual(viewersAt(drop, INJECT_AT) * 0.75);
		}
	});

	it('giftBurst: several gifts from viewers', () => {
		for (const seed of SEEDS) {
			const gifts = between(inject('giftBurst', seed), INJECT_AT, INJECT_AT + 7000).filter((o) => o.type === 'gift');
			expect(gifts.length).toBeGreaterThanOrEqual(3);
			for (const g of gifts) {
				expect(g.type === 'gift' && ['Mawar', 'TikTok', 'Love', 'Jari Hati', 'Es Krim', 'Donat', 'Topi', 'Parfum'].includes(g.gift)).toBe(true);
				expect(g.type === 'gift' && g.count >= 1 && g.name.length > 0).toBe(true);
			}
		}
	});

	it('does nothing before the live', () => {
		for (const kind of INJECT_KINDS) {
			expect(run({ events: [{ type: 'inject', at: 1000, kind }], until: 20_000 })).toEqual([]);
		}
	});
});
