import { randomInt } from 'node:crypto';
import {
	changeCrowdSettings,
	COMMENT_HISTORY,
	GladiError,
	type CrowdSettings,
	type InjectKind,
	type MentorNote,
	type NoteTag,
	type Product,
	type RubricCriterion,
	type RubricLevel,
	type ServerEvents,
	type StageComment,
	type StageOrder,
} from '@gladi/shared';
import { newId } from '../store/ids.ts';
import { TimelineWriter } from './timelineWriter.ts';
import { CrowdRunner, type CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import type { SessionStore } from '../store/store.ts';
import { Stage } from './stage.ts';
import type { Logger } from '../logger.ts';
import type { Peer } from './peer.ts';
/** Counters (likes, viewers) reach clients at most this often. */
const COUNTER_INTERVAL_MS = 200;

/** The products a room sells: copied into it, so editing the catalog never empties a room. */
export interface RoomProducts {
	current(): Product[];
	/** Sell these instead (fresh copies from the owner's catalog, saved as the room's); rejects if one is unknown. */
	choose(productIds: readonly string[]): Promise<Product[]>;
}

export interface LiveStageDeps {
	products: RoomProducts;
	sessions: SessionStore;
	/** The room's last session, if it had one (notes and scores after a live go to it). */
	lastSessionId: string | null;
	roomCode: string;
	title: string;
	/** Send to the host only (whispers). */
	toHost<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
	broadcast<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void;
	hostName(): string;
	log: Logger;
}

/**
 * A room's selling stage while it is (or was last) live: the Stage's state,
 * the simulated crowd, and fan-out to everyone in the
 * room (comments batched per event-loop turn, counters throttled).
 */
export class LiveStage {
	readonly stage: Stage;
	/** The session timeline written as the live happens. */
	readonly timeline: TimelineWriter;
	readonly #deps: LiveStageDeps;
	#crowd: CrowdRunner | null = null;
	#pendingComments: StageComment[] = [];
	#counterTimer: NodeJS.Timeout | null = null;
	#likesDelta = 0;
	/** Remembered so a crowd started after the host began talking knows it. */
	#hostSpeaking = false;

	constructor(deps: LiveStageDeps) {
		this.#deps = deps;
		this.stage = new Stage(deps.products.current(), deps.defaultCrowd);
		this.timeline = new TimelineWriter(deps.sessions, this.stage, deps.lastSessionId, deps.log);
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

	/**
	 * The live started: fresh stock from the room's products, a new crowd, a
	 * new session (of the class member whose turn it is, for a class room).
	 * Resolves once the session and its first events are committed.
	 */
	start(hostName: string, turn: { classId: string; memberId: string } | null): Promise<void> {
		return this.timeline.committed(() => this.#start(hostName, turn));
	}

	#start(hostName: string, turn: { classId: string; memberId: string } | null): void {
		this.#stop();
		this.stage.reset(this.#deps.products.current());
		this.timeline.start({
			roomCode: this.#deps.roomCode,
			title: this.#deps.title,
			hostName,
			classId: turn?.classId ?? null,
			memberId: turn?.memberId ?? null,
		});
		this.timeline.record({ type: 'crowdChanged', at: Date.now(), settings: this.stage.crowd });
		this.#crowd = new CrowdRunner({
			stage: this.stage,
			createEngine: this.#deps.createCrowdEngine,
			hostName: () => this.#deps.hostName(),
			seed: randomInt(2 ** 31),
			log: this.#deps.log,
		});
		this.#crowd.on('gift', (gift) => this.#deps.broadcast('stage:gift', gift));
		this.#crowd.start();
		if (this.#hostSpeaking) this.#crowd.hostSpeaking(true);
	}

	/** The live ended (if it was running); resolves once its end is committed. */
	stop(): Promise<void> {
		return this.timeline.committed(() => this.#stop());
	}

	/** Its writes go on in the background (timeline.flushed() says when they are done). */
	close(): void {
		this.#stop();
		if (this.#counterTimer) clearTimeout(this.#counterTimer);
		this.#counterTimer = null;
	}

	peopleWatching(count: number): void {
		this.stage.setPeopleWatching(count);
	}

	hostSpeaking(speaking: boolean): void {
		this.#hostSpeaking = speaking;
		this.#crowd?.hostSpeaking(speaking);
		this.timeline.record({ type: 'speaking', at: Date.now(), speaking });
	}

	// --- host ------------------------------------------------------------
	// What a request does is acknowledged once the timeline events it made are committed (timeline.committed).

	pin(productId: string): Promise<void> {
		return this.timeline.committed(() => {
			const product = this.stage.pin(productId);
			this.#crowd?.pinned(productId);
			this.timeline.record({ type: 'pinned', at: Date.now(), productId, productName: product.name });
		});
	}

	unpin(): Promise<void> {
		return this.timeline.committed(() => {
			this.stage.unpin();
			this.#crowd?.unpinned();
			this.timeline.record({ type: 'unpinned', at: Date.now() });
		});
	}

	startFlashSale(input: Parameters<Stage['startFlashSale']>[0]): Promise<void> {
		return this.timeline.committed(() => {
			const sale = this.stage.startFlashSale(input);
			this.#crowd?.flashSaleScheduled(sale);
			const productName = this.stage.products.find((p) => p.id === sale.productId)?.name ?? '';
			this.timeline.record({ type: 'flashSaleStarted', at: Date.now(), productName, ...sale });
		});
	}

	endFlashSale(): Promise<void> {
		return this.timeline.committed(() => {
			const sale = this.stage.endFlashSale();
			if (!sale) return;
			this.#crowd?.flashSaleEnded(sale.productId);
			this.timeline.record({ type: 'flashSaleEnded', at: Date.now(), productId: sale.productId });
		});
	}

	markAnswered(commentId: string): Promise<void> {
		return this.timeline.committed(() => void this.stage.markAnswered(commentId));
	}

	pinComment(commentId: string | null): Promise<void> {
		return this.timeline.committed(() => {
			this.stage.pinComment(commentId);
			this.timeline.record({ type: 'commentPinned', at: Date.now(), commentId });
		});
	}

	// --- mentor --------------------------------------------------------------

	whisper(mentor: Peer, text: string): Promise<void> {
		return this.timeline.committed(() => {
			if (!this.running) throw new GladiError('not_live', 'whispers reach the host during the live');
			const at = Date.now();
			this.#deps.toHost('stage:whisper', { text, from: mentor.name, at });
			this.timeline.record({ type: 'whisper', at, mentorName: mentor.name, text });
		});
	}

	/** A note on the running session, or after the live on the last one. */
	async note(mentor: Peer, input: { text: string; tags: NoteTag[]; at?: number | undefined }): Promise<MentorNote> {
		const sessionId = this.#sessionForFeedback();
		const note: MentorNote = { id: newId('n'), sessionId, at: input.at ?? Date.now(), mentorName: mentor.name, text: input.text, tags: input.tags };
		await this.#deps.sessions.addNote(note);
		return note;
	}

	async score(mentor: Peer, criterion: RubricCriterion, level: RubricLevel): Promise<void> {
		await this.#deps.sessions.setScore(this.#sessionForFeedback(), { criterion, level, mentorName: mentor.name, updatedAt: Date.now() });
	}

	inject(mentor: Peer, kind: InjectKind): Promise<void> {
		return this.timeline.committed(() => {
			if (!this.#crowd) throw new GladiError('not_live', 'the crowd runs during the live');
			this.#crowd.inject(kind);
			this.timeline.record({ type: 'inject', at: Date.now(), mentorName: mentor.name, kind });
		});
	}

	viewProduct(who: Peer, productId: string): Promise<void> {
		return this.timeline.committed(() => {
			if (!this.stage.products.some((p) => p.id === productId)) throw new GladiError('product_not_in_room', 'this product is not in the room');
			this.timeline.record({ type: 'productView', at: Date.now(), productId, name: who.name, simulated: false });
		});
	}

	#sessionForFeedback(): string {
		const sessionId = this.timeline.sessionId;
		if (!sessionId) throw new GladiError('no_session', 'there is no session yet: notes and scores start with the first live');
		return sessionId;
	}

	// --- host and mentor -----------------------------------------------------

	async setProducts(productIds: string[]): Promise<void> {
		const products = await this.#deps.products.choose(productIds);
		this.stage.setProducts(products);
		this.#crowd?.productsChanged();
	}

	setCrowd(patch: Partial<CrowdSettings>): Promise<CrowdSettings> {
		return this.timeline.committed(() => {
			const next = changeCrowdSettings(this.stage.crowd, patch);
			this.stage.setCrowd(next);
			this.#crowd?.settingsChanged(next);
			this.timeline.record({ type: 'crowdChanged', at: Date.now(), settings: next });
			return next;
		});
	}

	// --- everyone ------------------------------------------------------------

	comment(who: Peer, text: string): Promise<StageComment> {
		return this.timeline.committed(() => {
			if (!who.limits.comments.take()) {
				throw new GladiError('comment_rate_limited', 'wait a moment before commenting again');
			}
			return this.stage.addComment({ name: who.name, text, source: who.role });
		});
	}

	like(who: Peer, count: number): number {
		// A like request may carry several taps: each counts against the person's allowance.
		if (!who.limits.likes.take(Date.now(), count)) {
			throw new GladiError('like_rate_limited', 'too many likes at once');
		}
		return this.stage.addLikes(count);
	}

	order(who: Peer, input: { productId: string; variantId: string; quantity: number }): Promise<StageOrder> {
		return this.timeline.committed(() => {
			if (!this.running) throw new GladiError('not_live', 'orders open when the seller is live');
			// The flash sale's per-buyer limit counts per person, not per name: a new name is the same buyer.
			return this.stage.order({ ...input, buyerKey: who.personKey, buyerName: who.name, simulated: false });
		});
	}

	#stop(): void {
		this.#crowd?.stop();
		this.#crowd = null;
		this.timeline.stop();
		this.stage.setCrowdViewers(0);
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
