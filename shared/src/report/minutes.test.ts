import { describe, expect, it } from 'vitest';
import { computeReport } from './computeReport.ts';
import { minuteSeries } from './minutes.ts';
import { comment, flashSale, live, order, pinned, s, session, speak, T0, viewers } from './testkit.ts';
import type { TimelineEvent } from './types.ts';

const whisper = (at: number, text: string): TimelineEvent => ({ type: 'whisper', at: s(at), mentorName: 'Pak Budi', text });

describe('minuteSeries', () => {
	it('one bucket per started minute: comments (not the host’s) and orders counted in their minute', () => {
		const events = live(150, [
			comment('c1', 5),
			comment('c2', 59.999),
			comment('h1', 61, { source: 'host' }),
			comment('c3', 60),
			order('p1', 70, 1, 100_000),
			order('p1', 149, 2, 100_000),
		]);
		const { buckets } = minuteSeries(events, T0, s(150), []);
		expect(buckets.map((b) => [b.comments, b.orders])).toEqual([
			[2, 0],
			[1, 1],
			[0, 1],
		]);
	});

	it('viewers: the most at any moment of the minute, the last count carrying into minutes without a sample', () => {
		const events = live(240, [viewers(-2, 4), viewers(30, 9), viewers(50, 6), viewers(130, 3), viewers(200, 12)]);
		expect(minuteSeries(events, T0, s(240), []).buckets.map((b) => b.viewers)).toEqual([9, 6, 6, 12]);
	});

	it('an event at the very end of the live belongs to the last minute; events outside the live are left out', () => {
		const events = live(120, [comment('before', -1), comment('end', 120), comment('after', 121)]);
		expect(minuteSeries(events, T0, s(120), []).buckets.map((b) => b.comments)).toEqual([0, 1]);
	});

	it('a live of no length still has one bucket', () => {
		expect(minuteSeries([], T0, T0, []).buckets).toEqual([{ viewers: 0, comments: 0, orders: 0 }]);
	});

	it('markers: pins, flash sales, whispers and the silences given, in time order', () => {
		const events = live(180, [pinned('p1', 20), whisper(65, 'Sapa penonton baru'), flashSale(90)]);
		const { markers } = minuteSeries(events, T0, s(180), [[s(30), s(45)]]);
		expect(markers).toEqual([
			{ kind: 'pin', offsetMs: 20_000, durationMs: 0, label: 'Produk p1' },
			{ kind: 'silence', offsetMs: 30_000, durationMs: 15_000, label: '' },
			{ kind: 'whisper', offsetMs: 65_000, durationMs: 0, label: 'Sapa penonton baru' },
			{ kind: 'flashSale', offsetMs: 90_000, durationMs: 0, label: 'Produk p1' },
		]);
	});

	it('the report carries them, with the host’s silences of 10 s or more as markers', () => {
		const events = live(100, [speak(0, true), speak(20, false), speak(25, true), speak(40, false), speak(60, true), comment('c1', 10)]);
		const report = computeReport(session(), events, [], []);
		expect(report.minutes.buckets).toEqual([{ viewers: 0, comments: 1, orders: 0 }, { viewers: 0, comments: 0, orders: 0 }]);
		// 20-25 is too short; 40-60 is a long silence.
		expect(report.minutes.markers).toEqual([{ kind: 'silence', offsetMs: 40_000, durationMs: 20_000, label: '' }]);
	});
});
