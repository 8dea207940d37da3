import { describe, expect, it } from 'vitest';
import { Rng } from './prng.ts';
import { canFill, chooseTemplate, renderTemplate, slotValues, type FillContext } from './render.ts';
import { TEMPLATES_EN } from './templates.en.ts';
import { TEMPLATES_ID } from './templates.id.ts';
import { CROWD_TEMPLATES } from './templates.tables.ts';
import { defineTemplates, slotsOf, TEMPLATE_MOMENTS, type CrowdTemplate } from './templates.ts';
import { GAMIS, KAOS, PASHMINA, TAS } from './testkit.ts';
import type { CommentKind, CrowdLang, QuestionTopic } from './types.ts';

const KINDS: CommentKind[] = ['greeting', 'question', 'repeat', 'thanks', 'praise', 'haggle', 'doubt', 'troll', 'checkout', 'chatter', 'leaving'];
const TOPICS: QuestionTopic[] = ['price', 'size', 'stock', 'color', 'material', 'shipping', 'cod', 'wholesale', 'authenticity'];
const LANGS: CrowdLang[] = ['id', 'en'];

const SALE = { productId: GAMIS.id, salePrice: 150_000, startsAt: 10_000, endsAt: 40_000, perBuyerLimit: 2 };

/** A context where every slot has a value. */
function fullContext(lang: CrowdLang): FillContext {
	return { lang, product: GAMIS, variant: GAMIS.variants[1], sale: SALE, host: 'Bu Rina', city: 'Medan', name: 'dewi.hijab88', topic: 'size' };
}

/** Products with and without sizes, colours, material; with and without a sale, host, name. */
function contexts(lang: CrowdLang): FillContext[] {
	return [
		fullContext(lang),
		{ lang, product: KAOS, host: 'Pak Budi', city: 'Makassar', topic: 'price' },
		{ lang, product: PASHMINA, city: 'Jayapura', name: 'rina_olshop', topic: 'color' },
		{ lang, product: TAS, host: 'Rina', city: 'Bandung', topic: 'stock' },
		{ lang, product: TAS, sale: { ...SALE, productId: TAS.id }, city: 'Bandung', topic: 'cod' },
		{ lang, city: 'Surabaya' },
		{ lang, host: '', city: 'Aceh', topic: 'wholesale' },
	];
}

const key = (t: CrowdTemplate) => `${t.moment}/${t.kind}/${t.topic ?? '-'}`;

describe('template tables', () => {
	it('has at least 300 distinct Indonesian templates', () => {
		expect(new Set(TEMPLATES_ID.map((t) => t.text)).size).toBeGreaterThanOrEqual(300);
	});

	it('has no duplicate texts or ids within a language', () => {
		for (const table of [TEMPLATES_ID, TEMPLATES_EN]) {
			expect(new Set(table.map((t) => t.text)).size).toBe(table.length);
			expect(new Set(table.map((t) => t.id)).size).toBe(table.length);
		}
	});

	it.each(LANGS)('covers every comment kind, question topic and moment (%s)', (lang) => {
		const table = CROWD_TEMPLATES[lang];
		for (const kind of KINDS) expect(table.some((t) => t.kind === kind), kind).toBe(true);
		for (const moment of TEMPLATE_MOMENTS) expect(table.some((t) => t.moment === moment), moment).toBe(true);
		for (const topic of TOPICS) {
			expect(table.some((t) => t.kind === 'question' && t.topic === topic), `question ${topic}`).toBe(true);
			expect(table.some((t) => t.kind === 'repeat' && t.topic === topic), `repeat ${topic}`).toBe(true);
		}
	});

	it('gives English every moment/kind/topic the Indonesian set has', () => {
		expect(new Set(TEMPLATES_EN.map(key))).toEqual(new Set(TEMPLATES_ID.map(key)));
	});

	it('gives every question a topic', () => {
		for (const t of [...TEMPLATES_ID, ...TEMPLATES_EN]) if (t.kind === 'question') expect(t.topic, t.id).toBeDefined();
	});

	it('keeps English free of Indonesian address words', () => {
		for (const t of TEMPLATES_EN) expect(t.text, t.id).not.toMatch(/\b(kak|dong|gak|bgt|nya)\b/);
	});

	it('derives slots from the text and rejects unknown ones', () => {
		expect(slotsOf('ongkir ke {city} buat {product} {city}?')).toEqual(['city', 'product']);
		expect(() => defineTemplates('id', [{ moment: 'ambient', kind: 'chatter', texts: ['harga {harga}?'] }])).toThrow(/unknown slot/);
	});
});

describe('rendering', () => {
	it.each(LANGS)('renders every %s template in a full context without leftover braces', (lang) => {
		const values = slotValues(fullContext(lang));
		for (const template of CROWD_TEMPLATES[lang]) {
			const text = renderTemplate(template, values);
			expect(text, template.id).not.toBeNull();
			expect(text, template.id).not.toMatch(/[{}]|undefined|null/);
		}
	});

	it.each(LANGS)('fills a template only when the product has what it needs (%s)', (lang) => {
		for (const ctx of contexts(lang)) {
			const values = slotValues(ctx);
			for (const template of CROWD_TEMPLATES[lang]) {
				const text = renderTemplate(template, values);
				if (!canFill(template, values)) {
					expect(text, template.id).toBeNull();
					continue;
				}
				expect(text, template.id).not.toMatch(/[{}]|undefined|null/);
				expect((text ?? '').trim().length, template.id).toBeGreaterThan(0);
			}
		}
	});

	it('has no size for a product without sizes, no colour without colours, no sale price without a sale', () => {
		const tas = slotValues({ lang: 'id', product: TAS });
		for (const slot of ['size', 'color', 'variant', 'salePrice', 'material'] as const) expect(tas[slot], slot).toBeUndefined();
		expect(slotValues({ lang: 'id', product: KAOS }).color).toBeUndefined();
		expect(slotValues({ lang: 'id', product: PASHMINA }).size).toBeUndefined();
		// A sale on another product does not give this one a sale price.
		expect(slotValues({ lang: 'id', product: KAOS, sale: SALE }).salePrice).toBeUndefined();
		const sized = TEMPLATES_ID.find((t) => t.slots.includes('size')) as CrowdTemplate;
		expect(renderTemplate(sized, slotValues({ lang: 'id', product: TAS }))).toBeNull();
		expect(renderTemplate(sized, slotValues({ lang: 'id', product: KAOS }))).not.toBeNull();
	});

	it('fills slots from the live state', () => {
		const values = slotValues(fullContext('id'));
		expect(values).toMatchObject({
			product: 'Gamis Syari Busui', price: 'Rp185.000', salePrice: 'Rp150.000', size: 'L', color: 'Maroon',
			variant: 'Maroon / L', stock: '24', host: 'Bu Rina', material: 'ceruti babydoll', city: 'Medan', name: 'dewi.hijab88', topic: 'size',
		});
		expect(slotValues({ ...fullContext('en'), topic: 'shipping' }).topic).toBe('shipping');
		expect(slotValues({ ...fullContext('id'), topic: 'shipping' }).topic).toBe('ongkir');
	});

	it('chooses only fillable templates of the asked moment and kind', () => {
		const rng = new Rng(3);
		const values = slotValues({ lang: 'id', product: TAS, city: 'Medan' });
		for (let i = 0; i < 200; i++) {
			const choice = chooseTemplate(rng, TEMPLATES_ID, { moment: 'ambient', kind: 'question', topic: 'stock', persona: 'loyal' }, values);
			expect(choice?.template).toMatchObject({ moment: 'ambient', kind: 'question', topic: 'stock' });
			expect(choice?.text).not.toMatch(/[{}]/);
		}
	});

	it('keeps a persona-only line to its persona', () => {
		const rng = new Rng(5);
		const values = slotValues({ lang: 'id', host: 'Rina', city: 'Medan' });
		for (let i = 0; i < 300; i++) {
			const choice = chooseTemplate(rng, TEMPLATES_ID, { moment: 'ambient', kind: 'greeting', persona: 'troll' }, values);
			expect(choice?.template.personas).toBeUndefined();
		}
	});
});
