import type { Product } from './catalog.ts';
import type { Difficulty, PersonaId } from '../crowd/types.ts';
import { CROWD_PRESETS } from '../crowd/presets.ts';

/** Limits for what people type on stage: one place, used by schemas and the UI. */
export const COMMENT_MAX = 150;
export const FLASH_COUNTDOWN_MIN_S = 10;
export const FLASH_COUNTDOWN_MAX_S = 300;
export const FLASH_DURATION_MIN_S = 10;
export const FLASH_DURATION_MAX_S = 600;
export const FLASH_LIMIT_MAX = 10;
export const ORDER_QUANTITY_MAX = 10;
/** How many recent comments a joining viewer receives. */
export const COMMENT_HISTORY = 50;

export type CommentSource = 'crowd' | 'buyer' | 'mentor' | 'host';

export interface StageComment {
	id: string;
	/** Epoch ms. */
	at: number;
	name: string;
	text: string;
	source: CommentSource;
	/** Questions can be marked answered by the host. */
	isQuestion: boolean;
	answered: boolean;
	/** Simulated commenters: who they are (for the mentor's eyes and the report). */
	personaId?: PersonaId;
}

export interface FlashSale {
	productId: string;
	salePrice: number;
	/** Epoch ms: countdown ends and the sale opens; the sale closes. */
	startsAt: number;
	endsAt: number;
	perBuyerLimit: number;
}

export interface StageOrder {
	id: string;
	at: number;
	buyerName: string;
	productId: string;
	productName: string;
	variantId: string;
	variantLabel: string;
	quantity: number;
	unitPrice: number;
	simulated: boolean;
	flashSale: boolean;
}

export interface CrowdSettings {
	difficulty: Difficulty;
	commentsPerMinute: number;
	personaMix: Partial<Record<PersonaId, number>>;
	lang: 'id' | 'en';
}

/** The live-selling stage everyone sees: products with live stock, pin, flash sale, counters. */
export interface StageState {
	products: Product[];
	pinnedProductId: string | null;
	flashSale: FlashSale | null;
	pinnedComment: StageComment | null;
	likes: number;
	/** Simulated viewers plus people in the room. */
	viewers: number;
	orders: number;
	/** Simulated gross merchandise value of this live, rupiah. */
	gmv: number;
	crowd: CrowdSettings;
}

/** A flash sale is open (orders get the sale price) at `now`. */
export function isFlashSaleOpen(sale: FlashSale | null, now: number): sale is FlashSale {
	return sale !== null && now >= sale.startsAt && now < sale.endsAt;
}

/** A new room's crowd: the Normal preset in Bahasa Indonesia. */
export function defaultCrowdSettings(): CrowdSettings {
	return { difficulty: 'normal', commentsPerMinute: CROWD_PRESETS.normal.commentsPerMinute, personaMix: {}, lang: 'id' };
}

/** Apply a change of knobs; choosing a difficulty brings its preset's rate unless a rate is given too. */
export function changeCrowdSettings(current: CrowdSettings, patch: Partial<CrowdSettings>): CrowdSettings {
	const next = { ...current, ...patch };
	if (patch.difficulty && patch.difficulty !== current.difficulty && patch.commentsPerMinute === undefined) {
		next.commentsPerMinute = CROWD_PRESETS[patch.difficulty].commentsPerMinute;
	}
	return next;
}
