import type { ClassOverview } from '@gladi/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../http.ts';
import { advancePath, advanceTurn, classApiPath, createClass, getClass } from './classApi.ts';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
	const calls: Array<{ url: string; init: RequestInit }> = [];
	vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
		calls.push({ url, init });
		return respond(url, init);
	});
	return calls;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('class API', () => {
	it('builds paths with encoded ids and tokens', () => {
		expect(classApiPath('k_1', 'a+b/c')).toBe('/api/classes/k_1?t=a%2Bb%2Fc');
		expect(advancePath('k_1', 'AB12CD', 'tok')).toBe('/api/classes/k_1/rooms/AB12CD/advance?t=tok');
	});

	it('leaves the token out for the owning mentor (the session cookie is the way in)', () => {
		expect(classApiPath('k_1', null)).toBe('/api/classes/k_1');
		expect(advancePath('k_1', 'AB12CD', null)).toBe('/api/classes/k_1/rooms/AB12CD/advance');
	});

	it('creates a class with a JSON body', async () => {
		const calls = stubFetch(() => json(201, { id: 'k_1', name: 'K', mentorLink: '/kelas/k_1?t=m', members: [] }));
		const created = await createClass({ name: 'K', members: ['Rina'], rooms: 1, turnMinutes: 5 });
		expect(created.id).toBe('k_1');
		expect(calls[0]!.url).toBe('/api/classes');
		expect(calls[0]!.init.method).toBe('POST');
		expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ name: 'K', members: ['Rina'], rooms: 1, turnMinutes: 5 });
		expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
	});

	it('returns the view with the server clock offset from the Date header', async () => {
		const ahead = new Date(Date.now() + 10 * 60_000).toUTCString();
		stubFetch(() => json(200, { kind: 'mentor', rooms: [] }, { date: ahead }));
		const { view, clockOffsetMs } = await getClass('k_1', 'm');
		expect(view.kind).toBe('mentor');
		expect(clockOffsetMs).toBeGreaterThan(9 * 60_000);
		expect(clockOffsetMs).toBeLessThan(11 * 60_000);
	});

	it('advances a turn with POST', async () => {
		const calls = stubFetch(() => json(200, { kind: 'mentor', rooms: [] } satisfies Partial<ClassOverview>));
		await advanceTurn('k_1', 'AB12CD', 'm');
		expect(calls[0]).toMatchObject({ url: '/api/classes/k_1/rooms/AB12CD/advance?t=m', init: { method: 'POST' } });
	});

	it('turns the server error body into an ApiError', async () => {
		stubFetch(() => json(403, { error: { code: 'forbidden', kind: 'class_link_invalid', message: 'this class link is not valid' } }));
		const error = await getClass('k_1', 'nope').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({ status: 403, code: 'forbidden', kind: 'class_link_invalid' });
	});

	it('survives a body that is not JSON, and a network failure', async () => {
		stubFetch(() => new Response('<html>bad gateway</html>', { status: 502 }));
		const error = await getClass('k_1', 'm').catch((e: unknown) => e);
		expect(error).toMatchObject({ status: 502, code: 'http_error' });

		stubFetch(() => {
			throw new TypeError('Failed to fetch');
		});
		const offline = await getClass('k_1', 'm').catch((e: unknown) => e);
		expect(offline).toMatchObject({ status: 0, code: 'network' });
	});
});
