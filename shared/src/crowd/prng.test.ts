import { describe, expect, it } from 'vitest';
import { Rng } from './prng.ts';
import { Timeline } from './timeline.ts';

describe('Rng', () => {
	it('replays the same sequence for the same seed and differs for another', () => {
		const a = new Rng(7);
		const b = new Rng(7);
		const c = new Rng(8);
		const seqA = Array.from({ length: 20 }, () => a.next());
		expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
		expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
	});

	it('stays in range', () => {
		const rng = new Rng(1);
		for (let i = 0; i < 10_000; i++) {
			const x = rng.next();
			expect(x >= 0 && x < 1).toBe(true);
			const n = rng.int(3, 5);
			expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
		}
	});

	it('never picks a zero weight and follows the weights', () => {
		const rng = new Rng(2);
		const counts = { a: 0, b: 0, c: 0 };
		for (let i = 0; i < 10_000; i++) counts[rng.weighted({ a: 1, b: 3, c: 0 }) as 'a' | 'b' | 'c']++;
		expect(counts.c).toBe(0);
		expect(counts.b / counts.a).toBeGreaterThan(2.5);
		expect(counts.b / counts.a).toBeLessThan(3.5);
		expect(rng.weighted({ a: 0 })).toBeUndefined();
	});

	it('rounds by chance with the right mean', () => {
		const rng = new Rng(4);
		let sum = 0;
		for (let i = 0; i < 10_000; i++) sum += rng.roundChance(2.3);
		expect(sum / 10_000).toBeCloseTo(2.3, 1);
	});
});

describe('Timeline', () => {
	it('runs by time, then by insertion order for ties', () => {
		const tl = new Timeline();
		const ran: string[] = [];
		tl.schedule(30, () => ran.push('c'));
		tl.schedule(10, () => ran.push('a1'));
		tl.schedule(20, () => ran.push('b'));
		tl.schedule(10, () => ran.push('a2'));
		for (let e = tl.popDue(25); e; e = tl.popDue(25)) e.run();
		expect(ran).toEqual(['a1', 'a2', 'b']);
		expect(tl.peekAt()).toBe(30);
	});
});
