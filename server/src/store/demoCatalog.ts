import type { ProductInput } from '@gladi/shared';
import type { CatalogStore } from './store.ts';

/** A demo product: the catalog row plus the look of its generated picture. */
export interface DemoProduct extends ProductInput {
	slug: string;
	/** Main and accent colour of the generated image. */
	colors: [string, string];
	shape: 'gamis' | 'hijab' | 'kemeja' | 'batik' | 'mukena' | 'celana' | 'tas' | 'sarung';
}

const sizes = (stock: Record<string, number>, color: string | null = null) =>
	Object.entries(stock).map(([size, n]) => ({ size, color, stock: n }));
const colors = (stock: Record<string, number>) => Object.entries(stock).map(([color, n]) => ({ size: null, color, stock: n }));

/**
 * Typical Tanah Abang goods with realistic prices (2025-2026 marketplace
 * ranges), so a new user can rehearse at once. Seeded into an empty catalog.
 */
export const DEMO_CATALOG: DemoProduct[] = [
	{
		slug: 'gamis-aisyah',
		name: 'Gamis Aisyah Busui',
		description: 'Gamis busui friendly, resleting depan, lengan karet. Cocok untuk lebaran dan kondangan.',
		price: 189_000,
		category: 'Gamis',
		material: 'Ceruti Babydoll',
		variants: [...sizes({ M: 12, L: 15, XL: 10 }, 'Maroon'), ...sizes({ M: 8, L: 10, XL: 6 }, 'Sage')],
		colors: ['#7b1e3a', '#f3c6d3'],
		shape: 'gamis',
	},
	{
		slug: 'gamis-syari-khadijah',
		name: "Gamis Syar'i Khadijah Set Khimar",
		description: "Set gamis syar'i dengan khimar dua lapis, jatuh dan tidak menerawang.",
		price: 275_000,
		category: 'Gamis',
		material: 'Wolfis Premium',
		variants: sizes({ S: 5, M: 9, L: 9, XL: 7, XXL: 4 }, 'Hitam'),
		colors: ['#1f2430', '#c9b37e'],
		shape: 'gamis',
	},
	{
		slug: 'hijab-segi-empat-voal',
		name: 'Hijab Segi Empat Voal Motif',
		description: 'Voal premium, tegak di dahi, tidak licin. Ukuran 115 x 115 cm, jahit tepi rapi.',
		price: 45_000,
		category: 'Hijab',
		material: 'Voal Premium',
		variants: colors({ Mocca: 40, 'Dusty Pink': 35, Navy: 30, Hitam: 50 }),
		colors: ['#b08968', '#ede0d4'],
		shape: 'hijab',
	},
	{
		slug: 'pashmina-plisket',
		name: 'Pashmina Plisket Ceruty',
		description: 'Pashmina plisket 175 x 75 cm, mudah dibentuk tanpa setrika.',
		price: 39_000,
		category: 'Hijab',
		material: 'Ceruty Baby Doll',
		variants: colors({ Milo: 25, Taupe: 25, Army: 20, Putih: 30 }),
		colors: ['#8d7b68', '#f1dec9'],
		shape: 'hijab',
	},
	{
		slug: 'kemeja-batik-pria',
		name: 'Kemeja Batik Pria Lengan Panjang',
		description: 'Batik cap motif parang, furing full, cocok untuk kantor dan kondangan.',
		price: 165_000,
		category: 'Batik',
		material: 'Katun Primisima',
		variants: sizes({ M: 10, L: 14, XL: 12, XXL: 6 }),
		colors: ['#5c3d2e', '#e0a458'],
		shape: 'batik',
	},
	{
		slug: 'blouse-batik-wanita',
		name: 'Blouse Batik Wanita Kombinasi',
		description: 'Atasan batik kombinasi polos, kancing depan, busui friendly.',
		price: 125_000,
		category: 'Batik',
		material: 'Katun Rayon',
		variants: sizes({ M: 8, L: 12, XL: 10 }),
		colors: ['#264653', '#e9c46a'],
		shape: 'batik',
	},
	{
		slug: 'kemeja-koko-pria',
		name: 'Kemeja Koko Pria Bordir',
		description: 'Koko lengan panjang dengan bordir di dada, kerah shanghai.',
		price: 139_000,
		category: 'Kemeja',
		material: 'Toyobo',
		variants: [...sizes({ M: 10, L: 12, XL: 8 }, 'Putih'), ...sizes({ M: 6, L: 8, XL: 5 }, 'Abu')],
		colors: ['#dfe6e9', '#636e72'],
		shape: 'kemeja',
	},
	{
		slug: 'kemeja-flanel',
		name: 'Kemeja Flanel Kotak Unisex',
		description: 'Flanel tebal tapi adem, jahitan rapi, bisa untuk pria dan wanita.',
		price: 99_000,
		category: 'Kemeja',
		material: 'Flanel Katun',
		variants: sizes({ S: 6, M: 12, L: 12, XL: 8 }),
		colors: ['#9b2226', '#2b2d42'],
		shape: 'kemeja',
	},
	{
		slug: 'mukena-travel',
		name: 'Mukena Travel Parasut',
		description: 'Mukena travel ringan dengan tas kecil, mudah dilipat, tidak mudah kusut.',
		price: 119_000,
		category: 'Mukena',
		material: 'Parasut Silky',
		variants: colors({ Lilac: 15, Sage: 15, Putih: 20 }),
		colors: ['#b8a1d9', '#f4effa'],
		shape: 'mukena',
	},
	{
		slug: 'mukena-katun-bali',
		name: 'Mukena Katun Bali Renda',
		description: 'Mukena katun rayon Bali dengan renda, adem dipakai, all size.',
		price: 155_000,
		category: 'Mukena',
		material: 'Katun Rayon Bali',
		variants: colors({ Putih: 12, Cream: 10 }),
		colors: ['#f6efe4', '#c9a66b'],
		shape: 'mukena',
	},
	{
		slug: 'celana-kulot',
		name: 'Celana Kulot Highwaist',
		description: 'Kulot pinggang karet belakang, ada saku, panjang 95 cm.',
		price: 79_000,
		category: 'Celana',
		material: 'Crinkle Airflow',
		variants: [...sizes({ 'All size': 20 }, 'Hitam'), ...sizes({ 'All size': 15 }, 'Mocca')],
		colors: ['#3d405b', '#f2cc8f'],
		shape: 'celana',
	},
	{
		slug: 'sarung-tenun',
		name: 'Sarung Tenun Motif Songket',
		description: 'Sarung tenun halus motif songket, cocok untuk hadiah lebaran.',
		price: 135_000,
		category: 'Sarung',
		material: 'Katun Tenun',
		variants: colors({ Hijau: 10, Biru: 10, Marun: 8 }),
		colors: ['#1b4332', '#d4a373'],
		shape: 'sarung',
	},
	{
		slug: 'tas-selempang',
		name: 'Tas Selempang Wanita Mini',
		description: 'Tas selempang kulit sintetis, muat HP dan dompet, tali bisa diatur.',
		price: 69_000,
		category: 'Tas',
		material: 'Kulit Sintetis',
		variants: colors({ Hitam: 18, Coklat: 14, Cream: 10 }),
		colors: ['#6f4e37', '#ede0d4'],
		shape: 'tas',
	},
];

/** Add the demo catalog (with its generated pictures) to a mentor's catalog. */
export async function seedDemoCatalog(catalog: CatalogStore): Promise<void> {
	for (const demo of DEMO_CATALOG) {
		const { slug, colors: _c, shape: _s, ...input } = demo;
		const product = await catalog.createProduct(input);
		await catalog.setProductImage(product.id, `/demo-images/${slug}.svg`);
	}
}
