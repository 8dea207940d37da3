/*
 * The mentor's connection-quality panel in headless Chromium, fed by the
 * real server: a browser host publishing simulcast and a browser buyer
 * (their rows from mediasoup's own scores and layers), and lightweight
 * protocol clients (test/bench/mediaClients.ts) that send `qos:report` as a
 * browser's monitor does: a buyer on a slow phone, and a host on a weak uplink.
 */
import { QOS_REPORT_INTERVAL_MS, type QosReport } from '@gladi/shared';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { expect, test } from 'vitest';
import { askOver, connect, publishLoop, type PublishedHost } from '../bench/mediaClients.ts';
import { LoopSource } from '../bench/loopSource.ts';
import { createCertificate } from '../bench/rtpReceiver.ts';
import { closeAll, createRoom, e2eSuite, expectDecoding, joinAs, pressGoLive } from './harness.ts';

const suite = e2eSuite();

const tokenOf = (link: string) => new URL(link, suite.env.baseUrl).searchParams.get('t')!;

/** A protocol client that joins room `code` with `link` and reports `report` every QOS_REPORT_INTERVAL_MS, as a browser's monitor would. */
async function reporter(code: string, link: string, name: string, report: QosReport): Promise<{ socket: Socket; stop(): void }> {
	// Straight to the node running the room (two nodes: a protocol client does not follow a room_elsewhere refusal).
	const socket = await connect(`http://127.0.0.1:${suite.env.nodeOf(code).httpPort}`, tokenOf(link), name);
	const ask = askOver(socket);
	await ask('room:join', {});
	await ask('qos:report', report);
	const timer = setInterval(() => void ask('qos:report', report).catch(() => undefined), QOS_REPORT_INTERVAL_MS);
	return {
		socket,
		stop() {
			clearInterval(timer);
			socket.disconnect();
		},
	};
}

/** The peer id the server gave the viewer called `name` (the panel's rows carry it). */
function peerIdOf(code: string, name: string): string | undefined {
	return suite.env.nodeOf(code).registry.inMemory(code)?.qos.state().viewers.find((v) => v.name === name)?.peerId;
}

const rowOf = (mentor: Page, peerId: string) => mentor.locator(`[data-testid="qos-viewer"][data-peer-id="${peerId}"]`);

test('a mentor sees the host’s layers and each viewer’s link, and tells a slow phone from a fine live', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Latihan sinyal');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const mentor = await joinAs(suite.browser, suite.env.baseUrl, room.links.mentor, 'Pak Mentor');
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Ani');
	let phone: Awaited<ReturnType<typeof reporter>> | undefined;
	try {
		await pressGoLive(host);
		await Promise.all([expectDecoding(mentor), expectDecoding(buyer)]);
		const panel = mentor.getByTestId('qos-panel');
		await expect.poll(() => panel.isVisible(), { timeout: 10_000 }).toBe(true);

		// The host's camera as mediasoup receives it: its simulcast layers, scored.
		const hostRow = mentor.getByTestId('qos-host');
		await expect.poll(() => hostRow.getAttribute('data-quality'), { timeout: 10_000 }).toBe('good');
		await expect.poll(() => hostRow.textContent()).toContain('Bu Rina');
		await expect.poll(async () => ((await mentor.getByTestId('qos-host-layers').textContent()) ?? '').match(/✓/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

		// The browser buyer: the layer mediasoup forwards to them (its size, from the host browser's report), a good link.
		await expect.poll(() => peerIdOf(room.code, 'Ani')).toBeTruthy();
		const aniId = peerIdOf(room.code, 'Ani')!;
		await expect.poll(() => rowOf(mentor, aniId).getAttribute('data-quality'), { timeout: 10_000 }).toBe('good');
		await expect.poll(() => rowOf(mentor, aniId).getByTestId('qos-viewer-layer').textContent()).toMatch(/^(180|360|720)p$/);
		await expect.poll(() => mentor.getByTestId('qos-summary').textContent(), { timeout: 10_000 }).toContain('Semua lancar');

		// A buyer on a slow phone reports its own reception: it goes on top, and the line says so.
		phone = await reporter(room.code, room.links.buyer, 'HP Lambat', {
			quality: 'poor',
			receive: { width: 320, height: 180, fps: 9, kbps: 140, lossPct: 7.5, freezeCount: 4, freezeMs: 3_200 },
		});
		const phoneId = phone.socket.id!;
		await expect.poll(() => mentor.getByTestId('qos-viewer').first().getAttribute('data-peer-id'), { timeout: 10_000 }).toBe(phoneId);
		const phoneRow = rowOf(mentor, phoneId);
		expect(await phoneRow.getAttribute('data-quality')).toBe('poor');
		expect(await phoneRow.textContent()).toMatch(/HP Lambat.*180p.*7,5%.*4× macet \(3,2 dtk\)/);
		expect(await panel.getAttribute('data-summary')).toBe('viewers_weak');
		expect(await mentor.getByTestId('qos-summary').textContent()).toContain('1 penonton koneksi lemah');
		// The host is still fine: it is the phone, not the live.
		expect(await hostRow.getAttribute('data-quality')).toBe('good');

		// Collapsed, the panel keeps its one line; the stage is untouched.
		await mentor.locator('[data-testid="qos-panel"] > summary').click();
		await expect.poll(() => hostRow.isVisible()).toBe(false);
		expect(await mentor.getByTestId('qos-summary').isVisible()).toBe(true);
		expect(await mentor.getByTestId('stage-video').isVisible()).toBe(true);

		// Only the mentor gets the panel.
		expect(await buyer.getByTestId('qos-panel').count()).toBe(0);
		expect(await host.getByTestId('qos-panel').count()).toBe(0);
	} finally {
		phone?.stop();
		await closeAll([host, mentor, buyer]);
	}
});

test('a host on a weak uplink: the line says the seller’s signal is weak, whatever the viewers say', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Latihan sinyal lemah');
	const [source, cert] = await Promise.all([LoopSource.capture(2), createCertificate()]);
	const socket = await connect(suite.env.baseUrl, tokenOf(room.links.host), 'Bu Rina');
	const ask = askOver(socket);
	let published: PublishedHost | undefined;
	let timer: NodeJS.Timeout | undefined;
	const mentor = await joinAs(suite.browser, suite.env.baseUrl, room.links.mentor, 'Pak Mentor', { lang: 'en' });
	try {
		const joined = await ask('room:join', {});
		published = await publishLoop(ask, joined.routerRtpCapabilities, cert, source);
		await ask('live:start', {});
		// What a host's browser reports when its uplink cannot carry the top layers.
		const weak: QosReport = {
			quality: 'poor',
			send: {
				layers: [
					{ rid: 'r0', active: true, width: 320, height: 180, fps: 12, kbps: 120 },
					{ rid: 'r1', active: false, width: 0, height: 0, fps: 0, kbps: 0 },
				],
				limitation: 'bandwidth',
				availableKbps: 180,
				rttMs: 420,
				lossPct: 9,
				choice: 'saver',
			},
		};
		await ask('qos:report', weak);
		timer = setInterval(() => void ask('qos:report', weak).catch(() => undefined), QOS_REPORT_INTERVAL_MS);
		await expectDecoding(mentor);

		const hostRow = mentor.getByTestId('qos-host');
		await expect.poll(() => hostRow.getAttribute('data-quality'), { timeout: 10_000 }).toBe('poor');
		await expect.poll(() => mentor.getByTestId('qos-panel').getAttribute('data-summary')).toBe('host_weak');
		expect(await mentor.getByTestId('qos-summary').textContent()).toContain('The seller’s signal is weak');
		const text = (await hostRow.textContent()) ?? '';
		expect(text).toContain('Data saver');
		expect(text).toContain('RTT 420 ms');
		expect(text).toContain('9% lost');
		expect(text).toContain('limited by the signal');
		expect(await mentor.getByTestId('qos-host-layers').textContent()).toMatch(/r1 ✗.*180p ✓/);
		// The mentor's own row: the viewer who decodes (mediasoup's layer; no report from this page yet).
		expect(await mentor.getByTestId('qos-viewer').count()).toBe(1);
	} finally {
		clearInterval(timer);
		published?.stop();
		socket.disconnect();
		await closeAll([mentor]);
	}
});
