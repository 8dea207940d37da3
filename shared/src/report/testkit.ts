/**
 * Fixtures for the report's unit tests (not part of the public API): a
 * session and its timeline events, at whole seconds into the live.
 */
import type { SessionInfo, TimelineEvent } from './types.ts';

/** Epoch ms of the recorded lives in the tests; s(n) is n seconds after it. */
export const T0 = 1_800_000_000_000;
export const s = (seconds: number): number => T0 + seconds * 1000;

export function session(over: Partial<SessionInfo> = {}): SessionInfo {
	return {
		id: 's_test',
		roomCode: 'ABC234',
		title: 'Gamis lebaran',
		hostName: 'Bu Sari',
		startedAt: T0,
		endedAt: s(100),
		classId: null,
		memberId: null,
		...over,
	};
}

/** A live from 0 to `seconds` with the given events in between. */
export function live(seconds: number, events: TimelineEvent[]): TimelineEvent[] {
	return [{ type: 'liveStarted', at: T0 }, ...events, { type: 'liveEnded', at: s(seconds) }];
}

export const speak = (at: number, speaking: boolean): TimelineEvent => ({ type: 'speaking', at: s(at), speaking });

export function comment(
	id: string,
	at: number,
	opts: { question?: boolean; source?: 'crowd' | 'buyer' | 'mentor' | 'host'; name?: string; text?: string } = {},
): TimelineEvent {
	return {
		type: 'comment',
		at: s(at),
		id,
		name: opts.name ?? `viewer ${id}`,
		text: opts.text ?? `text ${id}`,
		source: opts.source ?? 'crowd',
		isQuestion: opts.question ?? false,
	};
}

export const answered = (commentId: string, at: number): TimelineEvent => ({ type: 'answered', at: s(at), commentId });
export const pinned = (productId: string, at: number): TimelineEvent => ({ type: 'pinned', at: s(at), productId, productName: `Produk ${productId}` });
export const unpinned = (at: number): TimelineEvent => ({ type: 'unpinned', at: s(at) });
export const viewers = (at: number, count: number): TimelineEvent => ({ type: 'viewers', at: s(at), count });

export function order(
	productId: string,
	at: number,
	quantity: number,
	unitPrice: number,
	opts: { simulated?: boolean; flashSale?: boolean; variantLabel?: string } = {},
): TimelineEvent {
	return {
		type: 'order',
		at: s(at),
		orderId: `o_${productId}_${at}`,
		buyerName: 'Rina',
		productId,
		productName: `Produk ${productId}`,
		variantLabel: opts.variantLabel ?? 'M / Hitam',
		quantity,
		unitPrice,
		simulated: opts.simulated ?? false,
		flashSale: opts.flashSale ?? false,
	};
}


/** A flash sale of product p1 announced at `at`: it opens 10 s later and closes `endsIn` s after the announcement. */
export const flashSale = (at: number, endsIn = 70): TimelineEvent => ({
	type: 'flashSaleStarted',
	at: s(at),
	productId: 'p1',
	productName: 'Produk p1',
	salePrice: 99_000,
	startsAt: s(at + 10),
	endsAt: s(at + endsIn),
	perBuyerLimit: 2,
});
