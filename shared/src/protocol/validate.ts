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
