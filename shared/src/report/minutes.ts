import type { Span } from './talk.ts';
import type { ChartMarker, MinuteBucket, SessionReport, TimelineEvent } from './types.ts';

export const MINUTE_MS = 60_000;

/**
 * The report's per-minute figures: viewers (the most at any moment of the
 * minute, the count holding from its last sample), comments from anyone but
 * the host, and orders, for each started minute of the live [start, end];
 * plus the moments drawn over them: pins, flash sales, whispers and the long
 * silences given. Events outside the live are left out (unlike the report's
 * totals, which count every event). `sorted` is in time order.
 */
export function minuteSeries(sorted: readonly TimelineEvent[], start: number, end: number, silences: readonly Span[]): SessionReport['minutes'] {
	const count = Math.max(1, Math.ceil((end - start) / MINUTE_MS));
	const buckets: MinuteBucket[] = Array.from({ length: count }, () => ({ viewers: 0, comments: 0, orders: 0 }));
	const markers: ChartMarker[] = [];
	const marker = (kind: ChartMarker['kind'], at: number, label: string): void => {
		markers.push({ kind, offsetMs: at - start, durationMs: 0, label });
	};

	// The viewer count holding now; minutes up to `reached` start with the count that held when they began.
	let viewers = 0;
	let reached = -1;
	const reach = (index: number): void => {
		for (; reached < index; reached++) buckets[reached + 1]!.viewers = viewers;
	};

	for (const e of sorted) {
		if (e.at > end) break;
		if (e.at < start) {
			if (e.type === 'viewers') viewers = e.count;
			continue;
		}
		const index = Math.min(count - 1, Math.floor((e.at - start) / MINUTE_MS));
		reach(index);
		const bucket = buckets[index]!;
		switch (e.type) {
			case 'viewers':
				viewers = e.count;
				bucket.viewers = Math.max(bucket.viewers, e.count);
				break;
			case 'comment':
				if (e.source !== 'host') bucket.comments++;
				break;
			case 'order':
				bucket.orders++;
				break;
			case 'pinned':
				marker('pin', e.at, e.productName);
				break;
			case 'flashSaleStarted':
				marker('flashSale', e.at, e.productName);
				break;
			case 'whisper':
				marker('whisper', e.at, e.text);
				break;
			default:
				break;
		}
	}
	reach(count - 1);

	for (const [from, to] of silences) markers.push({ kind: 'silence', offsetMs: from - start, durationMs: to - from, label: '' });
	markers.sort((a, b) => a.offsetMs - b.offsetMs);
	return { buckets, markers };
}
