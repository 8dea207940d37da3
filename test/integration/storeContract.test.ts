import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProductInput, SessionInfo, TimelineEvent } from '@gladi/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG, seedDemoCatalog } from '../../server/src/store/demoCatalog.ts';
import { PostgresStore } from '../../server/src/store/postgresStore.ts';
import { SqliteStore } from '../../server/src/store/sqliteStore.ts';
import type { AccountRecord, ClassRecord, InviteRecord, OpenStore, RoomRecord, Store } from '../../server/src/store/store.ts';
import { TestPostgres } from '../postgres.ts';

/**
 * What every store does the same (server/src/store/store.ts), run on each:
 * SQLite (a file in a temporary folder) and PostgreSQL (a throwaway server,
 * a new database per test). What only one of them does is tested beside it:
 * server/src/store/sqliteStore.test.ts, postgresStore.test.ts.
 */
interface Backend {
	name: string;
	setup(): Promise<void>;
	teardown(): Promise<void>;
	/** A new, empty database; opens a store on it (again: the same data). */
	fresh(): Promise<() => Promise<OpenStore>>;
}

function sqlite(): Backend {
	const dirs: string[] = [];
	return {
		name: 'SQLite',
		setup: async () => {},
		teardown: async () => {
			for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
		},
		fresh: async () => {
			const dir = mkdtempSync(path.join(os.tmpdir(), 'gladi-contract-'));
			dirs.push(dir);
			const file = path.join(dir, 'gladi.db');
			return async () => SqliteStore.open(file);
		},
	};
}

function postgres(): Backend {
	let server: TestPostgres | null = null;
	return {
		name: 'PostgreSQL',
		setup: async () => {
			server = await TestPostgres.start();
		},
		teardown: async () => {
			await server?.stop();
		},
		fresh: async () => {
			const url = await server!.createDatabase();
			return () => PostgresStore.open(url);
		},
	};
}

const input: ProductInput = {
	name: 'Gamis Uji',
	description: 'desc',
	price: 150_000,
	category: 'Gamis',
	material: 'Katun',
	variants: [
		{ size: 'M', color: 'Hitam', stock: 3 },
		{ size: 'L', color: null, stock: 0 },
	],
};

/** Epoch ms of today's order (past 2^32: a 64-bit column, read back as a number). */
const T0 = Date.UTC(2026, 0, 15, 10);
/** A write refused as a duplicate, in either database's words. */
const DUPLICATE = /UNIQUE constraint failed|duplicate key value violates unique constraint/;

const account = (id: string, over: Partial<AccountRecord> = {}): AccountRecord => ({
	id,
	username: id.replace(/^a_/, ''),
	displayName: id,
	passwordHash: 'x',
	role: 'mentor',
	disabled: false,
	createdAt: 1,
	lastLoginAt: null,
	...over,
});
const room = (code: string, over: Partial<RoomRecord> = {}): RoomRecord => ({ code, title: code, ownerId: null, classId: null, createdAt: 1, ...over });
const invite = (token: string, role: InviteRecord['role'] = 'host', roomCode = 'ABCDEF'): InviteRecord => ({ token, role, roomCode, issuedAt: 5, memberId: null });
const invites = (code: string) => [invite(`token-${code}`, 'host', code)];
const session = (id: string, over: Partial<SessionInfo> = {}): SessionInfo => ({
	id,
	roomCode: 'ABCDEF',
	title: 'Live',
	hostName: 'Bu Rina',
	startedAt: T0,
	endedAt: null,
	classId: null,
	memberId: null,
	...over,
});
/** Let other work run (timers included) while a transaction is open. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each([sqlite(), postgres()])('$name store', (backend) => {
	const opened: OpenStore[] = [];
	let reopen: () => Promise<OpenStore>;

	beforeAll(() => backend.setup(), 60_000);
	afterAll(() => backend.teardown());
	afterEach(async () => {
		for (const store of opened.splice(0)) await store.close();
	});

	/** A store on a new database (again: the same database), closed after the test. */
	async function open(again = false): Promise<OpenStore> {
		if (!again) reopen = await backend.fresh();
		const store = await reopen();
		opened.push(store);
		return store;
	}

	/** A store with one account (the owner of what a test writes). */
	async function withOwner(): Promise<{ store: OpenStore; owner: string }> {
		const store = await open();
		await store.accounts.create(account('a_owner'));
		return { store, owner: 'a_owner' };
	}

	describe('catalog', () => {
		it('seeds the demo catalog into an empty database and finds it again after a reopen', async () => {
			const { store, owner } = await withOwner();
			await seedDemoCatalog(store.catalogOf(owner));
			const products = await store.catalogOf(owner).listProducts();
			expect(products.map((p) => p.name)).toEqual(DEMO_CATALOG.map((d) => d.name));
			expect(products.every((p) => p.imageUrl?.startsWith('/demo-images/') && p.thumbnailUrl === p.imageUrl && p.variants.length > 0)).toBe(true);
			await store.close();
			const again = await open(true);
			expect(await again.catalogOf(owner).listProducts()).toEqual(products);
		});

		it('creates, reads, updates and deletes products with their variants, surviving a reopen', async () => {
			const { store, owner } = await withOwner();
			const catalog = store.catalogOf(owner);
			const created = await catalog.createProduct(input);
			expect(created).toMatchObject({ name: 'Gamis Uji', description: 'desc', price: 150_000, category: 'Gamis', material: 'Katun', imageUrl: null, thumbnailUrl: null });
			expect(created.variants.map((v) => [v.size, v.color, v.stock])).toEqual([
				['M', 'Hitam', 3],
				['L', null, 0],
			]);
			expect(await catalog.getProduct(created.id)).toEqual(created);
			const updated = await catalog.updateProduct(created.id, { ...input, price: 120_000, variants: [{ size: 'XL', color: null, stock: 9 }] });
			expect(updated?.price).toBe(120_000);
			expect(updated?.variants).toHaveLength(1);
			expect(await catalog.setProductImage(created.id, '/uploads/x.png')).toMatchObject({ imageUrl: '/uploads/x.png', thumbnailUrl: '/uploads/x.png' });
			// An upload has its thumbnail beside it.
			expect(await catalog.setProductImage(created.id, '/uploads/0b6e2f7c-3c1a.webp')).toMatchObject({ thumbnailUrl: '/uploads/0b6e2f7c-3c1a-thumb.webp' });
			expect(await catalog.updateProduct('p_missing', input)).toBeUndefined();
			expect(await catalog.setProductImage('p_missing', null)).toBeUndefined();
			expect(await catalog.getProduct('p_missing')).toBeUndefined();
			await store.close();

			const reopened = (await open(true)).catalogOf(owner);
			expect(await reopened.getProduct(created.id)).toMatchObject({ price: 120_000, imageUrl: '/uploads/0b6e2f7c-3c1a.webp' });
			expect((await reopened.getProducts([created.id, 'p_missing', created.id])).map((p) => p.id)).toEqual([created.id, created.id]);
			expect(await reopened.getProducts([])).toEqual([]);
			expect(await reopened.deleteProduct(created.id)).toBe(true);
			expect(await reopened.deleteProduct(created.id)).toBe(false);
			expect(await reopened.listProducts()).toEqual([]);
		});

		it('lists products in the order they were made, and gives them in the order asked', async () => {
			const { store, owner } = await withOwner();
			const catalog = store.catalogOf(owner);
			const made = [];
			// Made within the same millisecond or so: the order they were written in decides.
			for (const name of ['E', 'B', 'D', 'A', 'C']) made.push(await catalog.createProduct({ ...input, name }));
			expect((await catalog.listProducts()).map((p) => p.name)).toEqual(['E', 'B', 'D', 'A', 'C']);
			const ids = [made[3]!.id, made[0]!.id, made[4]!.id];
			expect((await catalog.getProducts(ids)).map((p) => p.name)).toEqual(['A', 'E', 'C']);
		});

		it("keeps each owner's catalog to itself: another owner's product cannot be read, changed or deleted", async () => {
			const { store, owner } = await withOwner();
			await store.accounts.create(account('a_other', { createdAt: 2 }));
			const mine = await store.catalogOf(owner).createProduct(input);
			const theirs = store.catalogOf('a_other');
			expect(await theirs.listProducts()).toEqual([]);
			expect(await theirs.getProduct(mine.id)).toBeUndefined();
			expect(await theirs.getProducts([mine.id])).toEqual([]);
			expect(await theirs.updateProduct(mine.id, { ...input, name: 'Dicuri' })).toBeUndefined();
			expect(await theirs.setProductImage(mine.id, '/uploads/evil.webp')).toBeUndefined();
			expect(await theirs.deleteProduct(mine.id)).toBe(false);
			expect(await store.catalogOf(owner).getProduct(mine.id)).toMatchObject({ name: 'Gamis Uji', imageUrl: null });
		});

		it('keeps the id of a variant whose size and colour stay the same across an edit', async () => {
			const { store, owner } = await withOwner();
			const catalog = store.catalogOf(owner);
			const created = await catalog.createProduct(input);
			const [m, l] = created.variants;
			const edited = (await catalog.updateProduct(created.id, {
				...input,
				variants: [
					{ size: 'L', color: null, stock: 5 },
					{ size: 'M', color: 'Hitam', stock: 1 },
					{ size: 'S', color: 'Hitam', stock: 2 },
				],
			}))!;
			expect(edited.variants.map((v) => v.id).slice(0, 2)).toEqual([l!.id, m!.id]);
			expect(edited.variants.map((v) => v.stock)).toEqual([5, 1, 2]);
			expect(new Set(edited.variants.map((v) => v.id)).size).toBe(3);
			expect(await catalog.getProduct(created.id)).toEqual(edited);
		});

		it('refuses what breaks the rules of a product, and keeps the product as it was', async () => {
			const { store, owner } = await withOwner();
			const catalog = store.catalogOf(owner);
			const created = await catalog.createProduct(input);
			await expect(catalog.updateProduct(created.id, { ...input, name: 'Minus', variants: [{ size: 'M', color: null, stock: -1 }] })).rejects.toThrow();
			await expect(catalog.createProduct({ ...input, price: 0 })).rejects.toThrow();
			expect(await catalog.listProducts()).toEqual([created]);
		});
	});

	describe('rooms', () => {
		it("keeps a room's copy of its products when the catalog product is edited or deleted", async () => {
			const { store, owner } = await withOwner();
			const catalog = store.catalogOf(owner);
			const product = await catalog.createProduct(input);
			await store.rooms.createRoom(room('ABCDEF', { ownerId: owner }), [invite('t-host')], [product]);
			await catalog.updateProduct(product.id, { ...input, name: 'Berubah', variants: [] });
			await catalog.deleteProduct(product.id);
			expect(await store.rooms.roomProducts('ABCDEF')).toEqual([product]);
			expect((await store.rooms.roomsOf(owner)).map((r) => r.code)).toEqual(['ABCDEF']);
			expect(await store.rooms.countRoomsSince(owner, 0)).toBe(1);
			expect(await store.rooms.countRoomsSince(owner, 2)).toBe(0);
		});

		it('lists an owner’s rooms newest first (made in the same millisecond: the later first)', async () => {
			const { store, owner } = await withOwner();
			for (const [code, createdAt] of [['ROOM01', T0], ['ROOM02', T0 + 5], ['ROOM03', T0], ['ROOM04', T0 + 5]] as const) {
				await store.rooms.createRoom(room(code, { ownerId: owner, createdAt, title: `Kamar ${code}` }), [], []);
			}
			await store.rooms.createRoom(room('NOBODY'), [], []);
			expect((await store.rooms.roomsOf(owner)).map((r) => r.code)).toEqual(['ROOM04', 'ROOM02', 'ROOM03', 'ROOM01']);
			expect(await store.rooms.getRoom('ROOM02')).toEqual({ code: 'ROOM02', title: 'Kamar ROOM02', ownerId: owner, classId: null, createdAt: T0 + 5 });
			expect(await store.rooms.getRoom('NOBODY')).toMatchObject({ ownerId: null });
			expect(await store.rooms.getRoom('NOSUCH')).toBeUndefined();
			expect(await store.rooms.countRoomsSince(owner, T0 + 1)).toBe(2);
			expect(await store.rooms.roomsOf('a_nobody')).toEqual([]);
		});

		it("keeps a room's invites in the order made; a replaced one stops working and the new one is listed last", async () => {
			const store = await open();
			const made = [invite('tok-host'), invite('tok-mentor', 'mentor'), { ...invite('tok-buyer', 'buyer'), memberId: 'm_1', issuedAt: T0 }];
			await store.rooms.createRoom(room('ABCDEF'), made, []);
			expect(await store.rooms.invitesOf('ABCDEF')).toEqual(made);
			expect(await store.rooms.findInvite('tok-buyer')).toEqual(made[2]);
			const next = { ...invite('tok-host-2'), issuedAt: T0 + 1, memberId: 'm_2' };
			await store.rooms.replaceInvite(next);
			expect(await store.rooms.findInvite('tok-host')).toBeUndefined();
			expect(await store.rooms.findInvite('tok-host-2')).toEqual(next);
			expect((await store.rooms.invitesOf('ABCDEF')).map((i) => i.token)).toEqual(['tok-mentor', 'tok-buyer', 'tok-host-2']);
			expect(await store.rooms.findInvite('tok-none')).toBeUndefined();
			expect(await store.rooms.invitesOf('NOSUCH')).toEqual([]);
			await expect(store.rooms.createRoom(room('OTHER1'), [invite('tok-mentor', 'mentor', 'OTHER1')], [])).rejects.toThrow(DUPLICATE);
			expect(await store.rooms.getRoom('OTHER1')).toBeUndefined();
		});

		it("replaces a room's products, in the order given, as they were given", async () => {
			const { store, owner } = await withOwner();
			const catalog = store.catalogOf(owner);
			const [a, b, c] = [await catalog.createProduct({ ...input, name: 'A' }), await catalog.createProduct({ ...input, name: 'B' }), await catalog.createProduct({ ...input, name: 'C' })];
			await store.rooms.createRoom(room('ABCDEF'), [], [a!, b!]);
			expect((await store.rooms.roomProducts('ABCDEF')).map((p) => p.name)).toEqual(['A', 'B']);
			// A copy is what the room was given (here with a price of its own), not what the catalog has.
			const cheaper = { ...c!, price: 99_000, description: 'kutip "ganda", \\ garis miring, emoji 😍, baris\nbaru' };
			await store.rooms.setRoomProducts('ABCDEF', [cheaper, a!]);
			expect(await store.rooms.roomProducts('ABCDEF')).toEqual([cheaper, a]);
			await store.rooms.setRoomProducts('ABCDEF', []);
			expect(await store.rooms.roomProducts('ABCDEF')).toEqual([]);
			expect(await store.rooms.roomProducts('NOSUCH')).toEqual([]);
		});
	});

	describe('sessions', () => {
		it('keeps sessions, lists them oldest first by room, member and class, and ends each once', async () => {
			const store = await open();
			await store.sessions.startSession(session('s_2', { startedAt: T0 + 10, classId: 'c_1', memberId: 'm_1' }));
			await store.sessions.startSession(session('s_1', { startedAt: T0, classId: 'c_1', memberId: 'm_2' }));
			await store.sessions.startSession(session('s_3', { startedAt: T0 + 20, roomCode: 'OTHER1', memberId: 'm_1' }));
			expect(await store.sessions.getSession('s_2')).toEqual(session('s_2', { startedAt: T0 + 10, classId: 'c_1', memberId: 'm_1' }));
			expect(await store.sessions.getSession('s_none')).toBeUndefined();
			expect((await store.sessions.sessionsOfRoom('ABCDEF')).map((s) => s.id)).toEqual(['s_1', 's_2']);
			expect((await store.sessions.sessionsOfMember('m_1')).map((s) => s.id)).toEqual(['s_2', 's_3']);
			expect((await store.sessions.sessionsOfClass('c_1')).map((s) => s.id)).toEqual(['s_1', 's_2']);
			expect(await store.sessions.sessionsOfRoom('NOSUCH')).toEqual([]);
			await store.sessions.endSession('s_1', T0 + 100);
			await store.sessions.endSession('s_1', T0 + 200);
			expect((await store.sessions.getSession('s_1'))?.endedAt).toBe(T0 + 100);
			await expect(store.sessions.startSession(session('s_1'))).rejects.toThrow(DUPLICATE);
		});

		it("keeps a session's timeline in the order written, each event as it was", async () => {
			const store = await open();
			await store.sessions.startSession(session('s_1'));
			await store.sessions.startSession(session('s_2'));
			const timeline: TimelineEvent[] = [
				{ type: 'liveStarted', at: T0 },
				{ type: 'comment', at: T0 + 1000, id: 'c1', name: 'Sari', text: 'Kak, ready L? 😍 "kutip" \\ garis', source: 'buyer', isQuestion: true },
				// Written later, but about an earlier moment: the order written in is kept.
				{ type: 'comment', at: T0 + 500, id: 'c2', name: 'Dewi', text: 'murah', source: 'crowd', isQuestion: false, personaId: 'haggler' },
				{ type: 'answered', at: T0 + 2000, commentId: 'c1' },
				{ type: 'commentPinned', at: T0 + 2500, commentId: null },
				{ type: 'crowdChanged', at: T0 + 2600, settings: { difficulty: 'normal', commentsPerMinute: 12.5, personaMix: { troll: 0, loyal: 2 }, lang: 'id' } },
				{ type: 'liveEnded', at: T0 + 3000 },
			];
			for (const event of timeline) {
				await store.sessions.appendEvent('s_1', event);
				if (event.type === 'comment') await store.sessions.appendEvent('s_2', { type: 'viewers', at: event.at, count: 3 });
			}
			expect(await store.sessions.events('s_1')).toEqual(timeline);
			expect(await store.sessions.eventCount('s_1')).toBe(timeline.length);
			expect(await store.sessions.events('s_2')).toEqual([
				{ type: 'viewers', at: T0 + 1000, count: 3 },
				{ type: 'viewers', at: T0 + 500, count: 3 },
			]);
			expect(await store.sessions.events('s_none')).toEqual([]);
			expect(await store.sessions.eventCount('s_none')).toBe(0);
			// A timeline belongs to a session.
			await expect(store.sessions.appendEvent('s_none', { type: 'liveStarted', at: T0 })).rejects.toThrow();
		});

		it('writes appends made one after another (none awaited) in that order', async () => {
			const store = await open();
			await store.sessions.startSession(session('s_1'));
			await store.sessions.startSession(session('s_2'));
			const writes: Array<Promise<void>> = [];
			for (let i = 0; i < 200; i++) {
				writes.push(store.sessions.appendEvent('s_1', { type: 'likes', at: T0 + (i % 7), total: i }));
				writes.push(store.sessions.appendEvent('s_2', { type: 'viewers', at: T0, count: i }));
			}
			await Promise.all(writes);
			expect((await store.sessions.events('s_1')).map((e) => (e as { total: number }).total)).toEqual([...Array(200).keys()]);
			expect((await store.sessions.events('s_2')).map((e) => (e as { count: number }).count)).toEqual([...Array(200).keys()]);
		});

		it("keeps mentors' notes by the moment they are about, and one score per criterion (the last given)", async () => {
			const store = await open();
			await store.sessions.startSession(session('s_1'));
			await store.sessions.addNote({ id: 'n_2', sessionId: 's_1', at: T0 + 20, mentorName: 'Pak Budi', text: 'kedua', tags: [] });
			await store.sessions.addNote({ id: 'n_1', sessionId: 's_1', at: T0 + 10, mentorName: 'Bu Ani', text: 'pertama', tags: ['goodGreeting', 'tooQuiet'] });
			await store.sessions.addNote({ id: 'n_3', sessionId: 's_1', at: T0 + 20, mentorName: 'Bu Ani', text: '', tags: ['missedQuestion'] });
			expect(await store.sessions.notes('s_1')).toEqual([
				{ id: 'n_1', sessionId: 's_1', at: T0 + 10, mentorName: 'Bu Ani', text: 'pertama', tags: ['goodGreeting', 'tooQuiet'] },
				{ id: 'n_2', sessionId: 's_1', at: T0 + 20, mentorName: 'Pak Budi', text: 'kedua', tags: [] },
				{ id: 'n_3', sessionId: 's_1', at: T0 + 20, mentorName: 'Bu Ani', text: '', tags: ['missedQuestion'] },
			]);
			await store.sessions.setScore('s_1', { criterion: 'productKnowledge', level: 2, mentorName: 'Bu Ani', updatedAt: T0 });
			await store.sessions.setScore('s_1', { criterion: 'answeringBuyers', level: 4, mentorName: 'Bu Ani', updatedAt: T0 + 1 });
			await store.sessions.setScore('s_1', { criterion: 'productKnowledge', level: 3, mentorName: 'Pak Budi', updatedAt: T0 + 2 });
			expect(await store.sessions.scores('s_1')).toEqual([
				{ criterion: 'answeringBuyers', level: 4, mentorName: 'Bu Ani', updatedAt: T0 + 1 },
				{ criterion: 'productKnowledge', level: 3, mentorName: 'Pak Budi', updatedAt: T0 + 2 },
			]);
			expect(await store.sessions.notes('s_none')).toEqual([]);
			expect(await store.sessions.scores('s_none')).toEqual([]);
		});

		it('after a crash, ends the sessions left open at their last event (or their start), once', async () => {
			const store = await open();
			await store.sessions.startSession(session('s_events'));
			await store.sessions.appendEvent('s_events', { type: 'liveStarted', at: T0 });
			await store.sessions.appendEvent('s_events', { type: 'likes', at: T0 + 900, total: 4 });
			await store.sessions.appendEvent('s_events', { type: 'viewers', at: T0 + 400, count: 2 });
			await store.sessions.startSession(session('s_empty', { startedAt: T0 + 50 }));
			await store.sessions.startSession(session('s_ended'));
			await store.sessions.endSession('s_ended', T0 + 5);
			expect(await store.sessions.closeInterruptedSessions()).toBe(2);
			expect((await store.sessions.getSession('s_events'))?.endedAt).toBe(T0 + 900);
			expect((await store.sessions.getSession('s_empty'))?.endedAt).toBe(T0 + 50);
			expect((await store.sessions.getSession('s_ended'))?.endedAt).toBe(T0 + 5);
			expect(await store.sessions.closeInterruptedSessions()).toBe(0);
		});

		it("ends one room's sessions left open, leaving other rooms' lives running (a node taking a room over)", async () => {
			const store = await open();
			await store.sessions.startSession(session('s_here', { roomCode: 'HERE22' }));
			await store.sessions.appendEvent('s_here', { type: 'liveStarted', at: T0 + 7 });
			await store.sessions.startSession(session('s_there', { roomCode: 'THERE2' }));
			expect(await store.sessions.closeInterruptedSessions('HERE22')).toBe(1);
			expect((await store.sessions.getSession('s_here'))?.endedAt).toBe(T0 + 7);
			expect((await store.sessions.getSession('s_there'))?.endedAt).toBeNull();
			expect(await store.sessions.closeInterruptedSessions('HERE22')).toBe(0);
		});
	});

	describe('classes', () => {
		it('keeps a class with its members (by position) and turns (in the order given)', async () => {
			const { store, owner } = await withOwner();
			const klass = (id: string, createdAt: number): ClassRecord => ({ id, name: `Kelas ${id}`, ownerId: owner, mentorToken: `mt-${id}`, turnSeconds: 300, createdAt });
			const members = [
				{ id: 'm_b', classId: 'c_1', name: 'Budi', token: 'mb', roomCode: 'GRUP02', position: 1 },
				{ id: 'm_a', classId: 'c_1', name: 'Ani', token: 'ma', roomCode: 'GRUP01', position: 0 },
				{ id: 'm_c', classId: 'c_1', name: 'Citra', token: 'mc', roomCode: 'GRUP01', position: 2 },
			];
			const turns = [
				{ roomCode: 'GRUP02', classId: 'c_1', turnIndex: 0, turnStartedAt: T0 },
				{ roomCode: 'GRUP01', classId: 'c_1', turnIndex: 1, turnStartedAt: T0 + 1 },
			];
			await store.classes.createClass(klass('c_1', T0), members, turns);
			await store.classes.createClass(klass('c_2', T0), [], []);
			await store.classes.createClass(klass('c_0', T0 - 1), [], []);
			expect(await store.classes.getClass('c_1')).toEqual(klass('c_1', T0));
			expect(await store.classes.getClass('c_none')).toBeUndefined();
			expect((await store.classes.classesOf(owner)).map((c) => c.id)).toEqual(['c_2', 'c_1', 'c_0']);
			expect((await store.classes.members('c_1')).map((m) => m.id)).toEqual(['m_a', 'm_b', 'm_c']);
			expect(await store.classes.memberByToken('mc')).toEqual(members[2]);
			expect(await store.classes.memberByToken('nobody')).toBeUndefined();
			expect(await store.classes.turns('c_1')).toEqual(turns);
			await store.classes.setTurn('GRUP01', 2, T0 + 60_000);
			expect(await store.classes.turnOf('GRUP01')).toEqual({ roomCode: 'GRUP01', classId: 'c_1', turnIndex: 2, turnStartedAt: T0 + 60_000 });
			expect(await store.classes.turnOf('NOSUCH')).toBeUndefined();
			// A member's token is theirs alone: the class that would reuse one is not made at all.
			await expect(store.classes.createClass(klass('c_3', T0), [{ ...members[0]!, id: 'm_x', classId: 'c_3' }], [])).rejects.toThrow(DUPLICATE);
			expect(await store.classes.getClass('c_3')).toBeUndefined();
		});
	});

	describe('recordings', () => {
		it('keeps a recording from its start to ready or failed, lists them oldest first and removes one', async () => {
			const store = await open();
			for (const id of ['s_1', 's_2', 's_3']) await store.sessions.startSession(session(id));
			await store.recordings.begin('s_2', '/rec/s_2', T0 + 10, 'node-b');
			await store.recordings.begin('s_1', '/rec/s_1', T0, 'node-a');
			await store.recordings.begin('s_3', '/rec/s_3', T0 + 10, 'node-a');
			expect(await store.recordings.get('s_1')).toEqual({
				sessionId: 's_1',
				dir: '/rec/s_1',
				status: 'recording',
				file: null,
				mimeType: null,
				startedAt: null,
				durationMs: null,
				sizeBytes: 0,
				createdAt: T0,
				nodeId: 'node-a',
			});
			expect((await store.recordings.get('s_2'))?.nodeId).toBe('node-b');
			// Past 4 GiB: a 64-bit size.
			await store.recordings.finish('s_1', { file: '/rec/s_1/live.webm', mimeType: 'video/webm', startedAt: T0 + 3, durationMs: 3_600_000, sizeBytes: 5_000_000_000 });
			await store.recordings.fail('s_3');
			expect(await store.recordings.get('s_1')).toMatchObject({ status: 'ready', file: '/rec/s_1/live.webm', mimeType: 'video/webm', startedAt: T0 + 3, durationMs: 3_600_000, sizeBytes: 5_000_000_000 });
			expect((await store.recordings.unfinished()).map((r) => r.sessionId)).toEqual(['s_2']);
			expect((await store.recordings.all()).map((r) => [r.sessionId, r.status])).toEqual([
				['s_1', 'ready'],
				['s_2', 'recording'],
				['s_3', 'failed'],
			]);
			await store.recordings.remove('s_2');
			expect(await store.recordings.get('s_2')).toBeUndefined();
			expect((await store.recordings.all()).map((r) => r.sessionId)).toEqual(['s_1', 's_3']);
			await expect(store.recordings.begin('s_1', '/rec/again', T0, 'node-a')).rejects.toThrow(DUPLICATE);
		});
	});

	describe('accounts', () => {
		it('keeps accounts and revocable, expiring sign-in sessions', async () => {
			const { store, owner } = await withOwner();
			expect((await store.accounts.byUsername('owner'))?.id).toBe(owner);
			expect(await store.accounts.byUsername('Owner')).toBeUndefined();
			await store.accounts.update(owner, { disabled: true, lastLoginAt: T0 });
			expect(await store.accounts.get(owner)).toMatchObject({ disabled: true, lastLoginAt: T0 });
			for (const [hash, expiresAt] of [['h1', 100], ['h2', 200], ['h3', 300]] as const) {
				await store.accounts.createSession({ tokenHash: hash, accountId: owner, createdAt: 1, expiresAt, lastSeenAt: 1 });
			}
			await store.accounts.touchSession('h2', 42);
			expect(await store.accounts.session('h2')).toEqual({ tokenHash: 'h2', accountId: owner, createdAt: 1, expiresAt: 200, lastSeenAt: 42 });
			expect(await store.accounts.removeExpiredSessions(150)).toBe(1);
			await store.accounts.revokeSessionsOf(owner, 'h3');
			expect([await store.accounts.session('h1'), await store.accounts.session('h2'), (await store.accounts.session('h3'))?.tokenHash]).toEqual([undefined, undefined, 'h3']);
			await store.accounts.revokeSession('h3');
			expect(await store.accounts.session('h3')).toBeUndefined();
			await store.accounts.createSession({ tokenHash: 'h4', accountId: owner, createdAt: 1, expiresAt: 400, lastSeenAt: 1 });
			await store.accounts.revokeSessionsOf(owner);
			expect(await store.accounts.session('h4')).toBeUndefined();
			await expect(store.accounts.create({ ...(await store.accounts.get(owner))!, id: 'a_dup' })).rejects.toThrow(DUPLICATE);
			await expect(store.accounts.createSession({ tokenHash: 'h5', accountId: 'a_nobody', createdAt: 1, expiresAt: 400, lastSeenAt: 1 })).rejects.toThrow();
		});

		it('lists accounts oldest first, counts them and changes only what a patch gives', async () => {
			const store = await open();
			expect(await store.accounts.count()).toBe(0);
			await store.accounts.create(account('a_second', { createdAt: T0 + 1 }));
			await store.accounts.create(account('a_first', { createdAt: T0, role: 'admin', lastLoginAt: T0 }));
			await store.accounts.create(account('a_third', { createdAt: T0 + 1 }));
			expect(await store.accounts.count()).toBe(3);
			expect((await store.accounts.list()).map((a) => a.id)).toEqual(['a_first', 'a_second', 'a_third']);
			await store.accounts.update('a_second', { displayName: 'Bu Dua', passwordHash: 'y', role: 'admin', disabled: true });
			await store.accounts.update('a_second', { disabled: false, lastLoginAt: null });
			await store.accounts.update('a_second', {});
			expect(await store.accounts.get('a_second')).toEqual({ ...account('a_second', { createdAt: T0 + 1 }), displayName: 'Bu Dua', passwordHash: 'y', role: 'admin' });
			expect(await store.accounts.get('a_first')).toEqual(account('a_first', { createdAt: T0, role: 'admin', lastLoginAt: T0 }));
			expect(await store.accounts.get('a_none')).toBeUndefined();
		});

		it('gives the rooms and classes made before accounts to the account that adopts them', async () => {
			const store = await open();
			await store.accounts.create(account('a_first', { role: 'admin' }));
			await store.accounts.create(account('a_other'));
			await store.rooms.createRoom(room('OLD001'), [], []);
			await store.rooms.createRoom(room('MINE01', { ownerId: 'a_other' }), [], []);
			await store.classes.createClass({ id: 'c_old', name: 'Lama', ownerId: null, mentorToken: 'mt', turnSeconds: 60, createdAt: 1 }, [], []);
			// Products always have an owner here (catalogOf): none to adopt.
			expect(await store.accounts.adoptUnowned('a_first')).toBe(0);
			expect((await store.rooms.roomsOf('a_first')).map((r) => r.code)).toEqual(['OLD001']);
			expect((await store.rooms.getRoom('MINE01'))?.ownerId).toBe('a_other');
			expect((await store.classes.getClass('c_old'))?.ownerId).toBe('a_first');
			expect(await store.accounts.adoptUnowned('a_other')).toBe(0);
			expect((await store.rooms.roomsOf('a_other')).map((r) => r.code)).toEqual(['MINE01']);
		});
	});

	describe('text', () => {
		it('finds nothing by a key holding U+0000, and keeps a text holding one (as U+FFFD on PostgreSQL, whose text cannot hold it)', async () => {
			const { store, owner } = await withOwner();
			const product = await store.catalogOf(owner).createProduct({ ...input, name: 'Gamis\0Uji' });
			expect(['Gamis\0Uji', 'Gamis\uFFFDUji']).toContain(product.name);
			const copy = { ...product, name: 'Salinan\0', description: '\0' };
			await store.rooms.createRoom(room('ABCDEF', { title: 'Kamar\0A', ownerId: owner }), [invite('tok')], [copy]);
			// Keys from outside (a URL's token) that hold one.
			expect(await store.rooms.findInvite('tok\0')).toBeUndefined();
			expect(await store.rooms.findInvite('\0')).toBeUndefined();
			expect(await store.rooms.getRoom('ABCDEF\0')).toBeUndefined();
			expect(await store.classes.memberByToken('\0')).toBeUndefined();
			expect(await store.accounts.byUsername('owner\0')).toBeUndefined();
			expect(await store.sessions.getSession('s_\0')).toBeUndefined();
			expect((await store.catalogOf(owner).getProducts([product.id, 'p_\0'])).map((p) => p.id)).toEqual([product.id]);
			expect(['Kamar\0A', 'Kamar\uFFFDA']).toContain((await store.rooms.getRoom('ABCDEF'))?.title);
			// JSON keeps it as it was, on both: a room's copies, a timeline.
			expect(await store.rooms.roomProducts('ABCDEF')).toEqual([copy]);
			await store.sessions.startSession(session('s_1'));
			const comment: TimelineEvent = { type: 'comment', at: T0, id: 'c1', name: 'Sari\0', text: 'a\0b', source: 'buyer', isQuestion: false };
			await store.sessions.appendEvent('s_1', comment);
			expect(await store.sessions.events('s_1')).toEqual([comment]);
			await store.sessions.addNote({ id: 'n_1', sessionId: 's_1', at: T0, mentorName: 'Bu\0Ani', text: 'catatan\0', tags: [] });
			expect(['catatan\0', 'catatan\uFFFD']).toContain((await store.sessions.notes('s_1'))[0]?.text);
		});
	});

	describe('transactions', () => {
		it('rolls a transaction back whole, nested store writes included', async () => {
			const { store, owner } = await withOwner();
			const mine = room('ABCDEF', { ownerId: owner });
			// The second room reuses the first one's code: the insert fails after the first room (and its invites) were written.
			await expect(
				store.transaction(async (tx) => {
					await tx.rooms.createRoom(mine, [invite('token-host-aaaaaaaaaaaa')], []);
					await tx.rooms.createRoom({ ...mine, title: 'B' }, [invite('token-host-bbbbbbbbbbbb')], []);
				}),
			).rejects.toThrow(DUPLICATE);
			expect(await store.rooms.getRoom('ABCDEF')).toBeUndefined();
			expect(await store.rooms.findInvite('token-host-aaaaaaaaaaaa')).toBeUndefined();
			// A nested failure caught inside keeps the outer transaction's other writes: a failed store call, and a failed nested transaction.
			await store.transaction(async (tx) => {
				await tx.rooms.createRoom(mine, [invite('token-host-cccccccccccc')], []);
				await expect(tx.rooms.createRoom(mine, [], [])).rejects.toThrow(DUPLICATE);
				await expect(
					tx.transaction(async (inner) => {
						await inner.rooms.replaceInvite(invite('token-host-dddddddddddd'));
						throw new Error('changed my mind');
					}),
				).rejects.toThrow('changed my mind');
				// The transaction goes on after both.
				await tx.rooms.createRoom(room('AFTER1'), [], []);
			});
			expect((await store.rooms.getRoom('ABCDEF'))?.title).toBe('ABCDEF');
			expect(await store.rooms.findInvite('token-host-cccccccccccc')).toEqual(invite('token-host-cccccccccccc'));
			expect(await store.rooms.findInvite('token-host-dddddddddddd')).toBeUndefined();
			expect(await store.rooms.getRoom('AFTER1')).toBeDefined();
		});

		it('nests savepoints: an inner one rolls back alone, an outer one takes its committed inner ones with it', async () => {
			const store = await open();
			const result = await store.transaction(async (tx) => {
				await tx.rooms.createRoom(room('LEVEL1'), [], []);
				await expect(
					tx.transaction(async (level2) => {
						await level2.rooms.createRoom(room('LEVEL2'), [], []);
						// Resolves: kept within level 2, until level 2 rolls back.
						await level2.transaction((level3) => level3.rooms.createRoom(room('LEVEL3'), [], []));
						expect(await level2.rooms.getRoom('LEVEL3')).toBeDefined();
						throw new Error('level 2 fails');
					}),
				).rejects.toThrow('level 2 fails');
				const kept = await tx.transaction(async (level2) => {
					await level2.rooms.createRoom(room('KEPT02'), [], []);
					await expect(level2.transaction((level3) => level3.rooms.createRoom(room('LEVEL1'), [], []))).rejects.toThrow(DUPLICATE);
					return level2.rooms.getRoom('KEPT02');
				});
				return [await tx.rooms.getRoom('LEVEL2'), await tx.rooms.getRoom('LEVEL3'), kept?.code];
			});
			expect(result).toEqual([undefined, undefined, 'KEPT02']);
			expect((await Promise.all(['LEVEL1', 'LEVEL2', 'LEVEL3', 'KEPT02'].map((code) => store.rooms.getRoom(code)))).map((r) => r?.code)).toEqual([
				'LEVEL1',
				undefined,
				undefined,
				'KEPT02',
			]);
		});

		it('gives a transaction its result, and sees its own writes before they are committed', async () => {
			const { store, owner } = await withOwner();
			const product = await store.transaction(async (tx) => {
				const made = await tx.catalogOf(owner).createProduct(input);
				expect(await tx.catalogOf(owner).listProducts()).toEqual([made]);
				await tx.rooms.createRoom(room('ABCDEF', { ownerId: owner }), invites('ABCDEF'), [made]);
				expect(await tx.rooms.countRoomsSince(owner, 0)).toBe(1);
				return made;
			});
			expect(await store.rooms.roomProducts('ABCDEF')).toEqual([product]);
		});

		it('commits one of two transactions run at once whole, and rolls the other back whole', async () => {
			const store = await open();
			const failing = store.transaction(async (tx) => {
				await tx.rooms.createRoom(room('AAAAA1'), invites('AAAAA1'), []);
				await pause();
				await tx.rooms.createRoom(room('AAAAA2'), invites('AAAAA2'), []);
				await pause();
				throw new Error('a fails');
			});
			const committing = store.transaction(async (tx) => {
				await tx.rooms.createRoom(room('BBBBB1'), invites('BBBBB1'), []);
				await pause();
				await tx.rooms.createRoom(room('BBBBB2'), invites('BBBBB2'), []);
			});
			const [a, b] = await Promise.allSettled([failing, committing]);
			expect(a).toMatchObject({ status: 'rejected', reason: new Error('a fails') });
			expect(b.status).toBe('fulfilled');
			for (const code of ['AAAAA1', 'AAAAA2']) {
				expect(await store.rooms.getRoom(code)).toBeUndefined();
				expect(await store.rooms.findInvite(`token-${code}`)).toBeUndefined();
			}
			for (const code of ['BBBBB1', 'BBBBB2']) {
				expect((await store.rooms.getRoom(code))?.title).toBe(code);
				expect(await store.rooms.findInvite(`token-${code}`)).toMatchObject({ roomCode: code });
			}
		});

		it('keeps a write made outside an open transaction out of it: it survives the rollback', async () => {
			const { store, owner } = await withOwner();
			let opened!: () => void;
			const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
			// Another request's write: made (outside the transaction) while the transaction is open.
			const outside = transactionOpen.then(() => store.rooms.createRoom(room('OUTSID', { ownerId: owner }), invites('OUTSID'), []));
			const failing = store.transaction(async (tx) => {
				await tx.rooms.createRoom(room('INSIDE'), invites('INSIDE'), []);
				opened();
				await pause();
				await pause();
				throw new Error('rolled back');
			});
			await expect(failing).rejects.toThrow('rolled back');
			await outside;
			expect(await store.rooms.getRoom('INSIDE')).toBeUndefined();
			expect((await store.rooms.getRoom('OUTSID'))?.ownerId).toBe(owner);
		});

		it('refuses a call to the outer store from inside its transaction, and calls to a transaction that has ended', async () => {
			const store = await open();
			await expect(
				store.transaction(async (tx) => {
					await tx.rooms.createRoom(room('INSIDE'), invites('INSIDE'), []);
					await store.rooms.getRoom('INSIDE');
				}),
			).rejects.toThrow(/use the store it was given/);
			expect(await store.rooms.getRoom('INSIDE')).toBeUndefined();
			await expect(store.transaction(async (tx) => tx.transaction(async () => tx.rooms.getRoom('INSIDE')))).rejects.toThrow(/use the store it was given/);
			let leaked: Store | null = null;
			await store.transaction(async (tx) => {
				leaked = tx;
			});
			await expect(leaked!.rooms.getRoom('INSIDE')).rejects.toThrow(/transaction has ended/);
			// Code that a transaction started, still running after it ended, uses the store again.
			let ended!: () => void;
			let later!: Promise<unknown>;
			await store.transaction(async () => {
				later = new Promise<void>((resolve) => (ended = resolve)).then(() => store.rooms.getRoom('INSIDE'));
			});
			ended();
			await expect(later).resolves.toBeUndefined();
		});

		it('closes once what was asked of it is done, and refuses what comes after', async () => {
			const { store, owner } = await withOwner();
			const writes = [1, 2, 3].map((i) => store.rooms.createRoom(room(`CLOSE${i}`, { ownerId: owner }), invites(`CLOSE${i}`), []));
			const slow = store.transaction(async (tx) => {
				await pause();
				await tx.rooms.createRoom(room('CLOSE4', { ownerId: owner }), invites('CLOSE4'), []);
			});
			const closed = store.close();
			await expect(store.rooms.getRoom('CLOSE1')).rejects.toThrow(/store is closed/);
			await expect(store.transaction(async () => {})).rejects.toThrow(/store is closed/);
			await Promise.all([...writes, slow, closed]);
			const again = await open(true);
			expect(await again.rooms.countRoomsSince(owner, 0)).toBe(4);
		});
	});
});
