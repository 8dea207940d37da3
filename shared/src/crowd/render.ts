import type { FlashSaleInfo, QuestionTopic, CrowdLang } from './types.ts';
import type { Product, Variant } from '../domain/catalog.ts';
import { formatRupiah, totalStock, variantLabel } from '../domain/catalog.ts';
import type { CrowdTemplate, TemplateSlot } from './templates.ts';
import { TOPIC_WORDS } from './vocab.ts';
import type { Rng } from './prng.ts';

/** Longest comment the crowd posts (the stage's comment limit). */
export const CROWD_TEXT_MAX = 150;

export type SlotValues = Partial<Record<TemplateSlot, string>>;

/** What a comment can talk about right now. */
export interface FillContext {
	lang: CrowdLang;
	product?: Product;
	/** The variant a size/colour/variant slot refers to (defaults to one of the product's). */
	variant?: Variant;
	/** The product's flash sale, while scheduled or open. */
	sale?: FlashSaleInfo;
	host?: string;
	city?: string;
	name?: string;
	topic?: QuestionTopic;
}

function clean(value: string | null | undefined): string | undefined {
	const v = value?.trim();
	return v ? v : undefined;
}

/** Slot values from the live state; a slot that makes no sense here (no sizes, no sale) stays unset. */
export function slotValues(ctx: FillContext): SlotValues {
	const values: SlotValues = {
		host: clean(ctx.host),
		city: clean(ctx.city),
		name: clean(ctx.name),
		topic: ctx.topic ? TOPIC_WORDS[ctx.lang][ctx.topic] : undefined,
	};
	const product = ctx.product;
	if (!product) return values;
	const variants = product.variants;
	const variant = ctx.variant ?? variants[0];
	values.product = clean(product.name);
	values.price = formatRupiah(product.price);
	values.material = clean(product.material);
	values.size = clean(variant?.size) ?? clean(variants.find((v) => clean(v.size))?.size);
	values.color = clean(variant?.color) ?? clean(variants.find((v) => clean(v.color))?.color);
	values.variant = variant ? clean(variantLabel(variant)) : undefined;
	const stock = totalStock(product);
	if (stock > 0) values.stock = String(stock);
	if (ctx.sale && ctx.sale.productId === product.id) values.salePrice = formatRupiah(ctx.sale.salePrice);
	return values;
}

export function canFill(template: CrowdTemplate, values: SlotValues): boolean {
	return template.slots.every((slot) => Boolean(values[slot]));
}

/** The template's text with its slots filled, or null when a slot is missing or the result is too long. */
export function renderTemplate(template: CrowdTemplate, values: SlotValues): string | null {
	if (!canFill(template, values)) return null;
	const text = template.text.replace(/\{(\w+)\}/g, (_, slot: TemplateSlot) => values[slot] ?? '');
	return text.length <= CROWD_TEXT_MAX ? text : null;
}

export interface TemplateQuery {
	moment: CrowdTemplate['moment'];
	kind?: CrowdTemplate['kind'];
	/** Templates for this topic or for no particular topic. */
	topic?: QuestionTopic;
	persona?: string;
}

function matches(t: CrowdTemplate, q: TemplateQuery): boolean {
	return t.moment === q.moment && (!q.kind || t.kind === q.kind) && (!t.topic || t.topic === q.topic);
}

/**
 * Pick a fillable template for the query: the persona's own lines first,
 * then anyone's; recently used ids are avoided while there is a choice, so
 * the chat does not loop on one line.
 */
export function chooseTemplate(
	rng: Rng,
	templates: readonly CrowdTemplate[],
	query: TemplateQuery,
	values: SlotValues,
	recent: ReadonlySet<string> = new Set(),
): { template: CrowdTemplate; text: string } | null {
	const candidates = (personaOnly: boolean) => {
		const found: { template: CrowdTemplate; text: string }[] = [];
		for (const template of templates) {
			if (!matches(template, query)) continue;
			if (personaOnly && template.personas && !template.personas.some((p) => p === query.persona)) continue;
			const text = renderTemplate(template, values);
			if (text !== null) found.push({ template, text });
		}
		return found;
	};
	let fillable = candidates(true);
	// Nothing for this persona: better someone else's line than silence.
	if (fillable.length === 0) fillable = candidates(false);
	// A topic's own lines are more natural than the generic "{topic}" ones: prefer them.
	const onTopic = query.topic ? fillable.filter((c) => c.template.topic === query.topic) : [];
	const pool = onTopic.length > 0 && rng.chance(0.6) ? onTopic : fillable;
	const fresh = pool.filter((c) => !recent.has(c.template.id));
	return rng.pick(fresh.length > 0 ? fresh : pool) ?? null;
}
