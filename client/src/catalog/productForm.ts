import {
	formatRupiah,
	MAX_PRICE,
	MAX_VARIANTS,
	productInputSchema,
	type Product,
	type ProductInput,
	type Variant,
} from '@gladi/shared';
import type { StringKey } from '../i18n/strings.ts';

/**
 * The product form's pure logic (no React, no DOM): drafts as the user types
 * them, parsing and validation with productInputSchema into messages the UI
 * translates, the quick-add of sizes × colours, and list summaries.
 */

export interface VariantDraft {
	/** Stable React key for the row (not the server's variant id). */
	key: string;
	size: string;
	color: string;
	/** As typed; empty means 0. */
	stock: string;
}

export interface ProductDraft {
	name: string;
	/** As typed: "189000", "189.000", "Rp189.000", "189rb", "1,5jt". */
	price: string;
	category: string;
	material: string;
	description: string;
	variants: VariantDraft[];
}

/** A message for the UI: a string key plus its variables. */
export interface Message {
	key: StringKey;
	vars?: Record<string, string | number>;
}

export type ProductField = 'name' | 'price' | 'category' | 'material' | 'description' | 'variants';
export type VariantField = 'size' | 'color' | 'stock';

export interface DraftErrors {
	fields: Partial<Record<ProductField, Message>>;
	/** Per variant row index. */
	variants: Record<number, Partial<Record<VariantField, Message>>>;
}

export type DraftResult = { ok: true; input: ProductInput } | { ok: false; errors: DraftErrors };

export const QUICK_SIZES = ['S', 'M', 'L', 'XL'] as const;
export const QUICK_COLORS = ['Hitam', 'Putih', 'Navy', 'Maroon', 'Mocca', 'Sage'] as const;
export const STOCK_MAX = 100_000;

/** 189000 → "189.000" (Indonesian digit grouping, no locale data needed). */
export function groupDigits(n: number): string {
	return formatRupiah(n).replace(/^Rp/, '');
}

let keySeq = 0;
export function newVariantKey(): string {
	keySeq += 1;
	return `v${keySeq}`;
}

export function emptyVariant(): VariantDraft {
	return { key: newVariantKey(), size: '', color: '', stock: '' };
}

export function emptyDraft(): ProductDraft {
	return { name: '', price: '', category: '', material: '', description: '', variants: [emptyVariant()] };
}

export function draftFromProduct(product: Product): ProductDraft {
	return {
		name: product.name,
		price: groupDigits(product.price),
		category: product.category,
		material: product.material,
		description: product.description,
		variants: product.variants.map((v) => ({
			key: newVariantKey(),
			size: v.size ?? '',
			color: v.color ?? '',
			stock: String(v.stock),
		})),
	};
}

/**
 * A price the way sellers type it, in whole rupiah: "189000", "189.000",
 * "Rp 189.000,-", "189rb", "189k", "1,5jt". Dots group thousands (Indonesian
 * style); a decimal part is only accepted before rb/k/jt.
 */
export function parsePrice(text: string): number | 'empty' | 'invalid' {
	const s = text.toLowerCase().replace(/\s+/g, '').replace(/^rp\.?/, '').replace(/(,-|,00)$/, '');
	if (s === '') return 'empty';
	const suffix = /^(\d+(?:[.,]\d+)?)(rb|ribu|k|jt|juta)$/.exec(s);
	if (suffix?.[1] && suffix[2]) {
		const n = Number(suffix[1].replace(',', '.'));
		const factor = suffix[2] === 'jt' || suffix[2] === 'juta' ? 1_000_000 : 1_000;
		const value = Math.round(n * factor);
		return Number.isSafeInteger(value) ? value : 'invalid';
	}
	if (/^\d+$/.test(s) || /^\d{1,3}(\.\d{3})+$/.test(s)) {
		const value = Number(s.replaceAll('.', ''));
		return Number.isSafeInteger(value) ? value : 'invalid';
	}
	return 'invalid';
}

function parseStock(text: string): number | 'invalid' {
	const s = text.trim();
	if (s === '') return 0;
	// "1.000" is a thousand (Indonesian grouping); "1.5" is not a count.
	if (!/^\d+$/.test(s) && !/^\d{1,3}(\.\d{3})+$/.test(s)) return 'invalid';
	return Number(s.replaceAll('.', ''));
}

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ');
const comboKey = (size: string, color: string) => `${normalize(size).toLowerCase()}|${normalize(color).toLowerCase()}`;

interface ZodLikeIssue {
	code: string;
	path: PropertyKey[];
	maximum?: number | bigint;
	minimum?: number | bigint;
}

function limit(issue: ZodLikeIssue, fallback: number): number {
	const n = issue.code === 'too_big' ? issue.maximum : issue.minimum;
	return typeof n === 'number' || typeof n === 'bigint' ? Number(n) : fallback;
}

/** Turn one schema issue into a field message. */
function issueMessage(issue: ZodLikeIssue, errors: DraftErrors): void {
	const [head, index, sub] = issue.path;
	const set = (field: ProductField, message: Message) => {
		errors.fields[field] ??= message;
	};
	switch (head) {
		case 'name':
			set('name', issue.code === 'too_big' ? { key: 'catErrNameTooLong', vars: { max: limit(issue, 80) } } : { key: 'catErrNameRequired' });
			return;
		case 'price':
			if (issue.code === 'too_small') set('price', { key: 'catErrPriceTooLow', vars: { min: formatRupiah(limit(issue, 100)) } });
			else if (issue.code === 'too_big') set('price', { key: 'catErrPriceTooHigh', vars: { max: formatRupiah(limit(issue, MAX_PRICE)) } });
			else set('price', { key: 'catErrPriceInvalid' });
			return;
		case 'description':
		case 'category':
		case 'material': {
			const key = head === 'description' ? 'catErrDescriptionTooLong' : head === 'category' ? 'catErrCategoryTooLong' : 'catErrMaterialTooLong';
			set(head, { key, vars: { max: limit(issue, 0) } });
			return;
		}
		case 'variants': {
			if (typeof index !== 'number') {
				set(
					'variants',
					issue.code === 'too_big' ? { key: 'catErrVariantsTooMany', vars: { max: limit(issue, MAX_VARIANTS) } } : { key: 'catErrVariantsNone' },
				);
				return;
			}
			const row = (errors.variants[index] ??= {});
			if (sub === 'size') row.size ??= { key: 'catErrSizeTooLong', vars: { max: limit(issue, 20) } };
			else if (sub === 'color') row.color ??= { key: 'catErrColorTooLong', vars: { max: limit(issue, 30) } };
			else row.stock ??= { key: 'catErrStockInvalid', vars: { max: groupDigits(STOCK_MAX) } };
			return;
		}
		default:
			set('name', { key: 'catErrInvalid' });
	}
}

/** Parse and validate the draft exactly as the server will (productInputSchema), plus checks the schema cannot make. */
export function validateDraft(draft: ProductDraft): DraftResult {
	const errors: DraftErrors = { fields: {}, variants: {} };

	const price = parsePrice(draft.price);
	if (price === 'empty') errors.fields.price = { key: 'catErrPriceRequired' };
	else if (price === 'invalid') errors.fields.price = { key: 'catErrPriceInvalid' };

	const seen = new Map<string, number>();
	const variants = draft.variants.map((v, i) => {
		const stock = parseStock(v.stock);
		if (stock === 'invalid') (errors.variants[i] ??= {}).stock = { key: 'catErrStockInvalid', vars: { max: groupDigits(STOCK_MAX) } };
		const size = normalize(v.size);
		const color = normalize(v.color);
		if (!size && !color && draft.variants.length > 1) {
			(errors.variants[i] ??= {}).size = { key: 'catErrVariantEmpty' };
		} else {
			const key = comboKey(size, color);
			if (seen.has(key)) {
				(errors.variants[i] ??= {}).size = { key: 'catErrVariantDuplicate', vars: { row: (seen.get(key) ?? 0) + 1 } };
			} else {
				seen.set(key, i);
			}
		}
		return { size: size || null, color: color || null, stock: stock === 'invalid' ? 0 : stock };
	});

	const candidate = {
		name: draft.name,
		description: draft.description,
		price: typeof price === 'number' ? price : 100,
		category: draft.category,
		material: draft.material,
		variants,
	};
	const parsed = productInputSchema.safeParse(candidate);
	if (!parsed.success) for (const issue of parsed.error.issues) issueMessage(issue, errors);

	const hasErrors = Object.keys(errors.fields).length > 0 || Object.keys(errors.variants).length > 0;
	if (hasErrors || !parsed.success) return { ok: false, errors };
	return { ok: true, input: parsed.data };
}

export function countErrors(errors: DraftErrors): number {
	let n = Object.keys(errors.fields).length;
	for (const row of Object.values(errors.variants)) n += Object.keys(row).length;
	return n;
}

const isBlank = (v: VariantDraft) => !v.size.trim() && !v.color.trim() && !v.stock.trim();

/**
 * Add a variant for every size × colour (either list may be empty), skipping
 * combinations already present and replacing blank rows. Returns null when the
 * result would exceed MAX_VARIANTS.
 */
export function quickAddVariants(
	current: VariantDraft[],
	sizes: readonly string[],
	colors: readonly string[],
	stock: string,
): { variants: VariantDraft[]; added: number } | null {
	const kept = current.filter((v) => !isBlank(v));
	const existing = new Set(kept.map((v) => comboKey(v.size, v.color)));
	const sizeList = sizes.length ? sizes : [''];
	const colorList = colors.length ? colors : [''];
	const added: VariantDraft[] = [];
	for (const color of colorList) {
		for (const size of sizeList) {
			const key = comboKey(size, color);
			if (existing.has(key) || (!size && !color)) continue;
			existing.add(key);
			added.push({ key: newVariantKey(), size: normalize(size), color: normalize(color), stock });
		}
	}
	if (kept.length + added.length > MAX_VARIANTS) return null;
	const variants = [...kept, ...added];
	return { variants: variants.length ? variants : current, added: added.length };
}

/** "Hitam, Putih, Navy" from "hitam,  putih; Navy" (order kept, duplicates dropped). */
export function splitColors(text: string): string[] {
	const out: string[] = [];
	for (const part of text.split(/[,;\n]/)) {
		const c = normalize(part);
		if (c && !out.some((o) => o.toLowerCase() === c.toLowerCase())) out.push(c.charAt(0).toUpperCase() + c.slice(1));
	}
	return out;
}

/** The distinct colours and sizes of a product's variants, in their order. */
export function variantOptions(variants: readonly Pick<Variant, 'size' | 'color'>[]): { colors: string[]; sizes: string[] } {
	const colors: string[] = [];
	const sizes: string[] = [];
	for (const v of variants) {
		if (v.color && !colors.includes(v.color)) colors.push(v.color);
		if (v.size && !sizes.includes(v.size)) sizes.push(v.size);
	}
	return { colors, sizes };
}

/** "Maroon, Sage · M, L, XL", long lists shortened with "+n"; "" when there are no options. */
export function variantSummary(variants: readonly Pick<Variant, 'size' | 'color'>[], max = 4): string {
	const { colors, sizes } = variantOptions(variants);
	const list = (items: string[]) => (items.length > max ? `${items.slice(0, max).join(', ')} +${items.length - max}` : items.join(', '));
	return [list(colors), list(sizes)].filter(Boolean).join(' · ');
}

/** True when the draft differs from what was loaded (ignores row keys). */
export function draftsEqual(a: ProductDraft, b: ProductDraft): boolean {
	const strip = (d: ProductDraft) => JSON.stringify({ ...d, variants: d.variants.map(({ key: _k, ...rest }) => rest) });
	return strip(a) === strip(b);
}
