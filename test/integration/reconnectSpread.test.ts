/*
 * Measured: when the media worker under a room dies, the server drops all its
 * viewers at the same instant. Their rejoin attempts, made by the client's
 * real Reconnector and ReconnectPolicy over real socket.io, must reach the
 * server spread over time, not all at once. Each viewer's policy draws its
 * jitter from its own seeded source (as random as Math.random, but the same
 * every run), so the spread is measured, not left to a lucky draw.
 */
import { describe, expect, it } from 'vitest';
import type { GladiSocket } from '../../server/src/signaling/types.ts';
import { ReconnectPolicy } from '../../client/src/media/reconnectPolicy.ts';
import { eventually, studioSuite } from './harness.ts';
import { viewerSuite } from './reconnectingViewer.ts';

const VIEWERS = 30;
const WINDOW_MS = 100;

const suite = studioSuite();
const viewer = viewerSuite(() => suite.studio.url);

/** A seeded uniform source in [0, 1) (mulberry32). */
function seededRandom(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** The most of `times` (sorted, ms) that fall within any `windowMs`-long window. */
function busiestWindow(times: number[], windowMs: number): number {
	let most = 0;
	for (let first = 0, last = 0; last < times.length; last++) {
		while (times[last]! - times[first]! >= windowMs) first++;
		most = Math.max(most, last - first + 1);
	}
	return most;
}

describe('reconnect spread', () => {
	it(`${VIEWERS} viewers dropped by a worker death come back spread over time, and all of them`, async () => {
		const room = await suite.studio.createRoom('Kelas 30 HP');
		const viewers = Array.from({ length: VIEWERS }, (_, i) =>
			viewer(room.tokens.buyer, `Pembeli ${i + 1}`, { policy: new ReconnectPolicy({ random: seededRandom(i + 1) }) }),
		);
		for (const v of viewers) v.reconnector.start();
		await eventually(() => viewers.every((v) => v.state === 'connected'), `${VIEWERS} viewers joined`, 15_000);
		const server = suite.studio.room(room.code);
		expect(server.participantCount).toBe(VIEWERS);

		// What reaches the server after the kill: each new connection and each room:join, by viewer name.
		const connections: Array<{ name: string; at: number }> = [];
		let joinRequests = 0;
		const onConnection = (socket: GladiSocket) => {
			connections.push({ name: socket.data.name ?? '', at: performance.now() });
			socket.on('room:join', () => joinRequests++);
		};
		const io = suite.studio.studio.io;
		io.on('connection', onConnection);
		try {
			const killedAt = performance.now();
			process.kill(server.media!.slot.worker.pid, 'SIGKILL');
			await eventually(
				() => viewers.every((v) => v.joins >= 2 && v.state === 'connected') && server.participantCount === VIEWERS,
				`all ${VIEWERS} viewers back in the room`,
				20_000,
			);
			const allBackMs = performance.now() - killedAt;

			const firstAttempt = new Map<string, number>();
			for (const { name, at } of connections) if (!firstAttempt.has(name)) firstAttempt.set(name, at - killedAt);
			const offsets = [...firstAttempt.values()].sort((a, b) => a - b);
			expect(offsets).toHaveLength(VIEWERS);
			const [min, max] = [offsets[0]!, offsets.at(-1)!];
			const median = (offsets[VIEWERS / 2 - 1]! + offsets[VIEWERS / 2]!) / 2;
			const busiest = busiestWindow(offsets, WINDOW_MS);
			const refused = viewers.flatMap((v) => v.retries).filter((r) => r.reason === 'media_restarting').length;
			console.log(
				`[measure] reconnect spread, ${VIEWERS} viewers after a worker death: first attempts reach the server ` +
					`+${min.toFixed(0)} / +${median.toFixed(0)} / +${max.toFixed(0)} ms after the kill (min / median / max; span ${(max - min).toFixed(0)} ms); ` +
					`busiest ${WINDOW_MS} ms window: ${busiest} of ${VIEWERS}; ${connections.length} connections and ${joinRequests} room:join requests ` +
					`(${refused} answered "media restarting"); all back in the room after ${allBackMs.toFixed(0)} ms`,
			);

			expect(viewers.every((v) => v.retries.some((r) => r.reason === 'media_failure'))).toBe(true);
			expect(max - min).toBeGreaterThanOrEqual(600);
			expect(busiest).toBeLessThanOrEqual(VIEWERS / 3);
			expect(allBackMs).toBeLessThan(15_000);
		} finally {
			io.off('connection', onConnection);
		}
	});
});
