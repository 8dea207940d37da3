import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CATALOG, seedDemoCatalog } from './demoCatalog.ts';
import { MIGRATIONS } from './migrations.ts';
import { SqliteStore } from './sqliteStore.ts';

/*
 * What only the SQLite store does: its file, its migrations from older
 * versions, its one connection. What every store does is the contract
 * suite, run on SQLite and PostgreSQL: test/integration/storeContract.test.ts.
 */
const dirs: string[] = [];
function dbFile(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'gladi-store-'));
	dirs.push(dir);
	return path.join(dir, 'nested', 'gladi.db');
}

afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store with one account (the owner of what a test writes). */
async function storeWithOwner(file = dbFile()): Promise<{ store: SqliteStore; owner: string }> {
	const store = SqliteStore.open(file);
	await store.accounts.create({ id: 'a_owner', username: 'owner', displayName: 'Owner', passwordHash: 'x', role: 'mentor', disabled: false, createdAt: 1, lastLoginAt: null });
	return { store, owner: 'a_owner' };
}

describe('SqliteStore', () => {
	it('creates the schema in a new file (its folder too), in WAL mode, and reopens without migrating again', async () => {
		const file = dbFile();
		const { store, owner } = await storeWithOwner(file);
		await seedDemoCatalog(store.catalogOf(owner));
		await store.close();
		const db = new DatabaseSync(file);
		expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
		expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
		db.close();
		const again = SqliteStore.open(file);
		expect(await again.catalogOf(owner).listProducts()).toHaveLength(DEMO_CATALOG.length);
		await again.close();
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
});
