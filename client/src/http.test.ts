import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError, request, requestJson } from './http.ts';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(impl: () => Promise<Response>) {
	const fn = vi.fn(impl);
	vi.stubGlobal('fetch', fn);
	return fn;
}

const headersOf = (fn: ReturnType<typeof stubFetch>): Record<string, string> =>
	((fn.mock.calls[0] as unknown as [string, RequestInit])[1].headers ?? {}) as Record<string, string>;

describe('request', () => {
	test('sends a string body as JSON and asks for JSON', async () => {
		const fn = stubFetch(async () => Response.json({ ok: 1 }));
		await expect(requestJson('/api/x', { method: 'POST', body: '{"a":1}' })).resolves.toEqual({ ok: 1 });
		expect(headersOf(fn)).toEqual({ accept: 'application/json', 'content-type': 'application/json' });
	});

	test('keeps the content-type of a raw body (an image upload)', async () => {
		const fn = stubFetch(async () => Response.json({}));
		await request('/api/img', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Blob([new Uint8Array([1])]) });
		expect(headersOf(fn)).toEqual({ accept: 'application/json', 'content-type': 'image/png' });
	});

	test('a failed answer becomes an ApiError with the server’s code and message', async () => {
		stubFetch(async () => Response.json({ error: { code: 'rate_limited', message: 'slow down' } }, { status: 429 }));
		const error = await request('/api/x').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'slow down' });
	});

	test('no answer at all is status 0, "network"; an abort stays an abort', async () => {
		stubFetch(async () => {
			throw new TypeError('Failed to fetch');
		});
		expect(await request('/api/x').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network', message: 'Failed to fetch' });
		stubFetch(async () => {
			throw new DOMException('aborted', 'AbortError');
		});
		const aborted = await request('/api/x').catch((e: unknown) => e);
		expect(aborted).not.toBeInstanceOf(ApiError);
		expect(aborted).toMatchObject({ name: 'AbortError' });
	});
});
