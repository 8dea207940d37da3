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
