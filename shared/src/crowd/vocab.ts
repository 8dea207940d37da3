import type { CrowdLang, QuestionTopic } from './types.ts';

/** Where simulated buyers live (for "ongkir ke {city}?"): spread across the archipelago. */
export const CITIES = [
	'Medan', 'Makassar', 'Surabaya', 'Bandung', 'Semarang', 'Palembang', 'Pekanbaru', 'Balikpapan', 'Pontianak',
	'Manado', 'Padang', 'Jogja', 'Malang', 'Bekasi', 'Depok', 'Bogor', 'Tangerang', 'Banjarmasin', 'Kupang',
	'Ambon', 'Jayapura', 'Batam', 'Lampung', 'Aceh', 'Denpasar', 'Mataram', 'Solo', 'Cirebon', 'Tasikmalaya',
	'Garut', 'Jambi', 'Samarinda', 'Kendari', 'Palu', 'Gorontalo', 'Sorong', 'Jakarta',
] as const;

/** TikTok LIVE gifts as the app names them, cheapest first (the cheap ones come in bigger counts). */
export const GIFTS: Readonly<Record<CrowdLang, readonly string[]>> = {
	id: ['Mawar', 'TikTok', 'Love', 'Jari Hati', 'Es Krim', 'Donat', 'Topi', 'Parfum'],
	en: ['Rose', 'TikTok', 'Heart', 'Finger Heart', 'Ice Cream', 'Doughnut', 'Hat', 'Perfume'],
};

/** How a buyer names a topic when asking again ("kak, ongkir nya gimana??"). */
export const TOPIC_WORDS: Readonly<Record<CrowdLang, Record<QuestionTopic, string>>> = {
	id: {
		price: 'harga', size: 'size', stock: 'stok', color: 'warna', material: 'bahan', shipping: 'ongkir',
		cod: 'COD', wholesale: 'harga grosir', authenticity: 'ori',
	},
	en: {
		price: 'price', size: 'size', stock: 'stock', color: 'colour', material: 'material', shipping: 'shipping',
		cod: 'COD', wholesale: 'wholesale price', authenticity: 'authenticity',
	},
};
