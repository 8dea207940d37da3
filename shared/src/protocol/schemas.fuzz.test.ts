import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fuzzRuns, garbage, httpBodies, mutate, mutated, requestPayloads } from './arbitraries.ts';
import { GladiError } from './errors.ts';
import { REQUEST_NAMES, requests } from './events.ts';
import { parseOrThrow } from './validate.ts';

/*
 * Every schema a client's input meets (socket requests, HTTP bodies, the
 * handshake): whatever arrives, parsing gives a value or a zod error (so the
 * edge answers bad_request), never a throw of its own; and what a
 * well-behaved client sends parses.
 */
const payloads = requestPayloads();
const schemas: Array<[string, z.ZodType, fc.Arbitrary<unknown>]> = [
	...REQUEST_NAMES.map((name): [string, z.ZodType, fc.Arbitrary<unknown>] => [name, requests[name].schema, payloads[name]]),
	...Object.entries(httpBodies).map(([name, body]): [string, z.ZodType, fc.Arbitrary<unknown>] => [`${name} body`, body.schema, body.valid]),
];

/** Parse as the edges do: a value, or a zod error with at least one issue that parseOrThrow turns into bad_request. */
function parsesOrRefuses(schema: z.ZodType, input: unknown): boolean {
	const result = schema.safeParse(input);
	if (result.success) return true;
	expect(result.error).toBeInstanceOf(z.ZodError);
	expect(result.error.issues.length).toBeGreaterThan(0);
	try {
		parseOrThrow(schema, input, 'input');
	} catch (error) {
		expect(error).toBeInstanceOf(GladiError);
		expect((error as GladiError).code).toBe('bad_request');
		return false;
	}
	throw new Error('safeParse refused what parseOrThrow accepted');
}

describe.each(schemas)('%s', (_name, schema, valid) => {
	it('accepts every valid payload, and what it parses to parses again to the same', () => {
		fc.assert(
			fc.property(valid, (input) => {
				const result = schema.safeParse(input);
				if (!result.success) throw new Error(`refused ${JSON.stringify(input)}: ${result.error.message}`);
				expect(schema.parse(result.data)).toEqual(result.data);
			}),
			fuzzRuns(100),
		);
	});

	it('answers valid payloads with something broken (keys dropped or added, wrong types, huge, deep) with a value or a zod error', () => {
		fc.assert(
			fc.property(mutated(valid), (input) => {
				parsesOrRefuses(schema, input);
			}),
			fuzzRuns(200),
		);
	});

	it('answers any JSON value with a value or a zod error', () => {
		fc.assert(
			fc.property(garbage, (input) => {
				parsesOrRefuses(schema, input);
			}),
			fuzzRuns(100),
		);
	});

	it('answers any JavaScript value (Maps, BigInts, dates, sparse arrays, null prototypes, boxed values) the same way', () => {
		const anything = fc.anything({
			maxDepth: 3,
			withBigInt: true,
			withBoxedValues: true,
			withDate: true,
			withMap: true,
			withNullPrototype: true,
			withObjectString: true,
			withSet: true,
			withSparseArray: true,
			withTypedArray: true,
		});
		fc.assert(
			fc.property(anything, (input) => {
				parsesOrRefuses(schema, input);
			}),
			fuzzRuns(100),
		);
	});
});

describe('mutate', () => {
	it('changes a copy, never its input', () => {
		const original = { a: [1, { b: 2 }], c: 'x' };
		for (let at = 0; at < 8; at++) {
			mutate(original, { op: 'drop', at });
			mutate(original, { op: 'add', at, key: '__proto__', value: { polluted: true } });
			mutate(original, { op: 'nest', at, depth: 3, as: 'object' });
		}
		expect(original).toEqual({ a: [1, { b: 2 }], c: 'x' });
		expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
	});

	it('adds __proto__ as an own key, the way JSON.parse does', () => {
		const added = mutate({ a: 1 }, { op: 'add', at: 0, key: '__proto__', value: 5 });
		expect(JSON.stringify(added)).toBe('{"a":1,"__proto__":5}');
	});
});
