import type { Product } from '../domain/catalog.ts';

/**
 * The simulated audience's contract. The engine is pure and deterministic:
 * given the same config (seed included) and the same stage events at the same
 * virtual times, it produces the same outputs. The server feeds it events and
 * calls advance(now) on a timer; it never reads a clock or Math.random.
 */

export const PERSONA_IDS = [
	'newcomer', // greets, "halo kak, baru gabung"
	'priceAsker', // "berapa harganya kak?"
	'sizeAsker', // size / stock / colour questions
	'shippingAsker', // COD, ongkir, dikirim dari mana
	'haggler', // "kurangin dong kak", "harga grosir?"
	'skeptic', // "ori gak?", "bahannya panas gak?"
	'loyal', // regular customer: praise, repeat orders
	'troll', // off-topic, rude, "toko oren lebih murah"
	'lurker', // silent watcher who sometimes buys
] as const;
export type PersonaId = (typeof PERSONA_IDS)[number];

export const DIFFICULTIES = ['santai', 'normal', 'ramai', 'sulit'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export type CrowdLang = 'id' | 'en';

export interface CrowdConfig {
	seed: number;
	lang: CrowdLang;
	difficulty: Difficulty;
	/** Baseline simulated comments per minute (before reactions); 0 = silent crowd. */
	commentsPerMinute: number;
	/** Relative weight of each persona (missing = the difficulty preset's weight). */
	personaMix: Partial<Record<PersonaId, number>>;
}

/** What the crowd knows about the stage (products as the room shows them). */
export interface StageSnapshot {
	hostName: string;
	products: Product[];
}

export interface FlashSaleInfo {
	productId: string;
	salePrice: number;
	/** Virtual ms when the sale opens (after the countdown) and closes. */
	startsAt: number;
	endsAt: number;
	perBuyerLimit: number;
}

/** Everything that happens on stage that the crowd may react to. `at` is virtual time in ms. */
export type CrowdEvent =
	| { type: 'liveStarted'; at: number }
	| { type: 'liveEnded'; at: number }
	| { type: 'stageChanged'; at: number; stage: StageSnapshot }
	| { type: 'pinned'; at: number; productId: string }
	| { type: 'unpinned'; at: number }
	| { type: 'flashSaleScheduled'; at: number; sale: FlashSaleInfo }
	| { type: 'flashSaleEnded'; at: number; productId: string }
	/** From the host's audio level: speaking starts/stops. */
	| { type: 'hostSpeaking'; at: number; speaking: boolean }
	/** The host marked a comment answered (simulated or human). */
	| { type: 'answered'; at: number; commentId: string }
	/** A human in the room commented (the crowd can echo it: "sama kak, aku juga mau"). */
	| { type: 'humanComment'; at: number; commentId: string; name: string; text: string }
	/** An order went through (simulated or human): the crowd reacts ("wah laris"). */
	| { type: 'orderPlaced'; at: number; productId: string; buyerName: string }
	| { type: 'configChanged'; at: number; config: CrowdConfig }
	/** Mentor-injected moments (issue: mentor console). */
	| { type: 'inject'; at: number; kind: InjectKind };

export const INJECT_KINDS = [
	'troll',
	'priceObjection',
	'stockQuestion',
	'viewerSpike',
	'viewerDrop',
	'giftBurst',
	'askFlashSale',
] as const;
export type InjectKind = (typeof INJECT_KINDS)[number];

export type CommentKind =
	| 'greeting'
	| 'question'
	| 'repeat' // an unanswered question asked again (escalating)
	| 'thanks'
	| 'praise'
	| 'haggle'
	| 'doubt'
	| 'troll'
	| 'checkout'
	| 'chatter'
	| 'leaving';

export type QuestionTopic = 'price' | 'size' | 'stock' | 'color' | 'material' | 'shipping' | 'cod' | 'wholesale' | 'authenticity';

/** What the crowd does. */
export type CrowdOutput =
	| {
			type: 'comment';
			at: number;
			/** Unique and stable for the seed: "sim-<n>". */
			id: string;
			personaId: PersonaId;
			/** A simulated buyer's display name, e.g. "rina_olshop". */
			name: string;
			text: string;
			kind: CommentKind;
			/** For questions and repeats: what is asked, and about which product. */
			topic?: QuestionTopic;
			productId?: string;
			/** For repeats: the id of the first asking. */
			repeatOf?: string;
	  }
	| { type: 'likes'; at: number; count: number }
	| { type: 'viewers'; at: number; count: number }
	| { type: 'gift'; at: number; name: string; gift: string; count: number }
	/** A simulated buyer wants to buy; the server decides (stock, limits) and reports back with orderPlaced. */
	| { type: 'orderIntent'; at: number; name: string; productId: string; variantId: string; quantity: number };

export interface CrowdEngineApi {
	handle(event: CrowdEvent): void;
	/** Everything the crowd does up to virtual time `now`, in time order (now never goes backwards). */
	advance(now: number): CrowdOutput[];
	readonly config: CrowdConfig;
	/** The current simulated viewer count. */
	readonly viewers: number;
}
