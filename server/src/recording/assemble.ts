import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { probe, run, type Probe } from './ffmpeg.ts';
import { partStart } from './parts.ts';
import { containerFor } from './sdp.ts';

export interface AssembledRecording {
	file: string;
	mimeType: string;
	/** Epoch ms of the file's time 0: the first part's first packet. */
	startedAt: number;
	durationMs: number;
	sizeBytes: number;
}

const MIME_OF_CODEC: Record<string, string> = { vp8: 'video/VP8', vp9: 'video/VP9', h264: 'video/H264' };

/**
 * Join a session's parts into the one file browsers play, without
 * re-encoding: each part's wall-clock start was kept beside it, so the
 * concat list gives every part the wall-clock distance to the next as its
 * duration and a pause between parts stays a pause of the same length. Parts a killed
 * recorder left behind are read up to their last flushed second. Null when no
 * part holds anything.
 */
export async function assemble(o: { ffmpeg: string; ffprobe: string; parts: string[]; dir: string; log: Logger }): Promise<AssembledRecording | null> {
	const readable: Array<{ file: string; info: Probe; startMs: number }> = [];
	for (const file of o.parts) {
		const info = await probe(o.ffprobe, file);
		const startMs = partStart(file);
		if (info && info.streams.length > 0 && startMs !== null) readable.push({ file, info, startMs });
		else o.log.warn({ file }, 'recording part holds nothing readable; skipped');
	}
	if (readable.length === 0) return null;
	readable.sort((a, b) => a.startMs - b.startMs);

	const video = readable.flatMap((p) => p.info.streams).find((s) => s.codecType === 'video');
	const container = containerFor(video ? MIME_OF_CODEC[video.codecName] : undefined);
	const list = path.join(o.dir, 'parts.ffconcat');
	const entries = readable.map(({ file, startMs }, i) => {
		const next = readable[i + 1];
		const line = `file '${path.basename(file).replaceAll("'", "'\\''")}'`;
		return next ? `${line}\nduration ${((next.startMs - startMs) / 1000).toFixed(3)}` : line;
	});
	writeFileSync(list, `ffconcat version 1.0\n${entries.join('\n')}\n`);

	const out = path.join(o.dir, `recording.${container.ext}`);
	const partial = `${out}.partial`;
	const { code, stderr } = await run(o.ffmpeg, [
		'-hide_banner',
		'-loglevel',
		'error',
		'-f',
		'concat',
		'-safe',
		'0',
		'-i',
		list,
		'-map',
		'0',
		'-c',
		'copy',
		...container.options,
		'-f',
		container.format,
		'-y',
		partial,
	]);
	rmSync(list, { force: true });
	if (code !== 0) {
		rmSync(partial, { force: true });
		throw new Error(`joining the recording failed (ffmpeg ${code}): ${stderr.trim()}`);
	}
	renameSync(partial, out);
	const joined = await probe(o.ffprobe, out);
	if (joined?.durationSeconds == null) throw new Error('the joined recording cannot be read');
	return {
		file: out,
		mimeType: container.mimeType,
		startedAt: readable[0]!.startMs,
		durationMs: Math.round(joined.durationSeconds * 1000),
		sizeBytes: statSync(out).size,
	};
}
