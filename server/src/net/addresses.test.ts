import { describe, expect, it } from 'vitest';
import { clientAddress, isLoopback } from './addresses.ts';

const request = (remoteAddress: string, forwardedFor?: string) => ({
	socket: { remoteAddress } as never,
	headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe('clientAddress', () => {
	it('is the peer itself unless the peer is a proxy on this machine', () => {
		expect(clientAddress(request('203.0.113.9'))).toBe('203.0.113.9');
		// A stranger cannot claim to be someone else.
		expect(clientAddress(request('203.0.113.9', '198.51.100.1'))).toBe('203.0.113.9');
		expect(clientAddress(request('127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1');
		expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1');
		expect(clientAddress(request('::1', '10.0.0.5, 198.51.100.1'))).toBe('198.51.100.1');
		// Through two proxies on this machine.
		expect(clientAddress(request('127.0.0.1', '198.51.100.1, 127.0.0.1'))).toBe('198.51.100.1');
		expect(clientAddress(request('127.0.0.1'))).toBe('127.0.0.1');
	});

	it('knows loopback in every spelling, and nothing else', () => {
		for (const a of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
		for (const a of ['10.0.0.1', '::2', '128.0.0.1', 'garbage', '']) expect(isLoopback(a), a).toBe(false);
	});
});
