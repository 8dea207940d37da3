import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import { SqliteStore } from '../store/sqliteStore.ts';
import { Recordings } from './recordings.ts';

const DAY = 24 * 3600_000;
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A store holding finished recordings of the given ages (days) and sizes (bytes), each with its folder on disk. */
async function storeWith(recordings: Array<{ id: string; ageDays: number; bytes: number; node?: string }>) {
	const root = mkdtempSync(path.join(os.tmpdir(), 'gladi-recordings-'));
	dirs.push(root);
	const store = SqliteStore.open(path.join(root, 'gladi.db'));
	const dir = path.join(root, 'recordings');
	for (const r of recordings) {
		const createdAt = Date.now() - r.ageDays * DAY;
		await store.sessions.startSession({ id: r.id, roomCode: 'ABCDEF', title: 't', hostName: 'h', startedAt: createdAt, endedAt: createdAt + 60_000, classId: null, memberId: null });
		const folder = path.join(dir, r.id);
		mkdirSync(folder, { recursive: true });
		writeFileSync(path.join(folder, 'recording.webm'), 'x');
		await store.recordings.begin(r.id, folder, createdAt, r.node ?? 'a');
		await store.recordings.finish(r.id, { file: path.join(folder, 'recording.webm'), mimeType: 'video/webm', startedAt: createdAt, durationMs: 60_000, sizeBytes: r.bytes });
	}
	return { store, dir };
}

const open = (store: SqliteStore, dir: string, limits: { retentionDays: number; maxBytes: number }, nodeId = 'a') =>
	Recordings.create({ enabled: false, dir, ffmpeg: 'ffmpeg', store: store.recordings, nodeId, log: silentLogger, ...limits });

describe('Recordings keeps within its limits', () => {
	it('deletes recordings past the retention time, files and records', async () => {
		const { store, dir } = await storeWith([
			{ id: 's_old', ageDays: 31, bytes: 10 },
			{ id: 's_new', ageDays: 29, bytes: 10 },
		]);
		const recordings = await open(store, dir, { retentionDays: 30, maxBytes: 1_000 });
		expect(await store.recordings.get('s_old')).toBeUndefined();
		expect(existsSync(path.join(dir, 's_old'))).toBe(false);
		expect((await recordings.ready('s_new'))?.durationMs).toBe(60_000);
		expect(existsSync(path.join(dir, 's_new', 'recording.webm'))).toBe(true);
		await store.close();
	});

	it('deletes the oldest first when over the disk budget', async () => {
		const { store, dir } = await storeWith([
			{ id: 's_a', ageDays: 3, bytes: 400 },
			{ id: 's_b', ageDays: 2, bytes: 400 },
			{ id: 's_c', ageDays: 1, bytes: 400 },
		]);
		await open(store, dir, { retentionDays: 30, maxBytes: 900 });
		expect((await store.recordings.all()).map((r) => r.sessionId)).toEqual(['s_b', 's_c']);
		expect(existsSync(path.join(dir, 's_a'))).toBe(false);
		await store.close();
	});

	it('deletes on request, and says so when there is nothing to delete', async () => {
		const { store, dir } = await storeWith([{ id: 's_x', ageDays: 0, bytes: 1 }]);
		const recordings = await open(store, dir, { retentionDays: 30, maxBytes: 1_000 });
		await recordings.delete('s_x');
		expect(await recordings.ready('s_x')).toBeUndefined();
		expect(existsSync(path.join(dir, 's_x'))).toBe(false);
		await expect(recordings.delete('s_x')).rejects.toThrow(expect.objectContaining({ kind: 'recording_not_found' }));
		await store.close();
	});

	it('does not record when switched off, or when FFmpeg cannot run', async () => {
		const { store, dir } = await storeWith([]);
		expect((await open(store, dir, { retentionDays: 30, maxBytes: 1 })).enabled).toBe(false);
		const missing = await Recordings.create({ enabled: true, dir, ffmpeg: '/nonexistent/ffmpeg', retentionDays: 30, maxBytes: 1, store: store.recordings, nodeId: 'a', log: silentLogger });
		expect(missing.enabled).toBe(false);
		await store.close();
	});
});

describe('Recordings of several nodes', () => {
	it("leaves another node's recordings to it: not swept, not repaired, and its files are not here", async () => {
		const { store, dir } = await storeWith([
			{ id: 's_mine', ageDays: 31, bytes: 10, node: 'a' },
			{ id: 's_theirs', ageDays: 31, bytes: 10, node: 'b' },
		]);
		await open(store, dir, { retentionDays: 30, maxBytes: 1_000 }, 'a');
		expect(await store.recordings.get('s_mine')).toBeUndefined();
		// Node b sweeps its own: the record stays for it (its files are on b's disk, not a's).
		expect((await store.recordings.get('s_theirs'))?.nodeId).toBe('b');
		await store.close();
	});

	it("deletes another node's recording for everyone (its record); that node removes the files at its next sweep", async () => {
		const { store, dir } = await storeWith([{ id: 's_far', ageDays: 0, bytes: 1, node: 'b' }]);
		const onA = await open(store, dir, { retentionDays: 30, maxBytes: 1_000 }, 'a');
		expect(onA.holds((await store.recordings.get('s_far'))!)).toBe(false);
		await onA.delete('s_far');
		expect(await store.recordings.get('s_far')).toBeUndefined();
		// (Both nodes use one folder in this test: a's delete left b's files alone.)
		expect(existsSync(path.join(dir, 's_far', 'recording.webm'))).toBe(true);
		mkdirSync(path.join(dir, 'not-a-session'));
		await open(store, dir, { retentionDays: 30, maxBytes: 1_000 }, 'b');
		expect(existsSync(path.join(dir, 's_far'))).toBe(false);
		expect(existsSync(path.join(dir, 'not-a-session'))).toBe(true);
		await store.close();
	});
});
