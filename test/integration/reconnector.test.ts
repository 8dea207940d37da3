/*
 * The client's Reconnector against the real server: what it tries again, on
 * which schedule, and what it leaves alone because trying again cannot help.
 */
import { describe, expect, it, vi } from 'vitest';
import { ReconnectPolicy } from '../../client/src/media/reconnectPolicy.ts';
import { Reconnector } from '../../client/src/media/reconnector.ts';
import { SignalingClient } from '../../client/src/signaling/signalingClient.ts';
import { TcpRelay } from '../tcpRelay.ts';
import { eventually, sleep, studioSuite, TestStudio } from './harness.ts';
import { viewerSuite } from './reconnectingViewer.ts';

const suite = studioSuite();
const viewer = viewerSuite(() => suite.studio.url);

/** Longer than any first attempt's delay (0..1 s): had a retry been scheduled, it would have been made. */
const PAST_FIRST_ATTEMPT_MS = 1_200;

describe('the Reconnector', () => {
	it('connects again and rejoins when the server drops the connection, within the first step of its policy', async () => {
		const room = await suite.studio.createRoom('Putus sambung');
		const buyer = viewer(room.tokens.buyer, 'Sari');
		buyer.reconnector.start();
		await buyer.waitForState('connected');

		const before = buyer.states.length;
		suite.studio.studio.io.in(buyer.signaling.socket.id!).disconnectSockets(true);
		await buyer.waitForStates(['reconnecting', 'connected'], before);
		expect(buyer.joins).toBe(2);
		expect(buyer.retries).toHaveLength(1);
		expect(buyer.retries[0]).toMatchObject({ reason: 'socket_lost', attempt: 1 });
		expect(buyer.retries[0]!.delayMs).toBeLessThan(1_000);
		expect(suite.studio.room(room.code).state().viewers.buyers).toBe(1);
	});

	it('does not retry an invite link the server refuses', async () => {
		const stranger = viewer('not-a-real-invite-token', 'Orang asing');
		stranger.reconnector.start();
		await stranger.waitForState('failed');
		await sleep(PAST_FIRST_ATTEMPT_MS);
		expect(stranger.state).toBe('failed');
		expect(stranger.retries).toEqual([]);
		expect(stranger.signaling.socket.active).toBe(false);
	});

	it('leaves a host replaced by another device, and a host whose turn is over, ended', async () => {
		const room = await suite.studio.createRoom('Dua HP');
		const firstPhone = viewer(room.tokens.host, 'Bu Rina');
		firstPhone.reconnector.start();
		await firstPhone.waitForState('connected');
		const secondPhone = viewer(room.tokens.host, 'Bu Rina');
		secondPhone.reconnector.start();
		await secondPhone.waitForState('connected');
		await firstPhone.waitForState('replaced');

		suite.studio.room(room.code).endTurn();
		await secondPhone.waitForState('turnOver');

		await sleep(PAST_FIRST_ATTEMPT_MS);
		for (const phone of [firstPhone, secondPhone]) {
			expect(phone.retries).toEqual([]);
			expect(phone.joins).toBe(1);
			// Starting again (a page mounted twice) does not bring an ended session back.
			phone.reconnector.start();
		}
		expect([firstPhone.state, secondPhone.state]).toEqual(['replaced', 'turnOver']);
		expect(suite.studio.room(room.code).state().hostName).toBeNull();
	});

	it('gives up when the studio stays unreachable past its time budget, and tries again at once when asked', async () => {
		const room = await suite.studio.createRoom('Sinyal hilang');
		const relay = await TcpRelay.start(suite.studio.studio.httpPort);
		try {
			const buyer = viewer(room.tokens.buyer, 'Sari', { url: relay.url, policy: new ReconnectPolicy({ giveUpAfterMs: 2_000 }) });
			buyer.reconnector.start();
			await buyer.waitForState('connected');

			await relay.cut();
			await buyer.waitForState('gaveUp', 15_000);
			// Every attempt was refused: the quick steps (0..1 s, 0.3 s, 1.2 s ± 50 %) fit in the 2 s budget, then it stopped.
			const attempts = buyer.retries.length;
			expect(attempts).toBeGreaterThanOrEqual(2);
			expect(buyer.retries.map((r) => r.attempt)).toEqual(Array.from({ length: attempts }, (_, i) => i + 1));
			await sleep(PAST_FIRST_ATTEMPT_MS);
			expect(buyer.retries).toHaveLength(attempts);
			expect(buyer.state).toBe('gaveUp');

			await relay.restore();
			buyer.reconnector.retryNow();
			await buyer.waitForState('connected');
			expect(buyer.joins).toBe(2);
			expect(suite.studio.room(room.code).state().viewers.buyers).toBe(1);
		} finally {
			await relay.close();
		}
	});

	it('when the network is back (the browser says online), connects at once instead of at the next step, and after giving up too', async () => {
		const room = await suite.studio.createRoom('Sinyal kembali');
		const relay = await TcpRelay.start(suite.studio.studio.httpPort);
		try {
			// Every attempt waits 60 s: only networkBack() can bring the viewer back within the test.
			const buyer = viewer(room.tokens.buyer, 'Sari', { url: relay.url, policy: new ReconnectPolicy({ delaysMs: [60_000], jitter: 0 }) });
			buyer.reconnector.start();
			await buyer.waitForState('connected');
			await relay.cut();
			await buyer.waitForState('reconnecting');
			expect(buyer.retries.map((r) => r.delayMs)).toEqual([60_000]);
			await relay.restore();
			const back = Date.now();
			buyer.reconnector.networkBack();
			await buyer.waitForState('connected', 5_000);
			expect(Date.now() - back).toBeLessThan(5_000);
			expect(buyer.joins).toBe(2);

			const quitter = viewer(room.tokens.buyer, 'Dewi', { url: relay.url, policy: new ReconnectPolicy({ giveUpAfterMs: 0 }) });
			quitter.reconnector.start();
			await quitter.waitForState('connected');
			await relay.cut();
			await quitter.waitForState('gaveUp');
			await relay.restore();
			quitter.reconnector.networkBack();
			await quitter.waitForState('connected', 5_000);
			// Back while connected: nothing to do.
			quitter.reconnector.networkBack();
			await sleep(PAST_FIRST_ATTEMPT_MS);
			expect([quitter.state, quitter.joins]).toEqual(['connected', 2]);
		} finally {
			await relay.close();
		}
	});

	it('tries a link at its connection cap again later (the cap is temporary), and gets in once a slot frees up', async () => {
		const room = await suite.studio.createRoom('Penuh');
		const phones = await Promise.all([1, 2, 3].map((i) => suite.studio.connect(room.tokens.host, `HP ${i}`)));
		const fourth = viewer(room.tokens.host, 'Bu Rina');
		fourth.reconnector.start();
		await eventually(() => fourth.retries.length >= 2, 'two attempts refused at the cap');
		expect(fourth.retries.every((r) => r.reason === 'rate_limited')).toBe(true);
		expect(fourth.state).toBe('connecting');
		phones[0]!.close();
		await fourth.waitForState('connected', 10_000);
		expect(suite.studio.room(room.code).state().hostName).toBe('Bu Rina');
	});

	it('ends a session whose link was revoked while it was in, without trying again', async () => {
		const room = await suite.studio.createRoom('Tautan dicabut');
		const buyer = viewer(room.tokens.buyer, 'Sari');
		buyer.reconnector.start();
		await buyer.waitForState('connected');
		let lastError: unknown = null;
		buyer.reconnector.on('state', (_state, error) => {
			if (error) lastError = error;
		});
		await suite.studio.studio.registry.replaceInvites(room.code, ['buyer']);
		await suite.studio.studio.registry.revokeTokens(room.code, [room.tokens.buyer]);
		await buyer.waitForState('failed');
		expect(lastError).toMatchObject({ kind: 'invite_invalid' });
		await sleep(PAST_FIRST_ATTEMPT_MS);
		expect(buyer.retries).toEqual([]);
		expect(buyer.joins).toBe(1);
	});

	it('keeps a connection that waits for its person (the join form is open) going past the join timeout, without giving up', async () => {
		const quick = await TestStudio.start({ GLADI_JOIN_TIMEOUT_SECONDS: '0.3' });
		const made: Reconnector[] = [];
		try {
			const room = await quick.createRoom('Formulir terbuka');
			/** A page whose person has not pressed Join: it prepares, then (if `waits`) says so and waits. */
			const openForm = (waits: boolean) => {
				const signaling = new SignalingClient(room.tokens.buyer, () => null, quick.url);
				let prepared = 0;
				const reconnector = new Reconnector(signaling.socket, {
					join: async (signal, waiting) => {
						const answer = await signaling.request('room:prepare', {});
						signaling.person.save(answer.person);
						prepared++;
						if (waits) waiting();
						await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
						throw new Error('the connection closed before the person joined');
					},
					policy: new ReconnectPolicy({ giveUpAfterMs: 1_000 }),
				});
				made.push(reconnector);
				reconnector.start();
				return { reconnector, prepared: () => prepared };
			};
			const waiting = openForm(true);
			const silent = openForm(false);
			await sleep(3_000);
			// The studio dropped it at each join timeout; it came back and prepared again every time.
			expect(waiting.reconnector.state).toBe('connecting');
			expect(waiting.prepared()).toBeGreaterThanOrEqual(3);
			// A join that never says it waits is an outage like any other: given up on after the policy's time.
			// (Its retries are jittered and each waits out a join timeout: allow a few of them, bounded.)
			await vi.waitFor(() => expect(silent.reconnector.state).toBe('gaveUp'), { timeout: 6_000, interval: 50 });
		} finally {
			for (const r of made) r.stop();
			await quick.close();
		}
	});
});
