import type { TimelineEvent } from './types.ts';

/** A span of time, epoch ms: [from, to). */
export type Span = readonly [from: number, to: number];

/** A silence this long or longer is a moment worth a look (the replay's timeline, the per-minute chart). */
export const LONG_SILENCE_MS = 10_000;

/**
 * When the host spoke, clipped to the live [start, end]: from speaking:true
 * until the next speaking:false, or until the end of the live if it never
 * comes. Repeated on/offs are ignored. `sorted` is in time order.
 */
export function talkSpans(sorted: readonly TimelineEvent[], start: number, end: number): Span[] {
	const talks: Array<[number, number]> = [];
	let since: number | null = null;
	const close = (at: number): void => {
		if (since === null) return;
		const from = Math.max(since, start);
		const to = Math.min(at, end);
		if (to > from) talks.push([from, to]);
		since = null;
	};
	for (const e of sorted) {
		if (e.type !== 'speaking') continue;
		if (e.speaking) since ??= e.at;
		else close(e.at);
	}
	close(end);
	return talks;
}

/**
 * The gaps between talks inside the live, counting the start of the live to
 * the first word and the last word to the end (the whole live when the host
 * never spoke). Empty gaps are left out.
 */
export function silentSpans(talks: readonly Span[], start: number, end: number): Span[] {
	const gaps: Span[] = [];
	let since = start;
	for (const [from, to] of talks) {
		if (from > since) gaps.push([since, from]);
		since = to;
	}
	if (end > since) gaps.push([since, end]);
	return gaps;
}

/** Silences of at least `minMs`. */
export function longSilences(talks: readonly Span[], start: number, end: number, minMs = LONG_SILENCE_MS): Span[] {
	return silentSpans(talks, start, end).filter(([from, to]) => to - from >= minMs);
}
