/*
 * The studio process killed with SIGKILL in the middle of a recorded live
 * (a Chromium host sending real media), then started again on the same data
 * directory: the session's recording is repaired at start and plays up to
 * within 3 s of the kill.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreateRoomResponse, SessionReport } from '@gladi/shared';
import type { Browser } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { startStudioProcess, type StudioProcess } from '../bench/studioProcess.ts';
import { joinAs, launchChromium, pressGoLive, TWO_NODES } from './harness.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gladi-rec-crash-'));
const running: StudioProcess[] = [];
let browser: Browser | undefined;

afterAll(async () => {
	await browser?.close();
	for (const p of running) await p.kill();
	rmSync(dataDir, { recursive: true, force: true });
});

// Its own studio processes: the same in both runs of the suite.
test.skipIf(TWO_NODES)('a studio killed mid-live repairs the recording at its next start, to within 3 s of the kill', { timeout: 90_000 }, async () => {
	const first = await startStudioProcess({}, { dataDir });
	running.push(first);
	const res = await first.fetch(`/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Rekam lalu mati' }) });
	const room = (await res.json()) as CreateRoomResponse;
	const token = new URL(room.links.host, first.url).searchParams.get('t')!;

	browser = await launchChromium();
	const host = await joinAs(browser, first.url, room.links.host, 'Bu Rina');
	await pressGoLive(host);
	await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 15_000 }).toBe(true);
	await new Promise((r) => setTimeout(r, 6_000));
	await first.kill();
	const killedAt = Date.now();
	await host.context().close();

	const second = await startStudioProcess({}, { dataDir });
	running.push(second);
	const progress = (await (await fetch(`${second.url}/api/progress?t=${encodeURIComponent(token)}`)).json()) as { sessions: Array<{ sessionId: string }> };
	const sessionId = progress.sessions.at(-1)!.sessionId;
	const report = (await (await fetch(`${second.url}/api/sessions/${sessionId}/report?t=${encodeURIComponent(token)}`)).json()) as SessionReport;
	expect(report.recording).not.toBeNull();
	const recording = report.recording!;
	const lostMs = killedAt - (recording.startedAt + recording.durationMs);
	console.log(`[measure] after SIGKILL mid-live the repaired recording holds ${recording.durationMs} ms and ends ${lostMs} ms before the kill`);
	expect(lostMs).toBeLessThan(3_000);
	expect(recording.durationMs).toBeGreaterThan(4_000);

	// The repaired file plays: ffprobe reads both streams through to its end.
	const file = path.join(dataDir, 'recordings', sessionId, `recording.webm`);
	const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file], { encoding: 'utf8', timeout: 30_000 });
	expect(probe.status, probe.stderr).toBe(0);
	expect(probe.stdout.trim().split('\n').sort()).toEqual(['opus', 'vp8']);
	const served = await fetch(`${second.url}${recording.url}`, { headers: { range: 'bytes=0-' } });
	expect(served.status).toBe(206);
	expect(Number(served.headers.get('content-length'))).toBe(recording.sizeBytes);
	await served.arrayBuffer();
});
