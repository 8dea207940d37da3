import { ERROR_CODES, ERROR_KIND_NAMES, GladiError } from '@gladi/shared';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../http.ts';
import { CLIENT_TEXT, errorText, KIND_TEXT } from './errors.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the error table', () => {
	test('every kind the server can send has a sentence in both languages, with the same placeholders', () => {
		for (const kind of ERROR_KIND_NAMES) {
			const { id, en } = KIND_TEXT[kind];
			expect(id.trim(), kind).not.toBe('');
			expect(en.trim(), kind).not.toBe('');
			expect(id, kind).not.toBe(en);
			expect(placeholders(id), kind).toEqual(placeholders(en));
		}
		for (const { id, en } of Object.values(CLIENT_TEXT)) expect(placeholders(id)).toEqual(placeholders(en));
	});

	test('every code has its own kind, the fallback for kinds this client does not know', () => {
		for (const code of ERROR_CODES) expect(KIND_TEXT[code]).toBeDefined();
	});
});

describe('errorText', () => {
	test('speaks of the precise reason, never with the server’s English', () => {
		const soldOut = new GladiError('sold_out', 'sold out');
		expect(errorText(soldOut, 'id')).toBe('Maaf, varian ini sudah habis terjual.');
		expect(errorText(soldOut, 'en')).toBe('Sorry, this variant is sold out.');
		expect(errorText(soldOut.toBody(), 'id')).toBe('Maaf, varian ini sudah habis terjual.');
		const running = new GladiError('flash_sale_running', 'a flash sale is already running; end it first');
		expect(errorText(running, 'id')).toBe('Flash sale masih berjalan. Akhiri dulu sebelum memulai yang baru.');
		expect(errorText(new GladiError('write_rate_limited', 'too many changes at once; wait a minute'), 'id')).toContain('Tunggu satu menit');
	});

	test('fills in the params', () => {
		expect(errorText(new GladiError('stock_short', 'only 2 left', { left: 2 }), 'id')).toBe('Stoknya tinggal 2. Kurangi jumlahnya lalu coba lagi.');
		expect(errorText(new GladiError('stock_short', 'only 2 left', { left: 2 }), 'en')).toBe('Only 2 left. Lower the quantity and try again.');
		const limit = new ApiError(409, { code: 'invalid_state', kind: 'flash_sale_limit', message: 'flash sale limit is 3 per buyer', params: { limit: 3 } });
		expect(errorText(limit, 'id')).toBe('Selama flash sale, maksimal 3 per pembeli.');
		expect(errorText(limit, 'en')).toBe('During the flash sale, at most 3 per buyer.');
	});

	test('a kind this client does not know falls back to its code', () => {
		const future = { code: 'rate_limited', kind: 'from_a_newer_server', message: 'slow down' };
		expect(errorText(future, 'id')).toBe(KIND_TEXT.rate_limited.id);
		expect(errorText(new ApiError(404, { code: 'not_found', message: 'gone' }), 'en')).toBe(KIND_TEXT.not_found.en);
	});

	test('what the client saw itself: no answer, a socket timeout, a status without Gladi’s body', () => {
		expect(errorText(new ApiError(0, { code: 'network', message: 'Failed to fetch' }), 'id')).toBe(CLIENT_TEXT.network.id);
		expect(errorText({ code: 'timeout', message: 'room:join: no answer from the server' }, 'en')).toBe(CLIENT_TEXT.timeout.en);
		const gateway = new ApiError(502, { code: 'http_error', message: 'HTTP 502' });
		expect(errorText(gateway, 'id')).toBe('Server sedang tidak bisa dipakai (HTTP 502). Coba lagi sebentar lagi.');
		expect(errorText(new ApiError(429, { code: 'http_error', message: 'HTTP 429' }), 'en')).toBe(KIND_TEXT.rate_limited.en);
		expect(errorText(new ApiError(418, { code: 'http_error', message: 'HTTP 418' }), 'en')).toBe(CLIENT_TEXT.unknown.en);
	});

	test('anything else is a plain "something went wrong", not its text', () => {
		expect(errorText(new Error('TypeError: x is undefined'), 'id')).toBe(CLIENT_TEXT.unknown.id);
		expect(errorText('boom', 'en')).toBe(CLIENT_TEXT.unknown.en);
		expect(errorText(null, 'en')).toBe(CLIENT_TEXT.unknown.en);
	});

	test('params that are not plain values are not shown', () => {
		expect(errorText({ code: 'invalid_state', kind: 'stock_short', params: { left: { evil: true } } }, 'en')).toBe(KIND_TEXT.stock_short.en);
	});
});
