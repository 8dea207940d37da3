import { randomInt } from 'node:crypto';
import {
	changeCrowdSettings,
	COMMENT_HISTORY,
	ProtocolError,
	type CrowdSettings,
	type InjectKind,
	type Product,
	type ServerEvents,
	type StageComment,
	type StageOrder,
} from '@gladi/shared';
import { CrowdRunner, type CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import { TokenBucket } from '../signaling/rateLimiter.ts';
import type { CatalogStore } from '../store/store.ts';
import { Stage } from './stage.ts';
import type { Participant } from './room.ts';

/** Per person: a burst of 3 comments, then one every 2 seconds. */
const COMMENT_BURST = 3;
const COMMENTS_PER_SECOND = 0.5;
/** Likes are tapped fast; a burst of 30, then 10 a second. */
const LIKE_BURST = 30;
const LIKES_PER_SECOND = 10;
/** Counters (likes, viewers) reach clients at most this often. */
const COUNTER_INTERVAL_MS = 200;

export interface LiveStageDeps {
	catalog: CatalogStore;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
	broadcast<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void;
	hostName(): string;
}

/**
 * A room's selling stage while it is (or was last) live: the Stage's state,
 * the simulated crowd, per-person rate limits, and fan-out to everyone in the
 * room (comments batched per event-loop turn, counters throttled).
 */
export class LiveStage {
	readonly stage: Stage;
	readonly #deps: LiveStageDeps;
	#productIds: string[];
	#crowd: CrowdRunner | null = null;
	readonly #commentBuckets = new Map<string, TokenBucket>();
	readonly #likeBuckets = new Map<string, TokenBucket>();
	#pendingComments: StageComment[] = [];
	#counterTimer: NodeJS.Timeout | null = null;
	#likesDelta = 0;
	/** Remembered so a crowd started after the host began talking knows it. */
	#hostSpeaking = false;

	constructor(productIds: string[], deps: LiveStageDeps) {
		this.#deps = deps;
		this.#productIds = productIds;
		this.stage = new Stage(this.#loadProducts(), deps.defaultCrowd);
		this.stage.on('state', () => deps.broadcast('stage:state', this.stage.state()));
		this.stage.on('comment', (comment) => this.#queueComment(comment));
		this.stage.on('answered', (commentId) => deps.broadcast('stage:answered', { commentId }));
		this.stage.on('order', (order) => deps.broadcast('stage:order', order));
		this.stage.on('counters', (likesDelta) => this.#queueCounters(likesDelta));
	}

	get running(): boolean {
		return this.#crowd !== null;
	}

	snapshot(): { stage: ReturnType<Stage['state']>; comments: StageComment[]; orders: StageOrder[] } {
		return { stage: this.stage.state(), comments: this.stage.recentComments(COMMENT_HISTORY), orders: this.stage.recentOrders(COMMENT_HISTORY) };
	}

	/** The live started: fresh stock from the catalog, a new crowd. */
	start(): void {
		this.stop();
		this.stage.reset(this.#loadProducts());
		this.#crowd = new CrowdRunner({
			stage: this.stage,
			createEngine: this.#deps.createCrowdEngine,
			hostName: () => this.#deps.hostName(),
			seed: randomInt(2 ** 31),
		});
		this.#crowd.on('gift', (gift) => this.#deps.broadcast('stage:gift', gift));
		this.#crowd.start();
		if (this.#hostSpeaking) this.#crowd.hostSpeaking(true);
	}

	stop(): void {
		this.#crowd?.stop();
		this.#crowd = null;
		this.stage.setCrowdViewers(0);
	}

	close(): void {
		this.stop();
		if (this.#counterTimer) clearTimeout(this.#counterTimer);
		this.#counterTimer = null;
	}

	peopleWatching(count: number): void {
		this.stage.setPeopleWatching(count);
	}

	hostSpeaking(speaking: boolean): void {
		this.#hostSpeaking = speaking;
		this.#crowd?.hostSpeaking(speaking);
	}

	// --- host ------------------------------------------------------------

	pin(productId: string): void {
		this.stage.pin(productId);
		this.#crowd?.pinned(productId);
	}

	unpin(): void {
		this.stage.unpin();
		this.#crowd?.unpinned();
	}

	startFlashSale(input: Parameters<Stage['startFlashSale']>[0]): void {
		const sale = this.stage.startFlashSale(input);
		this.#crowd?.flashSaleScheduled(sale);
	}

	endFlashSale(): void {
		const sale = this.stage.endFlashSale();
		if (sale) this.#crowd?.flashSaleEnded(sale.productId);
	}

	markAnswered(commentId: string): void {
		this.stage.markAnswered(commentId);
	}

	pinComment(commentId: string | null): void {
		this.stage.pinComment(commentId);
	}

	// --- host and mentor -----------------------------------------------------

	setProducts(productIds: string[]): void {
		const products = this.#deps.catalog.getProducts(productIds);
		if (products.length !== new Set(productIds).size) throw new ProtocolError('not_found', 'some products are not in the catalog');
		this.#productIds = products.map((p) => p.id);
		this.stage.setProducts(products);
		this.#crowd?.productsChanged();
	}

	setCrowd(patch: Partial<CrowdSettings>): CrowdSettings {
		const next = changeCrowdSettings(this.stage.crowd, patch);
		this.stage.setCrowd(next);
		this.#crowd?.settingsChanged(next);
		return next;
	}

	inject(kind: InjectKind): void {
		this.#crowd?.inject(kind);
	}

	// --- everyone ------------------------------------------------------------

	comment(who: Participant, text: string): StageComment {
		if (!this.#bucket(this.#commentBuckets, who.peerId, COMMENT_BURST, COMMENTS_PER_SECOND).take()) {
			throw new ProtocolError('rate_limited', 'wait a moment before commenting again');
		}
		return this.stage.addComment({ name: who.name, text, source: who.role });
	}

	like(who: Participant, count: number): number {
		if (!this.#bucket(this.#likeBuckets, who.peerId, LIKE_BURST, LIKES_PER_SECOND).take()) {
			throw new ProtocolError('rate_limited', 'too many likes at once');
		}
		return this.stage.addLikes(count);
	}

	order(who: Participant, input: { productId: string; variantId: string; quantity: number }): StageOrder {
		if (!this.running) throw new ProtocolError('invalid_state', 'orders open when the seller is live');
		return this.stage.order({ ...input, buyerKey: `person:${who.name.toLowerCase()}`, buyerName: who.name, simulated: false });
	}

	forget(peerId: string): void {
		this.#commentBuckets.delete(peerId);
		this.#likeBuckets.delete(peerId);
	}

	#bucket(map: Map<string, TokenBucket>, key: string, burst: number, rate: number): TokenBucket {
		let bucket = map.get(key);
		if (!bucket) {
			bucket = new TokenBucket(burst, rate);
			map.set(key, bucket);
		}
		return bucket;
	}

	#loadProducts(): Product[] {
		return this.#deps.catalog.getProducts(this.#productIds);
	}

	/** Comments made in one event-loop turn go out as one message. */
	#queueComment(comment: StageComment): void {
		this.#pendingComments.push(comment);
		if (this.#pendingComments.length === 1) {
			setImmediate(() => {
				const batch = this.#pendingComments;
				this.#pendingComments = [];
				this.#deps.broadcast('stage:comments', batch);
			});
		}
	}

	#queueCounters(likesDelta: number): void {
		this.#likesDelta += likesDelta;
		if (this.#counterTimer) return;
		this.#counterTimer = setTimeout(() => {
			this.#counterTimer = null;
			const delta = this.#likesDelta;
			this.#likesDelta = 0;
			this.#deps.broadcast('stage:counters', { likes: this.stage.likes, viewers: this.stage.viewers, likesDelta: delta });
		}, COUNTER_INTERVAL_MS);
		this.#counterTimer.unref();
	}
}
