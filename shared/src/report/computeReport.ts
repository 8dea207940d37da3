import { minuteSeries } from './minutes.ts';
import { DASHBOARD_METRICS, DASHBOARD_TARGETS, RUBRIC_MAX_LEVEL, type DashboardKey } from './rubric.ts';
import {
	RUBRIC_CRITERIA,
	type DashboardMetric,
	type MentorNote,
	type RubricCriterion,
	type RubricLevel,
	type RubricScore,
	type SessionInfo,
	type SessionReport,
	type TimelineEvent,
} from './types.ts';
import { longSilences, silentSpans, talkSpans } from './talk.ts';

/**
 * The report after a live, computed from the session's recorded timeline, the
 * mentors' notes and rubric scores. Pure: no clock, no I/O; the same inputs
 * give the same report. Events may arrive in any order: they are sorted by
 * `at` (stably, so events at the same ms keep their recorded order).
 *
 * Two kinds of figures:
 *  - counts (comments, questions, orders, pins, likes, viewer samples) use every
 *    event of the timeline;
 *  - time spans (talk, silence, pinned time, time-weighted viewers) are clipped
 *    to the live: [live start, live end].
 *
 * Shares are 0-1 in the report sections and 0-100 in the dashboard (percent).
 */
export function computeReport(
	session: SessionInfo,
	events: TimelineEvent[],
	notes: MentorNote[],
	scores: RubricScore[],
	now?: number,
): SessionReport {
	const timeline = events.slice().sort((a, b) => a.at - b.at);
	const { start, end } = liveWindow(session, timeline, now);
	const durationMs = end - start;
	/** How much of [from, to) lies inside the live. */
	const inside = (from: number, to: number): number => Math.max(0, Math.min(to, end) - Math.max(from, start));

	// Talk: the host speaks from speaking:true until the next speaking:false, or
	// until the end of the live if it never comes. Repeated on/offs are ignored.
	const talks = talkSpans(timeline, start, end);

	// Pins: a product is pinned from its 'pinned' event until 'unpinned', the
	// next pin (of any product, itself included), or the end of the live.
	let pin: { productId: string; since: number } | null = null;
	const products = new Map<string, SessionReport['products'][number]>();
	const product = (productId: string, productName: string): SessionReport['products'][number] => {
		let p = products.get(productId);
		if (!p) {
			p = { productId, productName, pins: 0, pinnedMs: 0, orders: 0, units: 0, gmv: 0 };
			products.set(productId, p);
		} else {
			p.productName = productName; // the latest name wins (a product renamed mid-live)
		}
		return p;
	};
	const closePin = (at: number): void => {
		if (!pin) return;
		const p = products.get(pin.productId);
		if (p) p.pinnedMs += inside(pin.since, at);
		pin = null;
	};

	const questions: Array<Extract<TimelineEvent, { type: 'comment' }>> = [];
	const firstAnswerAt = new Map<string, number>();
	const sales = { orders: 0, units: 0, gmv: 0, humanOrders: 0, simulatedOrders: 0, flashSales: 0 };
	let comments = 0;
	let productViews = 0;
	let likes = 0;
	// Viewers: each sample holds until the next one; 0 before the first.
	let peakViewers = 0;
	let entries = 0;
	let viewers = 0;
	let viewersSince = -Infinity;
	let viewerMs = 0;
	const whispers: SessionReport['whispers'] = [];

	for (const e of timeline) {
		switch (e.type) {
			case 'comment':
				if (e.source === 'host') break;
				comments++;
				if (e.isQuestion) questions.push(e);
				break;
			case 'answered':
				if (!firstAnswerAt.has(e.commentId)) firstAnswerAt.set(e.commentId, e.at);
				break;
			case 'pinned':
				closePin(e.at);
				product(e.productId, e.productName).pins++;
				pin = { productId: e.productId, since: e.at };
				break;
			case 'unpinned':
				closePin(e.at);
				break;
			case 'order': {
				const p = product(e.productId, e.productName);
				const gmv = e.quantity * e.unitPrice; // unitPrice is what the buyer paid: the flash-sale price in a sale
				p.orders++;
				p.units += e.quantity;
				p.gmv += gmv;
				sales.orders++;
				sales.units += e.quantity;
				sales.gmv += gmv;
				if (e.simulated) sales.simulatedOrders++;
				else sales.humanOrders++;
				break;
			}
			case 'flashSaleStarted':
				sales.flashSales++;
				break;
			case 'viewers':
				viewerMs += viewers * inside(viewersSince, e.at);
				// Entries: people arriving, seen as the sum of the count's increases
				// (the first sample counts from 0). Someone leaving while another
				// arrives in the same second is invisible here.
				if (e.count > viewers) entries += e.count - viewers;
				viewers = e.count;
				viewersSince = e.at;
				peakViewers = Math.max(peakViewers, e.count);
				break;
			case 'likes':
				likes = e.total; // a running total: the last one is the live's
				break;
			case 'productView':
				productViews++;
				break;
			case 'whisper':
				whispers.push({ at: e.at, offsetMs: e.at - start, mentorName: e.mentorName, text: e.text });
				break;
			default:
				break;
		}
	}
	closePin(end);
	viewerMs += viewers * inside(viewersSince, end);

	const talkMs = talks.reduce((sum, [from, to]) => sum + (to - from), 0);
	// Longest silence: the longest gap inside the live between talks, counting
	// the start of the live to the first word and the last word to the end
	// (the whole live when the host never spoke).
	const longestSilenceMs = silentSpans(talks, start, end).reduce((longest, [from, to]) => Math.max(longest, to - from), 0);

	// Questions: comments marked isQuestion from anyone but the host (crowd,
	// buyers, mentors). Answered = an 'answered' event names the comment; time
	// to answer = the first such event's at - the comment's at.
	const answerTimes: number[] = [];
	const unanswered: SessionReport['questions']['unanswered'] = [];
	for (const q of questions) {
		const answeredAt = firstAnswerAt.get(q.id);
		if (answeredAt === undefined) unanswered.push({ id: q.id, at: q.at, name: q.name, text: q.text });
		else answerTimes.push(Math.max(0, answeredAt - q.at));
	}
	const asked = questions.length;
	const answeredShare = asked === 0 ? null : answerTimes.length / asked;

	const averageViewers = ratio(viewerMs, durationMs);
	const commentsPerMinute = ratio(comments * 60_000, durationMs);
	const talkShare = ratio(talkMs, durationMs);

	// Dashboard (mock platform metrics). Product views = productView events +
	// orders (every order implies a look at the product, and simulated buyers
	// may order without a recorded view).
	const views = productViews + sales.orders;
	// (Multiplications come before divisions so round figures stay exact.)
	const values: Record<DashboardKey, number> = {
		entryRate: ratio(entries * 60_000, durationMs),
		productCtr: ratio(views * 100, Math.max(entries, peakViewers)),
		clickToOrder: ratio(sales.orders * 100, views),
		gpm: ratio(sales.gmv * 1000, entries),
		answeredShare: ratio(answerTimes.length * 100, asked),
		talkShare: ratio(talkMs * 100, durationMs),
		commentRate: commentsPerMinute,
		averageViewers,
	};
	const dashboard = buildDashboard(values, answeredShare === null);

	// Rubric: the latest score per criterion (by updatedAt; on a tie the later one in the list).
	const latest = new Map<RubricCriterion, RubricScore>();
	for (const s of scores) {
		const current = latest.get(s.criterion);
		if (!current || s.updatedAt >= current.updatedAt) latest.set(s.criterion, s);
	}
	const rubricScores: Partial<Record<RubricCriterion, RubricLevel>> = {};
	let total = 0;
	for (const criterion of RUBRIC_CRITERIA) {
		const s = latest.get(criterion);
		if (!s) continue;
		rubricScores[criterion] = s.level;
		total += s.level;
	}

	return {
		session: { ...session, durationMs },
		recording: null,
		talk: { talkMs, talkShare, longestSilenceMs },
		questions: {
			asked,
			answered: answerTimes.length,
			answeredShare,
			medianTimeToAnswerMs: median(answerTimes),
			unanswered,
		},
		products: [...products.values()],
		sales,
		audience: { peakViewers, averageViewers, commentsPerMinute, likes, entries },
		dashboard,
		rubric: { scores: rubricScores, total, max: RUBRIC_MAX_LEVEL * RUBRIC_CRITERIA.length },
		// Notes and whispers in time order; offsetMs from the live's start (negative before it).
		notes: notes
			.slice()
			.sort((a, b) => a.at - b.at)
			.map((n) => ({ ...n, tags: [...n.tags], offsetMs: n.at - start })),
		whispers,
		minutes: minuteSeries(timeline, start, end, longSilences(talks, start, end)),
	};
}

/**
 * The live's span. Start: the first 'liveStarted', else the session's
 * startedAt. End: the last 'liveEnded' (unless a 'liveStarted' came after it:
 * the live runs again), else the session's endedAt, else `now` while it is
 * still running, else the last recorded event (there is no clock here).
 * Never before the start.
 */
export function liveWindow(session: SessionInfo, sorted: readonly TimelineEvent[], now?: number): { start: number; end: number } {
	let firstStarted: number | null = null;
	let lastStarted: number | null = null;
	let lastEnded: number | null = null;
	for (const e of sorted) {
		if (e.type === 'liveStarted') {
			firstStarted ??= e.at;
			lastStarted = e.at;
		} else if (e.type === 'liveEnded') {
			lastEnded = e.at;
		}
	}
	const start = firstStarted ?? session.startedAt;
	let end: number;
	if (lastEnded !== null && (lastStarted === null || lastEnded >= lastStarted)) end = lastEnded;
	else end = session.endedAt ?? now ?? sorted.at(-1)?.at ?? start;
	return { start, end: Math.max(start, end) };
}

/**
 * score = min(2, value / target); the three lowest scores are weak (ties go to
 * the metric listed first). With nothing asked, answeredShare has value 0 and
 * score 1 and cannot be weak.
 */
function buildDashboard(values: Record<DashboardKey, number>, nothingAsked: boolean): DashboardMetric[] {
	const metrics: DashboardMetric[] = DASHBOARD_METRICS.map(({ key, unit }) => {
		const target = DASHBOARD_TARGETS[key];
		const value = values[key];
		const score = key === 'answeredShare' && nothingAsked ? 1 : Math.min(2, value / target);
		return { key, value, unit, target, score, weak: false };
	});
	metrics
		.map((m, index) => ({ m, index }))
		.filter(({ m }) => !(m.key === 'answeredShare' && nothingAsked))
		.sort((a, b) => a.m.score - b.m.score || a.index - b.index)
		.slice(0, 3)
		.forEach(({ m }) => {
			m.weak = true;
		});
	return metrics;
}

/** a / b, or 0 when b is 0 (an empty live, no entries, no views). */
function ratio(a: number, b: number): number {
	return b > 0 ? a / b : 0;
}

/** The middle value; with an even count, the mean of the two middle values. Null when empty. */
function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = values.slice().sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const hi = sorted[mid] as number;
	return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}
