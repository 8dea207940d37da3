import { ROOM_CODE_PATTERN, TITLE_MAX, type HealthDetails, type HealthResponse, type HttpErrorBody, type NodeListResponse, type InviteInfo } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { studioSuite, TestStudio, tokenOf } from './harness.ts';

const suite = studioSuite();

function expectErrorBody(body: unknown, code: string): void {
	const error = (body as HttpErrorBody).error;
	expect(error, JSON.stringify(body)).toBeDefined();
	expect(error.code).toBe(code);
	expect(typeof error.message).toBe('string');
	expect(error.message.length).toBeGreaterThan(0);
}

describe('POST /api/rooms', () => {
	it('creates a room with a code and one invite link per role', async () => {
		const { status, body } = await suite.studio.postRooms(JSON.stringify({ title: '  Spring sale  ' }));
		expect(status).toBe(201);
		const created = body as { code: string; title: string; links: Record<string, string> };
		expect(created.code).toMatch(ROOM_CODE_PATTERN);
		expect(created.title).toBe('Spring sale');
		expect(Object.keys(created.links).sort()).toEqual(['buyer', 'host', 'mentor']);

		const { code, links } = created;
		expect(links['host']).toMatch(new RegExp(`^/r/${code}/host\\?t=[A-Za-z0-9_-]{16,}$`));
		expect(links['mentor']).toMatch(new RegExp(`^/r/${code}/mentor\\?t=[A-Za-z0-9_-]{16,}$`));
		expect(links['buyer']).toMatch(new RegExp(`^/r/${code}/watch\\?t=[A-Za-z0-9_-]{16,}$`));
		const tokens = Object.values(links).map(tokenOf);
		expect(new Set(tokens).size).toBe(3);
		expect((await suite.studio.studio.registry.get(code))?.title).toBe('Spring sale');
	});

	it('gives every room its own code and tokens', async () => {
		const a = await suite.studio.createRoom('A');
		const b = await suite.studio.createRoom('B');
		expect(a.code).not.toBe(b.code);
		const all = [...Object.values(a.tokens), ...Object.values(b.tokens)];
		expect(new Set(all).size).toBe(6);
	});

	it.each([
		['a missing title', '{}'],
		['an empty title', '{"title":""}'],
		['a blank title', '{"title":"   "}'],
		['a title over the limit', JSON.stringify({ title: 'x'.repeat(TITLE_MAX + 1) })],
		['a non-string title', '{"title":42}'],
		['extra fields', '{"title":"ok","code":"ABC234"}'],
		['a JSON array', '["title"]'],
		['malformed JSON', '{"title": "unterminated'],
		['a JSON string', '"just a title"'],
		['an empty body', ''],
	])('refuses %s with 400 and an error body', async (_what, body) => {
		const res = await suite.studio.postRooms(body);
		expect(res.status).toBe(400);
		expectErrorBody(res.body, 'bad_request');
	});

	it('refuses a body that is not JSON at all', async () => {
		const res = await suite.studio.postRooms('title=Spring', 'application/x-www-form-urlencoded');
		expect(res.status).toBe(400);
		expectErrorBody(res.body, 'bad_request');
	});

	it('refuses a body over 16 KB with 413', async () => {
		const res = await suite.studio.postRooms(JSON.stringify({ title: 'x'.repeat(17 * 1024) }));
		expect(res.status).toBe(413);
		expectErrorBody(res.body, 'payload_too_large');
	});

	it('creates nothing when it refuses', async () => {
		const before = [...suite.studio.studio.registry.rooms()].length;
		await suite.studio.postRooms('{"title":""}');
		await suite.studio.postRooms('{"title":"ok","extra":1}');
		expect([...suite.studio.studio.registry.rooms()].length).toBe(before);
	});
});

describe('GET /api/invites/:token', () => {
	it('tells which room and role each invite opens', async () => {
		const room = await suite.studio.createRoom('Invite check');
		for (const role of ['host', 'mentor', 'buyer'] as const) {
			const res = await suite.studio.fetch(`/api/invites/${room.tokens[role]}`);
			expect(res.status).toBe(200);
			const info = (await res.json()) as InviteInfo;
			// On a shared database (GLADI_TEST_STORE=postgres) the lookup also names the node running the room.
			expect(info).toEqual({ code: room.code, title: 'Invite check', role, recorded: false, ...(suite.studio.studio.placement.clustered ? { server: suite.studio.url } : {}) });
		}
	});

	it('answers 404 with an error body for an unknown token', async () => {
		for (const token of ['not-a-real-token-at-all-xxxxxxxx', 'x', '%00']) {
			const res = await suite.studio.fetch(`/api/invites/${token}`);
			expect(res.status).toBe(404);
			expectErrorBody(await res.json(), 'not_found');
		}
	});

	it('does not resolve a room code as a token', async () => {
		const room = await suite.studio.createRoom('Code is not a token');
		const res = await suite.studio.fetch(`/api/invites/${room.code}`);
		expect(res.status).toBe(404);
	});
});

describe('other routes', () => {
	it('answers unknown API routes with a JSON 404', async () => {
		const res = await suite.studio.fetch('/api/nope');
		expect(res.status).toBe(404);
		expectErrorBody(await res.json(), 'not_found');
		const get = await suite.studio.fetch('/api/rooms');
		expect(get.status).toBe(404);
	});

	it('does not reveal the framework', async () => {
		const res = await suite.studio.fetch('/healthz');
		expect(res.headers.get('x-powered-by')).toBeNull();
	});
});

describe('errors', () => {
	it('name their kind and carry the status of their code', async () => {
		const res = await suite.studio.fetch('/api/invites/not-a-real-token-at-all');
		expect(res.status).toBe(404);
		expect(((await res.json()) as HttpErrorBody).error).toMatchObject({ code: 'not_found', kind: 'invite_invalid' });
		const route = await suite.studio.fetch('/api/no/such/thing');
		expect(((await route.json()) as HttpErrorBody).error).toMatchObject({ code: 'not_found', kind: 'route_not_found' });
	});

	it('answer a storage failure with a 500 that reveals nothing, not a 400 with its message', async () => {
		const own = await TestStudio.start();
		try {
			const cookie = await own.login();
			await own.studio.store.close();
			for (const [path, init] of [
				['/api/products', { headers: { cookie } }],
				['/api/classes', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'Kelas', members: ['Ani', 'Budi'] }) }],
			] as const) {
				const res = await own.fetch(path, init);
				expect(res.status, path).toBe(500);
				const { error } = (await res.json()) as HttpErrorBody;
				expect(error).toEqual({ code: 'internal', kind: 'internal', message: 'the server could not complete this request' });
			}
		} finally {
			await own.close();
		}
	});
});

// On a shared database (GLADI_TEST_STORE=postgres) a studio is a node of several, which drains: cluster.test.ts.
describe.skipIf(process.env['GLADI_TEST_STORE'] === 'postgres')('/api/admin/nodes on one studio', () => {
	it('lists the studio as its one node, and refuses to drain it (there is nowhere to move its rooms)', async () => {
		const { placement } = suite.studio.studio;
		const list = await suite.studio.fetchAs('/api/admin/nodes');
		expect(list.status).toBe(200);
		expect(((await list.json()) as NodeListResponse).nodes).toEqual([
			{ id: placement.nodeId, url: '', state: 'active', healthy: true, load: { rooms: expect.any(Number), consumers: expect.any(Number), cpu: expect.any(Number) }, self: true },
		]);
		const post = (state: string) =>
			suite.studio.fetchAs(`/api/admin/nodes/${placement.nodeId}/state`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ state }) });
		const drain = await post('draining');
		expect(drain.status).toBe(409);
		expect(((await drain.json()) as HttpErrorBody).error.kind).toBe('invalid_state');
		expect(placement.state).toBe('active');
		expect((await post('active')).status).toBe(200);
		expect((await post('asleep')).status).toBe(400);
	});
});

describe('GET /healthz', () => {
	it('keeps the details (GET /api/admin/health) for admins: 401 without an account', async () => {
		const res = await suite.studio.fetch('/api/admin/health');
		expect(res.status).toBe(401);
		const text = await res.text();
		expectErrorBody(JSON.parse(text), 'unauthorized');
		expect(((JSON.parse(text) as HttpErrorBody).error).kind).toBe('not_logged_in');
		expect(text).not.toContain(String(suite.studio.studio.pool.slots[0]!.worker.pid));
	});

	it('shows the details to a signed-in admin, not to a mentor', async () => {
		const admin = await suite.studio.fetchAs('/api/admin/health');
		expect(admin.status).toBe(200);
		const details = (await admin.json()) as HealthDetails;
		expect(details.workers.map((w) => w.pid)).toEqual([suite.studio.studio.pool.slots[0]!.worker.pid]);
		expect(details.rooms.total).toBe([...suite.studio.studio.registry.rooms()].length);
		await suite.studio.createMentor('bukan-admin');
		const mentor = await suite.studio.fetchAs('/api/admin/health', {}, 'bukan-admin');
		expect(mentor.status).toBe(403);
		expect(((await mentor.json()) as HttpErrorBody).error.kind).toBe('admin_only');
	});

	it('reports workers and rooms (the details, read in-process)', async () => {
		const { status, body } = await suite.studio.health();
		expect(status).toBe(200);
		expect(body.status).toBe('ok');
		expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
		expect(body.workers).toHaveLength(1);
		const [worker] = body.workers;
		expect(worker).toEqual({ index: 0, pid: suite.studio.studio.pool.slots[0]!.worker.pid, alive: true, routers: expect.any(Number), consumers: expect.any(Number), peers: expect.any(Number) });
		expect(worker!.pid).toBeGreaterThan(0);
		expect(body.rooms.total).toBe([...suite.studio.studio.registry.rooms()].length);
		expect(body.rooms).toMatchObject({ active: 0, live: 0, peers: 0 });
	});

	it('counts a room with people in it as active', async () => {
		const room = await suite.studio.createRoom('Health');
		const buyer = await suite.studio.join(room, 'buyer');
		try {
			const { body } = await suite.studio.health();
			expect(body.rooms.active).toBe(1);
			expect(body.rooms.peers).toBe(1);
			expect(body.workers[0]).toMatchObject({ routers: 1 });
		} finally {
			buyer.client.close();
		}
	});

	it('answers anyone with liveness and this node (its id and the rooms it runs): no worker PIDs', async () => {
		const { registry, pool, placement } = suite.studio.studio;
		const room = await suite.studio.createRoom('Health');
		await suite.studio.join(room, 'host', 'Sari');
		const res = await suite.studio.fetch('/healthz');
		expect(res.status).toBe(200);
		const text = await res.text();
		const body = JSON.parse(text) as HealthResponse;
		expect(Object.keys(body).sort()).toEqual(['node', 'status', 'uptimeSeconds']);
		expect(body.status).toBe('ok');
		expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
		expect(body.node).toEqual({ id: placement.nodeId, state: 'active', rooms: [...registry.fences()].map((f) => f.code).sort() });
		expect(body.node.rooms).toContain(room.code);
		expect(text).not.toContain(String(pool.slots[0]!.worker.pid));
	});
});

describe('room creation rate limit', () => {
	it('refuses a flood of room creations from one address with 429', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await suite.studio.postRooms(JSON.stringify({ title: `flood ${i}` }))).status);
		expect(statuses).toContain(429);
		const limited = await suite.studio.postRooms(JSON.stringify({ title: 'one more' }));
		expect(limited.status).toBe(429);
		expectErrorBody(limited.body, 'rate_limited');
		// A burst of 30 per address; this file has already used some of it.
		expect(statuses.filter((s) => s === 201).length).toBeLessThan(30);
		// another client (behind the trusted loopback proxy) is not affected
		const other = await suite.studio.postRooms(JSON.stringify({ title: 'other client' }), 'application/json', { 'x-forwarded-for': '203.0.113.7' });
		expect(other.status).toBe(201);
	});
});
