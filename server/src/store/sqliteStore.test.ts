import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from './demoCatalog.ts';
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

describe('SqliteStore', () => {
	it('creates the schema on an empty file and seeds the demo catalog once', () => {
		const file = dbFile();
		const store = SqliteStore.open(file);
		const products = store.catalog.listProducts();
		expect(products.map((p) => p.name)).toEqual(DEMO_CATALOG.map((d) => d.name));
		expect(products.every((p) => p.imageUrl?.startsWith('/demo-images/') && p.variants.length > 0)).toBe(true);
		store.close();
		const db = new DatabaseSync(file);
		expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(MIGRATIONS.length);
		expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
		db.close();
		// Reopening neither migrates again nor re-seeds.
		const again = SqliteStore.open(file);
		expect(again.catalog.listProducts()).toHaveLength(DEMO_CATALOG.length);
		again.close();
	});

	it('creates, reads, updates and deletes products with their variants, surviving a reopen', () => {
		const file = dbFile();
		const store = SqliteStore.open(file, { seedDemo: false });
		const created = store.catalog.createProduct(input);
		expect(created).toMatchObject({ name: 'Gamis Uji', price: 150_000, imageUrl: null });
		expect(created.variants.map((v) => [v.size, v.color, v.stock])).toEqual([
			['M', 'Hitam', 3],
			['L', null, 0],
		]);
		const updated = store.catalog.updateProduct(created.id, { ...input, price: 120_000, variants: [{ size: 'XL', color: null, stock: 9 }] });
		expect(updated?.price).toBe(120_000);
		expect(updated?.variants).toHaveLength(1);
		expect(store.catalog.setProductImage(created.id, '/uploads/x.png')?.imageUrl).toBe('/uploads/x.png');
		expect(store.catalog.updateProduct('p_missing', input)).toBeUndefined();
		store.close();

		const reopened = SqliteStore.open(file, { seedDemo: false });
		expect(reopened.catalog.getProduct(created.id)).toMatchObject({ price: 120_000, imageUrl: '/uploads/x.png' });
		expect(reopened.catalog.getProducts([created.id, 'p_missing', created.id]).map((p) => p.id)).toEqual([created.id, created.id]);
		expect(reopened.catalog.deleteProduct(created.id)).toBe(true);
		expect(reopened.catalog.deleteProduct(created.id)).toBe(false);
		expect(reopened.catalog.listProducts()).toEqual([]);
		reopened.close();
	});

	it('refuses a database written by a newer Gladi', () => {
		const file = dbFile();
		SqliteStore.open(file, { seedDemo: false }).close();
		const db = new DatabaseSync(file);
		db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
		db.close();
		expect(() => SqliteStore.open(file)).toThrow(/newer Gladi/);
	});
});

describe('SqliteStore variants', () => {
	it('keeps the id of a variant whose size and colour stay the same across an edit', () => {
		const store = SqliteStore.open(dbFile(), { seedDemo: false });
		const created = store.catalog.createProduct(input);
		const [m, l] = created.variants;
		const edited = store.catalog.updateProduct(created.id, {
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

	it('rolls a transaction back whole, nested store writes included', () => {
		const store = SqliteStore.open(dbFile());
		const room = { code: 'ABCDEF', title: 'A', productIds: [], classId: null, createdAt: 1 };
		// The second room reuses the first one's code: the insert fails after the first room (and its invites) were written.
		expect(() =>
			store.transaction(() => {
				store.rooms.createRoom(room, [{ token: 'token-host-aaaaaaaaaaaa', role: 'host' }]);
				store.rooms.createRoom({ ...room, title: 'B' }, [{ token: 'token-host-bbbbbbbbbbbb', role: 'host' }]);
			}),
		).toThrow(/UNIQUE/);
		expect(store.rooms.getRoom('ABCDEF')).toBeUndefined();
		expect(store.rooms.findInvite('token-host-aaaaaaaaaaaa')).toBeUndefined();
		// A nested failure caught inside keeps the outer transaction's other writes.
		store.transaction(() => {
			store.rooms.createRoom(room, [{ token: 'token-host-cccccccccccc', role: 'host' }]);
			expect(() => store.rooms.createRoom(room, [])).toThrow(/UNIQUE/);
		});
		expect(store.rooms.getRoom('ABCDEF')?.title).toBe('A');
		expect(store.rooms.findInvite('token-host-cccccccccccc')).toEqual({ roomCode: 'ABCDEF', role: 'host' });
		store.close();
	});
});
