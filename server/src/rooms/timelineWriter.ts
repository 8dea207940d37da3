import type { SessionInfo, StageComment, StageOrder, TimelineEvent } from '@gladi/shared';
import { newId } from '../store/ids.ts';
import type { SessionStore } from '../store/store.ts';
import type { Stage } from './stage.ts';

/** Viewer and like counts are sampled at most this often. */
const SAMPLE_MS = 1000;

/**
 * Writes a live's timeline as it happens: one row per event, committed before
 * the action that caused it is acknowledged, so a crash loses nothing the
 * server already confirmed.
 */
export class TimelineWriter {
	readonly #store: SessionStore;
	readonly #stage: Stage;
	#session: SessionInfo | null = null;
	#lastSessionId: string | null;
	#sampler: NodeJS.Timeout | null = null;
	#lastViewers = -1;
	#lastLikes = -1;
	readonly #unsubscribe: Array<() => void> = [];

	constructor(store: SessionStore, stage: Stage, lastSessionId: string | null) {
		this.#store = store;
		this.#stage = stage;
		this.#lastSessionId = lastSessionId;
	}

	/** The running session's id, else the last one's. */
	get sessionId(): string | null {
		return this.#session?.id ?? this.#lastSessionId;
	}

	get active(): SessionInfo | null {
		return this.#session;
	}

	start(info: Omit<SessionInfo, 'id' | 'startedAt' | 'endedAt'>, at = Date.now()): SessionInfo {
		this.stop(at);
		const session: SessionInfo = { ...info, id: newId('s'), startedAt: at, endedAt: null };
		this.#store.startSession(session);
		this.#session = session;
		this.#lastSessionId = session.id;
		this.record({ type: 'liveStarted', at });
		const onComment = (c: StageComment) =>
			this.record({
				type: 'comment',
				at: c.at,
				id: c.id,
				name: c.name,
				text: c.text,
				source: c.source,
				isQuestion: c.isQuestion,
				...(c.personaId ? { personaId: c.personaId } : {}),
			});
		const onAnswered = (commentId: string) => this.record({ type: 'answered', at: Date.now(), commentId });
		const onOrder = (o: StageOrder) =>
			this.record({
				type: 'order',
				at: o.at,
				orderId: o.id,
				buyerName: o.buyerName,
				productId: o.productId,
				productName: o.productName,
				variantLabel: o.variantLabel,
				quantity: o.quantity,
				unitPrice: o.unitPrice,
				simulated: o.simulated,
				flashSale: o.flashSale,
			});
		this.#stage.on('comment', onComment);
		this.#stage.on('answered', onAnswered);
		this.#stage.on('order', onOrder);
		this.#unsubscribe.push(
			() => this.#stage.off('comment', onComment),
			() => this.#stage.off('answered', onAnswered),
			() => this.#stage.off('order', onOrder),
		);
		this.#lastViewers = -1;
		this.#lastLikes = -1;
		this.#sampler = setInterval(() => this.sample(), SAMPLE_MS);
		this.#sampler.unref();
		return session;
	}

	stop(at = Date.now()): void {
		const session = this.#session;
		if (!session) return;
		this.sample(at);
		this.record({ type: 'liveEnded', at });
		this.#store.endSession(session.id, at);
		this.#session = null;
		if (this.#sampler) clearInterval(this.#sampler);
		this.#sampler = null;
		for (const off of this.#unsubscribe.splice(0)) off();
	}

	record(event: TimelineEvent): void {
		if (this.#session) this.#store.appendEvent(this.#session.id, event);
	}

	/** Record viewer and like counts when they changed (public for tests). */
	sample(at = Date.now()): void {
		const viewers = this.#stage.viewers;
		if (viewers !== this.#lastViewers) {
			this.#lastViewers = viewers;
			this.record({ type: 'viewers', at, count: viewers });
		}
		const likes = this.#stage.likes;
		if (likes !== this.#lastLikes) {
			this.#lastLikes = likes;
			this.record({ type: 'likes', at, total: likes });
		}
	}
}
