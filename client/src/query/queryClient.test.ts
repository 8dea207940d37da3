import { MutationObserver, QueryObserver } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../http.ts';
import { createQueryClient, isSignedOut, retryTransient } from './queryClient.ts';

const apiError = (status: number) => new ApiError(status, { code: 'http_error', message: 'x' });
const kindError = (status: number, code: 'unauthorized' | 'forbidden', kind: 'not_logged_in' | 'login_failed' | 'unauthorized' | 'admin_only') =>
	new ApiError(status, { code, kind, message: 'x' });

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

describe('a lost session', () => {
	test('is any 401 but a refused sign-in', () => {
		expect(isSignedOut(kindError(401, 'unauthorized', 'not_logged_in'))).toBe(true);
		expect(isSignedOut(kindError(401, 'unauthorized', 'unauthorized'))).toBe(true);
		expect(isSignedOut(apiError(401))).toBe(true);
		expect(isSignedOut(kindError(401, 'unauthorized', 'login_failed'))).toBe(false);
		expect(isSignedOut(kindError(403, 'forbidden', 'admin_only'))).toBe(false);
		expect(isSignedOut(apiError(0))).toBe(false);
	});

	test('a read or a write answered 401 tells the app once; other failures do not', async () => {
		let told = 0;
		const client = createQueryClient({ onSignedOut: () => told++ });
		const fail = (error: unknown) => () => Promise.reject(error);
		await client.fetchQuery({ queryKey: ['a'], queryFn: fail(kindError(401, 'unauthorized', 'not_logged_in')) }).catch(() => undefined);
		expect(told).toBe(1);
		await client.fetchQuery({ queryKey: ['b'], queryFn: fail(apiError(404)) }).catch(() => undefined);
		await new MutationObserver(client, { mutationFn: fail(kindError(401, 'unauthorized', 'login_failed')) }).mutate().catch(() => undefined);
		expect(told).toBe(1);
		await new MutationObserver(client, { mutationFn: fail(apiError(401)) }).mutate().catch(() => undefined);
		expect(told).toBe(2);
		client.clear();
	});
});
