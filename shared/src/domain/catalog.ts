import { z } from 'zod';

/** One sellable variant of a product (a size and/or a colour) with its own stock. */
export interface Variant {
	id: string;
	size: string | null;
	color: string | null;
	stock: number;
}

/** A product as the stage shows it: price in whole rupiah. */
export interface Product {
	id: string;
	name: string;
	description: string;
	/** Normal price in rupiah (integer). */
	price: number;
	category: string;
	/** Material, the thing buyers ask "spill bahannya" about. */
	material: string;
	variants: Variant[];
	/** Root-relative URL of the product image (display size), or null. */
	imageUrl: string | null;
	/** The same picture for small tiles and lists (thumbnailUrlOf(imageUrl)). */
	thumbnailUrl: string | null;
}

/**
 * Where the thumbnail of a product image is: an upload (/uploads/<name>.webp)
 * has one stored beside it as <name>-thumb.webp; any other image (a demo
 * SVG) serves as its own.
 */
export function thumbnailUrlOf(imageUrl: string | null): string | null {
	const upload = imageUrl && /^(\/uploads\/[\w-]+)\.webp$/.exec(imageUrl);
	return upload ? `${upload[1]}-thumb.webp` : imageUrl;
}

export const PRODUCT_NAME_MAX = 80;
export const PRODUCT_DESCRIPTION_MAX = 1000;
export const MAX_VARIANTS = 30;
export const MAX_ROOM_PRODUCTS = 100;
export const MAX_PRICE = 100_000_000;

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

/** "Hitam / L", "L", "Hitam", or "" for a product without options. */
export function variantLabel(v: Pick<Variant, 'size' | 'color'>): string {
	return [v.color, v.size].filter((x): x is string => Boolean(x)).join(' / ');
}

export function totalStock(product: Pick<Product, 'variants'>): number {
	return product.variants.reduce((sum, v) => sum + v.stock, 0);
}

/** Rupiah the way sellers write it: "Rp150.000". */
export function formatRupiah(amount: number): string {
	const digits = Math.round(amount)
		.toString()
		.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
	return `Rp${digits}`;
}
