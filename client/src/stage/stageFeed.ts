import type { JoinResponse, QosState, StageComment, StageOrder, StageState } from '@gladi/shared';
import type { GladiSocket } from '../signaling/signalingClient.ts';

/** Comments a page keeps (older ones scroll away). */
const KEEP_COMMENTS = 80;
const KEEP_ORDERS = 30;

export interface FeedSnapshot {
	stage: StageState | null;
	comments: StageComment[];
	orders: StageOrder[];
	/** Grows with every like: the overlay floats a heart per step. */
	hearts: number;
	lastGift: { name: string; gift: string; count: number; at: number } | null;
	/** Host only: the mentor's latest cue. */
	whisper: { text: string; from: string; at: number } | null;
	/** Mentors only: everyone's connection quality, from the server's last `qos:state`, and when it arrived (this device's clock). */
	qos: { state: QosState; receivedAt: number } | null;
}

const EMPTY: FeedSnapshot = { stage: null, comments: [], orders: [], hearts: 0, lastGift: null, whisper: null, qos: null };

/**
 * The stage as this page sees it: the state from the join, kept current by the
 * server's stage notifications. Orders carry their stock change, so the
 * products' stock is updated here without a full state message.
 */
export class StageFeed {
	#snapshot: FeedSnapshot = EMPTY;
	readonly #listeners = new Set<() => void>();

	constructor(socket: GladiSocket) {
		socket.on('stage:state', (stage) => this.#update({ stage }));
		socket.on('stage:comments', (batch) => {
			this.#update({ comments: [...this.#snapshot.comments, ...batch].slice(-KEEP_COMMENTS) });
		});
		socket.on('stage:answered', ({ commentId }) => {
			this.#update({
				comments: this.#snapshot.comments.map((c) => (c.id === commentId ? { ...c, answered: true } : c)),
			});
		});
		socket.on('stage:counters', ({ likes, viewers, likesDelta }) => {
			const stage = this.#snapshot.stage;
			if (!stage) return;
			this.#update({ stage: { ...stage, likes, viewers }, hearts: this.#snapshot.hearts + Math.min(likesDelta, 8) });
		});
		socket.on('stage:order', (order) => this.#applyOrder(order));
		socket.on('stage:gift', (gift) => this.#update({ lastGift: { ...gift, at: Date.now() } }));
		socket.on('stage:whisper', (whisper) => this.#update({ whisper: { ...whisper, at: Date.now() } }));
		socket.on('qos:state', (state) => this.#update({ qos: { state, receivedAt: Date.now() } }));
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};
	getSnapshot = (): FeedSnapshot => this.#snapshot;

	/** A (re)join: start from what the server sent. */
	reset(join: Pick<JoinResponse, 'stage' | 'comments' | 'orders'>): void {
		this.#update({ stage: join.stage, comments: join.comments, orders: join.orders });
	}

	#applyOrder(order: StageOrder): void {
		const stage = this.#snapshot.stage;
		const next: Partial<FeedSnapshot> = { orders: [...this.#snapshot.orders, order].slice(-KEEP_ORDERS) };
		if (stage) {
			next.stage = {
				...stage,
				orders: stage.orders + 1,
				gmv: stage.gmv + order.unitPrice * order.quantity,
				products: stage.products.map((p) =>
					p.id !== order.productId
						? p
						: {
								...p,
								variants: p.variants.map((v) =>
									v.id === order.variantId ? { ...v, stock: Math.max(0, v.stock - order.quantity) } : v,
								),
							},
				),
			};
		}
		this.#update(next);
	}

	#update(patch: Partial<FeedSnapshot>): void {
		this.#snapshot = { ...this.#snapshot, ...patch };
		for (const l of this.#listeners) l();
	}
}
