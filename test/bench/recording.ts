/**
 * Recording: what one recorded live costs (the recorder's CPU, disk per
 * minute) and how soon after a live ends its replay plays. The real studio as
 * its own process, a Chromium host with a fake camera going live, Debian's
 * FFmpeg as the recorder.
 */
import { spawnSync } from 'node:child_process';
import type { SessionReport } from '@gladi/shared';
import { createRoom, launchChromium } from '../e2e/harness.ts';
import { goLiveAsHost, requireBuiltClient, summarize } from './browserBench.ts';
import { cpuSeconds, pidsWithArg } from './procStats.ts';
import type { MachineReference } from './reference.ts';
import { startStudioProcess } from './studioProcess.ts';

export interface RecordingRun {
	liveMs: number;
	/** The recorder's CPU over the live, in % of one core. */
	recorderCpuPercent: number;
	megabytesPerMinute: number;
	/** From pressing End live until the report offers the recording. */
	endToPlayableMs: number;
	/** The file's first video frame, after the live started. */
	firstFrameMs: number;
	/** The file's duration minus the live's. */
	durationErrorMs: number;
}

export interface RecordingBenchResult {
	method: string;
	runs: RecordingRun[];
	medians: Omit<RecordingRun, 'liveMs'>;
	/** The recorder's CPU as reference ops per second (see the machine reference). */
	recorderRefOpsPerSecond: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runRecordingBench(o: { smoke: boolean; reference: MachineReference }): Promise<RecordingBenchResult> {
	requireBuiltClient();
	const liveSeconds = o.smoke ? 5 : 30;
	const runs: RecordingRun[] = [];
	const browser = await launchChromium();
	const studio = await startStudioProcess({ GLADI_RECORDINGS: 'on' });
	try {
		for (let i = 0; i < (o.smoke ? 1 : 3); i++) runs.push(await oneLive(studio.url, browser, liveSeconds));
	} finally {
		await browser.close();
		await studio.stop();
	}
	const median = (pick: (r: RecordingRun) => number) => summarize(runs.map(pick)).p50;
	const medians = {
		recorderCpuPercent: median((r) => r.recorderCpuPercent),
		megabytesPerMinute: median((r) => r.megabytesPerMinute),
		endToPlayableMs: median((r) => r.endToPlayableMs),
		firstFrameMs: median((r) => r.firstFrameMs),
		durationErrorMs: median((r) => r.durationErrorMs),
	};
	return {
		method:
			`${runs.length} run(s) of a ${liveSeconds} s live: a Chromium host (fake camera, 3-layer VP8 simulcast + Opus) goes live on the real studio ` +
			'(its own process, recordings on); the recorder (FFmpeg, found by its part file in /proc) has its CPU read from /proc/<pid>/stat from 1 s after going live ' +
			'to the end; after End live the report is polled every 50 ms until it offers the recording; ffprobe reads the file. Medians of the runs.',
		runs,
		medians,
		recorderRefOpsPerSecond: Math.round((medians.recorderCpuPercent / 100) * o.reference.cpuOpsPerSecond),
	};
}

async function oneLive(baseUrl: string, browser: Awaited<ReturnType<typeof launchChromium>>, liveSeconds: number): Promise<RecordingRun> {
	const room = await createRoom(baseUrl, 'Bench rekam');
	const token = new URL(room.links.host, baseUrl).searchParams.get('t')!;
	const host = await goLiveAsHost(browser, baseUrl, room.links.host);
	try {
		const progress = (await (await fetch(`${baseUrl}/api/progress?t=${encodeURIComponent(token)}`)).json()) as { sessions: Array<{ sessionId: string }> };
		const sessionId = progress.sessions.at(-1)!.sessionId;
		await sleep(1_000);
		const recorder = pidsWithArg(`${sessionId}/part-`).find((pid) => pidsWithArg('ffmpeg').includes(pid));
		if (!recorder) throw new Error('no recorder process found for the live');
		const cpuFrom = cpuSeconds(recorder);
		const from = performance.now();
		await sleep((liveSeconds - 1) * 1000);
		const cpu = cpuSeconds(recorder) - cpuFrom;
		const elapsed = (performance.now() - from) / 1000;

		await host.getByTestId('end-live').click();
		const endedAt = performance.now();
		let report: SessionReport | null = null;
		while (performance.now() - endedAt < 30_000) {
			report = (await (await fetch(`${baseUrl}/api/sessions/${sessionId}/report?t=${encodeURIComponent(token)}`)).json()) as SessionReport;
			if (report.recording) break;
			await sleep(50);
		}
		const endToPlayableMs = Math.round(performance.now() - endedAt);
		const recording = report?.recording;
		if (!recording) throw new Error('the recording did not become playable within 30 s');
		const file = `${baseUrl}${recording.url}`;
		const firstVideo = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], {
			encoding: 'utf8',
			timeout: 30_000,
		});
		const firstVideoMs = Number(firstVideo.stdout.trim().split('\n')[0]) * 1000;
		return {
			liveMs: report!.session.durationMs,
			recorderCpuPercent: +((cpu / elapsed) * 100).toFixed(2),
			megabytesPerMinute: +(recording.sizeBytes / 1e6 / (recording.durationMs / 60_000)).toFixed(2),
			endToPlayableMs,
			firstFrameMs: Math.round(recording.startedAt + firstVideoMs - report!.session.startedAt),
			durationErrorMs: recording.durationMs - report!.session.durationMs,
		};
	} finally {
		await host.context().close();
	}
}
