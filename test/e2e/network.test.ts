import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import {
	closeAll,
	createRoom,
	expectDecoding,
	joinAs,
	selectedProtocols,
	e2eSuite,
	pressGoLive,
} from './harness.ts';
import { freePort } from '../freePort.ts';

const suite = e2eSuite(async () => ({ GLADI_HTTPS_PORT: String(await freePort()) }));

test('over HTTPS with the generated certificate (phones on the LAN), the live works end to end', async () => {
	const { httpsPort, tls } = suite.env.studio;
	expect(httpsPort).toBeGreaterThan(0);
	expect(tls?.source).toBe('generated');
	expect(existsSync(tls!.certFile)).toBe(true);
	expect(path.basename(tls!.certFile)).toBe('gladi-selfsigned.crt');

	const httpsBase = `https://127.0.0.1:${httpsPort}`;
	const room = await createRoom(suite.env.baseUrl, 'Lewat HTTPS');
	const secure = { ignoreHTTPSErrors: true };
	const host = await joinAs(suite.browser, httpsBase, room.links.host, 'Host', secure);
	const buyer = await joinAs(suite.browser, httpsBase, room.links.buyer, 'Pembeli', secure);
	try {
		expect(await host.evaluate(() => window.isSecureContext && location.protocol)).toBe('https:');
		await pressGoLive(host);
		await expectDecoding(buyer);
	} finally {
		await closeAll([host, buyer]);
	}
});

test('a viewer whose network blocks UDP gets the live over TCP', async () => {
	const room = await createRoom(suite.env.baseUrl, 'UDP diblokir');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Host');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Pembeli TCP', { blockUdp: true });
	try {
		await pressGoLive(host);
		await expectDecoding(buyer, 45_000);
		expect(await selectedProtocols(buyer)).toEqual(['tcp']);
		expect(await selectedProtocols(host)).toEqual(['udp']);
	} finally {
		await closeAll([host, buyer]);
	}
});
