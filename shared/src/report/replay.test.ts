import { describe, expect, it } from 'vitest';
import type { Product } from '../domain/catalog.ts';
import {
	buildReplay,
	countUntil,
	momentIndexAt,
	momentIndexFrom,
	recordingTimeToEpoch,
	REPLAY_FEED_COMMENTS,
	replayMoments,
	seekSeconds,
	settledAt,
	stageAt,
	stockAt,
} from './replay.ts';
import { answered, comment, flashSale, live, order, pinned, s, session, speak, unpinned, viewers } from './testkit.ts';
import type { MentorNote } from './types.ts';

const product = (id: string, stock: Array<[size: string, color: string, stock: number]>): Product => ({
	id,
	name: `Produk ${id}`,
	description: '',
	price: 150_000,
	category: 'gamis',
	material: '',
	imageUrl: null,
	thumbnailUrl: null,
	variants: stock.map(([size, color, n]) => ({ id: `${id}-${color}-${size}`, size, color, stock: n })),
});
const GAMIS = product('p1', [
	['M', 'Hitam', 5],
	['L', 'Hitam', 2],
]);
const HIJAB = product('p2', [['All', 'Navy', 10]]);

const note = (id: string, at: number, text: string): MentorNote => ({ id, sessionId: 's_test', at: s(at), mentorName: 'Pak Budi', text, tags: ['missedQuestion'] });

describe('the stage at a moment of the replay', () => {
	const events = live(100, [
		viewers(1, 3),
		comment('c1', 5, { question: true, name: 'yanti', text: 'bahannya apa kak?' }),
		pinned('p1', 8),
		comment('c2', 10),
		answered('c1', 12),
		{ type: 'commentPinned', at: s(14), commentId: 'c2' },
		flashSale(20, 70),
		order('p1', 35, 2, 99_000, { variantLabel: 'Hitam / M' }),
		{ type: 'likes', at: s(36), total: 14 },
		{ type: 'flashSaleEnded', at: s(60), productId: 'p1' },
		unpinned(70),
		{ type: 'commentPinned', at: s(75), commentId: null },
	]);
	const replay = buildReplay(session(), events);

	it('before anything happened: an empty stage', () => {
		const stage = stageAt(replay, [GAMIS], s(0.5));
		expect(stage).toMatchObject({ comments: [], pinnedComment: null, pinnedProductId: null, flashSale: null, viewers: 0, likes: 0 });
	});

	it('comments so far, answered only once the host marked them', () => {
		expect(stageAt(replay, [], s(11)).comments.map((c) => [c.id, c.answered])).toEqual([
			['c1', false],
			['c2', false],
		]);
		expect(stageAt(replay, [], s(12)).comments.map((c) => [c.id, c.answered])).toEqual([
			['c1', true],
			['c2', false],
		]);
		expect(stageAt(replay, [], s(12)).comments[0]).toMatchObject({ name: 'yanti', text: 'bahannya apa kak?', isQuestion: true, source: 'crowd' });
	});

	it('the pinned product, pinned comment, flash sale and counters as they were', () => {
		const during = stageAt(replay, [GAMIS], s(40));
		expect(during.pinnedProductId).toBe('p1');
		expect(during.pinnedComment?.id).toBe('c2');
		expect(during.flashSale).toEqual({ productId: 'p1', salePrice: 99_000, startsAt: s(30), endsAt: s(90), perBuyerLimit: 2 });
		expect([during.viewers, during.likes]).toEqual([3, 14]);
		const after = stageAt(replay, [GAMIS], s(80));
		expect([after.pinnedProductId, after.pinnedComment, after.flashSale]).toEqual([null, null, null]);
	});

	it('stock goes down with the orders placed so far', () => {
		const stock = (at: number) => stageAt(replay, [GAMIS, HIJAB], s(at)).products.map((p) => p.variants.map((v) => v.stock));
		expect(stock(34)).toEqual([[5, 2], [10]]);
		expect(stock(35)).toEqual([[3, 2], [10]]);
	});

	it('the feed keeps only the newest comments', () => {
		const many = live(100, Array.from({ length: 50 }, (_, i) => comment(`m${i}`, 1 + i)));
		const comments = stageAt(buildReplay(session(), many), [], s(99)).comments;
		expect(comments).toHaveLength(REPLAY_FEED_COMMENTS);
		expect(comments.at(-1)?.id).toBe('m49');
	});

	it('settledAt: the stage changes only at events, so between two it is the same', () => {
		expect(settledAt(replay, s(0) - 1)).toBe(-Infinity);
		expect(settledAt(replay, s(9.5))).toBe(s(8));
		expect(settledAt(replay, s(11.99))).toBe(s(10));
		expect(stageAt(replay, [GAMIS], s(11.99))).toEqual(stageAt(replay, [GAMIS], settledAt(replay, s(11.99))));
	});

	it('events may come in any order', () => {
		expect(stageAt(buildReplay(session(), events.slice().reverse()), [GAMIS], s(40))).toEqual(stageAt(replay, [GAMIS], s(40)));
	});
});

describe('stockAt', () => {
	it('takes from the variant with the order’s label, else from the first with stock; never below zero', () => {
		const after = stockAt(
			[GAMIS],
			[
				{ productId: 'p1', variantLabel: 'Hitam / L', quantity: 5 },
				{ productId: 'p1', variantLabel: 'Merah / XL', quantity: 1 },
			],
		);
		expect(after[0]!.variants.map((v) => v.stock)).toEqual([4, 0]);
		// The catalog's product is left as it is.
		expect(GAMIS.variants.map((v) => v.stock)).toEqual([5, 2]);
	});
});

describe('the replay’s moments', () => {
	const events = live(100, [
		speak(0, true),
		speak(20, false),
		comment('c1', 5, { question: true, name: 'yanti', text: 'bahannya apa kak?' }),
		comment('c2', 6, { question: true }),
		answered('c2', 9),
		pinned('p1', 8),
		flashSale(25, 70),
		order('p1', 40, 1, 99_000, { variantLabel: 'Hitam / M' }),
		{ type: 'whisper', at: s(45), mentorName: 'Pak Budi', text: 'Jawab yanti' },
		{ type: 'inject', at: s(46), mentorName: 'Pak Budi', kind: 'troll' },
		speak(50, true),
		viewers(52, 9),
	]);
	const replay = buildReplay(session(), events);
	const moments = replayMoments(replay, [note('n1', 5, 'Pertanyaan bahan terlewat')]);

	it('lists comments, pins, flash sales, orders, whispers, surprises, notes and long silences in time order', () => {
		expect(moments.map((m) => [m.kind, m.offsetMs])).toEqual([
			['comment', 5_000],
			['note', 5_000],
			['comment', 6_000],
			['pin', 8_000],
			['silence', 20_000],
			['flashSale', 25_000],
			['order', 40_000],
			['whisper', 45_000],
			['surprise', 46_000],
		]);
		expect(new Set(moments.map((m) => m.key)).size).toBe(moments.length);
	});

	it('a question carries when it was answered (or null); a silence its length; a flash sale its length', () => {
		const questions = moments.filter((m) => m.kind === 'comment');
		expect(questions.map((q) => [q.id, q.answeredAt])).toEqual([
			['c1', null],
			['c2', s(9)],
		]);
		expect(moments.find((m) => m.kind === 'silence')).toMatchObject({ at: s(20), durationMs: 30_000 });
		expect(moments.find((m) => m.kind === 'flashSale')).toMatchObject({ productName: 'Produk p1', salePrice: 99_000, durationMs: 60_000 });
		expect(moments.find((m) => m.kind === 'surprise')).toMatchObject({ mentorName: 'Pak Budi', inject: 'troll' });
	});

	it('offsets count from the live’s start, which may be after the session row’s', () => {
		const later = replayMoments(buildReplay(session({ startedAt: s(-3) }), [{ type: 'liveStarted', at: s(2) }, comment('c1', 5)]), []);
		expect(later.map((m) => [m.kind, m.offsetMs])).toEqual([
			['silence', 0], // the host never spoke: all of the live, from its start
			['comment', 3_000],
		]);
	});

	it('finds the moment playing now, and the one a link points at', () => {
		expect(momentIndexAt(moments, s(4))).toBe(-1);
		expect(momentIndexAt(moments, s(5))).toBe(1);
		expect(momentIndexAt(moments, s(30))).toBe(5);
		expect(momentIndexFrom(moments, 7_000)).toBe(3);
		expect(momentIndexFrom(moments, 99_000)).toBe(moments.length - 1);
		expect(momentIndexFrom([], 0)).toBe(-1);
	});
});

describe('seeking the recording', () => {
	const recording = { startedAt: s(1.5), durationMs: 60_000 };

	it('lands 2 s before the moment, within the file', () => {
		expect(seekSeconds(s(20), recording)).toBe(16.5);
		expect(seekSeconds(s(2), recording)).toBe(0);
		expect(seekSeconds(s(500), recording)).toBe(60);
		expect(seekSeconds(s(20), recording, 0)).toBe(18.5);
		expect(seekSeconds(s(500), { ...recording, durationMs: 0 })).toBe(496.5);
	});

	it('maps the recording’s time back to the live’s clock', () => {
		expect(recordingTimeToEpoch(18.5, recording)).toBe(s(20));
		expect(recordingTimeToEpoch(seekSeconds(s(20), recording), recording)).toBe(s(18));
	});
});

describe('countUntil', () => {
	it('counts the items at or before a time (binary search)', () => {
		const list = [1, 2, 2, 5].map((at) => ({ at }));
		expect([0, 1, 2, 4, 5, 9].map((at) => countUntil(list, at))).toEqual([0, 1, 3, 3, 4, 4]);
		expect(countUntil([], 1)).toBe(0);
	});
});
