import { describe, expect, it } from 'vitest';
import { computeReport, liveWindow } from './computeReport.ts';
import { DASHBOARD_TARGETS } from './rubric.ts';
import { answered, comment, live, order, pinned, s, session, speak, T0, unpinned, viewers } from './testkit.ts';
import type { MentorNote, RubricScore, SessionInfo, TimelineEvent } from './types.ts';

const report = (events: TimelineEvent[], over: Partial<SessionInfo> = {}, now?: number) => computeReport(session(over), events, [], [], now);

describe('duration', () => {
	it('runs from liveStarted to liveEnded, whatever the session row says', () => {
		const events: TimelineEvent[] = [
			{ type: 'liveStarted', at: s(5) },
			{ type: 'liveEnded', at: s(605) },
		];
		expect(report(events, { startedAt: T0, endedAt: s(610) }).session.durationMs).toBe(600_000);
	});

	it("falls back to the session's startedAt..endedAt without live events", () => {
		expect(report([], { startedAt: s(10), endedAt: s(70) }).session.durationMs).toBe(60_000);
	});

	it('runs to now while the live is still running', () => {
		const events: TimelineEvent[] = [{ type: 'liveStarted', at: T0 }, comment('c1', 30)];
		expect(report(events, { endedAt: null }, s(120)).session.durationMs).toBe(120_000);
	});

	it('runs to the last recorded event while running and no now is given (no clock is read)', () => {
		const events: TimelineEvent[] = [{ type: 'liveStarted', at: T0 }, comment('c1', 30), viewers(45, 3)];
		expect(report(events, { endedAt: null }).session.durationMs).toBe(45_000);
	});

	it('treats a liveStarted after the last liveEnded as running again', () => {
		const events: TimelineEvent[] = [
			{ type: 'liveStarted', at: T0 },
			{ type: 'liveEnded', at: s(100) },
			{ type: 'liveStarted', at: s(200) },
		];
		expect(liveWindow(session({ endedAt: null }), events, s(300))).toEqual({ start: T0, end: s(300) });
	});

	it('is never negative', () => {
		expect(report([], { startedAt: s(100), endedAt: s(50) }).session.durationMs).toBe(0);
	});

	it('keeps the session fields as given', () => {
		const r = report(live(100, []));
		expect(r.session).toEqual({ ...session(), durationMs: 100_000 });
	});
});

describe('talk', () => {
	it('counts speaking:true..speaking:false spans, and speaking still on at the end', () => {
		const r = report(live(100, [speak(10, true), speak(30, false), speak(50, true), speak(55, false), speak(90, true)]));
		expect(r.talk.talkMs).toBe(35_000);
		expect(r.talk.talkShare).toBe(0.35);
		// silences: 0-10, 30-50, 55-90 (35 s), none at the end
		expect(r.talk.longestSilenceMs).toBe(35_000);
	});

	it('counts the silence at the end of the live', () => {
		const r = report(live(100, [speak(0, true), speak(40, false)]));
		expect(r.talk.talkMs).toBe(40_000);
		expect(r.talk.longestSilenceMs).toBe(60_000);
	});

	it('is all silence when the host never spoke', () => {
		const r = report(live(100, [comment('c1', 10)]));
		expect(r.talk).toEqual({ talkMs: 0, talkShare: 0, longestSilenceMs: 100_000 });
	});

	it('has no silence when the host spoke from start to end', () => {
		const r = report(live(100, [speak(0, true)]));
		expect(r.talk).toEqual({ talkMs: 100_000, talkShare: 1, longestSilenceMs: 0 });
	});

	it('ignores repeated on/off and clips to the live', () => {
		const events: TimelineEvent[] = [
			speak(-5, true), // before the live: counts from its start
			speak(10, false),
			speak(12, false),
			speak(20, true),
			speak(25, true), // still the span that began at 20
			speak(30, false),
			speak(95, true),
			speak(110, false), // after the end: counts to the end
		];
		const r = report(live(100, events));
		expect(r.talk.talkMs).toBe(10_000 + 10_000 + 5_000);
		expect(r.talk.longestSilenceMs).toBe(65_000);
	});
});

describe('questions', () => {
	const asked: TimelineEvent[] = [
		comment('q7', 5, { question: true, source: 'buyer' }),
		comment('q1', 10, { question: true }),
		answered('q1', 14),
		comment('q2', 20, { question: true, source: 'buyer' }),
		comment('q3', 25, { question: true, source: 'mentor', name: 'Pak Budi', text: 'Ada ukuran XL?' }),
		comment('h1', 26, { question: true, source: 'host' }), // the host's own question: not counted
		comment('c5', 27), // not a question: its answered event is ignored
		answered('c5', 28),
		answered('q2', 30),
		answered('q1', 50), // answered again: the first answer counts
	];

	it('counts asked, answered, unanswered in time order and the median of an odd count', () => {
		const r = report(live(100, [...asked, comment('q6', 40, { question: true }), answered('q6', 41)]));
		expect(r.questions).toEqual({
			asked: 5,
			answered: 3,
			answeredShare: 0.6,
			medianTimeToAnswerMs: 4_000, // 4 s, 10 s, 1 s
			unanswered: [
				{ id: 'q7', at: s(5), name: 'viewer q7', text: 'text q7' },
				{ id: 'q3', at: s(25), name: 'Pak Budi', text: 'Ada ukuran XL?' },
			],
		});
	});

	it('takes the mean of the two middle times for an even count', () => {
		const r = report(live(100, asked));
		expect(r.questions.answered).toBe(2);
		expect(r.questions.medianTimeToAnswerMs).toBe(7_000); // 4 s and 10 s
		expect(r.questions.answeredShare).toBe(0.5);
	});

	it('has no share and no median when nothing was asked', () => {
		const r = report(live(100, [comment('c1', 10), comment('h1', 11, { question: true, source: 'host' })]));
		expect(r.questions).toEqual({ asked: 0, answered: 0, answeredShare: null, medianTimeToAnswerMs: null, unanswered: [] });
		const metric = r.dashboard.find((m) => m.key === 'answeredShare');
		expect(metric).toMatchObject({ value: 0, score: 1, weak: false });
	});
});

describe('products', () => {
	it('times pins until another pin, an unpin or the end; counts products ordered but never pinned', () => {
		const r = report(
			live(100, [
				pinned('A', 10),
				pinned('B', 30), // replaces A
				unpinned(40),
				pinned('A', 60), // pinned until the end
				order('A', 65, 2, 100_000),
				order('C', 70, 1, 45_000),
				order('A', 80, 1, 100_000),
			]),
		);
		expect(r.products).toEqual([
			{ productId: 'A', productName: 'Produk A', pins: 2, pinnedMs: 60_000, orders: 2, units: 3, gmv: 300_000 },
			{ productId: 'B', productName: 'Produk B', pins: 1, pinnedMs: 10_000, orders: 0, units: 0, gmv: 0 },
			{ productId: 'C', productName: 'Produk C', pins: 0, pinnedMs: 0, orders: 1, units: 1, gmv: 45_000 },
		]);
	});

	it('counts a re-pin of the pinned product as a pin without doubling its time, and clips to the live', () => {
		const r = report(live(100, [pinned('A', -10), pinned('A', 20), unpinned(50), pinned('B', 90)]));
		expect(r.products).toEqual([
			{ productId: 'A', productName: 'Produk A', pins: 2, pinnedMs: 50_000, orders: 0, units: 0, gmv: 0 },
			{ productId: 'B', productName: 'Produk B', pins: 1, pinnedMs: 10_000, orders: 0, units: 0, gmv: 0 },
		]);
	});

	it("keeps the latest name of a renamed product", () => {
		const events = live(100, [pinned('A', 10), { type: 'pinned', at: s(20), productId: 'A', productName: 'Gamis Baru' }]);
		expect(report(events).products[0]?.productName).toBe('Gamis Baru');
	});
});

describe('sales', () => {
	it('sums GMV at the price each buyer paid, flash-sale prices included', () => {
		const r = report(
			live(100, [
				order('A', 10, 2, 100_000),
				{
					type: 'flashSaleStarted',
					at: s(20),
					productId: 'A',
					productName: 'Produk A',
					salePrice: 75_000,
					startsAt: s(30),
					endsAt: s(60),
					perBuyerLimit: 2,
				},
				order('A', 35, 1, 75_000, { simulated: true, flashSale: true }),
				{ type: 'flashSaleEnded', at: s(60), productId: 'A' },
				order('B', 70, 3, 50_000),
			]),
		);
		expect(r.sales).toEqual({ orders: 3, units: 6, gmv: 425_000, humanOrders: 2, simulatedOrders: 1, flashSales: 1 });
		expect(r.products.find((p) => p.productId === 'A')).toMatchObject({ orders: 2, units: 3, gmv: 275_000 });
	});
});

describe('audience', () => {
	it('weights viewers by time (0 before the first sample), counts entries and peak, takes the last likes total', () => {
		const r = report(
			live(100, [
				viewers(10, 10),
				{ type: 'likes', at: s(10), total: 5 },
				viewers(40, 20),
				{ type: 'likes', at: s(50), total: 12 },
				viewers(70, 5),
				viewers(80, 8),
				comment('c1', 10),
				comment('c2', 20, { question: true }),
				comment('c3', 30, { source: 'buyer' }),
				comment('c4', 40, { source: 'mentor' }),
				comment('c5', 50),
				comment('h1', 60, { source: 'host' }),
			]),
		);
		// 0 x 10 s + 10 x 30 s + 20 x 30 s + 5 x 10 s + 8 x 20 s = 1110 viewer-seconds over 100 s
		expect(r.audience).toEqual({ peakViewers: 20, averageViewers: 11.1, commentsPerMinute: 3, likes: 12, entries: 10 + 10 + 3 });
	});

	it('carries a sample from before the live into it', () => {
		const r = report(live(100, [viewers(-10, 4), viewers(10, 10)]));
		expect(r.audience.averageViewers).toBe((4 * 10 + 10 * 90) / 100);
		expect(r.audience.entries).toBe(10);
		expect(r.audience.peakViewers).toBe(10);
	});

	it('is all zero for an empty live', () => {
		expect(report(live(100, [])).audience).toEqual({ peakViewers: 0, averageViewers: 0, commentsPerMinute: 0, likes: 0, entries: 0 });
	});
});

describe('dashboard', () => {
	// A 10-minute live: 30 viewers from the start, 4 product views and 2 orders,
	// 2 questions (1 answered), 3 minutes of talk.
	const events = live(600, [
		viewers(0, 30),
		speak(0, true),
		speak(180, false),
		...[100, 200, 300, 400].map((at): TimelineEvent => ({ type: 'productView', at: s(at), productId: 'A', name: 'Rina', simulated: true })),
		order('A', 250, 1, 100_000),
		order('B', 350, 1, 50_000, { simulated: true }),
		comment('q1', 60, { question: true }),
		answered('q1', 70),
		comment('q2', 120, { question: true }),
	]);

	it('computes every metric against its target', () => {
		const r = report(events);
		const byKey = Object.fromEntries(r.dashboard.map((m) => [m.key, m]));
		expect(r.dashboard.map((m) => m.key)).toEqual([
			'entryRate',
			'productCtr',
			'clickToOrder',
			'gpm',
			'answeredShare',
			'talkShare',
			'commentRate',
			'averageViewers',
		]);
		expect(byKey.entryRate).toMatchObject({ value: 3, unit: 'perMinute', target: DASHBOARD_TARGETS.entryRate });
		expect(byKey.productCtr).toMatchObject({ value: 20, unit: 'percent' }); // (4 views + 2 orders) / 30
		expect(byKey.clickToOrder?.value).toBeCloseTo(100 / 3, 10); // 2 orders / 6 views
		expect(byKey.gpm).toMatchObject({ value: 5_000_000, unit: 'rupiah' }); // Rp 150 000 / 30 entries x 1000
		expect(byKey.answeredShare).toMatchObject({ value: 50, unit: 'percent' });
		expect(byKey.talkShare).toMatchObject({ value: 30, unit: 'percent' });
		expect(byKey.commentRate).toMatchObject({ value: 0.2, unit: 'perMinute' });
		expect(byKey.averageViewers).toMatchObject({ value: 30, unit: 'count' });
		for (const m of r.dashboard) {
			expect(m.target).toBe(DASHBOARD_TARGETS[m.key]);
			expect(m.score).toBe(Math.min(2, m.value / m.target));
		}
	});

	it('flags exactly the three lowest scores as weak', () => {
		const r = report(events);
		const scores = Object.fromEntries(r.dashboard.map((m) => [m.key, m.score]));
		// commentRate 0.02 < talkShare 0.5 < entryRate 0.6 < answeredShare 0.625 < the rest
		expect(scores.commentRate).toBe(0.2 / DASHBOARD_TARGETS.commentRate);
		expect(r.dashboard.filter((m) => m.weak).map((m) => m.key)).toEqual(['entryRate', 'talkShare', 'commentRate']);
	});

	it('breaks ties by list order, and never flags answeredShare when nothing was asked', () => {
		const r = report(live(600, []));
		expect(r.dashboard.map((m) => [m.key, m.value, m.score, m.weak])).toEqual([
			['entryRate', 0, 0, true],
			['productCtr', 0, 0, true],
			['clickToOrder', 0, 0, true],
			['gpm', 0, 0, false],
			['answeredShare', 0, 1, false],
			['talkShare', 0, 0, false],
			['commentRate', 0, 0, false],
			['averageViewers', 0, 0, false],
		]);
	});

	it('caps scores at 2', () => {
		const r = report(live(60, [viewers(0, 1000), speak(0, true)]));
		expect(r.dashboard.find((m) => m.key === 'averageViewers')?.score).toBe(2);
	});
});

describe('rubric', () => {
	const score = (criterion: RubricScore['criterion'], level: RubricScore['level'], updatedAt: number, mentorName = 'Bu Ani'): RubricScore => ({
		criterion,
		level,
		mentorName,
		updatedAt,
	});

	it('keeps the latest score per criterion; on equal times the later one in the list', () => {
		const scores = [score('opening', 2, 1), score('opening', 4, 3, 'Pak Budi'), score('opening', 3, 2), score('callToAction', 1, 5), score('callToAction', 2, 5)];
		const r = computeReport(session(), live(100, []), [], scores);
		expect(r.rubric).toEqual({ scores: { opening: 4, callToAction: 2 }, total: 6, max: 20 });
	});

	it('is 0 of 20 when nothing was scored', () => {
		expect(report(live(100, [])).rubric).toEqual({ scores: {}, total: 0, max: 20 });
	});
});

describe('notes and whispers', () => {
	it('sorts them by time with offsets from the live start', () => {
		const note = (id: string, at: number): MentorNote => ({
			id,
			sessionId: 's_test',
			at,
			mentorName: 'Bu Ani',
			text: `note ${id}`,
			tags: ['goodGreeting'],
		});
		const events: TimelineEvent[] = [
			{ type: 'liveStarted', at: s(5) },
			{ type: 'whisper', at: s(65), mentorName: 'Pak Budi', text: 'Sebut harganya' },
			{ type: 'whisper', at: s(15), mentorName: 'Bu Ani', text: 'Sapa penonton' },
			{ type: 'liveEnded', at: s(605) },
		];
		const r = computeReport(session(), events, [note('n2', s(35)), note('n1', s(10)), note('n0', s(2))], []);
		expect(r.notes.map((n) => [n.id, n.offsetMs])).toEqual([
			['n0', -3_000],
			['n1', 5_000],
			['n2', 30_000],
		]);
		expect(r.notes[0]).toEqual({ ...note('n0', s(2)), offsetMs: -3_000 });
		expect(r.whispers).toEqual([
			{ at: s(15), offsetMs: 10_000, mentorName: 'Bu Ani', text: 'Sapa penonton' },
			{ at: s(65), offsetMs: 60_000, mentorName: 'Pak Budi', text: 'Sebut harganya' },
		]);
	});
});

describe('input order', () => {
	const events = live(300, [
		viewers(1, 5),
		speak(2, true),
		pinned('A', 3),
		comment('q1', 4, { question: true }),
		viewers(6, 9),
		speak(7, false),
		answered('q1', 8),
		order('A', 9, 1, 99_000),
		speak(11, true),
		unpinned(12),
		comment('q2', 13, { question: true }),
		{ type: 'likes', at: s(14), total: 40 },
		{ type: 'likes', at: s(15), total: 41 },
		viewers(16, 7),
		{ type: 'whisper', at: s(17), mentorName: 'Bu Ani', text: 'Jawab q2' },
		pinned('B', 18),
		speak(19, false),
		answered('q2', 20),
	]);

	it('gives the same report for shuffled events and does not touch the input', () => {
		const sorted = report(events);
		// a fixed permutation: every 7th event, wrapping
		const shuffled = events.map((_, i) => events[(i * 7) % events.length] as TimelineEvent);
		expect(new Set(shuffled).size).toBe(events.length);
		const copy = shuffled.slice();
		expect(report(shuffled)).toEqual(sorted);
		expect(report(events.slice().reverse())).toEqual(sorted);
		expect(shuffled).toEqual(copy);
		expect(sorted.talk.talkMs).toBe(5_000 + 8_000);
		expect(sorted.questions.medianTimeToAnswerMs).toBe(5_500);
		expect(sorted.audience.likes).toBe(41);
	});

	it('keeps the recorded order of events at the same ms (stable sort)', () => {
		// on and off in the same ms, then on again: the host speaks from 10 s
		const r = report(live(100, [speak(10, true), speak(10, false), speak(10, true)]));
		expect(r.talk.talkMs).toBe(90_000);
		const r2 = report(live(100, [speak(10, false), speak(10, true), speak(10, false)]));
		expect(r2.talk.talkMs).toBe(0);
	});
});

describe('a long live', () => {
	it('computes a 30-minute live at 20 comments a second exactly', () => {
		const end = 30 * 60_000;
		const events: TimelineEvent[] = [{ type: 'liveEnded', at: T0 + end }];
		for (let i = 0; i < 36_000; i++) {
			const at = T0 + i * 50;
			const isQuestion = i % 10 === 0;
			events.push({ type: 'comment', at, id: `c${i}`, name: `v${i % 97}`, text: 'kak', source: i % 3 === 0 ? 'buyer' : 'crowd', isQuestion });
			if (i % 20 === 0) events.push({ type: 'answered', at: at + 2_000, commentId: `c${i}` });
		}
		for (let k = 0; k < 180; k++) {
			events.push({ type: 'speaking', at: T0 + k * 10_000, speaking: true }, { type: 'speaking', at: T0 + k * 10_000 + 7_000, speaking: false });
		}
		for (let sec = 0; sec < 1800; sec++) events.push({ type: 'viewers', at: T0 + sec * 1000, count: 100 + (sec % 10) });
		for (let m = 0; m < 30; m++) events.push(order('A', m * 60 + 30, 1, 100_000, { simulated: m % 2 === 0 }));
		events.push({ type: 'liveStarted', at: T0 });
		events.reverse(); // newest first: the report must sort

		const r = computeReport(session({ endedAt: T0 + end }), events, [], []);
		expect(events.length).toBeGreaterThan(36_000);
		expect(r.session.durationMs).toBe(end);
		expect(r.talk).toEqual({ talkMs: 180 * 7_000, talkShare: 0.7, longestSilenceMs: 3_000 });
		expect(r.questions.asked).toBe(3_600);
		expect(r.questions.answered).toBe(1_800);
		expect(r.questions.answeredShare).toBe(0.5);
		expect(r.questions.medianTimeToAnswerMs).toBe(2_000);
		expect(r.questions.unanswered).toHaveLength(1_800);
		expect(r.questions.unanswered[0]).toEqual({ id: 'c10', at: T0 + 500, name: 'v10', text: 'kak' });
		expect(r.questions.unanswered.at(-1)?.id).toBe('c35990');
		expect(r.audience).toEqual({ peakViewers: 109, averageViewers: 104.5, commentsPerMinute: 1_200, likes: 0, entries: 100 + 9 * 180 });
		expect(r.sales).toEqual({ orders: 30, units: 30, gmv: 3_000_000, humanOrders: 15, simulatedOrders: 15, flashSales: 0 });
	});
});
