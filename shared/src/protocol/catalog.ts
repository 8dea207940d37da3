import { z } from 'zod';
import { MAX_PRICE, MAX_VARIANTS, PRODUCT_DESCRIPTION_MAX, PRODUCT_NAME_MAX } from '../domain/catalog.ts';

/*
 * A product as the catalog API takes it. Apart from domain/catalog.ts (the
 * types, limits and helpers the stage uses), so that a page that only shows
 * products does not build these schemas (nor load zod for them).
 */

export const variantInputSchema = z.strictObject({
	size: z.string().trim().min(1).max(20).nullable(),
	color: z.string().trim().min(1).max(30).nullable(),
	stock: z.int().min(0).max(100_000),
});

export const productInputSchema = z.strictObject({
	name: z.string().trim().min(1).max(PRODUCT_NAME_MAX),
	description: z.string().trim().max(PRODUCT_DESCRIPTION_MAX).default(''),
	price: z.int().min(100).max(MAX_PRICE),
	category: z.string().trim().max(40).default(''),
	material: z.string().trim().max(60).default(''),
	variants: z
		.array(variantInputSchema)
		.min(1)
		.max(MAX_VARIANTS)
		.superRefine((variants, ctx) => {
			const seen = new Set<string>();
			variants.forEach((v, i) => {
				const key = `${v.size?.toLowerCase() ?? ''}|${v.color?.toLowerCase() ?? ''}`;
				if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: 'two variants have the same size and colour' });
				seen.add(key);
				if (!v.size && !v.color && variants.length > 1) {
					ctx.addIssue({ code: 'custom', path: [i], message: 'a variant without size or colour must be the only one' });
				}
			});
		}),
});
export type ProductInput = z.infer<typeof productInputSchema>;
/** A product as a client may send it (defaults left out). */
export type ProductBody = z.input<typeof productInputSchema>;
