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

	test('sends the session cookie, whatever the caller passed', async () => {
		const fn = stubFetch(async () => Response.json({}));
		await request('/api/x', { credentials: 'omit' });
		expect((fn.mock.calls[0] as unknown as [string, RequestInit])[1].credentials).toBe('same-origin');
	});

	test('keeps the content-type of a raw body (an image upload)', async () => {
		const fn = stubFetch(async () => Response.json({}));
		await request('/api/img', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Blob([new Uint8Array([1])]) });
		expect(headersOf(fn)).toEqual({ accept: 'application/json', 'content-type': 'image/png' });
	});

	test('a failed answer becomes an ApiError with the server’s code, kind and params', async () => {
		stubFetch(async () =>
			Response.json({ error: { code: 'invalid_state', kind: 'stock_short', message: 'only 2 left', params: { left: 2 } } }, { status: 409 }),
		);
		const error = await request('/api/x').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 409, code: 'invalid_state', kind: 'stock_short', params: { left: 2 }, message: 'only 2 left' });
	});

	test('a body that is not Gladi’s error keeps only the status; an unknown kind is dropped', async () => {
		stubFetch(async () => new Response('<html>bad gateway</html>', { status: 502 }));
		expect(await request('/api/x').catch((e: unknown) => e)).toMatchObject({ status: 502, code: 'http_error', kind: undefined });
		stubFetch(async () => Response.json({ error: { code: 'weird', kind: 'sold_out', message: '?' } }, { status: 400 }));
		expect(await request('/api/x').catch((e: unknown) => e)).toMatchObject({ status: 400, code: 'http_error', kind: undefined });
		stubFetch(async () => Response.json({ error: { code: 'not_found', kind: 'from_the_future', message: '?' } }, { status: 404 }));
		expect(await request('/api/x').catch((e: unknown) => e)).toMatchObject({ status: 404, code: 'not_found', kind: undefined });
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
