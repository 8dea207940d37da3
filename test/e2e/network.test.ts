import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
	closeAll,
	createRoom,
	expectDecoding,
	joinAs,
	launchChromium,
	selectedProtocols,
	startE2EStudio,
	type E2EStudio,
} from './harness.ts';

let env: E2EStudio;
let browser: Browser;

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

beforeAll(async () => {
	env = await startE2EStudio({ GLADI_HTTPS_PORT: String(await freePort()) });
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await env?.close();
});

test('over HTTPS with the generated certificate (phones on the LAN), the live works end to end', async () => {
	const { httpsPort, tls } = env.studio;
	expect(httpsPort).toBeGreaterThan(0);
	expect(tls?.source).toBe('generated');
	expect(existsSync(tls!.certFile)).toBe(true);
	expect(path.basename(tls!.certFile)).toBe('gladi-selfsigned.crt');

	const httpsBase = `https://127.0.0.1:${httpsPort}`;
	const room = await createRoom(env.baseUrl, 'Lewat HTTPS');
	const secure = { ignoreHTTPSErrors: true };
	const host = await joinAs(browser, httpsBase, room.links.host, 'Host', secure);
	const buyer = await joinAs(browser, httpsBase, room.links.buyer, 'Pembeli', secure);
	try {
		expect(await host.evaluate(() => window.isSecureContext && location.protocol)).toBe('https:');
		await expect.poll(() => host.getByTestId('go-live').isEnabled(), { timeout: 15_000 }).toBe(true);
		await host.getByTestId('go-live').click();
		await expectDecoding(buyer);
	} finally {
		await closeAll([host, buyer]);
	}
});

test('a viewer whose network blocks UDP gets the live over TCP', async () => {
	const room = await createRoom(env.baseUrl, 'UDP diblokir');
	const host = await joinAs(browser, env.baseUrl, room.links.host, 'Host');
	const buyer = await joinAs(browser, env.baseUrl, room.links.buyer, 'Pembeli TCP', { blockUdp: true });
	try {
		await expect.poll(() => host.getByTestId('go-live').isEnabled(), { timeout: 15_000 }).toBe(true);
		await host.getByTestId('go-live').click();
		await expectDecoding(buyer, 45_000);
		expect(await selectedProtocols(buyer)).toEqual(['tcp']);
		expect(await selectedProtocols(host)).toEqual(['udp']);
	} finally {
		await closeAll([host, buyer]);
	}
});
