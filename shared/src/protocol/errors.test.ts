import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ProtocolError } from './errors.ts';

describe('ProtocolError', () => {
	it('is an Error carrying a code, turned into a wire body', () => {
		const error = new ProtocolError('forbidden', 'only the host can send media');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('ProtocolError');
		expect(error.code).toBe('forbidden');
		expect(error.toBody()).toEqual({ code: 'forbidden', message: 'only the host can send media' });
		expect(JSON.parse(JSON.stringify(error.toBody()))).toEqual(error.toBody());
	});

	it('has a fixed, duplicate-free set of codes', () => {
		expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
		for (const code of ['bad_request', 'payload_too_large', 'unknown_event', 'forbidden', 'not_found', 'invalid_state', 'rate_limited', 'internal']) {
			expect(ERROR_CODES).toContain(code);
		}
	});
});
