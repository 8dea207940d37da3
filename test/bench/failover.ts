/*
 * Failover time: how long a live room is gone when the node running it
 * dies. PostgreSQL (a throwaway cluster, test/postgres.ts) and two studio
 * processes sharing it (node a and node b: their own ports and data
 * folders, one uploads folder). A room runs on node a with a host live (the
 * looped stream of loopSource.ts) and a viewer receiving it; node a and
 * everything under it are SIGKILLed. The host and the viewer are the real
 * client's SignalingClient and Reconnector (and its ReconnectPolicy) in Node:
 * before each new connection they ask node b's invite lookup where the room
 * runs, as a page does, connect there and join; the host publishes again and
 * goes live (the page does so by itself when its host was live), the viewer
 * consumes again. Measured from the kill: the lookup naming node b, the host
 * and the viewer joined again, the host live again, the viewer's first
 * video packet again.
 *
 *   node test/bench/failover.ts [--smoke]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreateRoomResponse, InviteInfo, JoinResponse, RoomState } from '@gladi/shared';
import type { Socket } from 'socket.io-client';
import { Reconnector, type ConnectionState } from '../../client/src/media/reconnector.ts';
import { SignalingClient } from '../../client/src/signaling/signalingClient.ts';
import { TestPostgres } from '../postgres.ts';
import { loadConfig } from '../../server/src/config.ts';
import { LoopSource } from './loopSource.ts';
import { consumeAll, firstPacketAt, publishLoop, socketLink, type Ask, type PublishedHost, type Viewer } from './mediaClients.ts';
import { descendants } from './procStats.ts';
import { createCertificate, type DtlsCertificate } from './rtpReceiver.ts';
import { median, round } from './stats.ts';
import { runStandalone } from './standalone.ts';
import { startNodeProcess, type ClusterShare, type StudioProcess } from './studioProcess.ts';

/** What the room should be back within (the lease is 8 s by default). */
const GOAL_MS = 15_000;
/** A run that is not over by then counts as failed. */
const RUN_TIMEOUT_MS = 60_000;

export interface FailoverRun {
	room: string;
	/** From the SIGKILL, in ms (null: did not happen within the run's time). */
	lookupNamesNodeBMs: number | null;
	/** The first of the host's and viewer's own lookups (before their reconnections) that named node b. */
	clientLookupNamesNodeBMs: number | null;
	hostRejoinedMs: number | null;
	hostLiveMs: number | null;
	viewerRejoinedMs: number | null;
	viewerFirstPacketMs: number | null;
	/** Connection attempts each client made after the kill (its Reconnector's retries). */
	hostAttempts: number;
	viewerAttempts: number;
	/**
	 * Node b took the viewer's person credential from node a (the same person after the move) rather than
	 * making a new one: each node signs them with the secret in its own data folder.
	 */
	viewerPersonKept: boolean;
}

export interface FailoverFigures {
	lookupNamesNodeBMs: number | null;
	hostRejoinedMs: number | null;
	hostLiveMs: number | null;
	viewerRejoinedMs: number | null;
	viewerFirstPacketMs: number | null;
}

export interface FailoverResult {
	benchmark: 'failover';
	smoke: boolean;
	method: string;
	leaseSeconds: number;
	runs: FailoverRun[];
	median: FailoverFigures;
	max: FailoverFigures;
	goalMs: number;
	/** Every run had the viewer receiving video again within the goal. */
	withinGoal: boolean;
	durationSeconds: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, check: () => T | null | undefined | false, ms: number): Promise<T> {
	const deadline = performance.now() + ms;
	for (;;) {
		const value = check();
		if (value !== null && value !== undefined && value !== false) return value;
		if (performance.now() > deadline) throw new Error(`failover: ${what} within ${ms} ms`);
		await sleep(20);
	}
}

/** GET /api/invites/:token on `node`: the origin of the node running the room (null: this node's own, or no answer). */
async function lookup(node: string, token: string): Promise<string | null> {
	const res = await fetch(`${node}/api/invites/${encodeURIComponent(token)}`, { signal: AbortSignal.timeout(2_000) });
	if (!res.ok) throw new Error(`the invite lookup answered ${res.status}`);
	return ((await res.json()) as InviteInfo).server ?? null;
}

/**
 * A host or a viewer as the page is one: the client's SignalingClient and
 * Reconnector; before each reconnection the invite lookup on `lookupNode`.
 * Joins and lookups are noted with their times.
 */
class ClusterClient {
	readonly signaling: SignalingClient;
	readonly reconnector: Reconnector;
	readonly joins: number[] = [];
	/** The person credential each join answered. */
	readonly people: string[] = [];
	readonly lookups: Array<{ at: number; server: string | null }> = [];
	readonly states: Array<{ at: number; state: ConnectionState }> = [];

	constructor(url: string, token: string, name: string, lookupNode: string, onJoined: (joined: JoinResponse, client: ClusterClient) => Promise<void>) {
		this.signaling = new SignalingClient(token, name, url);
		this.reconnector = new Reconnector(this.signaling.socket, {
			join: async () => {
				const joined = await this.signaling.request('room:join', {});
				this.signaling.person.save(joined.person);
				this.joins.push(performance.now());
				this.people.push(joined.person);
				await onJoined(joined, this);
			},
			locate: async () => {
				const server = await lookup(lookupNode, token);
				this.lookups.push({ at: performance.now(), server });
				this.signaling.moveTo(server);
			},
		});
		this.reconnector.on('state', (state) => this.states.push({ at: performance.now(), state }));
	}

	get ask(): Ask {
		return (event, payload) => this.signaling.request(event, payload);
	}

	/** The socket without the protocol's types (the bench's media helpers take any socket.io socket). */
	get socket(): Socket {
		return this.signaling.socket as unknown as Socket;
	}

	attemptsSince(t: number): number {
		return this.states.filter((s) => s.at >= t && (s.state === 'reconnecting' || s.state === 'connecting')).length;
	}
}

interface Node {
	id: string;
	dataDir: string;
	studio: StudioProcess;
}

async function startNode(id: string, dataDir: string, share: ClusterShare, env: Record<string, string>): Promise<Node> {
	return { id, dataDir, studio: await startNodeProcess(id, share, env, { dataDir }) };
}

/** SIGKILL a node's process and everything under it at once (its workers too): the machine it ran on is gone. */
function killTree(studio: StudioProcess): void {
	for (const pid of [studio.pid, ...descendants(studio.pid)]) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

/** A graceful stop, then anything left under it (a worker, a recorder) killed. */
async function stopTree(studio: StudioProcess): Promise<void> {
	const under = descendants(studio.pid);
	await studio.stop();
	for (const pid of under) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone, as it should be
		}
	}
}

async function oneRun(a: StudioProcess, b: StudioProcess, source: LoopSource, cert: DtlsCertificate, index: number): Promise<FailoverRun> {
	const res = await a.fetch('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `Bench: failover ${index + 1}` }) });
	if (res.status !== 201) throw new Error(`POST /api/rooms answered ${res.status}: ${await res.text()}`);
	const room = (await res.json()) as CreateRoomResponse;
	const token = (link: string): string => new URL(link, a.url).searchParams.get('t')!;
	const hostToken = token(room.links.host);
	const buyerToken = token(room.links.buyer);

	let published: PublishedHost | null = null;
	const lives: number[] = [];
	// The host connects to node a itself (it takes the free room there), publishes and goes live; again after each rejoin.
	const host = new ClusterClient(a.url, hostToken, 'Host Bench', b.url, async (joined, client) => {
		published?.stop();
		published = await publishLoop(client.ask, joined.routerRtpCapabilities, cert, source);
		await client.ask('live:start', {});
		lives.push(performance.now());
	});

	let viewer: Viewer | null = null;
	let consuming: Promise<void> | null = null;
	let lastJoin: JoinResponse | null = null;
	const viewerFirstPackets: number[] = [];
	const consume = (client: ClusterClient): void => {
		const joined = lastJoin;
		if (!joined || consuming) return;
		consuming = (async () => {
			try {
				viewer = await consumeAll(socketLink(client.socket, client.ask), joined.routerRtpCapabilities, cert);
				const at = await firstPacketAt(viewer, 'video', 10_000);
				if (at !== null) viewerFirstPackets.push(at);
			} catch (error) {
				console.warn('failover: the viewer could not consume:', String(error));
			} finally {
				consuming = null;
			}
		})();
	};
	let buyer: ClusterClient | undefined;
	try {
		host.reconnector.start();
		await until('the host live on node a', () => lives.length > 0, 20_000);
		const health = (await (await fetch(`${a.url}/healthz`)).json()) as { node: { rooms: string[] } };
		if (!health.node.rooms.includes(room.code)) throw new Error(`room ${room.code} does not run on node a (${JSON.stringify(health.node)})`);

		// The viewer opens the link as a page does: the lookup (on node a) names the node, the socket goes there.
		const where = (await lookup(a.url, buyerToken)) ?? a.url;
		buyer = new ClusterClient(where, buyerToken, 'Penonton Bench', b.url, async (joined, client) => {
			viewer?.receiver.close();
			viewer = null;
			lastJoin = joined;
			if (joined.room.status === 'live') consume(client);
		});
		const viewerClient = buyer;
		viewerClient.signaling.socket.on('room:state', (state: RoomState) => {
			if (state.status === 'live' && !viewer) consume(viewerClient);
		});
		buyer.reconnector.start();
		await until('the viewer receiving video on node a', () => viewerFirstPackets.length > 0, 20_000);
		await sleep(1_000);

		killTree(a);
		const killedAt = performance.now();
		const since = (t: number | undefined): number | null => (t === undefined ? null : Math.round(t - killedAt));
		// The system's side: from when on node b's lookup names node b (polled; a page's lookups come on its retry schedule).
		let lookupNamesB: number | undefined;
		const probing = (async () => {
			while (lookupNamesB === undefined && performance.now() - killedAt < RUN_TIMEOUT_MS) {
				const server = await lookup(b.url, buyerToken).catch(() => null);
				if (server === b.url) lookupNamesB = performance.now();
				else await sleep(100);
			}
		})();
		const after = (list: number[]): number | undefined => list.find((t) => t > killedAt);
		await until('the host and the viewer back on node b', () => after(lives) !== undefined && after(viewerFirstPackets) !== undefined, RUN_TIMEOUT_MS).catch((error: unknown) =>
			console.warn(String(error)),
		);
		await probing;
		const clientLookups = [...host.lookups, ...buyer.lookups].filter((l) => l.server === b.url).map((l) => l.at);
		return {
			room: room.code,
			lookupNamesNodeBMs: since(lookupNamesB),
			clientLookupNamesNodeBMs: since(clientLookups.length > 0 ? Math.min(...clientLookups) : undefined),
			hostRejoinedMs: since(after(host.joins)),
			hostLiveMs: since(after(lives)),
			viewerRejoinedMs: since(after(buyer.joins)),
			viewerFirstPacketMs: since(after(viewerFirstPackets)),
			hostAttempts: host.attemptsSince(killedAt),
			viewerAttempts: buyer.attemptsSince(killedAt),
			viewerPersonKept: buyer.people.length > 1 && buyer.people.at(-1) === buyer.people[0],
		};
	} finally {
		host.reconnector.stop();
		buyer?.reconnector.stop();
		(published as PublishedHost | null)?.stop();
		(viewer as Viewer | null)?.receiver.close();
	}
}

function figures(runs: FailoverRun[], pick: (values: number[]) => number): FailoverFigures {
	const of = (f: (r: FailoverRun) => number | null): number | null => {
		const values = runs.map(f);
		return values.some((v) => v === null) || values.length === 0 ? null : Math.round(pick(values as number[]));
	};
	return {
		lookupNamesNodeBMs: of((r) => r.lookupNamesNodeBMs),
		hostRejoinedMs: of((r) => r.hostRejoinedMs),
		hostLiveMs: of((r) => r.hostLiveMs),
		viewerRejoinedMs: of((r) => r.viewerRejoinedMs),
		viewerFirstPacketMs: of((r) => r.viewerFirstPacketMs),
	};
}

export async function runFailover(o: { smoke: boolean }): Promise<FailoverResult> {
	const started = performance.now();
	const count = o.smoke ? 1 : 3;
	const leaseSeconds = loadConfig({}).node.leaseMs / 1000;
	const folders = ['uploads', 'a', 'b'].map((name) => mkdtempSync(path.join(os.tmpdir(), `gladi-bench-failover-${name}-`)));
	const [uploads, dataA, dataB] = folders as [string, string, string];
	const runs: FailoverRun[] = [];
	let pg: TestPostgres | undefined;
	let a: Node | undefined;
	let b: Node | undefined;
	try {
		pg = await TestPostgres.start();
		const share = { databaseUrl: await pg.createDatabase(), uploadsDir: uploads };
		const env = {
			// The bench ends nodes at once: nothing to hand over.
			GLADI_DRAIN_SECONDS: '0',
			GLADI_RECORDINGS: 'off',
		};
		const [source, cert] = await Promise.all([LoopSource.capture(2), createCertificate()]);
		a = await startNode('a', dataA, share, env);
		b = await startNode('b', dataB, share, env);
		for (let i = 0; i < count; i++) {
			if (i > 0) a = await startNode('a', dataA, share, env); // the same node again, with nothing on it
			const run = await oneRun(a.studio, b.studio, source, cert, i);
			runs.push(run);
			console.log('failover:', run);
			await sleep(500);
		}
	} finally {
		if (a) await stopTree(a.studio).catch(() => undefined);
		if (b) await stopTree(b.studio).catch(() => undefined);
		await pg?.stop();
		for (const dir of folders) rmSync(dir, { recursive: true, force: true });
	}
	const maxOf = (values: number[]): number => Math.max(...values);
	const max = figures(runs, maxOf);
	return {
		benchmark: 'failover',
		smoke: o.smoke,
		method:
			'A throwaway PostgreSQL (Debian\'s server, test/postgres.ts) and two studio processes sharing its database and one uploads folder (node a, node b: ' +
			`own ports, data folders and GLADI_PUBLIC_URL; 1 worker each; GLADI_LEASE_SECONDS default ${leaseSeconds}; recordings off). Per run a fresh room: ` +
			'the host (the client\'s SignalingClient + Reconnector with its default ReconnectPolicy, in Node) connects to node a, which takes the room, publishes the ' +
			'pre-encoded loop (loopSource.ts, SRTP over real ICE + DTLS) and goes live; the viewer looks the invite up on node a, connects where it says and consumes ' +
			'(RTP counted, mediaClients.ts). Then node a\'s process and its workers are SIGKILLed. The clients reconnect on their policy\'s schedule, each time after ' +
			"the invite lookup on node b (the Reconnector's locate), join there; the host publishes again and goes live as the page does (no human click), the " +
			'viewer consumes once the room is live. Measured from the kill: node b\'s lookup naming node b (polled every 100 ms by this process: when the cluster ' +
			'hands the room over), both clients\' rejoins, the host live again, the viewer\'s first video packet again (the server merges key frame requests over ' +
			`500 ms), and whether node b took the viewer's person credential from node a. ${count} run(s), node a restarted (same id and folder) between runs; median and max over the runs.`,
		leaseSeconds,
		runs,
		median: figures(runs, median),
		max,
		goalMs: GOAL_MS,
		withinGoal: runs.length === count && max.viewerFirstPacketMs !== null && max.viewerFirstPacketMs < GOAL_MS,
		durationSeconds: round((performance.now() - started) / 1000),
	};
}

runStandalone(import.meta.url, () => runFailover({ smoke: process.argv.includes('--smoke') }));
