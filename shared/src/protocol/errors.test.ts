import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_KIND_NAMES, ERROR_KINDS, ERROR_STATUS, GladiError, isErrorCode, isErrorKind } from './errors.ts';

describe('GladiError', () => {
	it('is an Error carrying a kind, its code and its HTTP status, turned into a wire body', () => {
		const error = new GladiError('sold_out', 'sold out');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('GladiError');
		expect(error.code).toBe('invalid_state');
		expect(error.status).toBe(409);
		expect(error.toBody()).toEqual({ code: 'invalid_state', kind: 'sold_out', message: 'sold out' });
		expect(JSON.parse(JSON.stringify(error.toBody()))).toEqual(error.toBody());
	});

	it('sends the numbers a message needs, and keeps the cause for the log', () => {
		const cause = new Error('disk full');
		const error = new GladiError('stock_short', 'only 2 left', { left: 2 }, { cause });
		expect(error.toBody()).toEqual({ code: 'invalid_state', kind: 'stock_short', message: 'only 2 left', params: { left: 2 } });
		expect(error.cause).toBe(cause);
	});

	it('has one status per code and one code per kind, every code with a kind of its own name', () => {
		expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
		for (const code of ERROR_CODES) {
			expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
			expect(ERROR_KINDS[code]).toBe(code);
		}
		for (const kind of ERROR_KIND_NAMES) expect(ERROR_CODES).toContain(ERROR_KINDS[kind]);
		expect(new GladiError('internal', 'x').status).toBe(500);
		expect(new GladiError('route_not_found', 'x').status).toBe(404);
		expect(new GladiError('write_rate_limited', 'x').status).toBe(429);
	});

	it('recognises kinds and codes from the wire', () => {
		expect(isErrorKind('sold_out')).toBe(true);
		expect(isErrorKind('toString')).toBe(false);
		expect(isErrorKind(42)).toBe(false);
		expect(isErrorCode('not_found')).toBe(true);
		expect(isErrorCode('sold_out')).toBe(false);
	});
});
