import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import os from 'node:os';

/** This machine's non-loopback IPv4 addresses: what phones on the same Wi-Fi can open. */
export function lanAddresses(): string[] {
	const out: string[] = [];
	for (const list of Object.values(os.networkInterfaces())) {
		for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
	}
	return out;
}

/** Every address of this machine's interfaces (loopback too), as a URL writes it: IPv6 in brackets. */
export function interfaceAddresses(): string[] {
	return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => (a.family === 'IPv6' ? `[${a.address}]` : a.address)));
}

/**
 * The address to put in ICE candidates: the configured one, else the listen IP
 * when it is a concrete address, else the first LAN address (phones on the
 * Wi-Fi), else loopback.
 */
export function defaultAnnouncedAddress(listenIp: string, configured: string | undefined): string | undefined {
	if (configured) return configured;
	if (listenIp !== '0.0.0.0' && listenIp !== '::') return undefined;
	return lanAddresses()[0] ?? '127.0.0.1';
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 or ::1 (also written as an IPv4-mapped IPv6 address). */
export function isLoopback(address: string): boolean {
	const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
	return isIP(plain) !== 0 && LOOPBACK.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Where a connection comes from, read as the HTTP app reads it (`trust
 * proxy: loopback`): a proxy on this machine is believed about who it
 * forwards for, nobody else is. Walks from the socket's peer back through
 * X-Forwarded-For while the hop is loopback.
 */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>): string {
	const forwarded = String(request.headers['x-forwarded-for'] ?? '')
		.split(',')
		.map((a) => a.trim())
		.filter(Boolean);
	const hops = [request.socket.remoteAddress ?? 'unknown', ...forwarded.reverse()];
	return hops.find((hop) => !isLoopback(hop)) ?? hops.at(-1)!;
}
