import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';
import { notePartStart } from './parts.ts';

/** How long a recorder may take to open its ports. */
const READY_TIMEOUT_MS = 5_000;
/**
 * How long it may take to finish its file after SIGINT. While RTP flows it
 * takes milliseconds; once RTP has stopped FFmpeg waits out its read timeout
 * (~10 s), so it is killed instead: the file is readable up to its last
 * flushed second.
 */
const STOP_TIMEOUT_MS = 1_000;

type RecorderProcessEvents = {
	/** The process ended; `expected` when stop() asked it to. */
	exit: [info: { code: number | null; signal: NodeJS.Signals | null; expected: boolean }];
};

/**
 * One FFmpeg process writing one part of a recording: it receives the RTP
 * streams an SDP file describes and copies them (no re-encoding) into a
 * Matroska file, stamped with the wall clock (so audio and video line up and
 * a pause within a part stays a pause; the part's own start is noted
 * beside it, see parts.ts) and flushed twice a second (a killed process
 * leaves a file that can be read up to its last half second).
 */
export class RecorderProcess extends TypedEmitter<RecorderProcessEvents> {
	readonly #child: ChildProcess;
	readonly #log: Logger;
	#stopping = false;
	#interrupted = false;
	#exited: Promise<void>;

	private constructor(child: ChildProcess, outFile: string, log: Logger) {
		super();
		this.#child = child;
		this.#log = log;
		let stderr = '';
		let started = false;
		child.stderr?.setEncoding('utf8');
		child.stderr?.on('data', (chunk: string) => {
			stderr = (stderr + chunk).slice(-2_000);
			// FFmpeg tells the wall clock of the first packet ("start: 1796...") once it has read the streams:
			// kept beside the part, so the parts can be joined with their pauses (after a crash too).
			const start = started ? null : /start: (\d+\.\d+)/.exec(stderr);
			if (start) {
				started = true;
				notePartStart(outFile, Math.round(Number(start[1]) * 1000));
			}
		});
		this.#exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				const expected = this.#stopping;
				if (!expected) log.warn({ code, signal, stderr: stderr.trim() }, 'recorder exited');
				this.emit('exit', { code, signal, expected });
				resolve();
			});
		});
	}

	/** Start FFmpeg on `sdpFile`, resolving once it listens on every RTP port (so no first key frame is lost). */
	static async start(o: { ffmpeg: string; sdpFile: string; outFile: string; ports: number[]; log: Logger }): Promise<RecorderProcess> {
		const args = [
			'-hide_banner',
			'-loglevel',
			'info',
			'-nostats',
			'-protocol_whitelist',
			'file,udp,rtp',
			'-use_wallclock_as_timestamps',
			'1',
			// Wait for a video key frame as long as it may take to come.
			'-analyzeduration',
			'5000000',
			'-i',
			o.sdpFile,
			'-map',
			'0',
			'-c',
			'copy',
			'-flush_packets',
			'1',
			'-cluster_time_limit',
			'500',
			'-f',
			'matroska',
			'-y',
			o.outFile,
		];
		const child = spawn(o.ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		const failed = new Promise<never>((_, reject) => {
			child.once('error', (error) => reject(new Error(`cannot run the recorder ${o.ffmpeg}: ${error.message}`, { cause: error })));
			child.once('exit', (code) => reject(new Error(`the recorder exited at start (code ${code})`)));
		});
		failed.catch(() => undefined);
		const process = new RecorderProcess(child, o.outFile, o.log);
		try {
			await Promise.race([listening(o.ports, READY_TIMEOUT_MS), failed]);
		} catch (error) {
			await process.kill();
			throw error;
		}
		return process;
	}

	get pid(): number | undefined {
		return this.#child.pid;
	}

	get running(): boolean {
		return this.#child.exitCode === null && this.#child.signalCode === null;
	}

	/** Ask FFmpeg to finish its file now (SIGINT), while the streams still flow: then it ends within milliseconds. */
	interrupt(): void {
		// Once: a second SIGINT makes FFmpeg quit without finishing the file.
		if (!this.running || this.#interrupted) return;
		this.#stopping = true;
		this.#interrupted = true;
		this.#child.kill('SIGINT');
	}

	/** Finish the file and wait for the process to end (SIGINT, then SIGKILL if it lingers). */
	async stop(): Promise<void> {
		if (!this.running) return this.#exited;
		this.interrupt();
		if (await settles(this.#exited, STOP_TIMEOUT_MS)) return;
		this.#log.debug('recorder lingered after its streams stopped; killing it');
		await this.kill();
	}

	/** End it at once (the file keeps what was flushed). */
	async kill(): Promise<void> {
		this.#stopping = true;
		if (this.running) this.#child.kill('SIGKILL');
		await this.#exited;
	}
}

async function settles(promise: Promise<void>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), ms);
	});
	const done = await Promise.race([promise.then(() => true as const), timeout]);
	clearTimeout(timer);
	return done;
}

/** Resolves once UDP `ports` are bound on this machine (read from /proc/net/udp; elsewhere after a short wait). */
async function listening(ports: number[], ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	const wanted = ports.map((p) => `:${p.toString(16).toUpperCase().padStart(4, '0')}`);
	for (;;) {
		let table: string;
		try {
			table = readFileSync('/proc/net/udp', 'utf8');
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 500));
			return;
		}
		const bound = new Set(table.split('\n').map((line) => line.trim().split(/\s+/)[1]?.slice(-5)));
		if (wanted.every((w) => bound.has(w))) return;
		if (Date.now() > deadline) throw new Error(`the recorder did not open its ports ${ports.join(', ')} within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** ffprobe beside the configured ffmpeg (Debian ships both in one package). */
export function ffprobeFor(ffmpeg: string): string {
	return ffmpeg.includes('/') ? path.join(path.dirname(ffmpeg), 'ffprobe') : 'ffprobe';
}

export interface Probe {
	/** Seconds. */
	startTime: number;
	/** Seconds; null when the file does not say (a part whose recorder was killed). */
	durationSeconds: number | null;
	streams: Array<{ codecType: string; codecName: string }>;
}

/** What ffprobe reads in a media file (null when it cannot read it at all). */
export async function probe(ffprobe: string, file: string): Promise<Probe | null> {
	const { code, stdout } = await run(ffprobe, ['-v', 'error', '-show_entries', 'format=start_time,duration:stream=codec_type,codec_name', '-of', 'json', file]);
	if (code !== 0) return null;
	const parsed = JSON.parse(stdout) as { format?: { start_time?: string; duration?: string }; streams?: Array<{ codec_type?: string; codec_name?: string }> };
	const startTime = Number(parsed.format?.start_time);
	const durationSeconds = Number(parsed.format?.duration);
	if (!Number.isFinite(startTime)) return null;
	return {
		startTime,
		durationSeconds: Number.isFinite(durationSeconds) ? durationSeconds : null,
		streams: (parsed.streams ?? []).map((s) => ({ codecType: s.codec_type ?? '', codecName: s.codec_name ?? '' })),
	};
}

/** Run a tool to completion (bounded), collecting its output. */
export function run(command: string, args: string[], timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
		child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4_000)));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			resolve({ code: -1, stdout, stderr: error.message });
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}
