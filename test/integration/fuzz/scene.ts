/*
 * A room under socket fuzz: named connections (a host, a second host
 * connection, a mentor, buyers) that send requests whose payloads name the
 * room's real transports, producers, products and comments through
 * placeholders; every answer checked; and the room's invariants read on the
 * server.
 */
import fc from 'fast-check';
import { anyId, dtlsParametersShape, rtpCapabilitiesShape, rtpParametersShape, type PayloadRefs } from '@gladi/shared/arbitraries';
import type { Ack, JoinResponse, Role } from '@gladi/shared';
import { afterAll, expect } from 'vitest';
import type { Peer } from '../../../server/src/rooms/peer.ts';
import type { Room } from '../../../server/src/rooms/room.ts';
import {
	CLIENT_DTLS,
	eventually,
	opusRtpParameters,
	publish,
	vp8SimulcastRtpParameters,
	WAIT_MS,
	watch,
	withTimeout,
	type TestClient,
	type TestRoom,
	type TestStudio,
} from '../harness.ts';
import { expectTypedAck, preview } from './answers.ts';
import { deepJson, emitFrame, tooDeepForJson } from './frames.ts';

// ---------------------------------------------------------------- answers

/** A request the server did not answer because it sent the connection away (a host replaced by another). */
export const DROPPED = Symbol('dropped');
export type Answer = Ack<unknown> | typeof DROPPED;

/** Send with an ack; resolves with the ack, or DROPPED if the connection goes first; fails if neither comes in time. */
function answerOf(client: TestClient, event: string, payload: unknown): Promise<unknown> {
	if (!client.socket.connected) return Promise.resolve(DROPPED);
	const answered = new Promise<unknown>((resolve) => {
		const onDisconnect = () => resolve(DROPPED);
		client.socket.once('disconnect', onDisconnect);
		const onAck = (ack: unknown) => {
			client.socket.off('disconnect', onDisconnect);
			resolve(ack);
		};
		// Too deep for socket.io-client's encoder: written by hand, as an attacker would.
		if (tooDeepForJson(payload)) emitFrame(client.raw, event, deepJson(payload), onAck);
		else client.raw.emit(event, payload, onAck);
	});
	return withTimeout(answered, WAIT_MS, `the answer to "${event}" ${preview(payload, 120)}`);
}

/** How the answers were spread, by event and outcome (printed with GLADI_FUZZ_STATS=1: is the fuzz reaching the handlers?). */
const answerCounts = new Map<string, number>();
afterAll(() => {
	if (!process.env['GLADI_FUZZ_STATS']) return;
	const lines = [...answerCounts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${String(n).padStart(5)}  ${key}`);
	console.log(lines.join('\n'));
});

/**
 * The answer to a request, checked: a success or a typed error other than
 * internal, or DROPPED if the server sent this connection away, which only
 * happens to a host replaced by another host connection.
 */
export async function typedAnswer(client: TestClient, event: string, payload: unknown, what = `"${event}" ${preview(payload)}`): Promise<Answer> {
	const answer = await answerOf(client, event, payload);
	if (answer === DROPPED) {
		const replaced = client.all('room:closed').some((c) => c.reason === 'replaced');
		if (!replaced) throw new Error(`${what}: the server dropped the connection (${client.disconnectReason})`);
		return DROPPED;
	}
	expectTypedAck(answer, what);
	const key = `${event.slice(0, 40)} -> ${answer.ok ? 'ok' : answer.error.kind}`;
	answerCounts.set(key, (answerCounts.get(key) ?? 0) + 1);
	return answer;
}

// ---------------------------------------------------------------- placeholders

/**
 * Payloads name real things through placeholders, resolved when sent:
 * `$transport:send`, `$producer:0` (the newest), `$product:1`, `$variant:0`
 * (of the product named before it), `$comment:0`, `$rtp:audio` (or with a
 * MID and SSRC of its own: `$rtp:audio:1:11111111`), `$caps`...
 * Now and then a random id instead.
 */
const placeholder = (...names: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 4 }, { arbitrary: anyId, weight: 1 });
export const sceneRefs: PayloadRefs = {
	transportId: placeholder('$transport:send', '$transport:recv'),
	producerId: placeholder('$producer:0', '$producer:1', '$producer:2'),
	consumerId: placeholder('$consumer:0', '$consumer:1'),
	productId: placeholder('$product:0', '$product:1', '$product:2'),
	variantId: placeholder('$variant:0', '$variant:1'),
	commentId: placeholder('$comment:0', '$comment:1'),
	// What a browser sends; sometimes with the MID (and the mic's SSRC) of another track, as a confused client might.
	rtpParameters: (kind) =>
		fc.oneof(
			{ arbitrary: fc.constant(`$rtp:${kind}`), weight: 3 },
			{ arbitrary: fc.tuple(fc.constantFrom('0', '1', '2'), fc.constantFrom('', '11111111', '22222222')).map(([mid, ssrc]) => `$rtp:${kind}:${mid}:${ssrc}`), weight: 1 },
			{ arbitrary: rtpParametersShape(kind), weight: 1 },
		),
	rtpCapabilities: fc.oneof({ arbitrary: fc.constant('$caps'), weight: 4 }, { arbitrary: rtpCapabilitiesShape, weight: 1 }),
	dtlsParameters: fc.oneof({ arbitrary: fc.constant('$dtls'), weight: 4 }, { arbitrary: dtlsParametersShape, weight: 1 }),
};

let nextSsrc = 20_000_000;

// ---------------------------------------------------------------- the scene

export interface Actor {
	name: string;
	role: Role;
	client: TestClient;
	join: JoinResponse | null;
	transports: { send?: string; recv?: string };
	consumers: string[];
}

export class Scene {
	readonly studio: TestStudio;
	readonly room: TestRoom;
	readonly actors = new Map<string, Actor>();
	/** Every producer id a host was given, oldest first. */
	readonly producers: string[] = [];
	/** Every connection the scene opened (peer ids are socket ids). */
	readonly peerIds = new Set<string>();
	#server: Room | null = null;

	constructor(studio: TestStudio, room: TestRoom) {
		this.studio = studio;
		this.room = room;
	}

	/** The server's room (in memory from the first connection on). */
	get server(): Room {
		this.#server ??= this.studio.room(this.room.code);
		return this.#server;
	}

	actor(name: string): Actor {
		const actor = this.actors.get(name);
		if (!actor) throw new Error(`no ${name} in the scene`);
		return actor;
	}

	/** Open a connection `name` (its display name too) with the room's `role` link. */
	async connect(name: string, role: Role): Promise<Actor> {
		const client = await this.studio.connect(this.room.tokens[role], name);
		this.peerIds.add(client.id);
		const actor: Actor = { name, role, client, join: null, transports: {}, consumers: [] };
		this.actors.set(name, actor);
		return actor;
	}

	/** Connections the server sent away (replaced hosts) come back, not joined. */
	async reconnectDropped(): Promise<void> {
		for (const actor of this.actors.values()) {
			if (actor.client.socket.connected) continue;
			actor.client.close();
			await this.connect(actor.name, actor.role);
		}
	}

	/** Send one request as `name`, check its answer, and remember what it made. */
	async send(name: string, event: string, payload: unknown): Promise<Answer> {
		const actor = this.actor(name);
		const resolved = this.#resolve(payload, actor, { product: null }, 0);
		const answer = await typedAnswer(actor.client, event, resolved, `${name} "${event}" ${preview(resolved)}`);
		if (answer !== DROPPED && answer.ok) this.#learn(actor, event, resolved, answer.data);
		return answer;
	}

	/** The host publishes mic and camera; then, as asked, goes live and the mentor and buyer watch. */
	async publishAndWatch(how: { live: boolean; watch: boolean }, viewers: readonly string[] = ['mentor', 'buyer']): Promise<void> {
		const host = this.actor('host');
		const published = await publish({ client: host.client, join: host.join! });
		host.transports.send = published.transport.id;
		this.producers.push(published.audioProducerId, published.videoProducerId);
		if (!how.live) return;
		await this.send('host', 'live:start', {});
		if (!how.watch) return;
		for (const name of viewers) {
			const viewer = this.actor(name);
			const { transport, consumers } = await watch({ client: viewer.client, join: viewer.join! });
			viewer.transports.recv = transport.id;
			viewer.consumers.push(...consumers.map((c) => c.id));
		}
	}

	#learn(actor: Actor, event: string, payload: unknown, data: unknown): void {
		const p = payload as Record<string, unknown>;
		const d = data as Record<string, unknown>;
		if (event === 'room:join') actor.join = data as JoinResponse;
		if (event === 'media:createTransport') actor.transports[p['direction'] as 'send' | 'recv'] = d['id'] as string;
		if (event === 'media:produce') this.producers.push(d['producerId'] as string);
		if (event === 'media:consume') actor.consumers.push(...(d['consumers'] as Array<{ id: string }>).map((c) => c.id));
	}

	#resolve(value: unknown, actor: Actor, ctx: { product: string | null }, depth: number): unknown {
		if (typeof value === 'string' && value.startsWith('$')) return this.#lookup(value, actor, ctx) ?? value;
		// Deep garbage is sent as generated: placeholders sit near the top.
		if (depth > 12 || value === null || typeof value !== 'object') return value;
		if (Array.isArray(value)) return value.map((v) => this.#resolve(v, actor, ctx, depth + 1));
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#resolve(v, actor, ctx, depth + 1)]));
	}

	#lookup(token: string, actor: Actor, ctx: { product: string | null }): unknown {
		const [name, arg, ...more] = token.slice(1).split(':');
		const i = Number(arg ?? 0) || 0;
		const products = this.server.live.stage.products;
		const caps = actor.join?.routerRtpCapabilities ?? this.server.media?.rtpCapabilities;
		switch (name) {
			case 'transport':
				return actor.transports[arg as 'send' | 'recv'] ?? 'no-such-transport';
			case 'producer':
				return this.producers.at(-1 - i) ?? 'no-such-producer';
			case 'consumer':
				return actor.consumers.at(-1 - i) ?? 'no-such-consumer';
			case 'product': {
				const product = products[i % Math.max(1, products.length)];
				ctx.product = product?.id ?? null;
				return product?.id;
			}
			case 'variant': {
				const product = products.find((p) => p.id === ctx.product) ?? products[0];
				return product?.variants[i % Math.max(1, product.variants.length)]?.id;
			}
			case 'comment':
				return this.server.live.stage.recentComments(20).at(-1 - i)?.id;
			case 'rtp': {
				if (!caps) return undefined;
				const [mid, ssrc] = more;
				const rtp = arg === 'audio' ? opusRtpParameters(caps, Number(ssrc) || nextSsrc++) : vp8SimulcastRtpParameters(caps);
				return mid ? { ...rtp, mid } : rtp;
			}
			case 'caps':
				return caps;
			case 'dtls':
				return CLIENT_DTLS;
			default:
				return undefined;
		}
	}

	/** The scene's peers the server still has. */
	peers(): Peer[] {
		return [...this.peerIds].flatMap((id) => this.server.peer(id) ?? []);
	}

	/**
	 * The room's invariants, read on the server: at most one joined host,
	 * at most one producer per source per person (hosts only), no negative
	 * stock, the crowd running exactly while live (with a host there), and
	 * the router holding exactly the peers' transports, producers and
	 * consumers.
	 */
	async checkInvariants(): Promise<void> {
		const room = this.server;
		const peers = this.peers();
		const hosts = peers.filter((p) => p.joined && p.role === 'host');
		expect(hosts.length, 'joined hosts').toBeLessThanOrEqual(1);
		for (const peer of peers) {
			const sources = [...peer.media.producers.values()].map((p) => p.appData.source);
			expect(new Set(sources).size, `producers per source of ${peer.role} ${peer.name}: ${sources.join(', ')}`).toBe(sources.length);
			if (peer.role !== 'host') expect(sources, `a ${peer.role} produces`).toEqual([]);
		}
		for (const product of room.live.stage.products) {
			for (const variant of product.variants) {
				expect(Number.isInteger(variant.stock) && variant.stock >= 0, `stock of ${product.name} ${variant.id}: ${variant.stock}`).toBe(true);
			}
		}
		expect(room.live.running, `the crowd runs while ${room.status}`).toBe(room.status === 'live');
		// A dropped host ends the live at once in these studios (GLADI_HOST_RETURN_SECONDS=0).
		if (room.status === 'live') await eventually(() => this.peers().some((p) => p.joined && p.role === 'host' && !p.closed), 'the live host');
		await this.#expectRouterOwned();
	}

	/** Every transport, producer and consumer on the room's router belongs to a peer in the room: nothing leaked, nothing lost. */
	async #expectRouterOwned(): Promise<void> {
		const media = this.server.media;
		if (!media || media.closed) return;
		await eventually(async () => {
			const dump = await media.router.dump();
			const peers = this.peers();
			const transports = new Set(peers.flatMap((p) => [...p.media.transports.keys()]));
			const producers = new Set(peers.flatMap((p) => [...p.media.producers.keys()]));
			const consumers = new Set(peers.flatMap((p) => [...p.media.consumers.keys()]));
			const routerProducers = dump.mapProducerIdConsumerIds.map((entry) => entry.key);
			const routerConsumers = dump.mapProducerIdConsumerIds.flatMap((entry) => entry.values);
			if (sameSet(dump.transportIds, transports) && sameSet(routerProducers, producers) && sameSet(routerConsumers, consumers)) return true;
			throw new Error(
				`router transports ${preview(dump.transportIds)}, the peers' ${preview([...transports])}; ` +
					`router producers ${preview(routerProducers)}, the peers' ${preview([...producers])}; ` +
					`router consumers ${preview(routerConsumers)}, the peers' ${preview([...consumers])}`,
			);
		}, 'the router to hold exactly the peers’ transports, producers and consumers');
	}

	/** The studio still serves: a newcomer joins, /healthz is fine; then everyone leaves and nothing is left behind. */
	async checkStillServing(): Promise<void> {
		const newcomer = await this.studio.connect(this.room.tokens.buyer, 'newcomer');
		this.peerIds.add(newcomer.id);
		const ack = await newcomer.request('room:join', {});
		expect(ack.ok, preview(ack)).toBe(true);
		expect((await this.studio.health()).status).toBe(200);
		newcomer.close();
		for (const actor of this.actors.values()) actor.client.close();
		const room = this.server;
		await eventually(() => room.peerCount === 0, 'every peer gone');
		expect(room.mediaStats()).toEqual({ peers: 0, transports: 0, producers: 0, consumers: 0 });
		const media = room.media;
		if (media && !media.closed) {
			const transportsLeft = async () => (await media.router.dump().catch(() => ({ transportIds: [] }))).transportIds.length;
			await eventually(async () => media.closed || (await transportsLeft()) === 0, 'no transport left on the router');
		}
	}
}

function sameSet(a: readonly string[], b: ReadonlySet<string>): boolean {
	return a.length === b.size && a.every((x) => b.has(x));
}
