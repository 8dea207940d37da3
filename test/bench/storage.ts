import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../server/src/store/sqliteStore.ts';
import type { MachineReference } from './reference.ts';
import { median, percentile, round } from './stats.ts';

/** One run: a fresh database holding one whole live. */
export interface StorageRun {
	events: number;
	appendP50Us: number;
	appendP99Us: number;
	appendMaxUs: number;
	/** Database file after a checkpoint (the WAL folded in). */
	fileBytes: number;
	reportComputeMs: number;
}

/** Medians of the runs (appendMaxUs: the highest of any run). */
export interface StorageResult extends StorageRun {
	method: string;
	minutes: number;
	commentsPerSecond: number;
	runs: StorageRun[];
	/** Over the machine reference of the same bench run: one append and the report in reference ops (CPU). */
	ratios: { appendP50InReferenceOps: number; reportInReferenceOps: number } | null;
}

export async function runStorageBench(minutes: number, commentsPerSecond: number, runs: number, reference?: MachineReference): Promise<StorageResult> {
	const all: StorageRun[] = [];
	for (let i = 0; i < runs; i++) all.push(await storageRun(minutes, commentsPerSecond));
	const med = (f: (r: StorageRun) => number): number => round(median(all.map(f)));
	const appendP50Us = med((r) => r.appendP50Us);
	const reportComputeMs = med((r) => r.reportComputeMs);
	return {
		method:
			`${runs} runs, each a fresh SQLite file (node:sqlite, WAL, the server's own store) holding one ${minutes}-minute live: ` +
			`${commentsPerSecond} comments/s, a viewers and a likes sample each second, an order every 10 s, each event one committed ` +
			'insert as the server writes it, timed one by one; then the report computed from the file. Medians of the runs.',
		minutes,
		commentsPerSecond,
		events: all[0]?.events ?? 0,
		appendP50Us,
		appendP99Us: med((r) => r.appendP99Us),
		appendMaxUs: Math.max(...all.map((r) => r.appendMaxUs)),
		fileBytes: median(all.map((r) => r.fileBytes)),
		reportComputeMs,
		runs: all,
		ratios: reference
			? {
					appendP50InReferenceOps: round(appendP50Us / reference.cpuOpUs, 1),
					reportInReferenceOps: Math.round((reportComputeMs * 1000) / reference.cpuOpUs),
				}
			: null,
	};
}

/**
 * The timeline of a long live written the way the server writes it: one
 * committed insert per event (comments at a fixed rate, viewer and like
 * samples every second, an order every 10 s), timed one by one.
 */
async function storageRun(minutes: number, commentsPerSecond: number): Promise<StorageRun> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'gladi-store-bench-'));
	try {
		const file = path.join(dir, 'gladi.db');
		const store = SqliteStore.open(file);
		const start = Date.UTC(2026, 10, 28, 10);
		const session = { id: 's_bench', roomCode: 'BENCH1', title: 'bench', hostName: 'Rina', startedAt: start, endedAt: null, classId: null, memberId: null };
		await store.sessions.startSession(session);
		const latencies: number[] = [];
		// Timed until committed, as the server waits before acknowledging (the promise included).
		const append = async (event: Parameters<typeof store.sessions.appendEvent>[1]) => {
			const t0 = performance.now();
			await store.sessions.appendEvent(session.id, event);
			latencies.push((performance.now() - t0) * 1000);
		};
		await append({ type: 'liveStarted', at: start });
		const seconds = minutes * 60;
		let n = 0;
		for (let s = 0; s < seconds; s++) {
			for (let i = 0; i < commentsPerSecond; i++) {
				const at = start + s * 1000 + Math.floor((i * 1000) / commentsPerSecond);
				await append({ type: 'comment', at, id: `c${n++}`, name: `penonton_${n % 300}`, text: `kak ready size L? yang maroon masih ada? ${n}`, source: 'crowd', isQuestion: n % 3 === 0 });
			}
			await append({ type: 'viewers', at: start + s * 1000, count: 40 + (s % 30) });
			await append({ type: 'likes', at: start + s * 1000, total: s * 7 });
			if (s % 10 === 0) {
				await append({ type: 'order', at: start + s * 1000, orderId: `o${s}`, buyerName: 'rina', productId: 'p1', productName: 'Gamis Aisyah', variantLabel: 'Maroon / L', quantity: 1, unitPrice: 189_000, simulated: true, flashSale: false });
			}
		}
		await append({ type: 'liveEnded', at: start + seconds * 1000 });
		await store.sessions.endSession(session.id, start + seconds * 1000);
		const { computeReport } = await import('@gladi/shared');
		const t0 = performance.now();
		const events = await store.sessions.events(session.id);
		computeReport({ ...session, endedAt: start + seconds * 1000 }, events, [], []);
		const reportComputeMs = performance.now() - t0;
		await store.close(); // closing checkpoints the WAL into the database file
		const wal = `${file}-wal`;
		const fileBytes = statSync(file).size + (existsSync(wal) ? statSync(wal).size : 0);
		return {
			events: latencies.length,
			appendP50Us: round(percentile(latencies, 50)),
			appendP99Us: round(percentile(latencies, 99)),
			appendMaxUs: round(percentile(latencies, 100)),
			fileBytes,
			reportComputeMs: round(reportComputeMs),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
