/*
 * Socket fuzzing against a real studio (socket.io, a mediasoup worker): a
 * host, a second host connection, a mentor and two buyers send every
 * request with generated payloads (valid ones naming the room's real
 * transports, producers, products and comments; the same with something
 * broken; garbage), one at a time and in concurrent bursts. Every answer
 * must be a success or a typed error other than `internal`, nothing may
 * hang, the room keeps its invariants (scene.ts) and the studio goes on
 * serving. The seed is fixed (GLADI_FUZZ_SEED varies it, GLADI_FUZZ_SCALE
 * runs longer, GLADI_FUZZ_STATS=1 prints how the answers were spread).
 */
import fc from 'fast-check';
import { fuzzRuns, fuzzScale, garbage, httpBodies, nest, payloadFor, requestPayloads } from '@gladi/shared/arbitraries';
import { can, handshakeAuthSchema, REQUEST_NAMES, requests, type Product, type RequestName, type Role } from '@gladi/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, opusRtpParameters, TestStudio, tokenOf, WAIT_MS, withTimeout, type TestRoom } from '../harness.ts';
import { expectTypedAck, expectTypedError, preview } from './answers.ts';
import { tooDeepForJson } from './frames.ts';
import { DROPPED, Scene, sceneRefs, type Answer } from './scene.ts';

let studio: TestStudio;

beforeAll(async () => {
	// The per-connection request limit (60 burst, 30/s) would answer most of the fuzz with rate_limited.
	// The caps meant for strangers are lifted (they have their own tests): the fuzz plays a crowd from one address.
	studio = await TestStudio.start(
		{ GLADI_MAX_CONNECTIONS_PER_HOST_LINK: '1000', GLADI_MAX_CONNECTIONS_PER_BUYER_LINK: '1000', GLADI_MAX_CONNECTIONS_PER_ADDRESS: '1000', GLADI_NEW_PEOPLE_PER_MINUTE: '100000' },
		{ signaling: { rateBurst: 100_000, ratePerSecond: 100_000 } },
	);
});
afterEach(() => studio.closeClients());
afterAll(async () => {
	await studio?.close();
});

const FUZZ_TIMEOUT_MS = 60_000 * fuzzScale();

/** A client address of its own for each write, so the per-address write limit stays out of the way. */
let addresses = 0;
const nextAddress = () => `198.18.${Math.floor(++addresses / 250) % 250}.${addresses % 250}`;

// ---------------------------------------------------------------- who sends what

const SLOTS = ['host', 'host2', 'mentor', 'buyer', 'buyer2'] as const;
type Slot = (typeof SLOTS)[number];
const ROLE_OF: Record<Slot, Role> = { host: 'host', host2: 'host', mentor: 'mentor', buyer: 'buyer', buyer2: 'buyer' };

type Step = { who: string; event: string; payload: unknown };

const slot = fc.constantFrom(...SLOTS);
const payloads = requestPayloads(sceneRefs);
/** Mostly someone whose role may send it (else nearly everything ends at role_forbidden), sometimes anyone. */
function senderOf(name: RequestName): fc.Arbitrary<Slot> {
	// The second host connection and the second buyer are there for races: less often for the rest.
	const allowed = SLOTS.filter((s) => can(ROLE_OF[s], requests[name].action)).map((s) => ({ arbitrary: fc.constant(s), weight: s.endsWith('2') ? 1 : 4 }));
	return fc.oneof({ arbitrary: fc.oneof(...allowed), weight: 5 }, { arbitrary: slot, weight: 1 });
}
const requestStep = fc.oneof(
	...REQUEST_NAMES.map((name) =>
		fc.record({ who: senderOf(name), event: fc.constant<string>(name), payload: payloadFor(payloads[name], { valid: 6, mutated: 3, garbage: 1 }) }),
	),
);
// Names socket.io-client itself refuses to emit (connect, disconnect...) are left out.
const unknownStep = fc.record({ who: slot, event: fc.constantFrom('room:leave', 'toString', '__proto__', 'hasOwnProperty', 'media:produce ', 'ROOM:JOIN', 'x'.repeat(300)), payload: garbage });
const step: fc.Arbitrary<Step> = fc.oneof({ arbitrary: requestStep, weight: 25 }, { arbitrary: unknownStep, weight: 1 });

/** Racing produces for one source are their own property (below): a burst here holds at most one media:produce per connection. */
function withoutRacingProduce(steps: Step[]): Step[] {
	const producing = new Set<string>();
	return steps.filter((s) => {
		if (s.event !== 'media:produce') return true;
		if (producing.has(s.who)) return false;
		producing.add(s.who);
		return true;
	});
}
const burst = fc.array(step, { minLength: 1, maxLength: 6 }).map(withoutRacingProduce);

/** Mostly a live room that is watched: most requests mean something only then. */
const likely = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });
const start = fc.record({ publish: likely, live: likely, watch: likely });

/** host, mentor and buyer joined (host2 and buyer2 connected only); the host publishing, live and watched as `how` says. */
async function setUp(how: { publish: boolean; live: boolean; watch: boolean }, room?: TestRoom): Promise<Scene> {
	const scene = new Scene(studio, room ?? (await studio.createRoom('Fuzz room')));
	for (const s of SLOTS) await scene.connect(s, ROLE_OF[s]);
	for (const s of ['host', 'mentor', 'buyer'] as const) await scene.send(s, 'room:join', {});
	if (how.publish) await scene.publishAndWatch(how);
	return scene;
}

async function play(scene: Scene, bursts: Step[][]): Promise<void> {
	for (const steps of bursts) {
		await scene.reconnectDropped();
		await Promise.all(steps.map((s) => scene.send(s.who, s.event, s.payload)));
	}
}

// ---------------------------------------------------------------- properties

describe('socket fuzz', () => {
	it(
		'answers every request, valid, broken or garbage, alone or in bursts, with a success or a typed error, and the room keeps its invariants',
		async () => {
			await fc.assert(
				fc.asyncProperty(start, fc.array(burst, { minLength: 1, maxLength: 8 }), async (how, bursts) => {
					const scene = await setUp(how);
					await play(scene, bursts);
					await scene.checkInvariants();
					await scene.checkStillServing();
				}),
				fuzzRuns(40),
			);
		},
		FUZZ_TIMEOUT_MS,
	);

	it(
		'admits a connection whose handshake names a real invite, and refuses any other with a typed error',
		async () => {
			const room = await studio.createRoom('Handshake fuzz');
			const token = fc.oneof({ arbitrary: fc.constantFrom(...Object.values(room.tokens)), weight: 3 }, { arbitrary: fc.string({ maxLength: 140 }), weight: 1 });
			const valid = httpBodies.handshakeAuth.valid.chain((auth) => token.map((t) => ({ ...auth, token: t })));
			await fc.assert(
				// socket.io-client cannot encode a handshake too deep for JSON.stringify (and zod does not walk into unknown keys).
				fc.asyncProperty(payloadFor(valid, { valid: 4, mutated: 4, garbage: 1 }).filter((auth) => !tooDeepForJson(auth)), async (auth) => {
					const client = studio.socket(auth as Record<string, unknown>);
					const outcome = await withTimeout(
						new Promise<Error | 'connected' | 'dropped'>((resolve) => {
							client.socket.once('connect', () => resolve('connected'));
							client.socket.once('connect_error', resolve);
							client.socket.once('disconnect', () => resolve('dropped'));
						}),
						WAIT_MS,
						`the handshake with ${preview(auth)}`,
					);
					client.close();
					const what = `handshake ${preview(auth)}`;
					if (outcome === 'connected') expect(handshakeAuthSchema.safeParse(auth).success, what).toBe(true);
					// socket.io itself drops a handshake whose auth is not a plain object; Gladi refuses the others with a typed error.
					else if (outcome === 'dropped') expect(Object.prototype.toString.call(auth), what).not.toBe('[object Object]');
					else expectTypedError((outcome as Error & { data?: unknown }).data, what);
				}),
				fuzzRuns(60),
			);
			const buyer = await studio.join(room, 'buyer');
			expect(buyer.join.room.code).toBe(room.code);
		},
		FUZZ_TIMEOUT_MS,
	);

	it('refuses payloads nested thousands of levels deep (past what JSON.stringify and structuredClone survive) with bad_request', async () => {
		const scene = await setUp({ publish: true, live: true, watch: false });
		const host = scene.actor('host');
		const caps = host.join!.routerRtpCapabilities;
		// Deep arrays overflow JSON.stringify; deep objects in media parameters overflow mediasoup's structuredClone.
		const deepArray = nest('x', 5_000, 'array');
		const deepInRtp = { transportId: host.transports.send, kind: 'audio', source: 'mic', rtpParameters: { ...opusRtpParameters(caps), extra: nest(1, 2_000, 'object') } };
		for (const name of REQUEST_NAMES) {
			const answer = await scene.send('host', name, deepArray);
			expect(answer !== DROPPED && !answer.ok && answer.error.code, name).toBe('bad_request');
		}
		const answer = await scene.send('host', 'media:produce', deepInRtp);
		expect(answer !== DROPPED && !answer.ok && answer.error.message).toMatch(/nested deeper/);
		await scene.checkInvariants();
		await scene.checkStillServing();
	});
});

// ---------------------------------------------------------------- races

/** The media requests that change what exists: who sends them, and with what. */
const mediaStep: fc.Arbitrary<Step> = fc.oneof(
	fc.constant({ who: 'host', event: 'live:start', payload: {} }),
	fc.constant({ who: 'host', event: 'live:end', payload: {} }),
	// Now and then the mic and the camera with one MID: produced at once, one of them must be refused, not answered internal.
	fc.record({
		who: fc.constant('host'),
		event: fc.constant('media:produce'),
		payload: fc.record({ transportId: fc.constant('$transport:send'), kind: fc.constant('audio'), source: fc.constant('mic'), rtpParameters: fc.constantFrom('$rtp:audio', '$rtp:audio:7:') }),
	}),
	fc.record({
		who: fc.constant('host'),
		event: fc.constant('media:produce'),
		payload: fc.record({ transportId: fc.constant('$transport:send'), kind: fc.constant('video'), source: fc.constant('camera'), rtpParameters: fc.constantFrom('$rtp:video', '$rtp:video:7:') }),
	}),
	fc.constant({ who: 'host', event: 'media:createTransport', payload: { direction: 'send' } }),
	fc.constant({ who: 'host', event: 'media:connectTransport', payload: { transportId: '$transport:send', dtlsParameters: '$dtls' } }),
	fc.constant({ who: 'host', event: 'media:restartIce', payload: { transportId: '$transport:send' } }),
	fc.record({ who: fc.constant('host'), event: fc.constant('media:closeProducer'), payload: fc.record({ producerId: fc.constantFrom('$producer:0', '$producer:1') }) }),
	fc.record({
		who: fc.constant('host'),
		event: fc.constant('media:setProducerPaused'),
		payload: fc.record({ producerId: fc.constantFrom('$producer:0', '$producer:1'), paused: fc.boolean() }),
	}),
	// A viewer's receive transport replaced (a client after an ICE failure) while it consumes: weighted up, it takes two at once.
	...Array.from({ length: 3 }, () => [
		fc.record({ who: fc.constantFrom('mentor', 'buyer'), event: fc.constant('media:createTransport'), payload: fc.constant({ direction: 'recv' }) }),
		fc.record({ who: fc.constantFrom('mentor', 'buyer'), event: fc.constant('media:consume'), payload: fc.constant({ transportId: '$transport:recv', rtpCapabilities: '$caps' }) }),
	]).flat(),
	fc.record({
		who: fc.constantFrom('mentor', 'buyer'),
		event: fc.constant('media:resumeConsumer'),
		payload: fc.record({ consumerId: fc.constantFrom('$consumer:0', '$consumer:1') }),
	}),
	fc.record({ who: fc.constantFrom('mentor', 'buyer'), event: fc.constant('media:connectTransport'), payload: fc.constant({ transportId: '$transport:recv', dtlsParameters: '$dtls' }) }),
);

/** One produce per source per burst: racing produces for one source are the property skipped below. */
function oneProducePerSource(steps: Step[]): Step[] {
	const sources = new Set<unknown>();
	return steps.filter((s) => {
		if (s.event !== 'media:produce') return true;
		const source = (s.payload as { source: unknown }).source;
		if (sources.has(source)) return false;
		sources.add(source);
		return true;
	});
}

/** A product of the test admin with these stocks (one variant per stock), and a room that sells only it. */
async function roomSelling(stocks: readonly number[]): Promise<{ room: TestRoom; product: Product }> {
	const variants = stocks.map((stock, i) => ({ size: `U${i}`, color: null, stock }));
	const res = await studio.fetchAs('/api/products', {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
		body: JSON.stringify({ name: 'Kaos sisa stok', price: 50_000, variants }),
	});
	expect(res.status).toBe(201);
	const product = (await res.json()) as Product;
	const created = await studio.postRooms(JSON.stringify({ title: 'Last units', productIds: [product.id] }), 'application/json', { 'x-forwarded-for': nextAddress() });
	expect(created.status).toBe(201);
	const body = created.body as Omit<TestRoom, 'tokens'>;
	return { product, room: { ...body, tokens: { host: tokenOf(body.links.host), mentor: tokenOf(body.links.mentor), buyer: tokenOf(body.links.buyer) } } };
}

describe('socket races', () => {
	it(
		'media requests racing each other (a transport replaced while producing or consuming, the live started and ended, producers closed) leave nothing behind',
		async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.record({ live: likely, watch: likely }),
					fc.array(fc.array(mediaStep, { minLength: 2, maxLength: 8 }).map(oneProducePerSource), { minLength: 1, maxLength: 5 }),
					async (how, bursts) => {
						const scene = await setUp({ publish: true, ...how });
						await play(scene, bursts);
						await scene.checkInvariants();
						await scene.checkStillServing();
					},
				),
				fuzzRuns(40),
			);
		},
		FUZZ_TIMEOUT_MS,
	);

	it(
		'sells the last units once, however many buyers order them at the same moment',
		async () => {
			const order = fc.record({ buyer: fc.nat({ max: 3 }), variant: fc.nat({ max: 5 }), quantity: fc.integer({ min: 1, max: 4 }) });
			await fc.assert(
				fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }), fc.array(order, { minLength: 2, maxLength: 24 }), async (stocks, orders) => {
					const { room, product } = await roomSelling(stocks);
					const scene = await setUp({ publish: true, live: true, watch: false }, room);
					const buyers = ['buyer', 'buyer2', 'buyer3', 'buyer4'];
					for (const name of buyers.slice(2)) await scene.connect(name, 'buyer');
					for (const name of buyers.slice(1)) await scene.send(name, 'room:join', {});
					// Every unit that leaves, simulated buyers' too (the crowd buys while live).
					const sold = new Map<string, number>();
					const onOrder = (o: { variantId: string; quantity: number }) => sold.set(o.variantId, (sold.get(o.variantId) ?? 0) + o.quantity);
					scene.server.live.stage.on('order', onOrder);
					try {
						const answers = await Promise.all(
							orders.map((o) =>
								scene.send(buyers[o.buyer]!, 'stage:order', { productId: product.id, variantId: product.variants[o.variant % stocks.length]!.id, quantity: o.quantity }),
							),
						);
						for (const answer of answers) {
							if (answer === DROPPED) throw new Error('a buyer was dropped');
							if (!answer.ok) expect(['sold_out', 'stock_short']).toContain(answer.error.kind);
						}
						const live = scene.server.live.stage.products.find((p) => p.id === product.id)!;
						for (const variant of live.variants) {
							const initial = stocks[Number(variant.size?.slice(1))]!;
							expect(variant.stock, `stock of ${variant.size}`).toBeGreaterThanOrEqual(0);
							expect(variant.stock, `stock of ${variant.size} after selling ${sold.get(variant.id) ?? 0}`).toBe(initial - (sold.get(variant.id) ?? 0));
						}
						const humanUnits = answers.reduce((n, a) => n + (a !== DROPPED && a.ok ? (a.data as { order: { quantity: number } }).order.quantity : 0), 0);
						expect(humanUnits).toBeLessThanOrEqual(stocks.reduce((a, b) => a + b, 0));
					} finally {
						scene.server.live.stage.off('order', onOrder);
					}
					await scene.checkInvariants();
					await scene.checkStillServing();
				}),
				fuzzRuns(25),
			);
		},
		FUZZ_TIMEOUT_MS,
	);

	it(
		'many host and viewer connections joining at once leave one host joined, every viewer counted, and the room usable',
		async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.record({ hosts: fc.integer({ min: 1, max: 5 }), mentors: fc.integer({ min: 0, max: 2 }), buyers: fc.integer({ min: 0, max: 5 }), leaver: fc.option(fc.nat(), { nil: null }) }),
					async ({ hosts, mentors, buyers, leaver }) => {
						const scene = new Scene(studio, await studio.createRoom('Join rush'));
						const people = [
							...Array.from({ length: hosts }, (_, i) => [`host${i}`, 'host'] as const),
							...Array.from({ length: mentors }, (_, i) => [`mentor${i}`, 'mentor'] as const),
							...Array.from({ length: buyers }, (_, i) => [`buyer${i}`, 'buyer'] as const),
						];
						const actors = await Promise.all(people.map(([name, role]) => scene.connect(name, role)));
						// Someone may leave while the joins wait for the room's router.
						const left = leaver === null ? null : actors[leaver % actors.length]!;
						const stayed = actors.filter((a) => a !== left);
						const joins = stayed.map((a) => scene.send(a.name, 'room:join', {}));
						if (left) {
							left.client.raw.emit('room:join', {}, () => undefined);
							left.client.close();
						}
						const answers = await Promise.all(joins);
						answers.forEach((answer, i) => {
							const a = stayed[i]!;
							// Every viewer is let in; a host may be replaced by the next one.
							if (a.role !== 'host') expect(answer !== DROPPED && answer.ok, `${a.name}: ${JSON.stringify(answer)}`).toBe(true);
						});
						await eventually(() => scene.server.state().viewers.buyers === stayed.filter((a) => a.role === 'buyer').length, 'the buyers counted');
						expect(scene.server.state().viewers.mentors).toBe(stayed.filter((a) => a.role === 'mentor').length);
						const connectedHosts = await eventually(() => {
							const hostsNow = stayed.filter((a) => a.role === 'host' && a.client.socket.connected);
							return hostsNow.length <= 1 && hostsNow;
						}, 'at most one host connection left');
						const joinedHosts = scene.peers().filter((p) => p.joined && p.role === 'host');
						expect(joinedHosts.map((p) => p.id)).toEqual(connectedHosts.map((a) => a.client.id));
						await scene.checkInvariants();
						// The host that is left can go live.
						const host = connectedHosts[0];
						if (host) {
							scene.actors.set('host', host);
							await scene.publishAndWatch({ live: true, watch: false });
							expect(scene.server.status).toBe('live');
						}
						await scene.checkStillServing();
					},
				),
				fuzzRuns(25),
			);
		},
		FUZZ_TIMEOUT_MS,
	);

	// Another branch makes one producer per source race-free (the source claimed before the first await).
	it(
		'racing media:produce for one source leaves one producer per source',
		async () => {
			await fc.assert(
				fc.asyncProperty(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 6 }), async (cameras, mics) => {
					const scene = await setUp({ publish: true, live: true, watch: true });
					// Each on a MID of its own, as a browser adding a transceiver per track sends them (one MID would be refused as taken).
					const produce = (source: 'camera' | 'mic', i: number) =>
						source === 'camera'
							? { transportId: '$transport:send', kind: 'video', source, rtpParameters: `$rtp:video:${10 + i}:` }
							: { transportId: '$transport:send', kind: 'audio', source, rtpParameters: `$rtp:audio:${40 + i}:` };
					const steps = [...Array.from({ length: cameras }, (_, i) => produce('camera', i)), ...Array.from({ length: mics }, (_, i) => produce('mic', i))];
					const answers: Answer[] = await Promise.all(steps.map((p) => scene.send('host', 'media:produce', p)));
					for (const answer of answers) expectTypedAck(answer, 'media:produce');
					await scene.checkInvariants();
					await scene.checkStillServing();
				}),
				fuzzRuns(20),
			);
		},
		FUZZ_TIMEOUT_MS,
	);
});
