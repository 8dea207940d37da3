/**
 * Schema migrations, applied in order; PRAGMA user_version records how many
 * ran. Append new ones; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
	// 1: the catalog
	`CREATE TABLE products (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		price INTEGER NOT NULL CHECK (price > 0),
		category TEXT NOT NULL DEFAULT '',
		material TEXT NOT NULL DEFAULT '',
		image_url TEXT,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE variants (
		id TEXT PRIMARY KEY,
		product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		size TEXT,
		color TEXT,
		stock INTEGER NOT NULL CHECK (stock >= 0)
	);
	CREATE INDEX variants_product ON variants(product_id, position);`,
];
