import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CATALOG, seedDemoCatalog } from './demoCatalog.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteStore } from './sqliteStore.ts';
import type { Store } from './store.ts';

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
async function storeWithOwner(file = dbFile()): Promise<{ store: SqliteStore; owner: string }> {
	const store = SqliteStore.open(file);
	await store.accounts.create({ id: 'a_owner', username: 'owner', displayName: 'Owner', passwordHash: 'x', role: 'mentor', disabled: false, createdAt: 1, lastLoginAt: null });
	return { store, owner: 'a_owner' };
}

const invite = (token: string, role: 'host' | 'mentor' | 'buyer' = 'host') => ({ token, role, roomCode: 'ABCDEF', issuedAt: 5, memberId: null });

describe('SqliteStore', () => {
	it('creates the schema on an empty file, in WAL mode, and reopens without migrating again', async () => {
		const file = dbFile();
		const { store, owner } = await storeWithOwner(file);
		await seedDemoCatalog(store.catalogOf(owner));
		const products = await store.catalogOf(owner).listProducts();
		expect(products.map((p) => p.name)).toEqual(DEMO_CATALOG.map((d) => d.name));
		expect(products.every((p) => p.imageUrl?.startsWith('/demo-images/') && p.variants.length > 0)).toBe(true);
		await store.close();
		const db = new DatabaseSync(file);
		expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
		expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
		db.close();
		const again = SqliteStore.open(file);
		expect(await again.catalogOf(owner).listProducts()).toHaveLength(DEMO_CATALOG.length);
		await again.close();
	});

	it('creates, reads, updates and deletes products with their variants, surviving a reopen', async () => {
		const file = dbFile();
		const { store, owner } = await storeWithOwner(file);
		const catalog = store.catalogOf(owner);
		const created = await catalog.createProduct(input);
		expect(created).toMatchObject({ name: 'Gamis Uji', price: 150_000, imageUrl: null });
		expect(created.variants.map((v) => [v.size, v.color, v.stock])).toEqual([
			['M', 'Hitam', 3],
			['L', null, 0],
		]);
		const updated = await catalog.updateProduct(created.id, { ...input, price: 120_000, variants: [{ size: 'XL', color: null, stock: 9 }] });
		expect(updated?.price).toBe(120_000);
		expect(updated?.variants).toHaveLength(1);
		expect((await catalog.setProductImage(created.id, '/uploads/x.png'))?.imageUrl).toBe('/uploads/x.png');
		expect(await catalog.updateProduct('p_missing', input)).toBeUndefined();
		await store.close();

		const again = SqliteStore.open(file);
		const reopened = again.catalogOf(owner);
		expect(await reopened.getProduct(created.id)).toMatchObject({ price: 120_000, imageUrl: '/uploads/x.png' });
		expect((await reopened.getProducts([created.id, 'p_missing', created.id])).map((p) => p.id)).toEqual([created.id, created.id]);
		expect(await reopened.deleteProduct(created.id)).toBe(true);
		expect(await reopened.deleteProduct(created.id)).toBe(false);
		expect(await reopened.listProducts()).toEqual([]);
		await again.close();
	});

	it("keeps each owner's catalog to itself: another owner's product cannot be read, changed or deleted", async () => {
		const { store, owner } = await storeWithOwner();
		await store.accounts.create({ id: 'a_other', username: 'other', displayName: 'Other', passwordHash: 'x', role: 'mentor', disabled: false, createdAt: 2, lastLoginAt: null });
		const mine = await store.catalogOf(owner).createProduct(input);
		const theirs = store.catalogOf('a_other');
		expect(await theirs.listProducts()).toEqual([]);
		expect(await theirs.getProduct(mine.id)).toBeUndefined();
		expect(await theirs.getProducts([mine.id])).toEqual([]);
		expect(await theirs.updateProduct(mine.id, { ...input, name: 'Dicuri' })).toBeUndefined();
		expect(await theirs.setProductImage(mine.id, '/uploads/evil.webp')).toBeUndefined();
		expect(await theirs.deleteProduct(mine.id)).toBe(false);
		expect(await store.catalogOf(owner).getProduct(mine.id)).toMatchObject({ name: 'Gamis Uji', imageUrl: null });
		await store.close();
	});

	it('refuses a database written by a newer Gladi', async () => {
		const file = dbFile();
		await SqliteStore.open(file).close();
		const db = new DatabaseSync(file);
		db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
		db.close();
		expect(() => SqliteStore.open(file)).toThrow(/newer Gladi/);
	});

	it('brings a database from before accounts up to date: rooms get a copy of their products, old rows wait for an owner', async () => {
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
		expect(await store.rooms.roomProducts('OLD123')).toEqual([
			{ id: 'p_old', name: 'Gamis Lama', description: '', price: 99000, category: '', material: '', imageUrl: null, variants: [{ id: 'v_old', size: 'M', color: null, stock: 4 }] },
		]);
		// An invite from before had no date: it counts from its room's creation.
		expect(await store.rooms.findInvite('old-token')).toEqual({ token: 'old-token', roomCode: 'OLD123', role: 'buyer', issuedAt: 1000, memberId: null });
		expect((await store.rooms.getRoom('OLD123'))?.ownerId).toBeNull();
		await store.accounts.create({ id: 'a_first', username: 'first', displayName: 'First', passwordHash: 'x', role: 'admin', disabled: false, createdAt: 2, lastLoginAt: null });
		expect(await store.accounts.adoptUnowned('a_first')).toBe(1);
		expect((await store.rooms.getRoom('OLD123'))?.ownerId).toBe('a_first');
		expect((await store.catalogOf('a_first').listProducts()).map((p) => p.id)).toEqual(['p_old']);
		await store.close();
	});
});

describe('SqliteStore rooms and accounts', () => {
	it('keeps the id of a variant whose size and colour stay the same across an edit', async () => {
		const { store, owner } = await storeWithOwner();
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
		await store.close();
	});

	it("keeps a room's copy of its products when the catalog product is edited or deleted", async () => {
		const { store, owner } = await storeWithOwner();
		const catalog = store.catalogOf(owner);
		const product = await catalog.createProduct(input);
		await store.rooms.createRoom({ code: 'ABCDEF', title: 'A', ownerId: owner, classId: null, createdAt: 1 }, [invite('t-host')], [product]);
		await catalog.updateProduct(product.id, { ...input, name: 'Berubah', variants: [] });
		await catalog.deleteProduct(product.id);
		expect(await store.rooms.roomProducts('ABCDEF')).toEqual([product]);
		expect((await store.rooms.roomsOf(owner)).map((r) => r.code)).toEqual(['ABCDEF']);
		expect(await store.rooms.countRoomsSince(owner, 0)).toBe(1);
		expect(await store.rooms.countRoomsSince(owner, 2)).toBe(0);
		await store.close();
	});

	it('rolls a transaction back whole, nested store writes included', async () => {
		const { store, owner } = await storeWithOwner();
		const room = { code: 'ABCDEF', title: 'A', ownerId: owner, classId: null, createdAt: 1 };
		// The second room reuses the first one's code: the insert fails after the first room (and its invites) were written.
		await expect(
			store.transaction(async (tx) => {
				await tx.rooms.createRoom(room, [invite('token-host-aaaaaaaaaaaa')], []);
				await tx.rooms.createRoom({ ...room, title: 'B' }, [invite('token-host-bbbbbbbbbbbb')], []);
			}),
		).rejects.toThrow(/UNIQUE/);
		expect(await store.rooms.getRoom('ABCDEF')).toBeUndefined();
		expect(await store.rooms.findInvite('token-host-aaaaaaaaaaaa')).toBeUndefined();
		// A nested failure caught inside keeps the outer transaction's other writes: a failed store call, and a failed nested transaction.
		await store.transaction(async (tx) => {
			await tx.rooms.createRoom(room, [invite('token-host-cccccccccccc')], []);
			await expect(tx.rooms.createRoom(room, [], [])).rejects.toThrow(/UNIQUE/);
			await expect(
				tx.transaction(async (inner) => {
					await inner.rooms.replaceInvite(invite('token-host-dddddddddddd'));
					throw new Error('changed my mind');
				}),
			).rejects.toThrow('changed my mind');
		});
		expect((await store.rooms.getRoom('ABCDEF'))?.title).toBe('A');
		expect(await store.rooms.findInvite('token-host-cccccccccccc')).toEqual(invite('token-host-cccccccccccc'));
		expect(await store.rooms.findInvite('token-host-dddddddddddd')).toBeUndefined();
		await store.close();
	});

	it('keeps accounts and revocable, expiring sign-in sessions', async () => {
		const { store, owner } = await storeWithOwner();
		expect((await store.accounts.byUsername('owner'))?.id).toBe(owner);
		await store.accounts.update(owner, { disabled: true, lastLoginAt: 9 });
		expect(await store.accounts.get(owner)).toMatchObject({ disabled: true, lastLoginAt: 9 });
		for (const [hash, expiresAt] of [['h1', 100], ['h2', 200], ['h3', 300]] as const) {
			await store.accounts.createSession({ tokenHash: hash, accountId: owner, createdAt: 1, expiresAt, lastSeenAt: 1 });
		}
		expect(await store.accounts.removeExpiredSessions(150)).toBe(1);
		await store.accounts.revokeSessionsOf(owner, 'h3');
		expect([await store.accounts.session('h1'), await store.accounts.session('h2'), (await store.accounts.session('h3'))?.tokenHash]).toEqual([undefined, undefined, 'h3']);
		await store.accounts.revokeSession('h3');
		expect(await store.accounts.session('h3')).toBeUndefined();
		await expect(store.accounts.create({ ...(await store.accounts.get(owner))!, id: 'a_dup' })).rejects.toThrow(/UNIQUE/);
		await store.close();
	});
});

describe('SqliteStore transactions over the one connection', () => {
	const room = (code: string) => ({ code, title: code, ownerId: null, classId: null, createdAt: 1 });
	const invites = (code: string) => [{ token: `token-${code}`, role: 'host' as const, roomCode: code, issuedAt: 1, memberId: null }];
	/** Let other work run (timers included) while a transaction is open. */
	const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

	it('never interleaves two transactions: one rolls back whole, the other commits whole', async () => {
		const { store } = await storeWithOwner();
		const steps: string[] = [];
		const failing = store.transaction(async (tx) => {
			steps.push('a: begin');
			await tx.rooms.createRoom(room('AAAAA1'), invites('AAAAA1'), []);
			await pause();
			await tx.rooms.createRoom(room('AAAAA2'), invites('AAAAA2'), []);
			await pause();
			steps.push('a: fail');
			throw new Error('a fails');
		});
		const committing = store.transaction(async (tx) => {
			steps.push('b: begin');
			await tx.rooms.createRoom(room('BBBBB1'), invites('BBBBB1'), []);
			await pause();
			await tx.rooms.createRoom(room('BBBBB2'), invites('BBBBB2'), []);
			steps.push('b: commit');
		});
		const [a, b] = await Promise.allSettled([failing, committing]);
		expect(a).toMatchObject({ status: 'rejected', reason: new Error('a fails') });
		expect(b.status).toBe('fulfilled');
		expect(steps).toEqual(['a: begin', 'a: fail', 'b: begin', 'b: commit']);
		for (const code of ['AAAAA1', 'AAAAA2']) expect(await store.rooms.getRoom(code)).toBeUndefined();
		for (const code of ['BBBBB1', 'BBBBB2']) {
			expect((await store.rooms.getRoom(code))?.title).toBe(code);
			expect(await store.rooms.findInvite(`token-${code}`)).toMatchObject({ roomCode: code });
		}
		await store.close();
	});

	it('keeps a write made outside an open transaction out of it: the write waits, and survives its rollback', async () => {
		const { store, owner } = await storeWithOwner();
		let opened!: () => void;
		const transactionOpen = new Promise<void>((resolve) => (opened = resolve));
		let outsideDone = false;
		// Another request's write: made (outside the transaction) while the transaction is open.
		const outside = transactionOpen.then(async () => {
			await store.rooms.createRoom({ ...room('OUTSID'), ownerId: owner }, invites('OUTSID'), []);
			outsideDone = true;
		});
		const failing = store.transaction(async (tx) => {
			await tx.rooms.createRoom(room('INSIDE'), invites('INSIDE'), []);
			opened();
			await pause();
			await pause();
			// It waits for this transaction to end.
			expect(outsideDone).toBe(false);
			throw new Error('rolled back');
		});
		await expect(failing).rejects.toThrow('rolled back');
		await outside;
		expect(await store.rooms.getRoom('INSIDE')).toBeUndefined();
		expect((await store.rooms.getRoom('OUTSID'))?.ownerId).toBe(owner);
		await store.close();
	});

	it('refuses, rather than waits forever for, a call to the outer store from inside its transaction', async () => {
		const { store } = await storeWithOwner();
		await expect(
			store.transaction(async (tx) => {
				await tx.rooms.createRoom(room('INSIDE'), invites('INSIDE'), []);
				await store.rooms.getRoom('INSIDE');
			}),
		).rejects.toThrow(/use the store it was given/);
		expect(await store.rooms.getRoom('INSIDE')).toBeUndefined();
		// A transaction's store is not usable once it has ended.
		let leaked: Store | null = null;
		await store.transaction(async (tx) => {
			leaked = tx;
		});
		await expect(leaked!.rooms.getRoom('INSIDE')).rejects.toThrow(/transaction has ended/);
		await store.close();
	});

	it('closes once what was asked of it is done, and refuses what comes after', async () => {
		const { store, owner } = await storeWithOwner();
		const writes = [1, 2, 3].map((i) => store.rooms.createRoom({ ...room(`CLOSE${i}`), ownerId: owner }, invites(`CLOSE${i}`), []));
		const slow = store.transaction(async (tx) => {
			await pause();
			await tx.rooms.createRoom({ ...room('CLOSE4'), ownerId: owner }, invites('CLOSE4'), []);
		});
		const closed = store.close();
		await expect(store.rooms.getRoom('CLOSE1')).rejects.toThrow(/store is closed/);
		await Promise.all([...writes, slow, closed]);
		const file = dirs.at(-1)!;
		const again = SqliteStore.open(path.join(file, 'nested', 'gladi.db'));
		expect(await again.rooms.countRoomsSince(owner, 0)).toBe(4);
		await again.close();
	});
});
