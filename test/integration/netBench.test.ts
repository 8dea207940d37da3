/**
 * The network bench itself (test/net), with real UDP sockets in the
 * namespaces it makes: a probe in the studio's namespace stands in for the
 * WebRtcServer (echoing on its port), clients ping it through the relay or
 * straight through the router. Needs root (namespaces); skipped otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canMakeNamespaces, NetBench, STUDIO_MEDIA_PORT, type ClientLink } from '../net/netBench.ts';
import { namespacesNow } from '../net/netns.ts';
import type { PingResult } from '../net/udpProbe.ts';

const PROBE = path.resolve(import.meta.dirname, '../net/udpProbe.ts');
const ROOT_ONLY = !canMakeNamespaces();

function inNamespace(ns: string, ...args: string[]): ChildProcess {
	return spawn('ip', ['netns', 'exec', ns, process.execPath, PROBE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

async function ping(client: ClientLink, address: string, port: number, count: number, intervalMs: number, size = 100): Promise<PingResult> {
	const child = inNamespace(client.namespace!, 'ping', address, String(port), String(count), String(intervalMs), String(size));
	let out = '';
	child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
	await new Promise<void>((resolve, reject) => {
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ping exited ${code}`))));
	});
	return JSON.parse(out) as PingResult;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe.skipIf(ROOT_ONLY)('the network bench', () => {
	let bench: NetBench;
	let echo: ChildProcess;
	let alice: ClientLink;
	let bob: ClientLink;

	beforeAll(async () => {
		bench = await NetBench.create();
		// The echo stands where the WebRtcServer would: the studio's address and media port.
		echo = inNamespace(bench.studioNamespace, 'echo', bench.studioAddress, String(STUDIO_MEDIA_PORT));
		await new Promise<void>((resolve) => echo.stdout!.once('data', () => resolve()));
		alice = await bench.clientNamespace('alice');
		bob = await bench.clientNamespace('bob');
	});

	afterAll(async () => {
		echo?.kill();
		await bench?.destroy();
	});

	test('relays every datagram of a clean path, quickly, and counts them per client', async () => {
		const result = await ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 50, 5);
		expect(result.received).toBe(50);
		expect(median(result.rttMs)).toBeLessThan(20);
		const counters = (await bench.relay.counters())[alice.address]!;
		expect(counters).toMatchObject({ upPackets: 50, upDropped: 0, downPackets: 50, downDropped: 0, flows: 1 });
	});

	test('delays each direction of one client only, and jitters without reordering', async () => {
		await alice.impair({ both: { delayMs: 60, jitterMs: 10 } });
		const [slow, fast] = await Promise.all([ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 60, 10), ping(bob, bench.relayAddress, STUDIO_MEDIA_PORT, 60, 10)]);
		expect(slow.received).toBe(60);
		// 2 x 60 ms, +-2 x 10 ms of jitter, + scheduling on a busy machine.
		expect(median(slow.rttMs)).toBeGreaterThanOrEqual(110);
		expect(median(slow.rttMs)).toBeLessThan(170);
		expect(Math.min(...slow.rttMs)).toBeGreaterThanOrEqual(95);
		expect(median(fast.rttMs)).toBeLessThan(20);
		await alice.impair({});
	});

	test('drops the given share of one direction', async () => {
		await alice.impair({ down: { lossPercent: 20 } });
		const before = (await bench.relay.counters())[alice.address]!;
		const result = await ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 400, 2);
		const after = (await bench.relay.counters())[alice.address]!;
		// 400 draws at 20 %: 80 expected, 3.5 standard deviations is 80 +- 28.
		expect(result.received).toBeGreaterThan(400 - 80 - 28);
		expect(result.received).toBeLessThan(400 - 80 + 28);
		expect(after.upDropped - before.upDropped).toBe(0);
		expect(after.downDropped - before.downDropped).toBe(400 - result.received);
		await alice.impair({});
	});

	test('an outage drops everything until it ends', async () => {
		await alice.impair({ outage: true });
		expect((await ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 20, 5)).received).toBe(0);
		await alice.impair({});
		expect((await ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 20, 5)).received).toBe(20);
	});

	test('caps an uplink to its rate (tbf) and lifts the cap again', async () => {
		await alice.shape({ uplinkKbps: 500 });
		// 1 000-byte datagrams every 2 ms: 4 Mbit/s offered for 2 s into a 500 kbit/s link with a 300 ms queue.
		const capped = await ping(alice, bench.studioAddress, STUDIO_MEDIA_PORT, 1_000, 2, 1_000);
		const bits = capped.received * (1_000 + 28) * 8;
		expect(bits / (capped.spanMs / 1000)).toBeGreaterThan(350_000);
		expect(bits / (capped.spanMs / 1000)).toBeLessThan(650_000);
		await alice.shape({ uplinkKbps: null });
		const free = await ping(alice, bench.studioAddress, STUDIO_MEDIA_PORT, 200, 2, 1_000);
		expect(free.received).toBeGreaterThan(190);
	});

	test('a silent cut stops everything to and from one client, relayed or not, until restored', async () => {
		await alice.shape({ downlinkKbps: 2_000 });
		await alice.cut('silent');
		const [relayed, direct, other] = await Promise.all([
			ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 20, 10),
			ping(alice, bench.studioAddress, STUDIO_MEDIA_PORT, 20, 10),
			ping(bob, bench.relayAddress, STUDIO_MEDIA_PORT, 20, 10),
		]);
		expect([relayed.received, direct.received, other.received]).toEqual([0, 0, 20]);
		await alice.restore();
		expect((await ping(alice, bench.relayAddress, STUDIO_MEDIA_PORT, 20, 5)).received).toBe(20);
		// The cap it had before the cut is back.
		expect(execFileSync('tc', ['-n', bench.routerNamespace, 'qdisc', 'show'], { encoding: 'utf8' })).toMatch(/tbf .*rate 2Mbit/);
		await alice.shape({ downlinkKbps: null });
	});

	test('a link cut takes the carrier away; restored, the client routes again at once', async () => {
		await bob.cut('link');
		expect((await ping(bob, bench.studioAddress, STUDIO_MEDIA_PORT, 10, 10)).received).toBe(0);
		await bob.restore();
		expect((await ping(bob, bench.studioAddress, STUDIO_MEDIA_PORT, 10, 5)).received).toBe(10);
	});

	test('the root namespace reaches the studio and the relay over its own link', async () => {
		const socket = dgram.createSocket('udp4');
		try {
			const answer = new Promise<Buffer>((resolve) => socket.once('message', resolve));
			socket.send(Buffer.from('root'), STUDIO_MEDIA_PORT, bench.relayAddress);
			expect((await answer).toString()).toBe('root');
			expect((await bench.relay.counters())[bench.root.address]?.upPackets).toBe(1);
		} finally {
			socket.close();
		}
	});
});

describe.skipIf(ROOT_ONLY)('cleaning up', () => {
	test('destroy() removes every namespace, the root link and its route', async () => {
		const bench = await NetBench.create();
		await bench.clientNamespace('gone');
		const prefix = bench.prefix;
		expect(namespacesNow().filter((n) => n.startsWith(`${prefix}-`))).toHaveLength(3);
		await bench.destroy();
		expect(namespacesNow().filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
		expect(execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' })).not.toContain(`${bench.subnet}.0/24`);
	});

	test('a crashed run’s namespaces (its process is gone) are deleted by the next run', async () => {
		const gone = spawn(process.execPath, ['-e', '']);
		await new Promise((resolve) => gone.once('exit', resolve));
		const stale = `gl${gone.pid}-1-router`;
		execFileSync('ip', ['netns', 'add', stale]);
		try {
			const bench = await NetBench.create();
			await bench.destroy();
			expect(namespacesNow()).not.toContain(stale);
		} finally {
			if (namespacesNow().includes(stale)) execFileSync('ip', ['netns', 'delete', stale]);
		}
	});
});
