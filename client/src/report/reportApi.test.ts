import { afterEach, describe, expect, test, vi } from 'vitest';
import { deleteRecording, getProgress, getReport, getTimeline, isForbidden, postNote, progressPath, putRubric, replayHref, reportCsvPath, reportJsonPath } from './reportApi.ts';
import { ApiError } from '../http.ts';

afterEach(() => vi.unstubAllGlobals());

function stubFetch(status: number, body: unknown) {
	const fn = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
	vi.stubGlobal('fetch', fn);
	return fn;
}

describe('paths', () => {
	test('carry the token and escape ids', () => {
		expect(reportJsonPath('a b', 't/1')).toBe('/api/sessions/a%20b/report?t=t%2F1');
		expect(reportCsvPath('s1', 'tok')).toBe('/api/sessions/s1/report.csv?t=tok');
		expect(reportCsvPath('s1', 'tok', 'en')).toBe('/api/sessions/s1/report.csv?t=tok&lang=en');
		expect(progressPath('to&k')).toBe('/kemajuan?t=to%26k');
		expect(replayHref('a b', 't/1')).toBe('/laporan/a%20b/putar?t=t%2F1');
		expect(replayHref('s1', 'tok', 16_400.6)).toBe('/laporan/s1/putar?t=tok&at=16401');
		expect(replayHref('s1', 'tok', -5)).toBe('/laporan/s1/putar?t=tok&at=0');
	});
});

describe('calls', () => {
	test('GET report', async () => {
		const fetch = stubFetch(200, { session: { id: 's1' } });
		await expect(getReport('s1', 'tok')).resolves.toEqual({ session: { id: 's1' } });
		expect(fetch).toHaveBeenCalledWith('/api/sessions/s1/report?t=tok', expect.objectContaining({ headers: { accept: 'application/json' } }));
	});
	test('GET timeline', async () => {
		const fetch = stubFetch(200, { events: [] });
		await expect(getTimeline('s 1', 'tok')).resolves.toEqual({ events: [] });
		expect(fetch).toHaveBeenCalledWith('/api/sessions/s%201/timeline?t=tok', expect.anything());
	});
	test('DELETE the recording at its URL', async () => {
		const fetch = vi.fn(async () => new Response(null, { status: 204 }));
		vi.stubGlobal('fetch', fetch);
		await deleteRecording('/api/sessions/s1/recording?t=tok');
		expect(fetch).toHaveBeenCalledWith('/api/sessions/s1/recording?t=tok', expect.objectContaining({ method: 'DELETE' }));
	});
	test('PUT rubric and POST notes send JSON bodies', async () => {
		const fetch = stubFetch(200, {});
		await putRubric('s1', 'tok', { criterion: 'opening', level: 3 });
		await postNote('s1', 'tok', { text: 'bagus', tags: ['goodEnergy'], at: 5 });
		const calls = fetch.mock.calls as unknown as Array<[string, RequestInit]>;
		expect(calls[0]![0]).toBe('/api/sessions/s1/rubric?t=tok');
		expect(calls[0]![1]).toMatchObject({ method: 'PUT', body: '{"criterion":"opening","level":3}' });
		expect((calls[0]![1].headers as Record<string, string>)['content-type']).toBe('application/json');
		expect(calls[1]![0]).toBe('/api/sessions/s1/notes?t=tok');
		expect(calls[1]![1]).toMatchObject({ method: 'POST', body: '{"text":"bagus","tags":["goodEnergy"],"at":5}' });
	});
	test('errors keep the status and the server code and message', async () => {
		stubFetch(403, { error: { code: 'forbidden', kind: 'report_of_other_trainee', message: 'not your report' } });
		const err = await getProgress('tok').catch((e: unknown) => e);
		expect(err).toBeInstanceOf(ApiError);
		expect(err).toMatchObject({ status: 403, code: 'forbidden', kind: 'report_of_other_trainee' });
		expect(isForbidden(err)).toBe(true);
	});
	test('an error without a JSON body still has its status', async () => {
		vi.stubGlobal('fetch', vi.fn(async () => new Response('oops', { status: 502 })));
		const err = await getReport('s1', 'tok').catch((e: unknown) => e);
		expect(err).toMatchObject({ status: 502, code: 'http_error' });
		expect(isForbidden(err)).toBe(false);
	});
	test('no answer at all is a network error', async () => {
		vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('fetch failed'))));
		const err = await getReport('s1', 'tok').catch((e: unknown) => e);
		expect(err).toMatchObject({ status: 0, code: 'network' });
	});
});

describe('isForbidden', () => {
	test('only 401 and 403 mean the link may not do this', () => {
		const forbidden = (status: number) => isForbidden(new ApiError(status, { code: 'http_error', message: 'x' }));
		expect([401, 403].map(forbidden)).toEqual([true, true]);
		expect([0, 400, 404, 429, 500].map(forbidden)).toEqual([false, false, false, false, false]);
		expect(isForbidden(new Error('x'))).toBe(false);
	});
});
