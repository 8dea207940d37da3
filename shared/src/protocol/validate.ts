import type { z } from 'zod';
import { GladiError } from './errors.ts';

/** Parse `input` with `schema` or throw a bad_request GladiError naming the first problems. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	throw new GladiError('bad_request', `${what}: ${describeIssues(result.error)}`);
}

export function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
		.join('; ');
}

/**
 * Whether `value` holds arrays or objects nested more than `maxDepth` levels
 * down. Walked with an explicit stack, so a payload thousands of levels deep
 * (which JSON.stringify and structuredClone overflow on) is safe to ask about.
 */
export function nestedDeeperThan(value: unknown, maxDepth: number): boolean {
	const work: Array<[unknown, number]> = [[value, 0]];
	while (work.length > 0) {
		const [v, depth] = work.pop()!;
		if (v === null || typeof v !== 'object') continue;
		if (depth >= maxDepth) return true;
		for (const child of Object.values(v)) work.push([child, depth + 1]);
	}
	return false;
}
