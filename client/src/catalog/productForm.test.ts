import { describe, expect, test } from 'vitest';
import {
	draftFromProduct,
	emptyDraft,
	parsePrice,
	quickAddVariants,
	splitColors,
	validateDraft,
	variantSummary,
	type ProductDraft,
	type VariantDraft,
} from './productForm.ts';

const row = (size: string, color: string, stock = ''): VariantDraft => ({ key: `${size}|${color}`, size, color, stock });
const draft = (patch: Partial<ProductDraft>): ProductDraft => ({ ...emptyDraft(), name: 'Gamis', price: '189000', ...patch });

describe('parsePrice', () => {
	test.each([
		['189000', 189_000],
		['189.000', 189_000],
		['Rp 189.000', 189_000],
		['rp189.000,-', 189_000],
		['1.250.000', 1_250_000],
		['189rb', 189_000],
		['189 k', 189_000],
		['1,5jt', 1_500_000],
		['2 juta', 2_000_000],
	])('%s is %i rupiah', (text, value) => expect(parsePrice(text)).toBe(value));

	test.each(['18.90', '189,5', 'abc', '-100', '1.2.3'])('%s is invalid', (text) => expect(parsePrice(text)).toBe('invalid'));
	test('empty', () => expect(parsePrice('  ')).toBe('empty'));
});

describe('validateDraft', () => {
	test('a valid draft becomes the trimmed ProductInput, empty size/colour as null, empty stock as 0', () => {
		const result = validateDraft(
			draft({ name: '  Gamis Aisyah ', price: '189.000', variants: [row('L', ' Hitam ', '5'), row('XL', '', '')] }),
		);
		expect(result).toEqual({
			ok: true,
			input: {
				name: 'Gamis Aisyah',
				description: '',
				price: 189_000,
				category: '',
				material: '',
				variants: [
					{ size: 'L', color: 'Hitam', stock: 5 },
					{ size: 'XL', color: null, stock: 0 },
				],
			},
		});
	});

	test('one variant without options is a product without options', () => {
		expect(validateDraft(draft({ variants: [row('', '', '12')] })).ok).toBe(true);
	});

	test('each field gets its own message', () => {
		const result = validateDraft(
			draft({
				name: ' ',
				price: '50',
				material: 'x'.repeat(61),
				variants: [row('L', 'Hitam', '1.5'), row('l', 'hitam'), row('', ''), row('M'.repeat(21), '')],
			}),
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.fields.name?.key).toBe('catErrNameRequired');
		expect(result.errors.fields.price).toEqual({ key: 'catErrPriceTooLow', vars: { min: 'Rp100' } });
		expect(result.errors.fields.material).toEqual({ key: 'catErrMaterialTooLong', vars: { max: 60 } });
		expect(result.errors.variants[0]?.stock?.key).toBe('catErrStockInvalid');
		expect(result.errors.variants[1]?.size).toEqual({ key: 'catErrVariantDuplicate', vars: { row: 1 } });
		expect(result.errors.variants[2]?.size?.key).toBe('catErrVariantEmpty');
		expect(result.errors.variants[3]?.size).toEqual({ key: 'catErrSizeTooLong', vars: { max: 20 } });
	});

	test('price: required, not a number, too high; variants: at least one', () => {
		const check = (patch: Partial<ProductDraft>) => {
			const r = validateDraft(draft(patch));
			return r.ok ? null : r.errors.fields;
		};
		expect(check({ price: '' })?.price?.key).toBe('catErrPriceRequired');
		expect(check({ price: 'murah' })?.price?.key).toBe('catErrPriceInvalid');
		expect(check({ price: '200jt' })?.price?.key).toBe('catErrPriceTooHigh');
		expect(check({ variants: [] })?.variants?.key).toBe('catErrVariantsNone');
	});

	test('a product round-trips through the draft', () => {
		const product = {
			id: 'p1',
			name: 'Hijab',
			description: 'Voal',
			price: 45_000,
			category: 'Hijab',
			material: 'Voal',
			imageUrl: null,
			thumbnailUrl: null,
			variants: [{ id: 'v1', size: null, color: 'Mocca', stock: 40 }],
		};
		const result = validateDraft(draftFromProduct(product));
		expect(result.ok && result.input.variants).toEqual([{ size: null, color: 'Mocca', stock: 40 }]);
	});
});

describe('quickAddVariants', () => {
	test('sizes × colours, skipping existing pairs and replacing the blank row', () => {
		const out = quickAddVariants([row('', ''), row('M', 'Hitam', '3')], ['S', 'M'], ['Hitam', 'Navy'], '10');
		expect(out?.added).toBe(3);
		expect(out?.variants.map((v) => [v.size, v.color, v.stock])).toEqual([
			['M', 'Hitam', '3'],
			['S', 'Hitam', '10'],
			['S', 'Navy', '10'],
			['M', 'Navy', '10'],
		]);
	});

	test('sizes only, and the 30-variant limit', () => {
		expect(quickAddVariants([], ['S', 'M', 'L', 'XL'], [], '')?.variants.map((v) => v.size)).toEqual(['S', 'M', 'L', 'XL']);
		const many = Array.from({ length: 28 }, (_, i) => row(String(i), ''));
		expect(quickAddVariants(many, ['S', 'M', 'L'], [], '')).toBeNull();
	});

	test('splitColors', () => {
		expect(splitColors('hitam,  dusty pink; Hitam,,')).toEqual(['Hitam', 'Dusty pink']);
	});
});

test('variantSummary lists colours then sizes, shortening long lists', () => {
	const variants = ['M', 'L', 'XL'].flatMap((size) => ['Maroon', 'Sage'].map((color) => ({ size, color })));
	expect(variantSummary(variants)).toBe('Maroon, Sage · M, L, XL');
	expect(variantSummary(['A', 'B', 'C', 'D', 'E'].map((c) => ({ size: null, color: c })))).toBe('A, B, C, D +1');
	expect(variantSummary([{ size: null, color: null }])).toBe('');
});
