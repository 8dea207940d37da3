/*
 * Server-side recording with the real recorder (Debian's FFmpeg) fed by a
 * real host: headless Chromium's fake camera and microphone going live. The
 * file is read back with ffprobe.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpErrorBody, SessionReport } from '@gladi/shared';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { closeAll, createRoom, e2eSuite, expectDecoding, joinAs, pressGoLive } from './harness.ts';

const suite = e2eSuite();

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('t')!;

async function report(sessionId: string, token: string): Promise<SessionReport> {
	const res = await fetch(`${suite.env.baseUrl}/api/sessions/${sessionId}/report?t=${encodeURIComponent(token)}`);
	expect(res.status).toBe(200);
	return (await res.json()) as SessionReport;
}

/** ffprobe's view of a file: its streams, duration and first video packet time. */
function probe(file: string): { codecs: string[]; durationMs: number; firstVideoMs: number } {
	const run = (args: string[]) => {
		const out = spawnSync('ffprobe', ['-v', 'error', ...args, file], { encoding: 'utf8', timeout: 30_000 });
		expect(out.status, out.stderr).toBe(0);
		return out.stdout.trim();
	};
	const codecs = run(['-show_entries', 'stream=codec_name', '-of', 'csv=p=0']).split('\n').sort();
	const durationMs = Number(run(['-show_entries', 'format=duration', '-of', 'csv=p=0'])) * 1000;
	const firstVideoMs = Number(run(['-select_streams', 'v', '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0']).split('\n')[0]) * 1000;
	return { codecs, durationMs, firstVideoMs };
}

/** The pid of the recorder writing `sessionId`'s parts (from /proc), or null. */
function recorderPid(sessionId: string): number | null {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes('ffmpeg') && cmdline.includes(`${sessionId}/part-`)) return Number(entry);
		} catch {
			// gone meanwhile
		}
	}
	return null;
}

/** Host live, a buyer watching: returns the session id once recording. */
async function liveWithBuyer(title: string, pages: Page[]) {
	const room = await createRoom(suite.env.baseUrl, title);
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	pages.push(host);
	await pressGoLive(host);
	const buyer = await joinAs(suite.browser, suite.env.baseUrl, room.links.buyer, 'Sari');
	pages.push(buyer);
	await expectDecoding(buyer);
	const server = suite.env.nodeOf(room.code).registry.inMemory(room.code)!;
	expect(server.state()).toMatchObject({ status: 'live', recording: true });
	const sessionId = server.state().sessionId!;
	return { room, host, buyer, sessionId };
}

async function endLive(host: Page): Promise<number> {
	await host.getByTestId('end-live').click();
	await expect.poll(() => host.getByTestId('go-live').isVisible(), { timeout: 10_000 }).toBe(true);
	return Date.now();
}

/** Poll the report until its recording is there; returns it and how long that took after `since`. */
async function readyRecording(sessionId: string, token: string, since: number) {
	let found: SessionReport | null = null;
	await expect
		.poll(
			async () => {
				found = await report(sessionId, token);
				return found.recording !== null;
			},
			{ timeout: 20_000, interval: 100 },
		)
		.toBe(true);
	return { report: found!, readyAfterMs: Date.now() - since };
}

describe('recording a live', () => {
	test('writes the live into one file that plays from its start, served with ranges to the report’s readers only', async () => {
		const pages: Page[] = [];
		try {
			const { room, host, buyer, sessionId } = await liveWithBuyer('Rekam gamis', pages);
			const node = suite.env.nodeOf(room.code);
			await buyer.getByTestId('comment-input').fill('kak bahannya apa?');
			await buyer.getByTestId('comment-send').click();
			await new Promise((r) => setTimeout(r, 4_000));
			const endedAt = await endLive(host);
			const hostToken = tokenOf(room.links.host);
			const { report: done, readyAfterMs } = await readyRecording(sessionId, hostToken, endedAt);
			const recording = done.recording!;
			console.log(`[measure] recording ready ${readyAfterMs} ms after the live ended`);
			expect(readyAfterMs).toBeLessThan(10_000);

			const file = (await node.recordings.ready(sessionId))!.file;
			const probed = probe(file);
			expect(probed.codecs).toEqual(['opus', 'vp8']);
			// The file is as long as the live, and its time 0 is (nearly) the moment the live started.
			expect(Math.abs(probed.durationMs - done.session.durationMs)).toBeLessThan(1_000);
			expect(Math.abs(recording.durationMs - probed.durationMs)).toBeLessThan(50);
			const firstFrameDelayMs = recording.startedAt + probed.firstVideoMs - done.session.startedAt;
			console.log(`[measure] first video frame ${firstFrameDelayMs} ms after going live; ${recording.sizeBytes} bytes for ${recording.durationMs} ms`);
			expect(firstFrameDelayMs).toBeLessThan(2_000);
			expect(recording).toMatchObject({ mimeType: 'video/webm', url: `/api/sessions/${sessionId}/recording?t=${encodeURIComponent(hostToken)}` });

			const url = `${suite.env.baseUrl}${recording.url}`;
			const ranged = await fetch(url, { headers: { range: 'bytes=0-99' } });
			expect(ranged.status).toBe(206);
			expect(ranged.headers.get('content-type')).toBe('video/webm');
			expect(ranged.headers.get('content-range')).toBe(`bytes 0-99/${recording.sizeBytes}`);
			expect((await ranged.arrayBuffer()).byteLength).toBe(100);
			const whole = await fetch(url);
			expect(whole.status).toBe(200);
			expect((await whole.arrayBuffer()).byteLength).toBe(recording.sizeBytes);

			const recordingAs = (token: string, init?: RequestInit) =>
				fetch(`${suite.env.baseUrl}/api/sessions/${sessionId}/recording?t=${encodeURIComponent(token)}`, init);
			expect((await recordingAs(tokenOf(room.links.mentor))).status).toBe(200);
			const other = await createRoom(suite.env.baseUrl, 'Ruang lain');
			for (const token of [tokenOf(room.links.buyer), tokenOf(other.links.host), 'no-such-token-anywhere']) {
				expect((await recordingAs(token)).status, token).toBe(403);
				expect((await recordingAs(token, { method: 'DELETE' })).status, token).toBe(403);
			}

			// Its mentor deletes it: gone from the report and the disk.
			expect((await recordingAs(tokenOf(room.links.mentor), { method: 'DELETE' })).status).toBe(204);
			expect((await report(sessionId, hostToken)).recording).toBeNull();
			const gone = await recordingAs(hostToken);
			expect(gone.status).toBe(404);
			expect(((await gone.json()) as HttpErrorBody).error.kind).toBe('recording_not_found');
			// (Kept by another node: that node removes it on the word of the one asked.)
			await expect.poll(() => existsSync(file), { timeout: 5_000 }).toBe(false);
		} finally {
			await closeAll(pages);
		}
	});

	test('a recorder that dies is started again, and its parts join into one file with the gap kept', async () => {
		const pages: Page[] = [];
		try {
			const { room, host, sessionId } = await liveWithBuyer('Rekam ulang', pages);
			const node = suite.env.nodeOf(room.code);
			await new Promise((r) => setTimeout(r, 3_000));
			const first = recorderPid(sessionId);
			expect(first).not.toBeNull();
			process.kill(first!, 'SIGKILL');
			await expect.poll(() => recorderPid(sessionId), { timeout: 10_000 }).not.toBeNull();
			expect(recorderPid(sessionId)).not.toBe(first);
			// The new recorder is writing once it has read the streams (it notes its start beside its part).
			const dir = (await suite.env.studio.store.recordings.get(sessionId))!.dir;
			await expect.poll(() => existsSync(path.join(dir, 'part-002.mkv.start')), { timeout: 15_000 }).toBe(true);
			await new Promise((r) => setTimeout(r, 2_000));
			const endedAt = await endLive(host);
			const { report: done } = await readyRecording(sessionId, tokenOf(room.links.host), endedAt);
			// Two parts, one file as long as the live: the restart's pause stays a pause.
			expect(Math.abs(done.recording!.durationMs - done.session.durationMs)).toBeLessThan(1_500);
			expect(probe((await node.recordings.ready(sessionId))!.file).codecs).toEqual(['opus', 'vp8']);
		} finally {
			await closeAll(pages);
		}
	});

	test('goes on through a host network blip and a media worker death: one session, one file as long as the live', async () => {
		const pages: Page[] = [];
		try {
			const { room, host, buyer, sessionId } = await liveWithBuyer('Rekam tahan banting', pages);
			const studio = suite.env.nodeOf(room.code);
			const server = () => studio.registry.inMemory(room.code)!;
			const liveAgain = async () => {
				await expect.poll(() => server().state().hostName, { timeout: 20_000 }).toBe('Bu Rina');
				await expect.poll(() => server().liveProducers().length, { timeout: 20_000 }).toBe(2);
				await expectDecoding(buyer, 30_000);
			};
			await new Promise((r) => setTimeout(r, 2_000));

			// The host's connection drops (as on a phone changing network): their page comes back and goes live again.
			const hostSocket = (await studio.io.fetchSockets()).find((s) => s.data.roomCode === room.code && s.data.role === 'host')!;
			hostSocket.disconnect(true);
			await liveAgain();
			expect(server().state()).toMatchObject({ status: 'live', sessionId, recording: true });
			await new Promise((r) => setTimeout(r, 2_000));

			// The worker under the room dies: everyone reconnects onto its replacement, the live goes on.
			process.kill(studio.pool.slots[0]!.worker.pid, 'SIGKILL');
			await liveAgain();
			expect(server().state()).toMatchObject({ status: 'live', sessionId, recording: true });
			await new Promise((r) => setTimeout(r, 2_000));

			const endedAt = await endLive(host);
			const { report: done } = await readyRecording(sessionId, tokenOf(room.links.host), endedAt);
			expect((await studio.store.sessions.sessionsOfRoom(room.code)).map((s) => s.id)).toEqual([sessionId]);
			// The gaps while the host was away are gaps: the file is as long as the live.
			expect(Math.abs(done.recording!.durationMs - done.session.durationMs)).toBeLessThan(1_500);
			expect(probe((await studio.recordings.ready(sessionId))!.file).codecs).toEqual(['opus', 'vp8']);
		} finally {
			await closeAll(pages);
		}
	});
});
