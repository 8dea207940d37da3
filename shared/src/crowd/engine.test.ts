import { describe, expect, it } from 'vitest';
import { CrowdEngine } from './engine.ts';
import { CROWD_PRESETS, defaultCrowdConfig, normalizeCrowdConfig, resolvePersonaWeights } from './presets.ts';
import {
	between,
	commentsOf,
	config,
	fromLanguage,
	GAMIS,
	intentsOf,
	KAOS,
	run,
	SEEDS,
	stage,
	talkingLive,
	TAS,
} from './testkit.ts';
import { DIFFICULTIES, PERSONA_IDS, type CrowdEvent, type CrowdOutput, type PersonaId } from './types.ts';

const MIN = 60_000;

/** A busy live touching every event type, for determinism checks. */
function busyScript(): CrowdEvent[] {
	return [
		{ type: 'stageChanged', at: 0, stage: stage() },
		...talkingLive(1000),
		{ type: 'pinned', at: 10_000, productId: GAMIS.id },
		{ type: 'answered', at: 25_000, commentId: 'sim-3' },
		{ type: 'humanComment', at: 27_000, commentId: 'h1', name: 'andi_buyer', text: 'kak size L ready?' },
		{ type: 'inject', at: 28_000, kind: 'giftBurst' },
		{ type: 'flashSaleScheduled', at: 30_000, sale: { productId: GAMIS.id, salePrice: 150_000, startsAt: 45_000, endsAt: 75_000, perBuyerLimit: 2 } },
		{ type: 'orderPlaced', at: 50_000, productId: GAMIS.id, buyerName: 'andi_buyer' },
		{ type: 'inject', at: 60_000, kind: 'troll' },
		{ type: 'inject', at: 61_000, kind: 'viewerSpike' },
		{ type: 'unpinned', at: 80_000 },
		{ type: 'hostSpeaking', at: 90_000, speaking: false },
		{ type: 'hostSpeaking', at: 110_000, speaking: true },
		{ type: 'inject', at: 115_000, kind: 'stockQuestion' },
		{ type: 'configChanged', at: 120_000, config: config({ difficulty: 'sulit', commentsPerMinute: 40 }) },
		{ type: 'pinned', at: 130_000, productId: KAOS.id },
		{ type: 'inject', at: 140_000, kind: 'viewerDrop' },
		{ type: 'liveEnded', at: 180_000 },
	];
}

describe('determinism', () => {
	it('gives identical outputs for the same seed and events', () => {
		const a = run({ events: busyScript(), until: 200_000, step: 250 });
		const b = run({ events: busyScript(), until: 200_000, step: 250 });
		expect(a.length).toBeGreaterThan(50);
		expect(b).toEqual(a);
	});

	it('differs for another seed', () => {
		const a = run({ events: busyScript(), until: 200_000 });
		const b = run({ config: config({ seed: 43 }), events: busyScript(), until: 200_000 });
		expect(b).not.toEqual(a);
	});

	it('does not depend on how often advance() is called', () => {
		const once = run({ events: busyScript(), until: 200_000 });
		const quarterSeconds = run({ events: busyScript(), until: 200_000, step: 250 });
		const minutes = run({ events: busyScript(), until: 200_000, step: MIN });
		let x = 12345;
		const irregular = run({
			events: busyScript(),
			until: 200_000,
			step: () => {
				x = (x * 1103515245 + 12345) % 2 ** 31;
				return 1 + (x % 3000);
			},
		});
		expect(quarterSeconds).toEqual(once);
		expect(minutes).toEqual(once);
		expect(irregular).toEqual(once);
	});

	it('returns each output once, in time order, within (previous now, now]', () => {
		const engine = new CrowdEngine(config(), stage());
		for (const e of busyScript().filter((e) => e.at <= 60_000)) engine.handle(e);
		let previous = 60_000;
		const all: CrowdOutput[] = [];
		const first = engine.advance(60_000);
		all.push(...first);
		for (let now = 60_250; now <= 120_000; now += 250) {
			const batch = engine.advance(now);
			for (const o of batch) expect(o.at > previous && o.at <= now).toBe(true);
			all.push(...batch);
			previous = now;
		}
		for (let i = 1; i < all.length; i++) expect((all[i] as CrowdOutput).at).toBeGreaterThanOrEqual((all[i - 1] as CrowdOutput).at);
		const ids = commentsOf(all).map((c) => c.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^sim-\d+$/);
	});
});

describe('live lifecycle', () => {
	it('says nothing before liveStarted or after liveEnded', () => {
		const outputs = run({
			events: [
				{ type: 'hostSpeaking', at: 1000, speaking: true },
				{ type: 'pinned', at: 2000, productId: GAMIS.id },
				{ type: 'inject', at: 3000, kind: 'giftBurst' },
				{ type: 'inject', at: 4000, kind: 'troll' },
				{ type: 'liveStarted', at: 10_000 },
				{ type: 'liveEnded', at: 70_000 },
				{ type: 'inject', at: 71_000, kind: 'viewerSpike' },
				{ type: 'pinned', at: 72_000, productId: KAOS.id },
				{ type: 'orderPlaced', at: 73_000, productId: KAOS.id, buyerName: 'x' },
			],
			until: 300_000,
			step: 250,
		});
		expect(outputs.length).toBeGreaterThan(10);
		for (const o of outputs) expect(o.at > 10_000 && o.at <= 70_000, JSON.stringify(o)).toBe(true);
	});

	it('reports viewers while live only', () => {
		const engine = new CrowdEngine(config(), stage());
		expect(engine.viewers).toBe(0);
		for (const e of talkingLive()) engine.handle(e);
		engine.advance(30_000);
		expect(engine.viewers).toBeGreaterThan(0);
		engine.handle({ type: 'liveEnded', at: 30_000 });
		expect(engine.viewers).toBe(0);
	});

	it('starts small and grows, sending the count at most once a second', () => {
		const outputs = run({ events: talkingLive(), until: 3 * MIN, step: 250 });
		const viewers = outputs.filter((o) => o.type === 'viewers');
		const counts = viewers.map((o) => (o.type === 'viewers' ? o.count : 0));
		const first = counts[0] ?? 0;
		expect(first).toBeLessThan(CROWD_PRESETS.normal.baseViewers / 2);
		// Warms up within a minute and a half (this host ignores every question, so it sags later).
		expect(Math.max(...counts.slice(0, 90))).toBeGreaterThan(first * 2);
		const seconds = viewers.map((o) => Math.floor((o.at - 1) / 1000));
		expect(new Set(seconds).size).toBe(seconds.length);
		for (let i = 1; i < viewers.length; i++) expect(viewers[i]).not.toMatchObject({ count: (viewers[i - 1] as { count: number }).count });
		const likes = outputs.filter((o) => o.type === 'likes');
		expect(likes.length).toBeGreaterThan(20);
		for (const l of likes) expect(l.type === 'likes' && l.count > 0).toBe(true);
	});

	it('keeps names stable per viewer and never leaves a slot unfilled', () => {
		const long = { ...GAMIS, id: 'long', name: 'Gamis Syari Jumbo Premium Busui Friendly Wudhu Friendly Bahan Ceruti Babydoll Adem' };
		const outputs = run({ stage: stage([long, TAS]), events: busyScript().map((e) => (e.type === 'pinned' || e.type === 'flashSaleScheduled' ? retarget(e, long.id) : e)), until: 200_000 });
		const comments = commentsOf(outputs);
		expect(comments.length).toBeGreaterThan(30);
		const personaOf = new Map<string, PersonaId>();
		for (const c of comments) {
			expect(c.text).not.toMatch(/[{}]|undefined|null|NaN/);
			expect(c.text.length).toBeLessThanOrEqual(150);
			expect(personaOf.get(c.name) ?? c.personaId, c.name).toBe(c.personaId);
			personaOf.set(c.name, c.personaId);
		}
	});
});

function retarget(e: CrowdEvent, productId: string): CrowdEvent {
	if (e.type === 'pinned') return { ...e, productId };
	if (e.type === 'flashSaleScheduled') return { ...e, sale: { ...e.sale, productId } };
	return e;
}

/** Baseline comments: everything except reactions to ignored questions (which this host never answers). */
function baseline(outputs: CrowdOutput[]) {
	return commentsOf(outputs).filter((c) => c.kind !== 'repeat' && c.kind !== 'leaving');
}

describe('knobs', () => {
	it.each([
		['normal', 12],
		['santai', 5],
		['ramai', 40],
		['sulit', 25],
	] as const)('honours %s at %i comments per minute over ten minutes, within a quarter', (difficulty, cpm) => {
		for (const seed of SEEDS.slice(0, 4)) {
			const outputs = run({ config: config({ seed, difficulty, commentsPerMinute: cpm }), events: talkingLive(), until: 10 * MIN });
			const count = baseline(outputs).length;
			expect(count, `seed ${seed}`).toBeGreaterThanOrEqual(cpm * 10 * 0.75);
			expect(count, `seed ${seed}`).toBeLessThanOrEqual(cpm * 10 * 1.25);
		}
	});

	it('keeps each simulated minute near the rate', () => {
		const outputs = run({ config: config({ commentsPerMinute: 30 }), events: talkingLive(), until: 10 * MIN });
		const comments = baseline(outputs);
		for (let m = 1; m < 10; m++) {
			const n = between(comments, m * MIN, (m + 1) * MIN).length;
			expect(n, `minute ${m}`).toBeGreaterThanOrEqual(30 * 0.6);
			expect(n, `minute ${m}`).toBeLessThanOrEqual(30 * 1.4);
		}
	});

	it('stays silent at 0 comments per minute', () => {
		const outputs = run({ config: config({ commentsPerMinute: 0 }), events: [...talkingLive(), { type: 'pinned', at: 5000, productId: GAMIS.id }], until: 5 * MIN });
		expect(commentsOf(outputs)).toEqual([]);
		expect(outputs.some((o) => o.type === 'viewers')).toBe(true);
	});

	it('applies configChanged from that moment', () => {
		const outputs = run({
			config: config({ commentsPerMinute: 6 }),
			events: [...talkingLive(), { type: 'configChanged', at: 5 * MIN, config: config({ commentsPerMinute: 36, lang: 'en' }) }],
			until: 10 * MIN,
		});
		const before = baseline(between(outputs, 0, 5 * MIN));
		const after = baseline(between(outputs, 5 * MIN, 10 * MIN));
		expect(after.length).toBeGreaterThan(before.length * 4);
		for (const c of before) expect(fromLanguage(c.text, 'id'), c.text).toBe(true);
		for (const c of after.filter((c) => c.kind !== 'repeat')) expect(fromLanguage(c.text, 'en'), c.text).toBe(true);
	});

	it('honours a persona mix: only trolls', () => {
		const onlyTrolls = Object.fromEntries(PERSONA_IDS.map((p) => [p, p === 'troll' ? 1 : 0]));
		const outputs = run({
			config: config({ personaMix: onlyTrolls, commentsPerMinute: 20 }),
			// The mentor's stock question brings its own asker; everything else follows the mix.
			events: busyScript().filter((e) => e.type !== 'configChanged' && !(e.type === 'inject' && e.kind === 'stockQuestion')),
			until: 200_000,
		});
		const comments = commentsOf(outputs);
		expect(comments.length).toBeGreaterThan(40);
		for (const c of comments) expect(c.personaId).toBe('troll');
		expect(comments.filter((c) => c.kind === 'troll').length).toBe(comments.length);
		expect(intentsOf(outputs)).toEqual([]);
	});

	it('honours a persona mix: only price askers ask about price', () => {
		const mix = Object.fromEntries(PERSONA_IDS.map((p) => [p, p === 'priceAsker' ? 1 : 0]));
		const outputs = run({ config: config({ personaMix: mix, commentsPerMinute: 30 }), events: talkingLive(), until: 5 * MIN });
		const questions = commentsOf(outputs).filter((c) => c.kind === 'question');
		expect(questions.length).toBeGreaterThan(30);
		for (const q of questions) expect(['price', 'wholesale', 'stock']).toContain(q.topic);
		for (const c of commentsOf(outputs)) expect(c.personaId).toBe('priceAsker');
	});

	it('weights personas as the mix says', () => {
		const mix = { ...Object.fromEntries(PERSONA_IDS.map((p) => [p, 0])), haggler: 3, loyal: 1 };
		const outputs = run({ config: config({ personaMix: mix, commentsPerMinute: 40 }), events: talkingLive(), until: 10 * MIN });
		const comments = baseline(outputs);
		const hagglers = comments.filter((c) => c.personaId === 'haggler').length;
		const loyal = comments.filter((c) => c.personaId === 'loyal').length;
		expect(hagglers + loyal).toBe(comments.length);
		expect(hagglers / loyal).toBeGreaterThan(2.2);
		expect(hagglers / loyal).toBeLessThan(4);
	});

	it('lets lurkers buy without ever commenting', () => {
		const mix = Object.fromEntries(PERSONA_IDS.map((p) => [p, p === 'lurker' ? 1 : 0]));
		let intents = 0;
		for (const seed of SEEDS.slice(0, 6)) {
			const outputs = run({
				config: config({ seed, personaMix: mix, difficulty: 'ramai' }),
				events: [...talkingLive(), { type: 'pinned', at: 1000, productId: KAOS.id }],
				until: 10 * MIN,
			});
			expect(commentsOf(outputs)).toEqual([]);
			intents += intentsOf(outputs).length;
		}
		expect(intents).toBeGreaterThan(0);
	});

	it('speaks English when lang is en', () => {
		const outputs = run({ config: config({ lang: 'en' }), events: busyScript().filter((e) => e.type !== 'configChanged'), until: 200_000 });
		const comments = commentsOf(outputs);
		expect(comments.length).toBeGreaterThan(40);
		for (const c of comments) expect(fromLanguage(c.text, 'en'), c.text).toBe(true);
		const gifts = outputs.filter((o) => o.type === 'gift');
		for (const g of gifts) expect(g.type === 'gift' && ['Rose', 'TikTok', 'Heart', 'Finger Heart', 'Ice Cream', 'Doughnut', 'Hat', 'Perfume'].includes(g.gift)).toBe(true);
	});
});

describe('presets', () => {
	it('has a preset per difficulty, stricter as it gets harder', () => {
		const [santai, normal, ramai, sulit] = DIFFICULTIES.map((d) => CROWD_PRESETS[d]);
		expect(santai?.silenceMs).toBeGreaterThan(normal?.silenceMs ?? 0);
		expect(normal?.silenceMs).toBeGreaterThan(sulit?.silenceMs ?? 0);
		expect(santai?.patienceMs[0]).toBeGreaterThan(sulit?.patienceMs[1] ?? 0);
		expect(ramai?.commentsPerMinute).toBeGreaterThan(normal?.commentsPerMinute ?? 0);
		expect(sulit?.personaWeights.troll).toBeGreaterThan(normal?.personaWeights.troll ?? 0);
		expect(sulit?.personaWeights.haggler).toBeGreaterThan(santai?.personaWeights.haggler ?? 0);
		for (const d of DIFFICULTIES) {
			expect(CROWD_PRESETS[d].silenceMs).toBeGreaterThanOrEqual(8000);
			expect(CROWD_PRESETS[d].silenceMs).toBeLessThanOrEqual(12_000);
		}
	});

	it('overrides preset weights with the config mix', () => {
		expect(resolvePersonaWeights({ difficulty: 'sulit', personaMix: { troll: 0, loyal: 7 } })).toMatchObject({ troll: 0, loyal: 7, haggler: 3 });
		expect(defaultCrowdConfig('ramai', 9)).toEqual({ seed: 9, lang: 'id', difficulty: 'ramai', commentsPerMinute: 30, personaMix: {} });
	});

	it('normalizes untrusted configs', () => {
		expect(normalizeCrowdConfig(config({ commentsPerMinute: 10_000 })).commentsPerMinute).toBe(600);
		expect(normalizeCrowdConfig(config({ commentsPerMinute: -5 })).commentsPerMinute).toBe(0);
		expect(normalizeCrowdConfig(config({ commentsPerMinute: Number.NaN, difficulty: 'ramai' })).commentsPerMinute).toBe(30);
		expect(normalizeCrowdConfig({ ...config(), difficulty: 'x' as never, lang: 'fr' as never })).toMatchObject({ difficulty: 'normal', lang: 'id' });
		// The engine runs on whatever it is given.
		const outputs = run({ config: config({ commentsPerMinute: 10_000 }), events: talkingLive(), until: 5000 });
		expect(commentsOf(outputs).length).toBeGreaterThan(20);
	});
});
