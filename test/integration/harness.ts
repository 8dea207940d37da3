/*
 * Integration harness: a real studio (HTTP, socket.io, one mediasoup worker)
 * on 127.0.0.1 with a throwaway data directory, real HTTP requests and real
 * socket.io clients. Every wait here has a timeout, and every client a test
 * makes is tracked so afterEach/afterAll can close it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type {
	Ack,
	ClientEvents,
	CreateRoomResponse,
	ErrorCode,
	HealthDetails,
	HealthResponse,
	JoinResponse,
	Product,
	ProductBody,
	RequestName,
	RequestPayload,
	ResponseMap,
	Role,
	RtpCapabilitiesWire,
	RtpParametersWire,
	ServerEvents,
	TransportInfo,
} from '@gladi/shared';
import type { types } from 'mediasoup';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { healthDetails } from '../../server/src/http/health.ts';
import { freePort } from '../freePort.ts';
import { loginCookie, TEST_ADMIN, TEST_ADMIN_ENV } from '../testAdmin.ts';
export { TEST_ADMIN } from '../testAdmin.ts';
import type { Room } from '../../server/src/rooms/room.ts';
import { Studio, type StudioOptions } from '../../server/src/server.ts';
import { TestPostgres } from '../postgres.ts';

export const HOST = '127.0.0.1';
/** Default wait for one reply or notification. */
export const WAIT_MS = 5_000;

/**
 * GLADI_TEST_STORE=postgres: each test studio keeps its data in a database
 * of one throwaway PostgreSQL server (one per test file, stopped after it)
 * instead of SQLite: a new one per data directory (a studio started again
 * on a directory finds its data), so the suite runs the same on either store.
 */
const onPostgres = process.env['GLADI_TEST_STORE'] === 'postgres';
let postgres: Promise<TestPostgres> | null = null;
const databases = new Map<string, string>();

async function storeEnv(dataDir: string): Promise<Record<string, string>> {
	if (!onPostgres) return {};
	postgres ??= TestPostgres.start();
	let url = databases.get(dataDir);
	if (!url) databases.set(dataDir, (url = await (await postgres).createDatabase()));
	// A studio on a shared database is a node: it has to know the address it is reached at.
	const port = await freePort();
	return { GLADI_DATABASE_URL: url, GLADI_PORT: String(port), GLADI_PUBLIC_URL: `http://${HOST}:${port}` };
}

// Only in a test file (the benchmarks use this harness outside vitest).
if (onPostgres && process.env['VITEST']) {
	afterAll(async () => {
		await (await postgres)?.stop();
	});
}

export type ClientSocket = Socket<ServerEvents, ClientEvents>;
type EventPayload<E extends keyof ServerEvents> = Parameters<ServerEvents[E]>[0];

// ---------------------------------------------------------------- waiting

/** Reject with a clear message if `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Poll `check` until it returns something other than undefined/false, or fail after `ms`. */
export async function eventually<T>(
	check: () => T | undefined | false | Promise<T | undefined | false>,
	what: string,
	ms = WAIT_MS,
): Promise<T> {
	const deadline = Date.now() + ms;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${ms} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
		}
		await sleep(25);
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------- clients

/**
 * A socket.io client that records every notification it receives, so a test
 * can wait for one that may already have arrived.
 */
export class TestClient {
	readonly socket: ClientSocket;
	readonly received: Array<{ event: string; payload: unknown }> = [];
	disconnectReason: string | null = null;
	readonly #waiters = new Set<() => void>();

	constructor(socket: ClientSocket) {
		this.socket = socket;
		socket.onAny((event: string, payload: unknown) => {
			this.received.push({ event, payload });
			this.#notify();
		});
		socket.on('disconnect', (reason) => {
			this.disconnectReason = reason;
			this.#notify();
		});
	}

	/** The same socket without protocol types, to send what a well-behaved client would not. */
	get raw(): Socket {
		return this.socket as unknown as Socket;
	}

	get id(): string {
		return this.socket.id ?? '';
	}

	/** Send a request and wait for its Ack (fails if none arrives within `ms`). */
	request<E extends RequestName>(event: E, payload: RequestPayload<E>, ms = WAIT_MS): Promise<Ack<ResponseMap[E]>> {
		return this.rawRequest(event, payload, ms) as Promise<Ack<ResponseMap[E]>>;
	}

	/** Send anything with an ack callback and wait for the answer. */
	rawRequest(event: string, payload: unknown, ms = WAIT_MS): Promise<Ack<unknown>> {
		return withTimeout(this.raw.timeout(ms).emitWithAck(event, payload) as Promise<Ack<unknown>>, ms + 500, `ack of "${event}"`);
	}

	/** A request that must succeed: its data, or a thrown error naming the server's answer. */
	async ok<E extends RequestName>(event: E, payload: RequestPayload<E>, ms = WAIT_MS): Promise<ResponseMap[E]> {
		const ack = await this.request(event, payload, ms);
		if (!ack.ok) throw new Error(`"${event}" failed: ${ack.error.code}: ${ack.error.message}`);
		return ack.data;
	}

	/** A request that must fail with `code`; returns the error message. */
	async fails<E extends RequestName>(event: E, payload: RequestPayload<E>, code: ErrorCode): Promise<string> {
		return expectError(await this.request(event, payload), code);
	}

	/** Notifications of one kind received so far. */
	all<E extends keyof ServerEvents>(event: E): Array<EventPayload<E>> {
		return this.received.filter((r) => r.event === event).map((r) => r.payload as EventPayload<E>);
	}

	/** The first notification of `event` (already received or still to come) that matches. */
	waitFor<E extends keyof ServerEvents>(
		event: E,
		match: (payload: EventPayload<E>) => boolean = () => true,
		ms = WAIT_MS,
	): Promise<EventPayload<E>> {
		return this.#until(() => this.all(event).find(match), `"${event}" on ${this.id || 'client'}`, ms);
	}

	/** Resolve with the disconnect reason once the socket is gone. */
	waitForDisconnect(ms = WAIT_MS): Promise<string> {
		return this.#until(() => this.disconnectReason ?? undefined, `disconnect of ${this.id || 'client'}`, ms);
	}

	/** Disconnect (idempotent); the server sees it a moment later. */
	close(): void {
		this.socket.removeAllListeners();
		this.socket.disconnect();
	}

	#until<T>(check: () => T | undefined, what: string, ms: number): Promise<T> {
		const now = check();
		if (now !== undefined) return Promise.resolve(now);
		let waiter: (() => void) | undefined;
		const found = new Promise<T>((resolve) => {
			waiter = () => {
				const value = check();
				if (value !== undefined) resolve(value);
			};
			this.#waiters.add(waiter);
		});
		return withTimeout(found, ms, what).finally(() => {
			if (waiter) this.#waiters.delete(waiter);
		});
	}

	#notify(): void {
		for (const waiter of [...this.#waiters]) waiter();
	}
}

/** The error message of a failed Ack with `code` (throws, showing the Ack, otherwise). */
export function expectError(ack: Ack<unknown>, code: ErrorCode): string {
	if (ack.ok || ack.error.code !== code) {
		throw new Error(`expected error "${code}", got ${JSON.stringify(ack).slice(0, 300)}`);
	}
	if (typeof ack.error.message !== 'string' || ack.error.message.length === 0) {
		throw new Error(`error "${code}" has no message`);
	}
	return ack.error.message;
}

// ---------------------------------------------------------------- the studio

export interface TestRoom extends CreateRoomResponse {
	tokens: Record<Role, string>;
}

export interface Joined {
	client: TestClient;
	join: JoinResponse;
}

/** Who a connection claims to be beyond its invite token. */
export interface As {
	/** The person credential of an earlier join (JoinResponse.person): the same person again. */
	person?: string;
	/** The client's address, as the (trusted, loopback) proxy in front of the studio forwards it. */
	from?: string;
}

/** socket.io options that make a connection come from `from` behind the trusted loopback proxy. */
export function fromAddress(from: string | undefined): Record<string, unknown> {
	return from ? { extraHeaders: { 'x-forwarded-for': from } } : {};
}

/** The invite token in a link such as /r/CODE/watch?t=TOKEN. */
export function tokenOf(link: string): string {
	const token = new URL(link, `http://${HOST}`).searchParams.get('t');
	if (!token) throw new Error(`no ?t= token in ${link}`);
	return token;
}

export class TestStudio {
	readonly studio: Studio;
	readonly url: string;
	readonly dataDir: string;
	readonly #clients = new Set<TestClient>();
	readonly #cookies = new Map<string, string>();
	#roomsCreated = 0;

	private constructor(studio: Studio, dataDir: string) {
		this.studio = studio;
		this.dataDir = dataDir;
		this.url = `http://${HOST}:${studio.httpPort}`;
	}

	/** A studio on 127.0.0.1 (any free ports, one worker, 1 s empty-room grace). */
	static async start(env: Record<string, string> = {}, options: StudioOptions = {}): Promise<TestStudio> {
		const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gladi-it-'));
		const config = loadConfig({
			GLADI_PORT: '0',
			GLADI_HOST: HOST,
			GLADI_HTTPS_PORT: '0',
			GLADI_WORKERS: '1',
			GLADI_MEDIA_LISTEN_IP: HOST,
			GLADI_MEDIA_PORT: '0',
			GLADI_DATA_DIR: dataDir,
			GLADI_LOG_LEVEL: process.env['GLADI_TEST_LOG_LEVEL'] ?? 'silent',
			GLADI_ROOM_EMPTY_GRACE_SECONDS: '1',
			// These hosts send no media (signaling only): recordings are tested with real media in test/e2e.
			GLADI_RECORDINGS: 'off',
			// A dropped host ends the live at once unless a test asks for the grace (GLADI_HOST_RETURN_SECONDS).
			GLADI_HOST_RETURN_SECONDS: '0',
			...TEST_ADMIN_ENV,
			// Suites make many rooms as one mentor; the daily limit has its own test.
			GLADI_ROOMS_PER_DAY: '100000',
			// As if behind a proxy on loopback: tests send X-Forwarded-For to stand for many clients
			// (`GLADI_TRUST_PROXY: ''` starts a studio that trusts no proxy, as by default).
			GLADI_TRUST_PROXY: 'loopback',
			...(await storeEnv(env['GLADI_DATA_DIR'] ?? dataDir)),
			...env,
		});
		try {
			return new TestStudio(await Studio.create(config, options), dataDir);
		} catch (error) {
			await rm(dataDir, { recursive: true, force: true });
			throw error;
		}
	}

	/** fetch() against this studio; `pathname` starts with '/'. */
	fetch(pathname: string, init?: RequestInit): Promise<Response> {
		return withTimeout(fetch(`${this.url}${pathname}`, { ...init, signal: AbortSignal.timeout(WAIT_MS) }), WAIT_MS + 500, `HTTP ${pathname}`);
	}

	/**
	 * A request with these headers, whatever Host or Origin they claim (fetch()
	 * sets Host itself): node:http to the studio's port.
	 */
	raw(pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
		return rawRequest(this.studio.httpPort, pathname, init);
	}

	/** Sign in over HTTP; resolves with the session cookie (`name=value`) to send back. */
	login(username: string = TEST_ADMIN.username, password: string = TEST_ADMIN.password): Promise<string> {
		return loginCookie(this.url, username, password);
	}

	/** The session cookie of `username` (signed in once per studio; default: the test admin). */
	async cookieOf(username: string = TEST_ADMIN.username, password?: string): Promise<string> {
		let cookie = this.#cookies.get(username);
		if (!cookie) {
			cookie = await this.login(username, password ?? (username === TEST_ADMIN.username ? TEST_ADMIN.password : undefined));
			this.#cookies.set(username, cookie);
		}
		return cookie;
	}

	/** fetch() as a signed-in mentor (default: the test admin). */
	async fetchAs(pathname: string, init: RequestInit = {}, username: string = TEST_ADMIN.username): Promise<Response> {
		const cookie = await this.cookieOf(username);
		return this.fetch(pathname, { ...init, headers: { cookie, ...(init.headers as Record<string, string> | undefined) } });
	}

	/** An account made by the test admin (its catalog starts as the demo catalog); resolves with its id. */
	async createMentor(username: string, password = 'sandi-mentor-123', role: 'mentor' | 'admin' = 'mentor'): Promise<string> {
		const res = await this.fetchAs('/api/admin/accounts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, role }) });
		if (res.status !== 201) throw new Error(`creating ${username} answered ${res.status}: ${await res.text()}`);
		await this.cookieOf(username, password);
		return ((await res.json()) as { id: string }).id;
	}

	/** A product in `username`'s catalog (default: the test admin's), over HTTP; fails unless it is created. */
	async createProduct(input: ProductBody, username: string = TEST_ADMIN.username): Promise<Product> {
		const res = await this.fetchAs('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }, username);
		if (res.status !== 201) throw new Error(`POST /api/products answered ${res.status}: ${await res.text()}`);
		return (await res.json()) as Product;
	}

	/** POST /api/rooms with a raw body, as the test admin; returns status and parsed JSON. */
	async postRooms(body: string, contentType = 'application/json', headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
		const res = await this.fetchAs('/api/rooms', { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
		return { status: res.status, body: await res.json() };
	}

	/**
	 * Create a room over HTTP. Room creation is rate limited per client address;
	 * each call comes from its own address behind the (trusted, loopback) proxy
	 * so tests can make as many rooms as they need.
	 */
	async createRoom(title = 'Spring sale rehearsal', productIds?: string[]): Promise<TestRoom> {
		const from = `198.51.100.${++this.#roomsCreated % 250}`;
		const { status, body } = await this.postRooms(JSON.stringify({ title, productIds }), 'application/json', { 'x-forwarded-for': from });
		if (status !== 201) throw new Error(`POST /api/rooms answered ${status}: ${JSON.stringify(body)}`);
		const created = body as CreateRoomResponse;
		return {
			...created,
			tokens: { host: tokenOf(created.links.host), mentor: tokenOf(created.links.mentor), buyer: tokenOf(created.links.buyer) },
		};
	}

	/**
	 * GET /healthz's status and liveness, with the details (workers, rooms)
	 * read in-process: over HTTP only admins see those.
	 */
	async health(): Promise<{ status: number; body: HealthDetails }> {
		const res = await this.fetch('/healthz');
		const liveness = (await res.json()) as HealthResponse;
		return { status: res.status, body: { ...healthDetails(this.studio), ...liveness } };
	}

	/** The server-side room object. */
	room(code: string): Room {
		const room = this.studio.registry.inMemory(code);
		if (!room) throw new Error(`no room ${code} on the server`);
		return room;
	}

	/** A socket.io client for `auth` (tracked for cleanup); does not wait for the connection. */
	socket(auth: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): TestClient {
		const socket: ClientSocket = io(this.url, {
			auth,
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			timeout: WAIT_MS,
			...extra,
		});
		const client = new TestClient(socket);
		this.#clients.add(client);
		return client;
	}

	/** Connect with an invite token; resolves once connected, rejects with the connect_error. */
	async connect(token: string, name = 'Tester', extra: Record<string, unknown> = {}, as: As = {}): Promise<TestClient> {
		const client = this.socket({ token, name, ...(as.person ? { person: as.person } : {}) }, { ...fromAddress(as.from), ...extra });
		await connected(client);
		return client;
	}

	/** Connect with an invite token and no name (the join names the person); resolves once connected. */
	async connectUnnamed(token: string, as: As = {}): Promise<TestClient> {
		const client = this.socket({ token, ...(as.person ? { person: as.person } : {}) }, fromAddress(as.from));
		await connected(client);
		return client;
	}

	/** The connect_error a connection with `auth` gets (fails if it connects). */
	async connectError(auth: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}): Promise<Error> {
		const client = this.socket(auth, extra);
		try {
			await connected(client);
		} catch (error) {
			return error as Error;
		} finally {
			client.close();
		}
		throw new Error(`expected the connection with ${JSON.stringify(auth)} to be refused`);
	}

	/** Connect with `room`'s invite for `role` and join the room. */
	async join(room: TestRoom, role: Role, name: string = role, as: As = {}): Promise<Joined> {
		const client = await this.connect(room.tokens[role], name, {}, as);
		return { client, join: await client.ok('room:join', {}) };
	}

	/** Drop a client's connection from the server side, as a lost network would. */
	drop(client: TestClient): void {
		this.studio.io.in(client.id).disconnectSockets(true);
	}

	/** Close every client the current test opened. */
	closeClients(): void {
		for (const client of this.#clients) client.close();
		this.#clients.clear();
	}

	async close(): Promise<void> {
		this.closeClients();
		await withTimeout(this.studio.close(), 10_000, 'studio close');
		await rm(this.dataDir, { recursive: true, force: true });
	}
}

/**
 * A test file's studio (env as for TestStudio.start): started before its
 * tests, the clients each test opened closed after it, and closed after the
 * file.
 */
export function studioSuite(env: Record<string, string> = {}): { readonly studio: TestStudio } {
	let studio: TestStudio | undefined;
	beforeAll(async () => {
		studio = await TestStudio.start(env);
	});
	afterEach(() => studio?.closeClients());
	afterAll(async () => {
		await studio?.close();
	});
	return {
		get studio() {
			if (!studio) throw new Error('the test studio is not started (use it inside a test or hook)');
			return studio;
		},
	};
}

/**
 * A built client's shape in a throwaway directory (for GLADI_CLIENT_DIR):
 * index.html loading /assets/app.js, and that script's source map.
 */
export async function builtClientDir(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'gladi-client-'));
	await mkdir(path.join(dir, 'assets'));
	await writeFile(path.join(dir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>');
	await writeFile(path.join(dir, 'assets', 'app.js'), 'console.log("gladi");\n//# sourceMappingURL=app.js.map\n');
	await writeFile(path.join(dir, 'assets', 'app.js.map'), JSON.stringify({ version: 3, file: 'app.js', sources: ['/home/dev/gladi/client/src/main.tsx'], mappings: '' }));
	return dir;
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One HTTP/1.1 request to 127.0.0.1:`port` with `init.headers`; their Host (even an empty one) replaces the real one. */
export function rawRequest(port: number, pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
	const done = new Promise<RawResponse>((resolve, reject) => {
		const setHost = init.headers?.['host'] === undefined;
		const req = http.request({ host: HOST, port, path: pathname, method: init.method ?? 'GET', headers: init.headers, setHost, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(WAIT_MS, () => req.destroy(new Error(`no answer to ${pathname} within ${WAIT_MS} ms`)));
		req.end(init.body);
	});
	return withTimeout(done, WAIT_MS + 500, `HTTP ${pathname}`);
}

function connected(client: TestClient): Promise<void> {
	const { socket } = client;
	if (socket.connected) return Promise.resolve();
	const settled = new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (error) => reject(error));
	});
	return withTimeout(settled, WAIT_MS, 'socket.io connection');
}

// ---------------------------------------------------------------- media

export const MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
export const RID_URI = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
export const RRID_URI = 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id';

/** A DTLS fingerprint as a browser would send it (the transport never actually connects in these tests). */
export const CLIENT_DTLS = {
	role: 'client' as const,
	fingerprints: [
		{
			algorithm: 'sha-256',
			value: '82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD',
		},
	],
};

function capabilityCodec(caps: RtpCapabilitiesWire, mimeType: string): NonNullable<RtpCapabilitiesWire['codecs']>[number] {
	const codec = caps.codecs?.find((c) => c.mimeType.toLowerCase() === mimeType.toLowerCase());
	if (!codec || codec.preferredPayloadType === undefined) throw new Error(`router offers no ${mimeType}`);
	return codec;
}

function headerExtension(caps: RtpCapabilitiesWire, kind: 'audio' | 'video', uri: string): { uri: string; id: number } {
	const ext = caps.headerExtensions?.find((h) => h.kind === kind && h.uri === uri);
	if (!ext) throw new Error(`router offers no ${kind} header extension ${uri}`);
	return { uri, id: ext.preferredId };
}

/** What a browser's Opus microphone track sends, built from the router's capabilities. */
export function opusRtpParameters(caps: RtpCapabilitiesWire, ssrc = 11_111_111): RtpParametersWire {
	const opus = capabilityCodec(caps, 'audio/opus');
	return {
		mid: '0',
		codecs: [
			{
				mimeType: opus.mimeType,
				payloadType: opus.preferredPayloadType!,
				clockRate: opus.clockRate,
				channels: opus.channels ?? 2,
				parameters: { minptime: 10, useinbandfec: 1 },
				rtcpFeedback: [{ type: 'transport-cc', parameter: '' }],
			},
		],
		headerExtensions: [headerExtension(caps, 'audio', MID_URI)],
		encodings: [{ ssrc, dtx: false }],
		rtcp: { cname: 'gladi-test-host', reducedSize: true },
	};
}

/** What a browser's VP8 camera track sends with three simulcast layers (rid r0, r1, r2) and RTX. */
export function vp8SimulcastRtpParameters(caps: RtpCapabilitiesWire): RtpParametersWire {
	const vp8 = capabilityCodec(caps, 'video/VP8');
	const rtx = caps.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/rtx' && c.parameters?.['apt'] === vp8.preferredPayloadType);
	return {
		mid: '1',
		codecs: [
			{
				mimeType: vp8.mimeType,
				payloadType: vp8.preferredPayloadType!,
				clockRate: vp8.clockRate,
				rtcpFeedback: vp8.rtcpFeedback ?? [],
			},
			...(rtx
				? [{ mimeType: rtx.mimeType, payloadType: rtx.preferredPayloadType!, clockRate: rtx.clockRate, parameters: { apt: vp8.preferredPayloadType! } }]
				: []),
		],
		headerExtensions: [
			headerExtension(caps, 'video', MID_URI),
			headerExtension(caps, 'video', RID_URI),
			headerExtension(caps, 'video', RRID_URI),
		],
		encodings: [
			{ rid: 'r0', active: true, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
			{ rid: 'r1', active: true, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
			{ rid: 'r2', active: true, maxBitrate: 1_500_000, scalabilityMode: 'L1T3' },
		],
		rtcp: { cname: 'gladi-test-host', reducedSize: true },
	};
}

export interface Publishing {
	transport: TransportInfo;
	audioProducerId: string;
	videoProducerId: string;
}

/** The host creates a send transport and publishes a mic (Opus) and a camera (VP8 simulcast). */
export async function publish(host: Joined): Promise<Publishing> {
	const caps = host.join.routerRtpCapabilities;
	const transport = await host.client.ok('media:createTransport', { direction: 'send' });
	const audio = await host.client.ok('media:produce', {
		transportId: transport.id,
		kind: 'audio',
		source: 'mic',
		rtpParameters: opusRtpParameters(caps),
	});
	const video = await host.client.ok('media:produce', {
		transportId: transport.id,
		kind: 'video',
		source: 'camera',
		rtpParameters: vp8SimulcastRtpParameters(caps),
	});
	return { transport, audioProducerId: audio.producerId, videoProducerId: video.producerId };
}

/** A viewer creates a receive transport and consumes what is live, with the router's own capabilities. */
export async function watch(viewer: Joined): Promise<{ transport: TransportInfo; consumers: ResponseMap['media:consume']['consumers'] }> {
	const transport = await viewer.client.ok('media:createTransport', { direction: 'recv' });
	const { consumers } = await viewer.client.ok('media:consume', {
		transportId: transport.id,
		rtpCapabilities: viewer.join.routerRtpCapabilities,
	});
	return { transport, consumers };
}

/** Every consumer the router makes from now on, by id (to look at server-side state such as paused). */
export function trackConsumers(router: types.Router): Map<string, types.Consumer> {
	const consumers = new Map<string, types.Consumer>();
	router.observer.on('newtransport', (transport) => {
		transport.observer.on('newconsumer', (consumer) => consumers.set(consumer.id, consumer));
	});
	return consumers;
}
