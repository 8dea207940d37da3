import { describe, expect, it } from 'vitest';
import { longSilences, silentSpans, talkSpans } from './talk.ts';
import { live, s, speak, T0 } from './testkit.ts';

describe('talk and silence spans', () => {
	it('talks from speaking:true to speaking:false, clipped to the live, repeated ons ignored', () => {
		const events = live(100, [speak(-5, true), speak(10, false), speak(20, true), speak(25, true), speak(40, false), speak(90, true)]);
		expect(talkSpans(events, T0, s(100))).toEqual([
			[T0, s(10)],
			[s(20), s(40)],
			[s(90), s(100)],
		]);
	});

	it('the silences are the gaps, from the start of the live and to its end', () => {
		const talks = [[s(10), s(20)] as const, [s(30), s(95)] as const];
		expect(silentSpans(talks, T0, s(100))).toEqual([
			[T0, s(10)],
			[s(20), s(30)],
			[s(95), s(100)],
		]);
		expect(silentSpans([], T0, s(100))).toEqual([[T0, s(100)]]);
		expect(silentSpans([[T0, s(100)]], T0, s(100))).toEqual([]);
	});

	it('long silences are those of 10 s or more', () => {
		const talks = [[s(10), s(20)] as const, [s(29.999), s(80)] as const];
		expect(longSilences(talks, T0, s(100))).toEqual([
			[T0, s(10)],
			[s(80), s(100)],
		]);
	});
});
