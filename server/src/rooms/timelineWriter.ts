import type { SessionInfo, StageComment, StageOrder, TimelineEvent } from '@gladi/shared';
import type { Logger } from '../logger.ts';
import { newId } from '../store/ids.ts';
import type { SessionStore } from '../store/store.ts';
import type { Stage } from './stage.ts';

/** Viewer and like counts are sampled at most this often. */
const SAMPLE_MS = 1000;

/**
 * Writes a live's timeline as it happens: one row per event, in the order
 * they happened (each write waits for the one before it). An action that is
 * acknowledged runs in committed(), so it is acknowledged only once its
 * events are committed: a crash loses nothing the server already confirmed.
 * What the server does by itself (the crowd, samples) is written without
 * anyone waiting; a failed write is logged.
 */
export class TimelineWriter {
	readonly #store: SessionStore;
	readonly #stage: Stage;
	readonly #log: Logger;
	/** Settles after the last write asked for. */
	#tail: Promise<void> = Promise.resolve();
	/** The writes of the committed() action running now. */
	#capture: Array<Promise<void>> | null = null;
	#session: SessionInfo | null = null;
	#lastSessionId: string | null;
	#sampler: NodeJS.Timeout | null = null;
	#lastViewers = -1;
	#lastLikes = -1;
	readonly #unsubscribe: Array<() => void> = [];

	constructor(store: SessionStore, stage: Stage, lastSessionId: string | null, log: Logger) {
		this.#store = store;
		this.#stage = stage;
		this.#lastSessionId = lastSessionId;
		this.#log = log;
	}

	/** The running session's id, else the last one's. */
	get sessionId(): string | null {
		return this.#session?.id ?? this.#lastSessionId;
	}

	get active(): SessionInfo | null {
		return this.#session;
	}

	/** A new session (the running one ends first); its record is written before its events. */
	start(info: Omit<SessionInfo, 'id' | 'startedAt' | 'endedAt'>, at = Date.now()): SessionInfo {
		this.stop(at);
		const session: SessionInfo = { ...info, id: newId('s'), startedAt: at, endedAt: null };
		this.#write(() => this.#store.startSession(session));
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

	/** End the running session, if any: its last samples, `liveEnded` and its end are written after its other events. */
	stop(at = Date.now()): void {
		const session = this.#session;
		if (!session) return;
		this.sample(at);
		this.record({ type: 'liveEnded', at });
		this.#write(() => this.#store.endSession(session.id, at));
		this.#session = null;
		if (this.#sampler) clearInterval(this.#sampler);
		this.#sampler = null;
		for (const off of this.#unsubscribe.splice(0)) off();
	}

	/** Add to the running session's timeline (nothing without one). */
	record(event: TimelineEvent): void {
		const session = this.#session;
		if (session) this.#write(() => this.#store.appendEvent(session.id, event));
	}

	/**
	 * Run `action` (synchronous: what it does to the stage happens at once);
	 * resolves with its result once every event it recorded is committed,
	 * rejects if one could not be.
	 */
	async committed<T>(action: () => T): Promise<T> {
		const outer = this.#capture;
		const writes: Array<Promise<void>> = [];
		this.#capture = writes;
		let result: T;
		try {
			result = action();
		} finally {
			this.#capture = outer;
			outer?.push(...writes);
		}
		await Promise.all(writes);
		return result;
	}

	/** Resolves once everything asked so far is written (or failed). */
	flushed(): Promise<void> {
		return this.#tail;
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

	/** Write after everything asked before; the action running in committed(), if any, waits for it. */
	#write(write: () => Promise<void>): void {
		const done = this.#tail.then(write);
		this.#tail = done.catch((error: unknown) => this.#log.error({ err: error }, 'a timeline write failed'));
		this.#capture?.push(done);
	}
}
