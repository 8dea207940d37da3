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
