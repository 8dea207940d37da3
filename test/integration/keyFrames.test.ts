/**
 * Key frames for viewers who join: the first one is asked of the host at
 * once, and viewers joining together share them (the producer's 500 ms
 * merge window), whatever the number. A real host leg (a looped VP8 stream
 * that answers each PLI/FIR with a key frame, over ICE + DTLS + SRTP) and
 * real viewer legs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LoopSource } from '../bench/loopSource.ts';
import { askOver, connect, firstPacketAt, joinViewer, publishLoop, type PublishedHost, type Viewer } from '../bench/mediaClients.ts';
import { createCertificate, type DtlsCertificate } from '../bench/rtpReceiver.ts';
import { sleep, studioSuite, type TestRoom } from './harness.ts';

const suite = studioSuite();
let source: LoopSource;
let cert: DtlsCertificate;

beforeAll(async () => {
	[source, cert] = await Promise.all([LoopSource.capture(2), createCertificate()]);
}, 30_000);

/** A room whose host is live with the looped stream. */
async function liveRoom(): Promise<{ room: TestRoom; host: PublishedHost; close: () => void }> {
	const room = await suite.studio.createRoom('Key frames');
	const socket = await connect(suite.studio.url, room.tokens.host, 'Hana');
	const ask = askOver(socket);
	const joined = await ask('room:join', {});
	const host = await publishLoop(ask, joined.routerRtpCapabilities, cert, source);
	await ask('live:start', {});
	return {
		room,
		host,
		close: () => {
			host.stop();
			socket.disconnect();
		},
	};
}

/** When the host got each key frame request from now on (performance.now()), sampled every 2 ms until stopped. */
function watchRequests(): { at: number[]; stop: () => void } {
	const at: number[] = [];
	let seen = source.totals.keyFrameRequests;
	const timer = setInterval(() => {
		for (; seen < source.totals.keyFrameRequests; seen++) at.push(performance.now());
	}, 2);
	return { at, stop: () => clearInterval(timer) };
}

function closeViewers(viewers: Viewer[]): void {
	for (const v of viewers) {
		v.close();
	}
}

describe('key frames for joining viewers', () => {
	it('are asked of the host as soon as one viewer is resumed, once', async () => {
		const live = await liveRoom();
		await sleep(700); // past any window the host's own start opened
		const requests = watchRequests();
		const viewers: Viewer[] = [];
		try {
			viewers.push(await joinViewer({ kind: 'gladi', url: suite.studio.url, token: live.room.tokens.buyer }, 'Sari', cert));
			const resumedAt = performance.now();
			expect(await firstPacketAt(viewers[0]!, 'video', 5_000)).not.toBeNull();
			await sleep(1_200); // a request merged into the window would come 500 ms after the first
			requests.stop();
			expect(requests.at).toHaveLength(1);
			// Not held for the window: asked for by the resume itself (the ack came after the worker had sent it).
			expect(requests.at[0]! - resumedAt).toBeLessThan(400);
		} finally {
			requests.stop();
			closeViewers(viewers);
			live.close();
		}
	});

	it('are shared by a class joining at once: about one per 500 ms, not one per viewer', async () => {
		const live = await liveRoom();
		await sleep(700);
		const requests = watchRequests();
		const viewers: Viewer[] = [];
		try {
			const joins = Array.from({ length: 12 }, (_, i) => joinViewer({ kind: 'gladi', url: suite.studio.url, token: live.room.tokens.buyer }, `Pembeli ${i}`, cert));
			const started = performance.now();
			viewers.push(...(await Promise.all(joins)));
			const joinedOver = performance.now() - started;
			for (const v of viewers) expect(await firstPacketAt(v, 'video', 5_000)).not.toBeNull();
			await sleep(1_200);
			requests.stop();
			// The first at once, then at most one as each 500 ms window closes while viewers keep arriving.
			expect(requests.at.length).toBeGreaterThanOrEqual(1);
			expect(requests.at.length).toBeLessThanOrEqual(2 + Math.floor(joinedOver / 500));
			expect(requests.at.length).toBeLessThan(viewers.length);
		} finally {
			requests.stop();
			closeViewers(viewers);
			live.close();
		}
	});
});
