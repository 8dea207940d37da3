/*
 * Several nodes sharing one PostgreSQL (a throwaway cluster these tests
 * start): rooms are placed by load, any node's invite lookup sends a person
 * to the node running the room, concurrent first joins end with one owner,
 * links replaced through one node stop working on another, a drained node
 * hands its rooms over, and a node that lost a room's lease writes nothing.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DashboardResponse, ErrorBody, HealthResponse, InviteInfo, NodeListResponse, Product, ProductListResponse } from '@gladi/shared';
import { Client } from 'pg';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../server/src/store/postgresStore.ts';
import { freePort } from '../freePort.ts';
import { TestPostgres } from '../postgres.ts';
import { HOST, publish, TestStudio, type TestClient, type TestRoom } from './harness.ts';

let pg: TestPostgres;
let databaseUrl: string;
let uploads: string;
let a: TestStudio;
let b: TestStudio;

/** A node of the cluster: its own ports and data folder, the shared database and photo folder. */
async function startNode(id: string): Promise<TestStudio> {
	const port = await freePort();
	return TestStudio.start({
		GLADI_PORT: String(port),
		GLADI_PUBLIC_URL: `http://${HOST}:${port}`,
		GLADI_NODE_ID: id,
		GLADI_DATABASE_URL: databaseUrl,
		GLADI_UPLOADS_DIR: uploads,
	});
}

beforeAll(async () => {
	pg = await TestPostgres.start();
	databaseUrl = await pg.createDatabase();
	uploads = await mkdtemp(path.join(os.tmpdir(), 'gladi-uploads-'));
	// Started together: they migrate the new database and make the first admin once between them.
	[a, b] = await Promise.all([startNode('a'), startNode('b')]);
}, 120_000);

afterEach(() => {
	a.closeClients();
	b.closeClients();
});

afterAll(async () => {
	await Promise.all([a?.close(), b?.close()]);
	await pg?.stop();
	await rm(uploads, { recursive: true, force: true });
});

async function healthOf(node: TestStudio): Promise<HealthResponse> {
	return (await (await node.fetch('/healthz')).json()) as HealthResponse;
}

async function inviteVia(node: TestStudio, token: string): Promise<InviteInfo> {
	const res = await node.fetch(`/api/invites/${token}`);
	expect(res.status).toBe(200);
	return (await res.json()) as InviteInfo;
}

/** The node a studio URL names. */
const nodeAt = (url: string | undefined): TestStudio => {
	if (url === a.url) return a;
	if (url === b.url) return b;
	throw new Error(`no node at ${url}`);
};

/** Connect through `first`; sent elsewhere (room_elsewhere), connect where it says. */
async function connectFollowing(first: TestStudio, token: string, name: string, from: string): Promise<{ client: TestClient; node: TestStudio }> {
	try {
		return { client: await first.connect(token, name, {}, { from }), node: first };
	} catch (error) {
		const refusal = (error as Error & { data?: ErrorBody }).data;
		if (refusal?.kind !== 'room_elsewhere') throw error;
		const node = nodeAt(String(refusal.params?.['url']));
		return { client: await node.connect(token, name, {}, { from }), node };
	}
}

async function leaseRows(code: string): Promise<Array<{ node_id: string; epoch: string }>> {
	const client = new Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		return (await client.query<{ node_id: string; epoch: string }>('SELECT node_id, epoch FROM room_leases WHERE code = $1', [code])).rows;
	} finally {
		await client.end();
	}
}

describe('two nodes and PostgreSQL', () => {
	it('places a room created through b on a when a is less loaded; its links, opened on b, lead to a', async () => {
		// Load b: rooms whose people connected to b directly run on b.
		const busy: TestRoom[] = [];
		for (let i = 0; i < 2; i++) {
			const room = await b.createRoom(`Ramai ${i}`);
			await b.join(room, 'host', 'Sari');
			busy.push(room);
		}
		expect((await healthOf(b)).node.rooms).toEqual(expect.arrayContaining(busy.map((r) => r.code)));

		const room = await b.createRoom('Rapi');
		const invite = await inviteVia(b, room.tokens.host);
		expect(invite.server).toBe(a.url);
		// Every node answers alike, and again: the room is placed once.
		expect((await inviteVia(a, room.tokens.buyer)).server).toBe(a.url);
		expect((await inviteVia(b, room.tokens.mentor)).server).toBe(a.url);

		const host = await nodeAt(invite.server).join(room, 'host', 'Dewi');
		expect(host.join.room.title).toBe('Rapi');
		// A buyer whose page came from b, connecting to b: sent to a, and let in there.
		const refusal = (await b.connectError({ token: room.tokens.buyer, name: 'Budi' })) as Error & { data?: ErrorBody };
		expect(refusal.data).toMatchObject({ kind: 'room_elsewhere', params: { url: a.url } });
		const buyer = await a.join(room, 'buyer', 'Budi');
		expect(buyer.join.self.role).toBe('buyer');
		expect((await healthOf(a)).node).toMatchObject({ id: 'a', state: 'active' });
		expect((await healthOf(a)).node.rooms).toContain(room.code);
		expect((await healthOf(b)).node.rooms).not.toContain(room.code);
		expect(await leaseRows(room.code)).toEqual([{ node_id: 'a', epoch: expect.anything() }]);
	});

	it('ends 50 simultaneous first joins of a new room, half on each node, with one owner and everyone in', async () => {
		const room = await a.createRoom('Serbu');
		const joins = await Promise.all(
			Array.from({ length: 50 }, async (_, i) => {
				const { client, node } = await connectFollowing(i % 2 ? a : b, room.tokens.buyer, `Pembeli ${i}`, `203.0.113.${i + 1}`);
				await client.ok('room:join', {});
				return node;
			}),
		);
		const owners = new Set(joins);
		expect(owners.size).toBe(1);
		const owner = [...owners][0]!;
		const other = owner === a ? b : a;
		expect(await leaseRows(room.code)).toHaveLength(1);
		expect((await leaseRows(room.code))[0]!.node_id).toBe(owner.studio.placement.nodeId);
		expect(owner.room(room.code).participantCount).toBe(50);
		expect(other.studio.registry.inMemory(room.code)).toBeUndefined();
	});

	it("closes, on the node running the room, the connections of links replaced through the other node", async () => {
		const room = await a.createRoom('Tautan');
		const owner = nodeAt((await inviteVia(a, room.tokens.buyer)).server);
		const elsewhere = owner === a ? b : a;
		const buyer = await owner.join(room, 'buyer', 'Rina');
		const res = await elsewhere.fetchAs(`/api/rooms/${room.code}/links`, { method: 'POST' });
		expect(res.status).toBe(200);
		expect(await buyer.client.waitFor('room:closed')).toMatchObject({ reason: 'link_revoked' });
	});

	it('drains a node on an admin’s word given to the other: no new rooms there, its idle rooms move', async () => {
		const room = await a.createRoom('Pindah');
		// Placed on a by its people connecting there.
		const buyer = await a.join(room, 'buyer', 'Tono');
		expect((await healthOf(a)).node.rooms).toContain(room.code);
		try {
			const res = await b.fetchAs('/api/admin/nodes/a/state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'draining' }) });
			expect(res.status).toBe(200);
			// a reads its state at its next heartbeat; its idle room closes and says where it went.
			expect(await buyer.client.waitFor('room:closed', () => true, 10_000)).toMatchObject({ reason: 'moved' });
			expect((await inviteVia(a, room.tokens.buyer)).server).toBe(b.url);
			const fresh = await a.createRoom('Baru');
			expect((await inviteVia(a, fresh.tokens.host)).server).toBe(b.url);
			const refusal = (await a.connectError({ token: fresh.tokens.host, name: 'Sari' })) as Error & { data?: ErrorBody };
			expect(refusal.data).toMatchObject({ kind: 'room_elsewhere', params: { url: b.url } });
			const nodes = (await (await a.fetchAs('/api/admin/nodes')).json()) as NodeListResponse;
			expect(nodes.nodes.map((n) => [n.id, n.state, n.healthy, n.self])).toEqual([
				['a', 'draining', true, true],
				['b', 'active', true, false],
			]);
			expect((await healthOf(a)).node).toEqual({ id: 'a', state: 'draining', rooms: [] });
		} finally {
			await b.fetchAs('/api/admin/nodes/a/state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'active' }) });
		}
		const unknown = await b.fetchAs('/api/admin/nodes/zz/state', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state: 'draining' }) });
		expect(unknown.status).toBe(404);
		expect(((await unknown.json()) as { error: ErrorBody }).error.kind).toBe('node_not_found');
		const mentorOnly = await b.fetch('/api/admin/nodes');
		expect(mentorOnly.status).toBe(401);
	});

	it('stops running a room whose lease another node took: its people move, its old fence writes nothing', async () => {
		const room = await a.createRoom('Rebut');
		const owner = nodeAt((await inviteVia(a, room.tokens.buyer)).server);
		const buyer = await owner.join(room, 'buyer', 'Wati');
		const fence = [...owner.studio.registry.fences()].find((f) => f.code === room.code)!;
		// As a node that found the lease run out would: a new holder, a new epoch.
		const client = new Client({ connectionString: databaseUrl });
		await client.connect();
		try {
			await client.query("UPDATE room_leases SET node_id = 'elsewhere', epoch = epoch + 1, lease_until = now() + interval '1 minute' WHERE code = $1", [room.code]);
		} finally {
			await client.end();
		}
		expect(await buyer.client.waitFor('room:closed', () => true, 10_000)).toMatchObject({ reason: 'moved' });
		const store = owner.studio.store as PostgresStore;
		const session = { id: 's_fenced', roomCode: room.code, title: 't', hostName: 'h', startedAt: Date.now(), endedAt: null, classId: null, memberId: null };
		await expect(store.fencedSessions(fence).startSession(session)).rejects.toMatchObject({ kind: 'room_elsewhere' });
		expect(await store.sessions.getSession('s_fenced')).toBeUndefined();
	});

	it('serves the catalog from any node: a product and its photo made through a are on b', async () => {
		const product = await a.createProduct({ name: 'Gamis Nawal', price: 185_000, variants: [{ size: 'M', color: 'Hitam', stock: 4 }] });
		const photo = await sharp({ create: { width: 60, height: 80, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();
		const put = await a.fetchAs(`/api/products/${product.id}/image`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(photo) });
		expect(put.status).toBe(200);
		const { imageUrl } = (await put.json()) as Product;
		const listed = (await (await b.fetchAs('/api/products')).json()) as ProductListResponse;
		expect(listed.products.find((p) => p.id === product.id)).toMatchObject({ name: 'Gamis Nawal', imageUrl });
		const image = await b.fetch(imageUrl!);
		expect(image.status).toBe(200);
		expect(image.headers.get('content-type')).toBe('image/webp');
	});

	it("shows on any node's dashboard a live running on another node", async () => {
		const room = await a.createRoom('Live di a');
		const owner = nodeAt((await inviteVia(a, room.tokens.host)).server);
		const elsewhere = owner === a ? b : a;
		await owner.join(room, 'host', 'Sari');
		// The live's session as the node running it writes it (media is not needed to read status).
		await owner.studio.store.sessions.startSession({ id: 's_live_far', roomCode: room.code, title: room.title, hostName: 'Sari', startedAt: Date.now(), endedAt: null, classId: null, memberId: null });
		const dashboard = (await (await elsewhere.fetchAs('/api/me/dashboard')).json()) as DashboardResponse;
		expect(dashboard.rooms.find((r) => r.code === room.code)?.status).toBe('live');
		await owner.studio.store.sessions.endSession('s_live_far', Date.now());
		const after = (await (await elsewhere.fetchAs('/api/me/dashboard')).json()) as DashboardResponse;
		expect(after.rooms.find((r) => r.code === room.code)?.status).toBe('waiting');
	});

	it('serves a recording from any node: the node keeping it sends the bytes, another redirects there; a node that is gone says so', async () => {
		const room = await a.createRoom('Rekaman');
		const mentor = room.tokens.mentor;
		const folder = path.join(a.dataDir, 'recordings', 's_kept_on_a');
		await mkdir(folder, { recursive: true });
		const file = path.join(folder, 'recording.webm');
		await writeFile(file, Buffer.alloc(2048, 7));
		const { store } = a.studio;
		for (const [id, node] of [['s_kept_on_a', 'a'], ['s_kept_on_gone', 'gone']] as const) {
			await store.sessions.startSession({ id, roomCode: room.code, title: room.title, hostName: 'Sari', startedAt: Date.now() - 60_000, endedAt: Date.now(), classId: null, memberId: null });
			await store.recordings.begin(id, folder, Date.now(), node);
			await store.recordings.finish(id, { file, mimeType: 'video/webm', startedAt: Date.now() - 60_000, durationMs: 60_000, sizeBytes: 2048 });
		}
		const path_ = `/api/sessions/s_kept_on_a/recording?t=${encodeURIComponent(mentor)}`;
		const direct = await a.fetch(path_, { headers: { range: 'bytes=0-99' } });
		expect(direct.status).toBe(206);
		const redirected = await b.fetch(path_, { redirect: 'manual' });
		expect(redirected.status).toBe(307);
		expect(redirected.headers.get('location')).toBe(`${a.url}${path_}`);
		const followed = await b.fetch(path_);
		expect(followed.status).toBe(200);
		expect((await followed.arrayBuffer()).byteLength).toBe(2048);
		const gone = await b.fetch(`/api/sessions/s_kept_on_gone/recording?t=${encodeURIComponent(mentor)}`);
		expect(gone.status).toBe(503);
		expect(((await gone.json()) as { error: ErrorBody }).error.kind).toBe('recording_unavailable');
		// Deleted through b: the record goes at once, and a, which keeps the files, removes them.
		const deleted = await b.fetch(path_, { method: 'DELETE' });
		expect(deleted.status).toBe(204);
		expect(await store.recordings.get('s_kept_on_a')).toBeUndefined();
		await expect.poll(() => existsSync(folder), { timeout: 5_000 }).toBe(false);
	});

	it("knows a person again on the other node (the nodes share the secret their ids are signed with)", async () => {
		const onA = await a.createRoom('Orang sama');
		const first = await connectFollowing(a, onA.tokens.buyer, 'Yanti', '198.18.0.1');
		const joined = await first.client.ok('room:join', {});
		const other = first.node === a ? b : a;
		// A room running on the other node: connect there directly, bringing the id.
		const onOther = await other.createRoom('Di node lain');
		await other.join(onOther, 'host', 'Sari');
		expect((await healthOf(other)).node.rooms).toContain(onOther.code);
		const again = await other.join(onOther, 'buyer', 'Yanti', { person: joined.person, from: '198.18.0.1' });
		expect(again.join.person).toBe(joined.person);
	});

	it('drains a node that runs a live: its idle rooms move at once, the live stays until it ends, then its room moves too', async () => {
		const idle = await a.createRoom('Sepi');
		const live = await a.createRoom('Ramai live');
		const buyer = await a.join(idle, 'buyer', 'Nina');
		const host = await a.join(live, 'host', 'Sari');
		const viewer = await a.join(live, 'buyer', 'Rudi');
		await publish(host);
		await host.client.ok('live:start', {});
		try {
			const drained = a.studio.drain(20_000);
			expect(await buyer.client.waitFor('room:closed')).toMatchObject({ reason: 'moved' });
			expect((await inviteVia(b, idle.tokens.buyer)).server).toBe(b.url);
			// The live goes on where it is: its people stay, its lookups still say a.
			await new Promise((r) => setTimeout(r, 500));
			expect(viewer.client.all('room:closed')).toEqual([]);
			expect((await inviteVia(b, live.tokens.buyer)).server).toBe(a.url);
			await host.client.ok('live:end', {});
			expect(await viewer.client.waitFor('room:closed')).toMatchObject({ reason: 'moved' });
			expect(await drained).toBe(true);
			expect((await healthOf(a)).node).toEqual({ id: 'a', state: 'draining', rooms: [] });
			expect((await inviteVia(b, live.tokens.buyer)).server).toBe(b.url);
			// The live's session ended as lives do, on a, before the room moved.
			const sessions = await a.studio.store.sessions.sessionsOfRoom(live.code);
			expect(sessions).toHaveLength(1);
			expect(sessions[0]!.endedAt).not.toBeNull();
		} finally {
			await a.studio.placement.setState('a', 'active');
		}
	});

	it("lets a node's pages reach the other node: its CSP names it, its Origin check lets a page of one connect to the other", async () => {
		const csp = (await b.fetch('/')).headers.get('content-security-policy') ?? '';
		const connect = csp.split(';').find((d) => d.trim().startsWith('connect-src')) ?? '';
		const aHost = new URL(a.url).host;
		expect(connect).toContain(`ws://${aHost}`);
		expect(csp.split(';').find((d) => d.trim().startsWith('media-src'))).toContain(`http://${aHost}`);
		const room = await a.createRoom('Lintas asal');
		const owner = nodeAt((await inviteVia(b, room.tokens.buyer)).server);
		const pageOf = owner === a ? b : a;
		// The page came from the other node: its Origin is that node's.
		const buyer = await owner.connect(room.tokens.buyer, 'Eka', { extraHeaders: { origin: pageOf.url } });
		expect((await buyer.ok('room:join', {})).self.role).toBe('buyer');
		const foreign = (await owner.connectError({ token: room.tokens.buyer, name: 'Eko' }, { extraHeaders: { origin: 'http://evil.example' } })) as Error;
		expect(foreign.message).toMatch(/websocket error|forbidden/i);
	});
});
