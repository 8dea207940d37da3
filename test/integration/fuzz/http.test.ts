/*
 * HTTP fuzzing of every JSON endpoint against a real studio: valid bodies,
 * valid bodies with something broken, any JSON, text that is not JSON,
 * bodies over the 16 KiB limit, other content types, charsets and
 * encodings, odd path parameters and cookies. Every answer must be a
 * success or a 4xx with the `{ error: { code, kind, message } }` body its
 * code's status promises — never a 500 — and the studio goes on serving.
 * Sign-ins are fuzzed with usernames that are not the admin's, each write
 * comes from an address of its own (the per-address limits stay out of
 * the way, except when the fuzz repeats one), and the first-start setup is
 * fuzzed on a studio of its own that has no account yet.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { anyId, fuzzRuns, fuzzScale, garbage, httpBodies, mutated } from '@gladi/shared/arbitraries';
import { SESSION_COOKIE, type Product } from '@gladi/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, TEST_ADMIN, TestStudio, type TestRoom } from '../harness.ts';
import { expectTypedResponse, preview } from './answers.ts';
import { deepJson } from './frames.ts';

const FUZZ_TIMEOUT_MS = 60_000 * fuzzScale();

let addresses = 0;
/** A client address of its own for each request, so the per-address limits stay out of the way. */
const nextAddress = () => `203.0.${Math.floor(++addresses / 250) % 250}.${addresses % 250}`;

// ---------------------------------------------------------------- what is sent

/** Body bytes and the headers that describe them (or misdescribe them). */
interface Body {
	text: string;
	contentType: string | null;
	/** The Content-Encoding header, and whether the bytes really are compressed that way. */
	encoding: { header: string; compressed: boolean } | null;
}

const contentType = fc.oneof(
	{ arbitrary: fc.constant('application/json'), weight: 12 },
	fc.constantFrom(
		null,
		'text/plain',
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'application/json; charset=utf-8',
		'application/json; charset=utf-16',
		'application/json; charset=latin1',
		'application/json; charset=no-such-charset',
		'APPLICATION/JSON',
		'application/json;',
		'application/merge-patch+json',
		';;',
		'image/png',
	),
);
const encoding = fc.oneof(
	{ arbitrary: fc.constant(null), weight: 12 },
	fc.record({ header: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'), compressed: fc.boolean() }),
);
/** Not JSON, nearly JSON, or JSON no endpoint takes. */
const oddText = fc.oneof(
	fc.constantFrom('', ' ', '{', '{"a":', '}', 'null', '[]', '"x"', '5', 'NaN', 'undefined', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"polluted":true}}', '\ufeff{}'),
	fc.string({ unit: 'binary', maxLength: 200 }),
);
/** Over the 16 KiB body limit. */
const oversized = fc.integer({ min: 16_500, max: 60_000 }).map((n) => JSON.stringify({ title: 'x'.repeat(n) }));

/** A body for an endpoint whose valid bodies `valid` generates. */
function bodyFor(valid: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
	const text = fc.oneof(
		{ arbitrary: valid.map(deepJson), weight: 6 },
		{ arbitrary: mutated(valid).map(deepJson), weight: 6 },
		{ arbitrary: garbage.map(deepJson), weight: 2 },
		{ arbitrary: oddText, weight: 2 },
		{ arbitrary: oversized, weight: 1 },
	);
	return fc.record({ text, contentType, encoding });
}

function bytesOf(body: Body): Buffer {
	const raw = Buffer.from(body.text);
	if (!body.encoding?.compressed) return raw;
	switch (body.encoding.header) {
		case 'gzip':
			return gzipSync(raw);
		case 'deflate':
			return deflateSync(raw);
		case 'br':
			return brotliCompressSync(raw);
		default:
			return raw;
	}
}

/** A path parameter: a real one most of the time, else anything (percent-encoded or not, malformed escapes too). */
function pathParam(real: readonly string[]): fc.Arbitrary<string> {
	return fc.oneof(
		{ arbitrary: fc.constantFrom(...real), weight: 4 },
		{ arbitrary: anyId.map(encodeURIComponent), weight: 2 },
		fc.constantFrom('%', '%E0%A4%A', '%00', '..', '%2e%2e', 'a%2Fb', '%C0%AF', '%ZZ', '~', 'x'.repeat(300)),
	);
}

// ---------------------------------------------------------------- the studio and what is in it

let studio: TestStudio;
let room: TestRoom;
let rotatingRoom: TestRoom;
let sessionId: string;
let productIds: string[];
let victimId: string;
const MENTOR = { username: 'mentor-fuzz', password: 'sandi-mentor-123' };

beforeAll(async () => {
	studio = await TestStudio.start();
	await studio.createMentor(MENTOR.username, MENTOR.password);
	victimId = await studio.createMentor('victim-fuzz');
	// A session of the admin's room (its host went live and ended), for rubric and notes.
	room = await studio.createRoom('HTTP fuzz room');
	const host = await studio.join(room, 'host');
	await publish(host);
	const live = await host.client.ok('live:start', {});
	sessionId = live.room.sessionId!;
	await host.client.ok('live:end', {});
	host.client.close();
	rotatingRoom = await studio.createRoom('Links rotated by the fuzz');
	const res = await studio.fetchAs('/api/products');
	productIds = ((await res.json()) as { products: Product[] }).products.map((p) => p.id);
}, 60_000);

afterAll(async () => {
	await studio?.close();
});

type Auth = 'admin' | 'mentor' | 'none' | 'garbage';
const auth = fc.oneof({ arbitrary: fc.constant<Auth>('admin'), weight: 6 }, fc.constantFrom<Auth>('mentor', 'none', 'garbage'));

async function cookieFor(who: Auth): Promise<string | undefined> {
	switch (who) {
		case 'admin':
			return studio.cookieOf();
		case 'mentor':
			return studio.cookieOf(MENTOR.username, MENTOR.password);
		case 'garbage':
			return `${SESSION_COOKIE}=${'%'.repeat(3)}x; ${SESSION_COOKIE}=; =;;`;
		case 'none':
			return undefined;
	}
}

/** Send `body` and check the answer; resolves with the status. */
async function shoot(method: string, path: string, who: Auth, body: Body, target: TestStudio = studio): Promise<number> {
	const headers: Record<string, string> = { 'x-forwarded-for': nextAddress() };
	const cookie = await cookieFor(who);
	if (cookie) headers['cookie'] = cookie;
	if (body.contentType) headers['content-type'] = body.contentType;
	if (body.encoding) headers['content-encoding'] = body.encoding.header;
	const res = await target.fetch(path, { method, headers, body: new Uint8Array(bytesOf(body)) });
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		// checked below: an error answer must be JSON
	}
	const what = `${method} ${path.slice(0, 120)} as ${who} with ${body.contentType ?? 'no content type'}${body.encoding ? ` (${body.encoding.header}${body.encoding.compressed ? '' : ', not compressed'})` : ''}: ${preview(body.text, 200)}`;
	expectTypedResponse(res.status, parsed, what);
	return res.status;
}

/** Every JSON endpoint, with the path parameters and bodies to send it. */
const endpoints: Array<{ name: string; method: string; path: () => fc.Arbitrary<string>; valid: fc.Arbitrary<unknown>; runs?: number }> = [
	{ name: 'POST /api/rooms', method: 'POST', path: () => fc.constant('/api/rooms'), valid: httpBodies.createRoom.valid },
	{ name: 'POST /api/classes', method: 'POST', path: () => fc.constant('/api/classes'), valid: httpBodies.createClass.valid },
	{ name: 'POST /api/products', method: 'POST', path: () => fc.constant('/api/products'), valid: httpBodies.product.valid },
	{ name: 'PUT /api/products/:id', method: 'PUT', path: () => pathParam(productIds).map((id) => `/api/products/${id}`), valid: httpBodies.product.valid },
	{
		name: 'PUT /api/sessions/:id/rubric',
		method: 'PUT',
		path: () => fc.tuple(pathParam([sessionId]), reportAccess()).map(([id, query]) => `/api/sessions/${id}/rubric${query}`),
		valid: httpBodies.rubric.valid,
	},
	{
		name: 'POST /api/sessions/:id/notes',
		method: 'POST',
		path: () => fc.tuple(pathParam([sessionId]), reportAccess()).map(([id, query]) => `/api/sessions/${id}/notes${query}`),
		valid: httpBodies.note.valid,
	},
	{ name: 'POST /api/auth/password', method: 'POST', path: () => fc.constant('/api/auth/password'), valid: httpBodies.changePassword.valid, runs: 30 },
	{ name: 'POST /api/auth/setup', method: 'POST', path: () => fc.constant('/api/auth/setup'), valid: httpBodies.setup.valid, runs: 30 },
	{ name: 'POST /api/admin/accounts', method: 'POST', path: () => fc.constant('/api/admin/accounts'), valid: httpBodies.createAccount.valid, runs: 30 },
	{
		name: 'PATCH /api/admin/accounts/:id',
		method: 'PATCH',
		// Never the admin's own account: a new password would sign the fuzz out.
		path: () => pathParam([victimId]).map((id) => `/api/admin/accounts/${id}`),
		valid: httpBodies.updateAccount.valid,
		runs: 30,
	},
	{
		name: 'POST /api/rooms/:code/links',
		method: 'POST',
		path: () => pathParam([rotatingRoom.code, rotatingRoom.code.toLowerCase()]).map((code) => `/api/rooms/${code}/links`),
		valid: fc.jsonValue({ maxDepth: 1 }),
	},
	{
		name: 'POST /api/admin/nodes/:id/state',
		method: 'POST',
		// This studio's own id only when it is one studio (which refuses to drain): a node of several would drain for real.
		path: () => pathParam(studio.studio.placement.clustered ? ['no-such-node'] : [studio.studio.placement.nodeId]).map((id) => `/api/admin/nodes/${id}/state`),
		valid: httpBodies.nodeState.valid,
		runs: 30,
	},
];

/** The report routes' access: the room's mentor or host link, a made-up token, or none (the signed-in owner). */
function reportAccess(): fc.Arbitrary<string> {
	return fc.oneof(
		fc.constantFrom(`?t=${room.tokens.mentor}`, `?t=${room.tokens.host}`, `?t=${room.tokens.buyer}`, '', '?t=', '?t=%', '?t[]=a&t[]=b'),
		anyId.map((t) => `?t=${encodeURIComponent(t)}`),
	);
}

describe('HTTP fuzz', () => {
	it.each(endpoints)(
		'$name answers any body with a success or a typed 4xx, never a 500',
		async ({ method, path, valid, runs }) => {
			const statuses = new Map<number, number>();
			await fc.assert(
				fc.asyncProperty(path(), auth, bodyFor(valid), async (target, who, body) => {
					const status = await shoot(method, target, who, body);
					statuses.set(status, (statuses.get(status) ?? 0) + 1);
				}),
				fuzzRuns(runs ?? 60),
			);
			if (process.env['GLADI_FUZZ_STATS']) console.log(method, [...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' '));
		},
		FUZZ_TIMEOUT_MS,
	);

	it(
		'POST /api/auth/login answers any body with a success or a typed 4xx (usernames other than the admin’s)',
		async () => {
			await fc.assert(
				fc.asyncProperty(bodyFor(httpBodies.login.valid), async (body) => {
					// Failed sign-ins lock a username: leave the admin's alone.
					fc.pre(!body.text.toLowerCase().includes(TEST_ADMIN.username));
					await shoot('POST', '/api/auth/login', 'none', body);
				}),
				fuzzRuns(40),
			);
		},
		FUZZ_TIMEOUT_MS,
	);

	it('keeps serving afterwards: health, the admin signed in, a new room', async () => {
		expect((await studio.health()).status).toBe(200);
		expect((await studio.fetchAs('/api/auth/me')).status).toBe(200);
		const created = await studio.createRoom('After the HTTP fuzz');
		const buyer = await studio.join(created, 'buyer');
		expect(buyer.join.room.code).toBe(created.code);
	});
});

describe('first-start setup fuzz', () => {
	let fresh: TestStudio;

	beforeAll(async () => {
		// No admin from the environment: the studio starts with a one-time setup link.
		fresh = await TestStudio.start({ GLADI_ADMIN_USER: '', GLADI_ADMIN_PASSWORD: '' });
	}, 60_000);
	afterAll(async () => {
		await fresh?.close();
	});

	it(
		'POST /api/auth/setup with the real token or another answers a success once, then typed 4xx',
		async () => {
			const token = fresh.studio.setupToken!;
			expect(token).toBeTruthy();
			const withToken = httpBodies.setup.valid.chain((b) => fc.constantFrom(token, b.token, `${token}x`, token.slice(1)).map((t) => ({ ...b, token: t })));
			let created = 0;
			await fc.assert(
				fc.asyncProperty(bodyFor(withToken), async (body) => {
					if ((await shoot('POST', '/api/auth/setup', 'none', body, fresh)) === 201) created++;
				}),
				fuzzRuns(40),
			);
			expect(created).toBeLessThanOrEqual(1);
			// The link still works if the fuzz never used it well, and only once.
			const setup = (username: string) =>
				fresh.fetch('/api/auth/setup', {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
					body: JSON.stringify({ token, username, password: 'sandi-pertama-123' }),
				});
			if (created === 0) expect((await setup('pertama')).status).toBe(201);
			expect((await setup('kedua')).status).toBe(403);
			expect((await fresh.health()).status).toBe(200);
		},
		FUZZ_TIMEOUT_MS,
	);
});
