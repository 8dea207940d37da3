import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CATALOG, seedDemoCatalog } from './demoCatalog.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteStore } from './sqliteStore.ts';

const dirs: string[] = [];
function dbFile(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'gladi-store-'));
	dirs.push(dir);
	return path.join(dir, 'nested', 'gladi.db');
}

afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const input = {
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

/** A store with one account (the owner of what a test writes). */
function storeWithOwner(file = dbFile()): { store: SqliteStore; owner: string } {
	const store = SqliteStore.open(file);
	store.accounts.create({ id: 'a_owner', username: 'owner', displayName: 'Owner', passwordHash: 'x', role: 'mentor', disabled: false, createdAt: 1, lastLoginAt: null });
	return { store, owner: 'a_owner' };
}

const invite = (token: string, role: 'host' | 'mentor' | 'buyer' = 'host') => ({ token, role, roomCode: 'ABCDEF', issuedAt: 5, memberId: null });

describe('SqliteStore', () => {
	it('creates the schema on an empty file, in WAL mode, and reopens without migrating again', () => {
		const file = dbFile();
		const { store, owner } = storeWithOwner(file);
		seedDemoCatalog(store.catalogOf(owner));
		const products = store.catalogOf(owner).listProducts();
		expect(products.map((p) => p.name)).toEqual(DEMO_CATALOG.map((d) => d.name));
		expect(products.every((p) => p.imageUrl?.startsWith('/demo-images/') && p.variants.length > 0)).toBe(true);
		store.close();
		const db = new DatabaseSync(file);
		expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
		expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
		db.close();
		const again = SqliteStore.open(file);
		expect(again.catalogOf(owner).listProducts()).toHaveLength(DEMO_CATALOG.length);
		again.close();
	});

	it('creates, reads, updates and deletes products with their variants, surviving a reopen', () => {
		const file = dbFile();
		const { store, owner } = storeWithOwner(file);
		const catalog = store.catalogOf(owner);
		const created = catalog.createProduct(input);
		expect(created).toMatchObject({ name: 'Gamis Uji', price: 150_000, imageUrl: null });
		expect(created.variants.map((v) => [v.size, v.color, v.stock])).toEqual([
			['M', 'Hitam', 3],
			['L', null, 0],
		]);
		const updated = catalog.updateProduct(created.id, { ...input, price: 120_000, variants: [{ size: 'XL', color: null, stock: 9 }] });
		expect(updated?.price).toBe(120_000);
		expect(updated?.variants).toHaveLength(1);
		expect(catalog.setProductImage(created.id, '/uploads/x.png')?.imageUrl).toBe('/uploads/x.png');
		expect(catalog.updateProduct('p_missing', input)).toBeUndefined();
		store.close();

		const reopened = SqliteStore.open(file).catalogOf(owner);
		expect(reopened.getProduct(created.id)).toMatchObject({ price: 120_000, imageUrl: '/uploads/x.png' });
		expect(reopened.getProducts([created.id, 'p_missing', created.id]).map((p) => p.id)).toEqual([created.id, created.id]);
		expect(reopened.deleteProduct(created.id)).toBe(true);
		expect(reopened.deleteProduct(created.id)).toBe(false);
		expect(reopened.listProducts()).toEqual([]);
	});

	it("keeps each owner's catalog to itself: another owner's product cannot be read, changed or deleted", () => {
		const { store, owner } = storeWithOwner();
		store.accounts.create({ id: 'a_other', username: 'other', displayName: 'Other', passwordHash: 'x', role: 'mentor', disabled: false, createdAt: 2, lastLoginAt: null });
		const mine = store.catalogOf(owner).createProduct(input);
		const theirs = store.catalogOf('a_other');
		expect(theirs.listProducts()).toEqual([]);
		expect(theirs.getProduct(mine.id)).toBeUndefined();
		expect(theirs.getProducts([mine.id])).toEqual([]);
		expect(theirs.updateProduct(mine.id, { ...input, name: 'Dicuri' })).toBeUndefined();
		expect(theirs.setProductImage(mine.id, '/uploads/evil.webp')).toBeUndefined();
		expect(theirs.deleteProduct(mine.id)).toBe(false);
		expect(store.catalogOf(owner).getProduct(mine.id)).toMatchObject({ name: 'Gamis Uji', imageUrl: null });
		store.close();
	});

	it('refuses a database written by a newer Gladi', () => {
		const file = dbFile();
		SqliteStore.open(file).close();
		const db = new DatabaseSync(file);
		db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
		db.close();
		expect(() => SqliteStore.open(file)).toThrow(/newer Gladi/);
	});

	it('brings a database from before accounts up to date: rooms get a copy of their products, old rows wait for an owner', () => {
		const file = dbFile();
		mkdirSync(path.dirname(file), { recursive: true });
		const db = new DatabaseSync(file);
		for (const migration of MIGRATIONS.slice(0, 3)) db.exec(migration);
		db.exec(`PRAGMA user_version = 3;
			INSERT INTO products (id, name, price, created_at, updated_at) VALUES ('p_old', 'Gamis Lama', 99000, 1, 1);
			INSERT INTO variants (id, product_id, position, size, color, stock) VALUES ('v_old', 'p_old', 0, 'M', NULL, 4);
			INSERT INTO rooms (code, title, product_ids, created_at) VALUES ('OLD123', 'Lama', '["p_old","p_gone"]', 1000);
			INSERT INTO invites (token, room_code, role) VALUES ('old-token', 'OLD123', 'buyer');`);
		db.close();
		const store = SqliteStore.open(file);
		expect(store.rooms.roomProducts('OLD123')).toEqual([
			{ id: 'p_old', name: 'Gamis Lama', description: '', price: 99000, category: '', material: '', imageUrl: null, variants: [{ id: 'v_old', size: 'M', color: null, stock: 4 }] },
		]);
		// An invite from before had no date: it counts from its room's creation.
		expect(store.rooms.findInvite('old-token')).toEqual({ token: 'old-token', roomCode: 'OLD123', role: 'buyer', issuedAt: 1000, memberId: null });
		expect(store.rooms.getRoom('OLD123')?.ownerId).toBeNull();
		store.accounts.create({ id: 'a_first', username: 'first', displayName: 'First', passwordHash: 'x', role: 'admin', disabled: false, createdAt: 2, lastLoginAt: null });
		expect(store.accounts.adoptUnowned('a_first')).toBe(1);
		expect(store.rooms.getRoom('OLD123')?.ownerId).toBe('a_first');
		expect(store.catalogOf('a_first').listProducts().map((p) => p.id)).toEqual(['p_old']);
		store.close();
	});
});

describe('SqliteStore rooms and accounts', () => {
	it('keeps the id of a variant whose size and colour stay the same across an edit', () => {
		const { store, owner } = storeWithOwner();
		const catalog = store.catalogOf(owner);
		const created = catalog.createProduct(input);
		const [m, l] = created.variants;
		const edited = catalog.updateProduct(created.id, {
			...input,
			variants: [
				{ size: 'L', color: null, stock: 5 },
				{ size: 'M', color: 'Hitam', stock: 1 },
				{ size: 'S', color: 'Hitam', stock: 2 },
			],
		})!;
		expect(edited.variants.map((v) => v.id).slice(0, 2)).toEqual([l!.id, m!.id]);
		expect(edited.variants.map((v) => v.stock)).toEqual([5, 1, 2]);
		expect(new Set(edited.variants.map((v) => v.id)).size).toBe(3);
		store.close();
	});

	it("keeps a room's copy of its products when the catalog product is edited or deleted", () => {
		const { store, owner } = storeWithOwner();
		const catalog = store.catalogOf(owner);
		const product = catalog.createProduct(input);
		store.rooms.createRoom({ code: 'ABCDEF', title: 'A', ownerId: owner, classId: null, createdAt: 1 }, [invite('t-host')], [product]);
		catalog.updateProduct(product.id, { ...input, name: 'Berubah', variants: [] });
		catalog.deleteProduct(product.id);
		expect(store.rooms.roomProducts('ABCDEF')).toEqual([product]);
		expect(store.rooms.roomsOf(owner).map((r) => r.code)).toEqual(['ABCDEF']);
		expect(store.rooms.countRoomsSince(owner, 0)).toBe(1);
		expect(store.rooms.countRoomsSince(owner, 2)).toBe(0);
		store.close();
	});

	it('rolls a transaction back whole, nested store writes included', () => {
		const { store, owner } = storeWithOwner();
		const room = { code: 'ABCDEF', title: 'A', ownerId: owner, classId: null, createdAt: 1 };
		// The second room reuses the first one's code: the insert fails after the first room (and its invites) were written.
		expect(() =>
			store.transaction(() => {
				store.rooms.createRoom(room, [invite('token-host-aaaaaaaaaaaa')], []);
				store.rooms.createRoom({ ...room, title: 'B' }, [invite('token-host-bbbbbbbbbbbb')], []);
			}),
		).toThrow(/UNIQUE/);
		expect(store.rooms.getRoom('ABCDEF')).toBeUndefined();
		expect(store.rooms.findInvite('token-host-aaaaaaaaaaaa')).toBeUndefined();
		// A nested failure caught inside keeps the outer transaction's other writes.
		store.transaction(() => {
			store.rooms.createRoom(room, [invite('token-host-cccccccccccc')], []);
			expect(() => store.rooms.createRoom(room, [], [])).toThrow(/UNIQUE/);
		});
		expect(store.rooms.getRoom('ABCDEF')?.title).toBe('A');
		expect(store.rooms.findInvite('token-host-cccccccccccc')).toEqual(invite('token-host-cccccccccccc'));
		store.close();
	});

	it('keeps accounts and revocable, expiring sign-in sessions', () => {
		const { store, owner } = storeWithOwner();
		expect(store.accounts.byUsername('owner')?.id).toBe(owner);
		store.accounts.update(owner, { disabled: true, lastLoginAt: 9 });
		expect(store.accounts.get(owner)).toMatchObject({ disabled: true, lastLoginAt: 9 });
		for (const [hash, expiresAt] of [['h1', 100], ['h2', 200], ['h3', 300]] as const) {
			store.accounts.createSession({ tokenHash: hash, accountId: owner, createdAt: 1, expiresAt, lastSeenAt: 1 });
		}
		expect(store.accounts.removeExpiredSessions(150)).toBe(1);
		store.accounts.revokeSessionsOf(owner, 'h3');
		expect([store.accounts.session('h1'), store.accounts.session('h2'), store.accounts.session('h3')?.tokenHash]).toEqual([undefined, undefined, 'h3']);
		store.accounts.revokeSession('h3');
		expect(store.accounts.session('h3')).toBeUndefined();
		expect(() => store.accounts.create({ ...store.accounts.get(owner)!, id: 'a_dup' })).toThrow(/UNIQUE/);
		store.close();
	});
});
