import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How a recording's parts lie in its session folder: `part-001.mkv` (what
 * one recorder wrote), `part-001.sdp` (what it was told to receive) and
 * `part-001.mkv.start` (the epoch ms of its time 0, noted once it had read
 * its streams, so parts can be joined with their pauses, after a crash too).
 */
export function partFile(dir: string, index: number): string {
	return path.join(dir, `part-${String(index).padStart(3, '0')}.mkv`);
}

export function sdpFileOf(part: string): string {
	return part.replace(/\.mkv$/, '.sdp');
}

function startFileOf(part: string): string {
	return `${part}.start`;
}

export function notePartStart(part: string, epochMs: number): void {
	writeFileSync(startFileOf(part), String(epochMs));
}

/** A part's wall-clock start, or null when its recorder never read its streams. */
export function partStart(part: string): number | null {
	try {
		const ms = Number(readFileSync(startFileOf(part), 'utf8'));
		return Number.isFinite(ms) && ms > 0 ? ms : null;
	} catch {
		return null;
	}
}

/** The parts in a session folder, oldest first. */
export function listParts(dir: string): string[] {
	try {
		return readdirSync(dir)
			.filter((f) => /^part-\d+\.mkv$/.test(f))
			.sort()
			.map((f) => path.join(dir, f));
	} catch {
		return [];
	}
}

/** A part and the files beside it. */
export function removePart(part: string): void {
	for (const file of [part, sdpFileOf(part), startFileOf(part)]) rmSync(file, { force: true });
}
