import { variantLabel, type Product } from '../domain/catalog.ts';
import type { CommentSource, FlashSale, StageComment } from '../domain/stage.ts';
import type { InjectKind } from '../crowd/types.ts';
import { liveWindow } from './computeReport.ts';
import { longSilences, talkSpans, type Span } from './talk.ts';
import type { MentorNote, NoteTag, RecordingInfo, SessionInfo, TimelineEvent } from './types.ts';

/**
 * The replay page's pure parts: a session's timeline turned into the moments
 * listed beside the video, and the stage (comment feed, pinned product, flash
 * sale, counters) as the host saw it at any moment of the recording.
 */

type CommentEvent = Extract<TimelineEvent, { type: 'comment' }>;
type OrderEvent = Extract<TimelineEvent, { type: 'order' }>;

/** Comments the replayed feed holds: the feed's height shows about a dozen, the rest scrolled away. */
export const REPLAY_FEED_COMMENTS = 30;
/** How far before a moment a jump to it lands, so the lead-up is on screen (at most 5 s). */
export const SEEK_LEAD_MS = 2_000;

/** A value that changes at moments of the live (the pinned product, the flash sale...). */
interface Change<T> {
	at: number;
	value: T;
}

export interface Replay {
	/** The live's span, epoch ms (offsets are from start). */
	start: number;
	end: number;
	comments: CommentEvent[];
	commentById: Map<string, CommentEvent>;
	/** When each comment was first marked answered. */
	answeredAt: Map<string, number>;
	pins: Change<string | null>[];
	commentPins: Change<string | null>[];
	sales: Change<FlashSale | null>[];
	orders: OrderEvent[];
	viewers: Change<number>[];
	likes: Change<number>[];
	/** Host silences of 10 s or more. */
	silences: Span[];
	/** Every event in time order (what the stage shows changes only at these). */
	events: TimelineEvent[];
}

/** Index the session's events (any order) for the replay. */
export function buildReplay(session: SessionInfo, events: readonly TimelineEvent[]): Replay {
	const sorted = events.slice().sort((a, b) => a.at - b.at);
	const { start, end } = liveWindow(session, sorted);
	const replay: Replay = {
		start,
		end,
		comments: [],
		commentById: new Map(),
		answeredAt: new Map(),
		pins: [],
		commentPins: [],
		sales: [],
		orders: [],
		viewers: [],
		likes: [],
		silences: longSilences(talkSpans(sorted, start, end), start, end),
		events: sorted,
	};
	for (const e of sorted) {
		switch (e.type) {
			case 'comment':
				replay.comments.push(e);
				replay.commentById.set(e.id, e);
				break;
			case 'answered':
				if (!replay.answeredAt.has(e.commentId)) replay.answeredAt.set(e.commentId, e.at);
				break;
			case 'pinned':
				replay.pins.push({ at: e.at, value: e.productId });
				break;
			case 'unpinned':
				replay.pins.push({ at: e.at, value: null });
				break;
			case 'commentPinned':
				replay.commentPins.push({ at: e.at, value: e.commentId });
				break;
			case 'flashSaleStarted':
				replay.sales.push({
					at: e.at,
					value: { productId: e.productId, salePrice: e.salePrice, startsAt: e.startsAt, endsAt: e.endsAt, perBuyerLimit: e.perBuyerLimit },
				});
				break;
			case 'flashSaleEnded':
				replay.sales.push({ at: e.at, value: null });
				break;
			case 'order':
				replay.orders.push(e);
				break;
			case 'viewers':
				replay.viewers.push({ at: e.at, value: e.count });
				break;
			case 'likes':
				replay.likes.push({ at: e.at, value: e.total });
				break;
			default:
				break;
		}
	}
	return replay;
}

/** How many of `sorted` (by at) happened at or before `at`. */
export function countUntil(sorted: ReadonlyArray<{ at: number }>, at: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid]!.at <= at) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function valueAt<T>(changes: ReadonlyArray<Change<T>>, at: number, initial: T): T {
	const n = countUntil(changes, at);
	return n > 0 ? changes[n - 1]!.value : initial;
}

/**
 * The time of the last event at or before `at` (-Infinity before the first):
 * the stage at `at` is the stage at this time, so a page recomputes it only
 * when this changes, not on every frame.
 */
export function settledAt(replay: Replay, at: number): number {
	const n = countUntil(replay.events, at);
	return n > 0 ? replay.events[n - 1]!.at : -Infinity;
}

export interface ReplayStage {
	/** The newest comments so far, oldest first, answered as of then. */
	comments: StageComment[];
	pinnedComment: StageComment | null;
	pinnedProductId: string | null;
	flashSale: FlashSale | null;
	viewers: number;
	likes: number;
	/** The room's products with the stock left then (the live started from the catalog's stock). */
	products: Product[];
}

/** The stage as the host saw it at `at` (epoch ms). */
export function stageAt(replay: Replay, products: readonly Product[], at: number): ReplayStage {
	const shown = countUntil(replay.comments, at);
	const toStage = (c: CommentEvent): StageComment => {
		const answeredAt = replay.answeredAt.get(c.id);
		return {
			id: c.id,
			at: c.at,
			name: c.name,
			text: c.text,
			source: c.source,
			isQuestion: c.isQuestion,
			answered: answeredAt !== undefined && answeredAt <= at,
			...(c.personaId ? { personaId: c.personaId } : {}),
		};
	};
	const pinnedCommentId = valueAt(replay.commentPins, at, null);
	const pinnedComment = pinnedCommentId === null ? undefined : replay.commentById.get(pinnedCommentId);
	return {
		comments: replay.comments.slice(Math.max(0, shown - REPLAY_FEED_COMMENTS), shown).map(toStage),
		pinnedComment: pinnedComment && pinnedComment.at <= at ? toStage(pinnedComment) : null,
		pinnedProductId: valueAt(replay.pins, at, null),
		flashSale: valueAt(replay.sales, at, null),
		viewers: valueAt(replay.viewers, at, 0),
		likes: valueAt(replay.likes, at, 0),
		products: stockAt(products, replay.orders.slice(0, countUntil(replay.orders, at))),
	};
}

/**
 * Products after the given orders: each order takes its quantity from the
 * variant with its label, or (a variant renamed since) from the first with
 * stock. Never below zero; products without orders are returned as they are.
 */
export function stockAt(products: readonly Product[], orders: readonly Pick<OrderEvent, 'productId' | 'variantLabel' | 'quantity'>[]): Product[] {
	if (orders.length === 0) return products.slice();
	const byProduct = new Map<string, Array<Pick<OrderEvent, 'variantLabel' | 'quantity'>>>();
	for (const o of orders) byProduct.set(o.productId, [...(byProduct.get(o.productId) ?? []), o]);
	return products.map((p) => {
		const taken = byProduct.get(p.id);
		if (!taken) return p;
		const variants = p.variants.map((v) => ({ ...v }));
		for (const o of taken) {
			const variant = variants.find((v) => variantLabel(v) === o.variantLabel) ?? variants.find((v) => v.stock > 0);
			if (variant) variant.stock = Math.max(0, variant.stock - o.quantity);
		}
		return { ...p, variants };
	});
}

interface MomentBase {
	key: string;
	/** Epoch ms (server clock). */
	at: number;
	/** Since the live started. */
	offsetMs: number;
}

/** One entry of the replay's timeline. */
export type ReplayMoment = MomentBase &
	(
		| { kind: 'comment'; id: string; name: string; text: string; source: CommentSource; isQuestion: boolean; answeredAt: number | null }
		| { kind: 'pin'; productName: string }
		| { kind: 'flashSale'; productName: string; salePrice: number; durationMs: number }
		| { kind: 'order'; buyerName: string; productName: string; variantLabel: string; quantity: number; simulated: boolean }
		| { kind: 'whisper'; mentorName: string; text: string }
		| { kind: 'surprise'; mentorName: string; inject: InjectKind }
		| { kind: 'note'; id: string; mentorName: string; text: string; tags: NoteTag[] }
		| { kind: 'silence'; durationMs: number }
	);

export type ReplayMomentKind = ReplayMoment['kind'];

/**
 * The moments of a session in time order (a silence at its start; at the same
 * ms, in the order they were recorded, notes last): comments and questions
 * with when they were answered, pins, flash sales, orders, whispers, the
 * mentor's surprises, notes and silences of 10 s or more.
 */
export function replayMoments(replay: Replay, notes: readonly MentorNote[]): ReplayMoment[] {
	const { start } = replay;
	const base = (key: string, at: number): MomentBase => ({ key, at, offsetMs: at - start });
	const moments: ReplayMoment[] = [];
	replay.events.forEach((e, i) => {
		switch (e.type) {
			case 'comment':
				moments.push({
					...base(`c:${e.id}`, e.at),
					kind: 'comment',
					id: e.id,
					name: e.name,
					text: e.text,
					source: e.source,
					isQuestion: e.isQuestion,
					answeredAt: replay.answeredAt.get(e.id) ?? null,
				});
				break;
			case 'pinned':
				moments.push({ ...base(`p:${i}`, e.at), kind: 'pin', productName: e.productName });
				break;
			case 'flashSaleStarted':
				moments.push({ ...base(`f:${i}`, e.at), kind: 'flashSale', productName: e.productName, salePrice: e.salePrice, durationMs: e.endsAt - e.startsAt });
				break;
			case 'order':
				moments.push({
					...base(`o:${e.orderId}`, e.at),
					kind: 'order',
					buyerName: e.buyerName,
					productName: e.productName,
					variantLabel: e.variantLabel,
					quantity: e.quantity,
					simulated: e.simulated,
				});
				break;
			case 'whisper':
				moments.push({ ...base(`w:${i}`, e.at), kind: 'whisper', mentorName: e.mentorName, text: e.text });
				break;
			case 'inject':
				moments.push({ ...base(`i:${i}`, e.at), kind: 'surprise', mentorName: e.mentorName, inject: e.kind });
				break;
			default:
				break;
		}
	});
	for (const [from, to] of replay.silences) moments.push({ ...base(`s:${from}`, from), kind: 'silence', durationMs: to - from });
	for (const n of notes) moments.push({ ...base(`n:${n.id}`, n.at), kind: 'note', id: n.id, mentorName: n.mentorName, text: n.text, tags: [...n.tags] });
	// Stable: events keep their recorded order, silences and notes follow at the same ms.
	return moments.sort((a, b) => a.at - b.at);
}

/** The last moment at or before `at` (its index; -1 before the first). */
export function momentIndexAt(moments: readonly ReplayMoment[], at: number): number {
	return countUntil(moments, at) - 1;
}

/** The first moment at or after `offsetMs` into the live (a link's `?at=`), else the last one; -1 when there are none. */
export function momentIndexFrom(moments: readonly ReplayMoment[], offsetMs: number): number {
	if (moments.length === 0) return -1;
	const i = moments.findIndex((m) => m.offsetMs >= offsetMs);
	return i >= 0 ? i : moments.length - 1;
}

/** The recording's time (seconds) to jump to for a moment: `leadMs` before it, within the file (a duration of 0 is unknown). */
export function seekSeconds(at: number, recording: Pick<RecordingInfo, 'startedAt' | 'durationMs'>, leadMs = SEEK_LEAD_MS): number {
	const ms = Math.max(0, at - recording.startedAt - leadMs);
	return (recording.durationMs > 0 ? Math.min(recording.durationMs, ms) : ms) / 1000;
}

/** The moment of the live (epoch ms) that the recording shows at `seconds`. */
export function recordingTimeToEpoch(seconds: number, recording: Pick<RecordingInfo, 'startedAt'>): number {
	return recording.startedAt + Math.round(seconds * 1000);
}
