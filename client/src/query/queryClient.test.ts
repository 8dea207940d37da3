import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../http.ts';
import { createQueryClient, retryTransient } from './queryClient.ts';

const apiError = (status: number) => new ApiError(status, { code: 'http_error', message: 'x' });

describe('retryTransient', () => {
	test('asks again twice when there was no answer or the server failed', () => {
		for (const status of [0, 500, 502, 503]) {
			expect([0, 1, 2].map((n) => retryTransient(n, apiError(status)))).toEqual([true, true, false]);
		}
	});

	test('never repeats a 4xx, nor anything that is not an API answer', () => {
		for (const status of [400, 401, 403, 404, 409, 413, 429]) expect(retryTransient(0, apiError(status))).toBe(false);
		expect(retryTransient(0, new DOMException('aborted', 'AbortError'))).toBe(false);
		expect(retryTransient(0, new Error('bug'))).toBe(false);
	});
});

describe('the app’s query client', () => {
	/** Run one query to its end through the client's defaults; the answers are given in order. */
	async function run(answers: Array<ApiError | 'ok'>): Promise<{ calls: number; status: string }> {
		const client = createQueryClient();
		let calls = 0;
		const observer = new QueryObserver(client, {
			queryKey: ['x'],
			retryDelay: 0,
			queryFn: async () => {
				const answer = answers[calls++] ?? 'ok';
				if (answer !== 'ok') throw answer;
				return answer;
			},
		});
		const result = await new Promise<{ status: string }>((resolve) => {
			const stop = observer.subscribe((r) => {
				if (r.status === 'pending') return;
				stop();
				resolve(r);
			});
		});
		client.clear();
		return { calls, status: result.status };
	}

	test('a 502 then an answer: asked again, and the page gets the data', async () => {
		expect(await run([apiError(502), 'ok'])).toEqual({ calls: 2, status: 'success' });
	});

	test('no answer three times: gives up after two repeats', async () => {
		expect(await run([apiError(0), apiError(0), apiError(0), 'ok'])).toEqual({ calls: 3, status: 'error' });
	});

	test('a 403 fails at once', async () => {
		expect(await run([apiError(403), 'ok'])).toEqual({ calls: 1, status: 'error' });
	});

	test('writes are never repeated and focus does not refetch', () => {
		const defaults = createQueryClient().getDefaultOptions();
		expect(defaults.mutations?.retry).toBe(false);
		expect(defaults.queries?.refetchOnWindowFocus).toBe(false);
	});
});
