import type { Product, Variant } from '../domain/catalog.ts';
import { Audience, type Viewer } from './audience.ts';
import { asks, PERSONA_BEHAVIOUR, speaks } from './behaviour.ts';
import { NameGenerator } from './names.ts';
import { Fading } from './fading.ts';
import { CROWD_PRESETS, normalizeCrowdConfig, resolvePersonaWeights, type CrowdPreset } from './presets.ts';
import { Rng } from './prng.ts';
import { Speech, type CommentOutput, type Subject } from './speech.ts';
import type { TemplateMoment } from './templates.ts';
import { Timeline } from './timeline.ts';
import {
	PERSONA_IDS,
	type CommentKind,
	type CrowdConfig,
	type CrowdEngineApi,
	type CrowdEvent,
	type CrowdOutput,
	type FlashSaleInfo,
	type InjectKind,
	type PersonaId,
	type QuestionTopic,
	type StageSnapshot,
} from './types.ts';
import { GIFTS } from './vocab.ts';

/** The crowd re-evaluates viewers, likes and quiet buys once per virtual second. */
const TICK_MS = 1000;
/** Engagement (pins, answers, sales) fades: half of it is gone after this long. */
const ENGAGEMENT_HALF_LIFE_MS = 90_000;
/** A mentor's viewer spike/drop fades back towards the natural audience. */
const SPIKE_HALF_LIFE_MS = 45_000;
/** How quickly the audience moves towards its target size (share of the gap per second). */
const JOIN_RATE = 0.06;
const LEAVE_RATE = 0.05;
const LIKES_PER_VIEWER_PER_SEC = 0.15;
/** Chance per minute that a lurker quietly orders (x2.5 while a product is pinned). */
const LURKER_BUY_PER_MIN = 0.008;
/** The pin keeps the chat busier for a while: extra comments in this window after the first questions. */
const PIN_BUZZ_MS: readonly [number, number] = [8_000, 45_000];
/** Social-proof chatter ("wah laris") at most this often. */
const SOCIAL_GAP_MS = 5_000;
const MAX_VIEWERS = 5000;

interface Question {
	id: string;
	asker: Viewer;
	topic: QuestionTopic;
	productId?: string;
	variantId?: string;
	askedAt: number;
	answered: boolean;
	/** 0 asked, 1 repeated, 2 escalated, 3 gave up. */
	level: number;
}

interface SaleState {
	info: FlashSaleInfo;
	/** Quantity each simulated buyer has asked for at the sale price (the per-buyer limit). */
	bought: Map<string, number>;
}

function clamp(x: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, x));
}

/** The crowd keeps its own copy: it lowers stock as it orders, until the server's next stageChanged. */
function cloneStage(stage: StageSnapshot): StageSnapshot {
	return { hostName: stage.hostName, products: stage.products.map((p) => ({ ...p, variants: p.variants.map((v) => ({ ...v })) })) };
}

function hasSizes(product: Product): boolean {
	return product.variants.some((v) => Boolean(v.size?.trim()));
}

function hasColors(product: Product): boolean {
	return product.variants.some((v) => Boolean(v.color?.trim()));
}

/**
 * The simulated live-shopping audience. Pure and deterministic: everything
 * it will do is put on a timeline (a priority queue in virtual time) and run
 * in order, so the same seed and the same events at the same times give the
 * same outputs however often advance() is called.
 *
 * handle(event) first runs the timeline up to the event's time, then applies
 * it; events stamped earlier than what was already processed count as "now".
 */
export class CrowdEngine implements CrowdEngineApi {
	private cfg: CrowdConfig;
	private preset: CrowdPreset;
	private weights: Record<PersonaId, number>;
	private stage: StageSnapshot;
	private readonly rng: Rng;
	private readonly names: NameGenerator;
	private readonly audience: Audience;
	private readonly speech: Speech;
	private readonly timeline = new Timeline();
	/** Produced but not yet returned by advance(), in time order. */
	private pending: CrowdOutput[] = [];
	/** Virtual time processed so far. */
	private clock: number;
	private live = false;
	private speaking = false;
	/** The host's silence has been noticed (viewers nudge and leave). */
	private silentLong = false;
	private pinnedId: string | null = null;
	private readonly sales = new Map<string, SaleState>();
	private readonly questions = new Map<string, Question>();
	/** Tokens cancel scheduled chains (ambient rhythm, silence) when their cause changes. */
	private ambientToken = 0;
	private silenceToken = 0;
	/** Pins, answers and sales raise it (more viewers, likes, quiet buys); neglect lowers it. */
	private readonly engagement = new Fading(ENGAGEMENT_HALF_LIFE_MS, -0.7, 3);
	/** The mentor's viewer spike or drop, fading back to the natural audience. */
	private readonly spike = new Fading(SPIKE_HALF_LIFE_MS);
	private lastViewersSent = -1;
	private likesOwed = 0;
	private nextLikesAt = 0;
	private lastSocialAt = -Infinity;
	private lastSoldOutAt = -Infinity;

	constructor(config: CrowdConfig, stage: StageSnapshot, startAt = 0) {
		this.cfg = normalizeCrowdConfig(config);
		this.preset = CROWD_PRESETS[this.cfg.difficulty];
		this.weights = resolvePersonaWeights(this.cfg);
		this.stage = cloneStage(stage);
		this.rng = new Rng(this.cfg.seed);
		this.names = new NameGenerator(this.rng);
		this.audience = new Audience(this.rng, this.names);
		this.speech = new Speech(this.rng);
		this.clock = startAt;
	}

	get config(): CrowdConfig {
		return this.cfg;
	}

	get viewers(): number {
		return this.live ? this.audience.count : 0;
	}

	handle(event: CrowdEvent): void {
		const at = Number.isFinite(event.at) ? Math.max(event.at, this.clock) : this.clock;
		this.runUntil(at);
		this.clock = at;
		switch (event.type) {
			case 'liveStarted':
				return this.onLiveStarted();
			case 'liveEnded':
				return this.onLiveEnded();
			case 'stageChanged':
				this.stage = cloneStage(event.stage);
				if (this.pinnedId && !this.product(this.pinnedId)) this.pinnedId = null;
				return;
			case 'pinned':
				return this.onPinned(event.productId);
			case 'unpinned':
				this.pinnedId = null;
				return;
			case 'flashSaleScheduled':
				return this.onSaleScheduled(event.sale);
			case 'flashSaleEnded':
				this.sales.delete(event.productId);
				return;
			case 'hostSpeaking':
				return this.onHostSpeaking(event.speaking);
			case 'answered':
				return this.onAnswered(event.commentId);
			case 'humanComment':
				return this.onHumanComment(event.name, event.text);
			case 'orderPlaced':
				return this.onOrderPlaced(event.productId, event.buyerName);
			case 'configChanged':
				return this.onConfigChanged(event.config);
			case 'inject':
				return this.onInject(event.kind);
		}
	}

	advance(now: number): CrowdOutput[] {
		if (now > this.clock) {
			this.runUntil(now);
			this.clock = now;
		}
		if (this.pending.length === 0) return [];
		const due: CrowdOutput[] = [];
		const later: CrowdOutput[] = [];
		for (const output of this.pending) (output.at <= now ? due : later).push(output);
		this.pending = later;
		return due;
	}

	// ---- timeline ------------------------------------------------------------

	private runUntil(limit: number): void {
		for (let entry = this.timeline.popDue(limit); entry; entry = this.timeline.popDue(limit)) {
			this.clock = entry.at;
			entry.run();
		}
	}

	/** Run at absolute virtual time `at` (never in the already-returned past). */
	private at(at: number, run: () => void): void {
		this.timeline.schedule(Math.max(Math.round(at), this.clock + 1), run);
	}

	private after(delayMs: number, run: () => void): void {
		this.at(this.clock + delayMs, run);
	}

	private emit(output: CrowdOutput): void {
		this.pending.push(output);
	}

	// ---- state helpers -------------------------------------------------------

	/** A crowd set to 0 comments per minute stays silent (except when the mentor injects). */
	private get chatty(): boolean {
		return this.cfg.commentsPerMinute > 0;
	}

	private product(id: string | null | undefined): Product | undefined {
		return id ? this.stage.products.find((p) => p.id === id) : undefined;
	}

	private inStock(product: Product): boolean {
		return product.variants.some((v) => v.stock > 0);
	}

	/** The sale on this product while it is scheduled or open. */
	private saleInfo(productId: string): FlashSaleInfo | undefined {
		const sale = this.sales.get(productId);
		return sale && this.clock < sale.info.endsAt ? sale.info : undefined;
	}

	private openSale(): SaleState | undefined {
		for (const sale of this.sales.values()) if (this.clock >= sale.info.startsAt && this.clock < sale.info.endsAt) return sale;
		return undefined;
	}

	private countdownSale(): SaleState | undefined {
		for (const sale of this.sales.values()) if (this.clock < sale.info.startsAt) return sale;
		return undefined;
	}

	/** What a spontaneous comment is about: the pinned or sale product, else sometimes something from the basket. */
	private talkProduct(): Product | undefined {
		const focus = this.product(this.pinnedId) ?? this.product(this.openSale()?.info.productId);
		if (focus) return focus;
		return this.rng.chance(0.5) ? this.rng.pick(this.stage.products) : undefined;
	}

	/**
	 * What a buyer without a specific wish orders: the open sale's product
	 * (nothing else while it runs, even sold out), the pinned one, or anything in stock.
	 */
	private buyProduct(): Product | undefined {
		const sale = this.openSale();
		if (sale) return this.product(sale.info.productId);
		const pinned = this.product(this.pinnedId);
		if (pinned && this.inStock(pinned)) return pinned;
		return this.rng.pick(this.stage.products.filter((p) => this.inStock(p)));
	}

	private pickVariant(product: Product): Variant | undefined {
		const inStock = product.variants.filter((v) => v.stock > 0);
		return this.rng.pick(inStock.length > 0 ? inStock : product.variants);
	}

	private engagementNow(): number {
		return this.engagement.at(this.clock);
	}

	private bump(delta: number): void {
		this.engagement.add(this.clock, delta);
	}

	/** The audience size the crowd drifts towards: bigger on busy presets and with engagement. */
	private targetViewers(): number {
		const rateScale = clamp(Math.sqrt(this.cfg.commentsPerMinute / this.preset.commentsPerMinute), 0.5, 3);
		return Math.max(1, this.preset.baseViewers * rateScale * (1 + this.engagementNow()) + this.spike.at(this.clock));
	}

	private joinPersona(): PersonaId {
		return this.rng.weighted(this.weights) ?? 'lurker';
	}

	/**
	 * Someone to speak: a persona drawn from the mix (lurkers never speak),
	 * then a present viewer with it, or a new viewer joining just to say it.
	 */
	private speaker(personaOk: (p: PersonaId) => boolean = () => true, viewerOk: (v: Viewer) => boolean = () => true): Viewer | undefined {
		const weights: Partial<Record<PersonaId, number>> = {};
		for (const id of PERSONA_IDS) if (speaks(id) && personaOk(id)) weights[id] = this.weights[id];
		const persona = this.rng.weighted(weights);
		if (!persona) return undefined;
		return this.audience.pick((v) => v.persona === persona && viewerOk(v)) ?? this.audience.join(persona, this.clock);
	}

	/** A present viewer of one of these personas, or a new one of the first. */
	private someone(personas: readonly PersonaId[], viewerOk: (v: Viewer) => boolean = () => true): Viewer {
		return (
			this.audience.pick((v) => personas.includes(v.persona) && viewerOk(v)) ??
			this.audience.join(personas[0] as PersonaId, this.clock)
		);
	}

	// ---- speaking --------------------------------------------------------------

	/** Post a comment from a template for this moment; null if nothing fits the live state. */
	private say(viewer: Viewer, moment: TemplateMoment, kind: CommentKind | undefined, subject: Subject = {}): CommentOutput | null {
		const sale = subject.product ? this.saleInfo(subject.product.id) : undefined;
		const comment = this.speech.compose(this.clock, this.cfg.lang, this.stage.hostName, viewer, moment, kind, { ...subject, sale });
		if (!comment) return null;
		viewer.spoken = true;
		this.emit(comment);
		return comment;
	}

	/** Ask a question (the persona picks the topic unless given) and start waiting for the answer. */
	private ask(viewer: Viewer, product: Product | undefined, topic?: QuestionTopic): boolean {
		if (!topic) {
			const topics = { ...PERSONA_BEHAVIOUR[viewer.persona].topics };
			// Nobody asks for the size of a bag or the colour of a one-colour item.
			if (product && !hasSizes(product)) delete topics.size;
			if (product && !hasColors(product)) delete topics.color;
			topic = this.rng.weighted(topics);
		}
		if (!topic) return false;
		const variant = product ? this.pickVariant(product) : undefined;
		const comment = this.say(viewer, 'ambient', 'question', { topic, product, variant });
		if (!comment) return false;
		const question: Question = { id: comment.id, asker: viewer, topic, askedAt: this.clock, answered: false, level: 0 };
		if (product) question.productId = product.id;
		if (variant) question.variantId = variant.id;
		this.questions.set(comment.id, question);
		viewer.openQuestion = comment.id;
		const patience = this.rng.float(this.preset.patienceMs[0], this.preset.patienceMs[1]);
		this.after(patience, () => this.followUp(question, patience));
		return true;
	}

	/** An ignored question: ask again, then complain, then give up and leave. */
	private followUp(q: Question, patience: number): void {
		if (q.answered || !q.asker.present) return;
		q.level += 1;
		const product = this.product(q.productId);
		const variant = product?.variants.find((v) => v.id === q.variantId);
		const about = { topic: q.topic, product, variant, repeatOf: q.id };
		if (q.level === 1) {
			if (!this.rng.chance(this.preset.repeatChance)) {
				q.asker.openQuestion = null; // let it go
				return;
			}
			const repeat = this.say(q.asker, 'repeat', 'repeat', about);
			if (repeat) this.questions.set(repeat.id, q);
			this.after(patience * 0.8, () => this.followUp(q, patience));
		} else if (q.level === 2) {
			const repeat = this.say(q.asker, 'escalate', 'repeat', about);
			if (repeat) this.questions.set(repeat.id, q);
			this.after(patience * 0.6, () => this.followUp(q, patience));
		} else {
			this.say(q.asker, 'giveUp', 'leaving', about);
			q.asker.openQuestion = null;
			this.bump(-0.08);
			this.audience.leave(q.asker);
		}
	}

	/** Ask for an order; the server checks stock and limits and reports back with orderPlaced. */
	private intend(viewer: Viewer, productId?: string, variantId?: string, quantity = 1): boolean {
		if (!this.live || !viewer.present) return false;
		const product = this.product(productId) ?? this.buyProduct();
		if (!product) return false;
		const sale = this.sales.get(product.id);
		if (sale && this.clock < sale.info.startsAt) {
			// Nobody pays full price during the countdown: wait for the sale to open.
			const when = Math.min(sale.info.startsAt + this.rng.int(200, 4000), sale.info.endsAt - 1);
			this.at(when, () => this.intend(viewer, product.id, variantId, quantity));
			return true;
		}
		const open = sale && this.clock < sale.info.endsAt ? sale : undefined;
		const already = open?.bought.get(viewer.name) ?? 0;
		if (open) quantity = Math.min(quantity, open.info.perBuyerLimit - already);
		if (quantity <= 0) return false;
		const inStock = product.variants.filter((v) => v.stock > 0);
		const variant = inStock.find((v) => v.id === variantId) ?? this.rng.pick(inStock);
		if (!variant) return false;
		quantity = Math.min(quantity, variant.stock);
		variant.stock -= quantity;
		if (open) open.bought.set(viewer.name, already + quantity);
		this.emit({ type: 'orderIntent', at: this.clock, name: viewer.name, productId: product.id, variantId: variant.id, quantity });
		return true;
	}

	// ---- the live itself ---------------------------------------------------------

	private onLiveStarted(): void {
		if (this.live) return;
		this.live = true;
		this.audience.clear();
		this.questions.clear();
		this.engagement.reset(this.clock);
		this.spike.reset(this.clock);
		this.lastViewersSent = -1;
		this.likesOwed = 0;
		this.nextLikesAt = this.clock + this.rng.int(2000, 4000);
		this.silentLong = false;
		// A live starts small: a quarter of the audience it can grow to.
		const first = Math.max(2, Math.round(this.targetViewers() * 0.25));
		for (let i = 0; i < first; i++) this.audience.join(this.joinPersona(), this.clock);
		this.after(TICK_MS, () => this.tick());
		this.scheduleAmbient(true);
		if (!this.speaking) this.startSilence();
	}

	private onLiveEnded(): void {
		if (!this.live) return;
		this.live = false;
		this.silentLong = false;
		this.ambientToken++;
		this.silenceToken++;
		this.timeline.clear();
		this.sales.clear();
		this.audience.clear();
	}

	/** Once a second: viewers come and go, likes are sent in batches, lurkers sometimes buy. */
	private tick(): void {
		if (!this.live) return;
		const n = this.audience.count;
		if (this.silentLong) {
			let leaves = this.rng.roundChance(n * this.preset.silenceLeavePerSec);
			if (leaves === 0 && n > 1 && this.rng.chance(0.3)) leaves = 1;
			for (let i = 0; i < leaves; i++) this.leaveSomeone();
			this.bump(-0.01);
		} else {
			const gap = this.targetViewers() - n;
			if (gap > 0) {
				const joins = Math.min(50, this.rng.roundChance(gap * JOIN_RATE + 0.1), MAX_VIEWERS - n);
				for (let i = 0; i < joins; i++) this.audience.join(this.joinPersona(), this.clock);
			} else {
				const leaves = this.rng.roundChance(-gap * LEAVE_RATE);
				for (let i = 0; i < leaves; i++) this.leaveSomeone();
			}
			// People drift in and out all the time, even when the count stays put.
			if (n > 3 && this.rng.chance(Math.min(0.5, n * 0.004))) {
				this.leaveSomeone();
				this.audience.join(this.joinPersona(), this.clock);
			}
		}
		const count = this.audience.count;
		if (count !== this.lastViewersSent) {
			this.lastViewersSent = count;
			this.emit({ type: 'viewers', at: this.clock, count });
		}
		this.likesTick(count);
		if (!this.silentLong) this.quietBuys();
		this.after(TICK_MS, () => this.tick());
	}

	/** Someone leaves; people waiting for an answer hang on a little longer. */
	private leaveSomeone(): void {
		const viewer = this.audience.pick((v) => !v.openQuestion) ?? this.audience.pick();
		if (viewer) this.audience.leave(viewer);
	}

	private likesTick(count: number): void {
		const sale = this.openSale() ? 2 : this.countdownSale() ? 0.7 : 0;
		const hype = this.silentLong ? 0.2 : 1 + Math.max(0, this.engagementNow()) + sale;
		this.likesOwed += count * LIKES_PER_VIEWER_PER_SEC * hype;
		if (this.clock < this.nextLikesAt) return;
		const likes = this.rng.roundChance(this.likesOwed * this.rng.float(0.7, 1.3));
		this.likesOwed = 0;
		this.nextLikesAt = this.clock + this.rng.int(2000, 5000);
		if (likes > 0) this.emit({ type: 'likes', at: this.clock, count: likes });
	}

	/** Lurkers never comment but sometimes order; loyal viewers now and then send a gift. */
	private quietBuys(): void {
		const isLurker = (v: Viewer) => v.persona === 'lurker';
		const lurkers = this.audience.countWhere(isLurker);
		const pinBoost = this.pinnedId ? 2.5 : 1;
		const perSecond = (lurkers * LURKER_BUY_PER_MIN * pinBoost * (1 + Math.max(0, this.engagementNow())) * this.preset.buyFactor) / 60;
		if (lurkers > 0 && this.rng.chance(perSecond)) {
			const buyer = this.audience.pick(isLurker);
			if (buyer) this.intend(buyer);
		}
		const loyal = this.audience.pick((v) => v.persona === 'loyal');
		if (loyal && this.rng.chance(0.002)) this.gift(loyal);
	}

	private gift(viewer: Viewer): void {
		const gifts = GIFTS[this.cfg.lang];
		// Cheap gifts are far more common, and come in bunches.
		const index = Math.floor(this.rng.next() ** 2 * gifts.length);
		const count = index < 2 ? this.rng.int(1, 10) : 1;
		this.emit({ type: 'gift', at: this.clock, name: viewer.name, gift: gifts[index] as string, count });
	}

	/** The baseline chat: one comment every ~60/cpm seconds (±50%, so a minute's count stays close to cpm). */
	private scheduleAmbient(first: boolean): void {
		const token = ++this.ambientToken;
		if (!this.live || !this.chatty) return;
		const mean = 60_000 / this.cfg.commentsPerMinute;
		const delay = first ? mean * this.rng.float(0.2, 1) : mean * this.rng.float(0.5, 1.5);
		this.after(delay, () => {
			if (token !== this.ambientToken) return;
			this.ambientComment();
			this.scheduleAmbient(false);
		});
	}

	private ambientComment(): void {
		const viewer = this.speaker();
		if (!viewer) return;
		const behaviour = PERSONA_BEHAVIOUR[viewer.persona];
		if (!viewer.spoken && this.rng.chance(behaviour.greetChance) && this.say(viewer, 'ambient', 'greeting')) return;
		let act = this.rng.weighted(behaviour.acts) ?? 'chatter';
		if (act === 'question' && viewer.openQuestion) act = 'chatter'; // already waiting for an answer
		if (act === 'question' && this.ask(viewer, this.talkProduct())) return;
		if (act === 'checkout' && this.spontaneousOrder(viewer)) return;
		const product = this.talkProduct();
		if (act !== 'question' && act !== 'checkout' && this.say(viewer, 'ambient', act, { product })) return;
		this.say(viewer, 'ambient', 'chatter', { product });
	}

	/** A regular says "checkout kak!" and orders. */
	private spontaneousOrder(viewer: Viewer): boolean {
		const product = this.buyProduct();
		if (!product) return false;
		const variant = this.pickVariant(product);
		if (!this.say(viewer, 'ambient', 'checkout', { product, variant })) return false;
		this.after(this.rng.int(500, 2500), () => this.intend(viewer, product.id, variant?.id));
		return true;
	}

	// ---- reactions -----------------------------------------------------------------

	/** A pinned product: questions about it within seconds, then a busier chat for a while. */
	private onPinned(productId: string): void {
		this.pinnedId = productId;
		const product = this.product(productId);
		if (!this.live || !product) return;
		this.bump(0.2);
		if (!this.chatty) return;
		const [lo, hi] = this.preset.pinQuestions;
		const count = this.rng.int(lo, hi);
		for (let i = 0; i < count; i++) {
			const delay = i === 0 ? this.rng.int(2000, 5000) : this.rng.int(2500, 8000);
			this.after(delay, () => {
				if (this.pinnedId !== productId) return;
				const viewer = this.speaker(asks, (v) => !v.openQuestion) ?? this.speaker();
				if (!viewer) return;
				if (asks(viewer.persona) && !viewer.openQuestion && this.ask(viewer, product)) return;
				this.say(viewer, 'ambient', viewer.persona === 'troll' ? 'troll' : 'chatter', { product });
			});
		}
		const buzz = this.rng.roundChance(Math.max(2, this.cfg.commentsPerMinute * 0.5 * ((PIN_BUZZ_MS[1] - PIN_BUZZ_MS[0]) / 60_000)));
		for (let i = 0; i < buzz; i++) {
			this.after(this.rng.int(PIN_BUZZ_MS[0], PIN_BUZZ_MS[1]), () => {
				if (this.pinnedId === productId) this.ambientComment();
			});
		}
	}

	/** Flash sale: hype in the countdown, a checkout rush when it opens, tapering until it closes. */
	private onSaleScheduled(info: FlashSaleInfo): void {
		const sale: SaleState = { info: { ...info }, bought: new Map() };
		this.sales.set(info.productId, sale);
		const active = () => this.live && this.sales.get(info.productId) === sale;
		const product = this.product(info.productId);
		if (this.live) this.bump(0.3);
		const countdown = info.startsAt - this.clock;
		if (this.live && this.chatty && product && countdown > 3000) {
			const intensity = clamp(this.cfg.commentsPerMinute / 15, 0.5, 2);
			const hype = clamp(Math.round((countdown / 6000) * intensity), 2, 15);
			for (let i = 0; i < hype; i++) {
				this.at(this.rng.int(this.clock + 1000, info.startsAt - 300), () => {
					const viewer = active() ? this.speaker() : undefined;
					if (viewer) this.say(viewer, 'hype', 'chatter', { product });
				});
			}
		}
		this.at(info.startsAt, () => {
			if (active()) this.saleOpens(sale);
		});
		this.at(info.endsAt, () => {
			if (this.sales.get(info.productId) === sale) this.sales.delete(info.productId);
		});
	}

	private saleOpens(sale: SaleState): void {
		const { info } = sale;
		const product = this.product(info.productId);
		this.bump(0.4);
		if (!product) return;
		const canBuy = (v: Viewer) => PERSONA_BEHAVIOUR[v.persona].buys;
		const rush = clamp(this.rng.roundChance(this.audience.count * 0.3 * this.preset.buyFactor * this.rng.float(0.7, 1.3)), 2, 40);
		const window = info.endsAt - info.startsAt;
		// The rush: most buyers within the first seconds.
		for (const viewer of this.audience.sample(rush, canBuy)) {
			const t = info.startsAt + 300 + Math.min(10_000, window * 0.4) * this.rng.next() ** 2;
			if (t < info.endsAt) this.at(t, () => this.saleBuy(sale, viewer));
		}
		// Then a tail of late buyers, thinning out towards the end.
		const tail = this.rng.roundChance(rush * 0.5);
		for (let i = 0; i < tail; i++) {
			const t = info.startsAt + window * (0.15 + 0.85 * this.rng.next() ** 2);
			this.at(Math.min(t, info.endsAt - 1), () => {
				const viewer = this.audience.pick(canBuy);
				if (viewer) this.saleBuy(sale, viewer);
			});
		}
	}

	private saleBuy(sale: SaleState, viewer: Viewer): void {
		const { info } = sale;
		if (this.sales.get(info.productId) !== sale || this.clock < info.startsAt || this.clock >= info.endsAt) return;
		const quantity = this.rng.chance(0.75) ? 1 : this.rng.int(2, Math.max(2, info.perBuyerLimit));
		const product = this.product(info.productId);
		if (product && !this.inStock(product)) return this.missedOut(viewer, product);
		if (!this.intend(viewer, info.productId, undefined, quantity)) return;
		if (!this.chatty || !speaks(viewer.persona) || !this.rng.chance(0.75)) return;
		const t = this.clock + this.rng.int(400, 2500);
		if (t >= info.endsAt) return;
		this.at(t, () => {
			if (viewer.present) this.say(viewer, 'checkout', 'checkout', { product: this.product(info.productId) });
		});
	}

	/** Too late for the sale: "yah habis" (not from everyone at once). */
	private missedOut(viewer: Viewer, product: Product): void {
		if (!this.chatty || !speaks(viewer.persona) || this.clock - this.lastSoldOutAt < SOCIAL_GAP_MS) return;
		this.lastSoldOutAt = this.clock;
		this.say(viewer, 'soldOut', 'chatter', { product });
	}

	private onHostSpeaking(speaking: boolean): void {
		if (speaking) {
			this.speaking = true;
			this.silentLong = false;
			this.silenceToken++;
			return;
		}
		if (!this.speaking) return;
		this.speaking = false;
		if (this.live) this.startSilence();
	}

	/** The host went quiet: after the preset's threshold viewers notice, nudge, and start leaving. */
	private startSilence(): void {
		const token = ++this.silenceToken;
		this.after(this.preset.silenceMs, () => {
			if (token !== this.silenceToken || this.speaking || !this.live) return;
			this.silentLong = true;
			let nudges = 0;
			const nudge = () => {
				if (token !== this.silenceToken) return;
				if (this.chatty) {
					// The first to notice is a real viewer; trolls join in later.
					const viewer = (nudges === 0 ? this.speaker((p) => p !== 'troll') : undefined) ?? this.speaker();
					if (viewer) this.say(viewer, 'silence', 'chatter');
					if (++nudges >= 2 && this.rng.chance(0.5)) this.boredLeaves();
				}
				this.after(this.rng.int(4000, 8000), nudge);
			};
			this.after(this.rng.int(300, 1500), nudge);
		});
	}

	private boredLeaves(): void {
		const viewer = this.audience.pick((v) => speaks(v.persona) && v.persona !== 'troll');
		if (viewer && this.say(viewer, 'bored', 'leaving')) this.audience.leave(viewer);
	}

	/** The host answered: the asker thanks them and is now likely to order what they asked about. */
	private onAnswered(commentId: string): void {
		const q = this.questions.get(commentId);
		if (!this.live) {
			if (q) q.answered = true;
			return;
		}
		if (!q) {
			this.bump(0.03); // a human's question answered: the room likes that too
			return;
		}
		if (q.answered) return;
		q.answered = true;
		if (q.asker.openQuestion === q.id) q.asker.openQuestion = null;
		this.bump(this.clock - q.askedAt <= 15_000 ? 0.12 : 0.07);
		const asker = q.asker;
		if (!asker.present) return;
		const product = this.product(q.productId);
		if (this.chatty && this.rng.chance(0.85)) {
			this.after(this.rng.int(1500, 4000), () => {
				if (asker.present) this.say(asker, 'thanks', 'thanks', { product });
			});
		}
		const behaviour = PERSONA_BEHAVIOUR[asker.persona];
		if (behaviour.buys && this.rng.chance(Math.min(0.95, behaviour.buyAfterAnswer * this.preset.buyFactor))) {
			this.after(this.rng.int(5000, 15_000), () => this.intend(asker, q.productId, q.variantId));
		}
	}

	/** Someone in the room commented: now and then a simulated viewer chimes in. */
	private onHumanComment(name: string, text: string): void {
		this.names.reserve(name);
		if (!this.live || !this.chatty || !this.rng.chance(text.includes('?') ? 0.45 : 0.3)) return;
		this.after(this.rng.int(2000, 6000), () => {
			const viewer = this.speaker((p) => p !== 'troll');
			if (viewer) this.say(viewer, 'echo', 'chatter', { name });
		});
	}

	/** Social proof: "wah laris", and sometimes another order for the same product. */
	private onOrderPlaced(productId: string, buyerName: string): void {
		this.names.reserve(buyerName);
		if (!this.live) return;
		this.bump(0.05);
		const product = this.product(productId);
		if (this.chatty && this.clock - this.lastSocialAt >= SOCIAL_GAP_MS && this.rng.chance(0.6)) {
			this.lastSocialAt = this.clock;
			this.after(this.rng.int(1000, 4000), () => {
				const viewer = this.speaker(() => true, (v) => v.name !== buyerName);
				if (viewer) this.say(viewer, 'social', 'chatter', { product, name: buyerName });
			});
		}
		if (product && this.rng.chance(0.25 * this.preset.buyFactor)) {
			this.after(this.rng.int(3000, 10_000), () => {
				const viewer = this.audience.pick((v) => PERSONA_BEHAVIOUR[v.persona].buys && v.name !== buyerName);
				if (viewer) this.intend(viewer, productId);
			});
		}
	}

	private onConfigChanged(config: CrowdConfig): void {
		this.cfg = normalizeCrowdConfig({ ...config, seed: this.cfg.seed });
		this.preset = CROWD_PRESETS[this.cfg.difficulty];
		this.weights = resolvePersonaWeights(this.cfg);
		if (this.live) this.scheduleAmbient(true);
	}

	/** The mentor's console: moments the trainee has to handle, now. */
	private onInject(kind: InjectKind): void {
		if (!this.live) return;
		const soon = () => this.rng.int(500, 2000);
		const product = this.product(this.pinnedId) ?? this.product(this.countdownSale()?.info.productId) ?? this.rng.pick(this.stage.products);
		switch (kind) {
			case 'troll': {
				const viewer = this.someone(['troll']);
				this.after(soon(), () => this.say(viewer, 'ambient', 'troll', { product }));
				return;
			}
			case 'priceObjection': {
				const viewer = this.someone(['haggler', 'skeptic']);
				this.after(soon(), () => this.say(viewer, 'objection', undefined, { product }));
				return;
			}
			case 'stockQuestion': {
				const viewer = this.someone(['sizeAsker', 'newcomer', 'loyal'], (v) => !v.openQuestion);
				const topic = product && hasSizes(product) && this.rng.chance(0.5) ? 'size' : 'stock';
				this.after(soon(), () => this.ask(viewer, product, topic));
				return;
			}
			case 'askFlashSale': {
				const viewer = this.someone(['haggler', 'priceAsker', 'loyal']);
				this.after(soon(), () => this.say(viewer, 'askFlashSale', 'haggle', { product }));
				return;
			}
			case 'viewerSpike':
				return this.viewerSpike();
			case 'viewerDrop':
				return this.viewerDrop();
			case 'giftBurst':
				return this.giftBurst();
		}
	}

	/** A crowd arrives at once (shared link, FYP): viewers jump, some greet. */
	private viewerSpike(): void {
		const n = this.audience.count;
		const jump = Math.min(MAX_VIEWERS - n, Math.max(8, Math.round(n * this.rng.float(0.6, 1.2))));
		const arrivals: Viewer[] = [];
		for (let i = 0; i < jump; i++) arrivals.push(this.audience.join(this.joinPersona(), this.clock));
		this.spike.add(this.clock, jump);
		this.bump(0.1);
		if (!this.chatty) return;
		const greeters = this.rng.sample(arrivals.filter((v) => PERSONA_BEHAVIOUR[v.persona].greetChance > 0), Math.min(5, Math.ceil(jump / 5)));
		for (const viewer of greeters) {
			this.after(this.rng.int(1000, 8000), () => {
				if (viewer.present) this.say(viewer, 'ambient', 'greeting');
			});
		}
	}

	/** A chunk of the audience scrolls away at once. */
	private viewerDrop(): void {
		const n = this.audience.count;
		const drop = n > 1 ? Math.max(1, Math.round(n * this.rng.float(0.3, 0.6))) : 0;
		for (let i = 0; i < drop; i++) this.leaveSomeone();
		this.spike.add(this.clock, -drop);
	}

	private giftBurst(): void {
		const gifts = this.rng.int(3, 8);
		for (let i = 0; i < gifts; i++) {
			this.after(this.rng.int(300, 6000), () => {
				const viewer = this.audience.pick() ?? this.audience.join(this.joinPersona(), this.clock);
				this.gift(viewer);
			});
		}
		this.likesOwed += 20 + this.audience.count;
		this.bump(0.05);
	}
}
