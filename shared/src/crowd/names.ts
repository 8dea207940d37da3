import type { Rng } from './prng.ts';
import type { PersonaId } from './types.ts';

/**
 * Indonesian-style TikTok usernames ("rina_olshop", "dewi.hijab88",
 * "budi_tanahabang", "mamah_aisyah"), unique within one crowd. Built from
 * parts rather than a fixed list so a long live never runs out of names.
 */

export const FIRST_NAMES = [
	'rina', 'dewi', 'budi', 'siti', 'ayu', 'putri', 'agus', 'wati', 'indah', 'fitri', 'nur', 'yanti',
	'eka', 'dian', 'sri', 'lestari', 'andi', 'rizky', 'fajar', 'bayu', 'tika', 'mega', 'lina', 'novi',
	'ratna', 'yuni', 'sari', 'intan', 'nadia', 'aisyah', 'fatimah', 'zahra', 'bella', 'citra', 'desi',
	'endah', 'hendra', 'joko', 'kiki', 'lia', 'maya', 'nia', 'rahmat', 'rudi', 'santi', 'tari', 'umi',
	'vina', 'wulan', 'yoga', 'zaki', 'ani', 'bunga', 'cici', 'dodi', 'eko', 'gita', 'hani', 'irma',
	'jihan', 'kartika', 'laras', 'mira', 'nanda', 'puji', 'rani', 'salsa', 'tia', 'vivi', 'winda',
	'dinda', 'anisa', 'riska', 'melati', 'ikhsan', 'teguh', 'asep', 'ujang', 'cecep', 'neng', 'ucok',
	'butet', 'made', 'komang', 'wayan', 'daeng', 'rosa', 'yusuf', 'hasan', 'ilham', 'reza', 'fikri',
] as const;

const SHOP_WORDS = [
	'olshop', 'hijab', 'shop', 'store', 'collection', 'fashion', 'gamis', 'butik', 'official', 'cantik',
	'manis', 'ceria', 'story', 'kitchen', 'beauty', 'style', 'outfit', 'daily', 'reseller', 'jualan',
] as const;

const PLACES = [
	'tanahabang', 'bekasi', 'depok', 'bogor', 'medan', 'bandung', 'sby', 'jogja', 'solo', 'mks',
	'plg', 'pku', 'bali', 'garut', 'cirebon', 'malang', 'tangsel', 'cikarang', 'lampung', 'batam',
] as const;

const FAMILY = ['mamah', 'bunda', 'mama', 'umi', 'kak', 'bu', 'teh', 'mbak', 'bang', 'mas', 'cik', 'tante', 'ummi', 'papah'] as const;

/** Trolls like throwaway handles. */
const TROLL_HANDLES = [
	'akun_gabut', 'netizen_julid', 'si_paling_murah', 'anak_senja', 'bukan_bot', 'kepo_aja', 'tukang_nyimak',
	'kang_komen', 'rebahan_mulu', 'user_random', 'cuma_lewat', 'raja_skip',
] as const;

function pickOf<T>(rng: Rng, items: readonly T[]): T {
	return rng.pick(items) as T;
}

function twoDigits(rng: Rng): string {
	return String(rng.int(1, 99)).padStart(2, '0');
}

function candidate(rng: Rng, persona: PersonaId): string {
	if (persona === 'troll' && rng.chance(0.6)) return pickOf(rng, TROLL_HANDLES) + (rng.chance(0.6) ? twoDigits(rng) : '');
	const first = pickOf(rng, FIRST_NAMES);
	switch (rng.int(0, 6)) {
		case 0:
			return `${first}_${pickOf(rng, SHOP_WORDS)}`;
		case 1:
			return `${first}.${pickOf(rng, SHOP_WORDS)}${twoDigits(rng)}`;
		case 2:
			return `${first}_${pickOf(rng, PLACES)}`;
		case 3:
			return `${pickOf(rng, FAMILY)}_${first}`;
		case 4:
			return `${first}${rng.int(1, 999)}`;
		case 5:
			return `${first}.${pickOf(rng, FIRST_NAMES)}`;
		default:
			return `${pickOf(rng, FAMILY)}${first}_${twoDigits(rng)}`;
	}
}

export class NameGenerator {
	private readonly used = new Set<string>();
	private readonly rng: Rng;

	constructor(rng: Rng) {
		this.rng = rng;
	}

	/** Names already given out (simulated buyers and people in the room) are never reused. */
	reserve(name: string): void {
		this.used.add(name);
	}

	next(persona: PersonaId): string {
		let name = candidate(this.rng, persona);
		while (this.used.has(name)) name = `${candidate(this.rng, persona)}${this.rng.int(1, 9)}`;
		this.used.add(name);
		return name;
	}
}
