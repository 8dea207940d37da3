import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { GladiError } from '@gladi/shared';
import type { Logger } from '../logger.ts';
import type { PeerProducer } from '../media/peerMedia.ts';
import type { RouterSite } from '../media/routerSite.ts';
import type { RecordingRecord, RecordingStore } from '../store/store.ts';
import { assemble } from './assemble.ts';
import { ffprobeFor, run } from './ffmpeg.ts';
import { listParts, removePart } from './parts.ts';
import { SessionRecording } from './sessionRecording.ts';

export interface RecordingsOptions {
	enabled: boolean;
	/** Where each session's folder goes (under the data directory). */
	dir: string;
	ffmpeg: string;
	retentionDays: number;
	maxBytes: number;
	store: RecordingStore;
	/** This server node: its recordings are the files in `dir`; other nodes' are theirs to repair and sweep. */
	nodeId: string;
	log: Logger;
}

/**
 * Every live's recording: started with the live, joined into one file when it
 * ends, kept within the retention time and the disk budget (oldest first),
 * deletable by the people who may watch it. A crash leaves parts behind;
 * create() joins them before the studio takes new lives.
 */
export class Recordings {
	readonly #o: RecordingsOptions;
	readonly #ffprobe: string;
	readonly #active = new Map<string, SessionRecording>();
	/** Each active recording's record being saved: its end is saved after it. */
	readonly #begun = new Map<string, Promise<void>>();
	/** Recordings being joined after their live ended. */
	readonly #finishing = new Set<Promise<void>>();
	readonly #enabled: boolean;
	#closed = false;

	private constructor(options: RecordingsOptions, enabled: boolean) {
		this.#o = options;
		this.#ffprobe = ffprobeFor(options.ffmpeg);
		this.#enabled = enabled;
	}

	/** Check the recorder runs, repair what a crash left, apply retention. Without FFmpeg, lives are not recorded (and the log says why). */
	static async create(options: RecordingsOptions): Promise<Recordings> {
		let enabled = options.enabled;
		if (enabled) {
			const { code, stderr } = await run(options.ffmpeg, ['-hide_banner', '-version'], 10_000);
			if (code !== 0) {
				options.log.error({ ffmpeg: options.ffmpeg, problem: stderr.trim() }, 'the recorder (FFmpeg) cannot run: lives will not be recorded; install ffmpeg or set GLADI_FFMPEG');
				enabled = false;
			}
		}
		const recordings = new Recordings(options, enabled);
		mkdirSync(options.dir, { recursive: true });
		await recordings.#repair();
		await recordings.#sweep();
		return recordings;
	}

	/** Lives are recorded (the join page says so). */
	get enabled(): boolean {
		return this.#enabled && !this.#closed;
	}

	/**
	 * Start recording a live session on `site` (the room's origin router);
	 * null when recording is off. The session must be saved already (its
	 * recording's record refers to it); that record is saved meanwhile.
	 */
	record(sessionId: string, site: RouterSite, producers: () => readonly PeerProducer[], log: Logger): SessionRecording | null {
		if (!this.enabled || this.#active.has(sessionId)) return this.#active.get(sessionId) ?? null;
		const dir = this.#dirOf(sessionId);
		mkdirSync(dir, { recursive: true });
		const begun = this.#o.store.begin(sessionId, dir, Date.now(), this.#o.nodeId).catch((error: unknown) => {
			log.error({ err: error }, 'the recording could not be saved as started: a crash now would leave its parts unjoined');
		});
		this.#begun.set(sessionId, begun);
		const recording = new SessionRecording({ sessionId, dir, site, producers, ffmpeg: this.#o.ffmpeg, log: log.child({ recording: sessionId }) });
		this.#active.set(sessionId, recording);
		return recording;
	}

	/**
	 * The live ended: stop its recording, then join its parts in the
	 * background (the live is not held up by the join). Resolves once the
	 * recorder has finished its file: call it, and wait, before the host's
	 * streams close, so the recorder finishes while they still flow.
	 */
	finish(recording: SessionRecording): Promise<void> {
		if (this.#active.get(recording.sessionId) !== recording) return Promise.resolve();
		const stopped = recording.stop();
		const done = (async () => {
			const parts = await stopped;
			this.#active.delete(recording.sessionId);
			await this.#begun.get(recording.sessionId);
			this.#begun.delete(recording.sessionId);
			await this.#join(recording.sessionId, this.#dirOf(recording.sessionId), parts);
			await this.#sweep();
		})().catch((error: unknown) => this.#o.log.error({ recording: recording.sessionId, err: error }, 'recording could not be finished'));
		this.#finishing.add(done);
		void done.finally(() => this.#finishing.delete(done));
		return stopped.then(() => undefined);
	}

	/** A ready recording, or undefined (none, still being joined, or failed). */
	async ready(sessionId: string): Promise<(RecordingRecord & { file: string; mimeType: string; startedAt: number; durationMs: number }) | undefined> {
		const record = await this.#o.store.get(sessionId);
		if (record?.status !== 'ready' || !record.file || !record.mimeType || record.startedAt === null || record.durationMs === null) return undefined;
		return { ...record, file: record.file, mimeType: record.mimeType, startedAt: record.startedAt, durationMs: record.durationMs };
	}

	/** The recording's file is on this node's disk (else on the node `record.nodeId` names). */
	holds(record: RecordingRecord): boolean {
		return record.nodeId === null || record.nodeId === this.#o.nodeId;
	}

	/**
	 * Remove a session's recording: its record at once (it is gone for every
	 * node), and its files if they are here. Returns the record: if another
	 * node keeps the files, the caller tells it (removeFiles there; its next
	 * sweep removes them too, should the word not arrive).
	 */
	async delete(sessionId: string): Promise<RecordingRecord> {
		const record = await this.#o.store.get(sessionId);
		if (!record) throw new GladiError('recording_not_found', 'this session has no recording');
		if (this.#active.has(sessionId) || record.status === 'recording') {
			throw new GladiError('recording_in_progress', 'the live is still being recorded; delete it once the live has ended');
		}
		if (this.holds(record)) await this.#remove(record, 'deleted by its trainee or mentor');
		else await this.#o.store.remove(sessionId);
		return record;
	}

	/** The files of a recording this node keeps, whose record another node removed. */
	removeFiles(sessionId: string): void {
		if (this.#active.has(sessionId)) return;
		rmSync(this.#dirOf(sessionId), { recursive: true, force: true });
		this.#o.log.info({ recording: sessionId }, 'recording files deleted (deleted through another node)');
	}

	/** Stop every recording and wait until all are joined (the studio is closing). */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		for (const recording of [...this.#active.values()]) void this.finish(recording);
		await Promise.allSettled([...this.#finishing]);
	}

	async #join(sessionId: string, dir: string, parts: string[]): Promise<void> {
		const log = this.#o.log.child({ recording: sessionId });
		try {
			const started = performance.now();
			const joined = await assemble({ ffmpeg: this.#o.ffmpeg, ffprobe: this.#ffprobe, parts, dir, log });
			if (!joined) {
				await this.#o.store.fail(sessionId);
				log.warn({ parts: parts.length }, 'recording holds nothing');
				return;
			}
			await this.#o.store.finish(sessionId, joined);
			for (const part of parts) removePart(part);
			log.info({ parts: parts.length, durationMs: joined.durationMs, bytes: joined.sizeBytes, joinMs: Math.round(performance.now() - started) }, 'recording ready');
		} catch (error) {
			log.error({ err: error }, 'recording could not be joined; its parts are kept');
			await this.#o.store.fail(sessionId).catch((failed: unknown) => log.error({ err: failed }, 'the failed recording could not be saved as failed'));
		}
	}

	/** Recordings a crash (or a kill) left unfinished: join the parts that are on disk. */
	async #repair(): Promise<void> {
		for (const record of await this.#o.store.unfinished()) {
			if (!this.holds(record)) continue;
			const parts = listParts(record.dir);
			this.#o.log.warn({ recording: record.sessionId, parts: parts.length }, 'repairing a recording interrupted by a restart');
			await this.#join(record.sessionId, record.dir, parts);
		}
	}

	/** Past the retention time, or over the disk budget (oldest first): delete. */
	async #sweep(): Promise<void> {
		const cutoff = Date.now() - this.#o.retentionDays * 24 * 3600_000;
		const kept: RecordingRecord[] = [];
		const every = await this.#o.store.all();
		this.#removeOrphans(new Set(every.map((r) => path.basename(r.dir))));
		for (const record of every.filter((r) => this.holds(r))) {
			if (this.#active.has(record.sessionId) || record.status === 'recording') continue;
			if (record.createdAt < cutoff) await this.#remove(record, 'retention');
			else kept.push(record);
		}
		let total = kept.reduce((sum, r) => sum + r.sizeBytes, 0);
		for (const record of kept) {
			if (total <= this.#o.maxBytes) break;
			await this.#remove(record, 'disk budget');
			total -= record.sizeBytes;
		}
	}

	async #remove(record: RecordingRecord, why?: string): Promise<void> {
		rmSync(record.dir, { recursive: true, force: true });
		await this.#o.store.remove(record.sessionId);
		if (why) this.#o.log.info({ recording: record.sessionId, why }, 'recording deleted');
	}

	/** Folders here whose record is gone (deleted through another node): their files go too. */
	#removeOrphans(recorded: ReadonlySet<string>): void {
		for (const name of readdirSync(this.#o.dir)) {
			// Only session folders (server-made "s_" ids): anything else someone put here is left alone.
			if (!name.startsWith('s_') || recorded.has(name) || this.#active.has(name) || this.#begun.has(name)) continue;
			rmSync(path.join(this.#o.dir, name), { recursive: true, force: true });
			this.#o.log.info({ recording: name }, 'recording files deleted (their record was removed by another node)');
		}
	}

	#dirOf(sessionId: string): string {
		// Session ids are server-made ("s_" and base64url): safe as a folder name; basename() keeps it so.
		return path.join(this.#o.dir, path.basename(sessionId));
	}
}
