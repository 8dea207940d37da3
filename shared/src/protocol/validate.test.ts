import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GladiError } from './errors.ts';
import { describeIssues, nestedDeeperThan, parseOrThrow } from './validate.ts';

const schema = z.strictObject({ name: z.string().trim().min(1), age: z.int().min(0), tags: z.array(z.string()).optional() });

describe('parseOrThrow', () => {
	it('returns the parsed (transformed) value', () => {
		expect(parseOrThrow(schema, { name: '  Ana ', age: 3 }, 'person')).toEqual({ name: 'Ana', age: 3 });
	});

	it('throws a bad_request GladiError naming what and where', () => {
		let caught: unknown;
		try {
			parseOrThrow(schema, { name: 'Ana', age: 'old' }, 'person');
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(GladiError);
		const error = caught as GladiError;
		expect(error.code).toBe('bad_request');
		expect(error.message).toMatch(/^person: age: /);
		expect(error.toBody()).toEqual({ code: 'bad_request', kind: 'bad_request', message: error.message });
	});

	it('names nested paths and the payload itself', () => {
		expect(() => parseOrThrow(schema, { name: 'a', age: 1, tags: ['x', 2] }, 'p')).toThrow(/p: tags\.1: /);
		expect(() => parseOrThrow(schema, 'nope', 'p')).toThrow(/^p: payload: /);
		expect(() => parseOrThrow(schema, { name: 'a', age: 1, extra: true }, 'p')).toThrow(/extra/);
	});
});

describe('describeIssues', () => {
	it('reports at most three problems, separated by semicolons', () => {
		const wide = z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string() });
		const result = wide.safeParse({});
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(result.error.issues.length).toBe(5);
		const text = describeIssues(result.error);
		expect(text.split('; ')).toHaveLength(3);
		expect(text).toMatch(/^a: .*; b: .*; c: /);
		expect(text).not.toContain('d:');
	});
});

describe('nestedDeeperThan', () => {
	it('counts levels of arrays and objects, not scalars', () => {
		expect(nestedDeeperThan(5, 0)).toBe(false);
		expect(nestedDeeperThan({}, 0)).toBe(true);
		expect(nestedDeeperThan({}, 1)).toBe(false);
		expect(nestedDeeperThan({ a: [{ b: 'x' }] }, 3)).toBe(false);
		expect(nestedDeeperThan({ a: [{ b: [] }] }, 3)).toBe(true);
		expect(nestedDeeperThan([1, [2, [3]], 'x'], 2)).toBe(true);
	});

	it('answers for values far deeper than JSON.stringify can go', () => {
		let deep: unknown = 'bottom';
		for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { a: deep };
		expect(() => JSON.stringify(deep)).toThrow(RangeError);
		expect(nestedDeeperThan(deep, 16)).toBe(true);
		expect(nestedDeeperThan(deep, 100_000)).toBe(false);
	});
});
