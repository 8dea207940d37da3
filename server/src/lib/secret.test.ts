import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FILE, StudioSecret } from './secret.ts';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'gladi-secret-'));
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('StudioSecret', () => {
	it('is made once in the data directory, readable by its owner only, and the same on every start after', async () => {
		const first = await StudioSecret.loadOrCreate(path.join(dir, 'data'));
		const file = path.join(dir, 'data', SECRET_FILE);
		expect((await stat(file)).mode & 0o777).toBe(0o600);
		const again = await StudioSecret.loadOrCreate(path.join(dir, 'data'));
		expect(again.sign('person', 'abc')).toBe(first.sign('person', 'abc'));
		expect((await readFile(file, 'utf8')).length).toBeGreaterThanOrEqual(43);
	});

	it('gives every start racing for it the same secret', async () => {
		const secrets = await Promise.all(Array.from({ length: 8 }, () => StudioSecret.loadOrCreate(dir)));
		expect(new Set(secrets.map((s) => s.sign('x', 'y'))).size).toBe(1);
	});

	it('signs per purpose, and verifies only what it signed', () => {
		const secret = StudioSecret.ephemeral();
		const signature = secret.sign('person', 'p123');
		expect(secret.verify('person', 'p123', signature)).toBe(true);
		expect(secret.verify('person', 'p124', signature)).toBe(false);
		expect(secret.verify('session', 'p123', signature)).toBe(false);
		expect(secret.verify('person', 'p123', `${signature.slice(0, -1)}A`)).toBe(signature.endsWith('A'));
		expect(secret.verify('person', 'p123', '')).toBe(false);
		expect(StudioSecret.ephemeral().verify('person', 'p123', signature)).toBe(false);
	});

	it('refuses a file that is not a secret', async () => {
		await writeFile(path.join(dir, SECRET_FILE), 'short');
		await expect(StudioSecret.loadOrCreate(dir)).rejects.toThrow(/not a Gladi secret/);
	});
});
