import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { SessionReport } from '@gladi/shared';
import { expect, test } from 'vitest';
import { writeCodedY4m, type CodeSample } from '../bench/frameCode.ts';
import { decoded, decodedByMediaTime, readSampler, startSampler } from '../bench/frameSampler.ts';
import { closeAll, createRoom, e2eSuite, expectDecoding, joinAs, launchChromium, newContext, pressGoLive } from './harness.ts';

const suite = e2eSuite();

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('t')!;

/** The replay video's state: where it is, whether it plays, how long it is. */
function videoState(page: Page): Promise<{ currentTime: number; paused: boolean; duration: number; readyState: number }> {
	return page.getByTestId('replay-video').evaluate((el) => {
		const v = el as HTMLVideoElement;
		return { currentTime: v.currentTime, paused: v.paused, duration: v.duration, readyState: v.readyState };
	});
}

async function reportJson(page: Page): Promise<SessionReport> {
	const href = (await page.getByTestId('report-json').getAttribute('href'))!;
	return (await (await fetch(new URL(href, suite.env.baseUrl))).json()) as SessionReport;
}

/** The report once its recording is ready (the server finishes the file a moment after the live). */
async function reportWithRecording(sessionId: string, token: string): Promise<SessionReport & { recording: NonNullable<SessionReport['recording']> }> {
	const url = `${suite.env.baseUrl}/api/sessions/${encodeURIComponent(sessionId)}/report?t=${encodeURIComponent(token)}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		const report = (await (await fetch(url)).json()) as SessionReport;
		if (report.recording) return { ...report, recording: report.recording };
		if (Date.now() > deadline) throw new Error('no recording 15 s after the live');
		await new Promise((r) => setTimeout(r, 500));
	}
}

test('a trainee replays their live: the comment they got is a moment, tapping it plays the video there with the feed in sync; a mentor notes a moment of the replay and the report shows it; the trainee deletes the recording', async () => {
	const { baseUrl } = suite.env;
	const room = await createRoom(baseUrl, 'Live gamis putar ulang');
	const pages: Page[] = [];
	try {
		// The join page tells viewers the live is recorded.
		const buyer = await (await newContext(suite.browser)).newPage();
		pages.push(buyer);
		await buyer.goto(new URL(room.links.buyer, baseUrl).toString());
		await expect.poll(() => buyer.getByTestId('recording-notice').isVisible(), { timeout: 10_000 }).toBe(true);
		expect(await buyer.getByTestId('recording-notice').textContent()).toContain('direkam');
		await buyer.getByTestId('display-name').fill('Yanti');
		await buyer.getByTestId('join').click();

		const host = await joinAs(suite.browser, baseUrl, room.links.host, 'Bu Rina');
		pages.push(host);
		await pressGoLive(host);
		await expectDecoding(buyer);
		// While live, the host sees that the server records it.
		await expect.poll(() => host.getByTestId('recording-badge').isVisible(), { timeout: 10_000 }).toBe(true);
		expect(await host.getByTestId('recording-badge').textContent()).toContain('Direkam');

		// A few seconds in, the buyer asks; a few seconds later the live ends.
		await new Promise((r) => setTimeout(r, 3_000));
		await buyer.getByTestId('comment-input').fill('bahannya apa kak?');
		await buyer.getByTestId('comment-send').click();
		await new Promise((r) => setTimeout(r, 4_000));
		await host.getByTestId('end-live').click();
		await expect.poll(() => host.getByTestId('recording-badge').count(), { timeout: 10_000 }).toBe(0);

		// The studio links to the report and the replay; the report links to the replay.
		await expect.poll(() => host.getByTestId('studio-replay-link').isVisible(), { timeout: 10_000 }).toBe(true);
		expect(await host.getByTestId('studio-replay-link').getAttribute('href')).toMatch(/^\/laporan\/[^/?]+\/putar\?t=/);
		await host.getByTestId('report-link').click();
		await expect.poll(() => host.getByTestId('report').isVisible(), { timeout: 10_000 }).toBe(true);
		const replayLink = host.getByTestId('replay-link');
		expect(await replayLink.isVisible()).toBe(true);
		// The recording is playable a few seconds after the live (the server finishes the file first).
		const sessionId = new URL(host.url()).pathname.split('/')[2]!;
		const report = await reportWithRecording(decodeURIComponent(sessionId), tokenOf(room.links.host));
		const { recording } = report;
		expect(report.minutes.buckets.length).toBeGreaterThan(0);
		expect(await host.getByTestId('minute-link').count()).toBe(report.minutes.buckets.length);

		await replayLink.click();
		await expect.poll(() => host.getByTestId('replay-video').isVisible(), { timeout: 15_000 }).toBe(true);
		await expect.poll(async () => (await videoState(host)).readyState, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);

		// The buyer's question is a moment at its time in the live.
		const moment = host.getByTestId('replay-moment').filter({ hasText: 'bahannya apa kak?' });
		await expect.poll(() => moment.count(), { timeout: 10_000 }).toBe(1);
		expect(await moment.textContent()).toContain('Yanti');
		const atMs = Number(await moment.getAttribute('data-at-ms'));
		expect(atMs).toBeGreaterThan(1_000);
		expect(atMs).toBeLessThan(report.session.durationMs);
		// Where the question is in the file (s): the recording may start a moment after the live.
		const commentSecond = (report.session.startedAt + atMs - recording.startedAt) / 1000;

		// Before the question, the synced feed does not have it.
		expect(await host.getByTestId('replay-comment').filter({ hasText: 'bahannya apa kak?' }).count()).toBe(0);
		await moment.click();
		await expect.poll(async () => (await videoState(host)).paused, { timeout: 5_000 }).toBe(false);
		const landed = await videoState(host);
		expect(landed.currentTime).toBeGreaterThanOrEqual(Math.max(0, commentSecond - 5));
		expect(landed.currentTime).toBeLessThanOrEqual(commentSecond + 0.5);
		// It plays on, and once the question's moment passes the feed shows it as the host saw it.
		await expect.poll(async () => (await videoState(host)).currentTime, { timeout: 10_000 }).toBeGreaterThan(commentSecond);
		await expect.poll(() => host.getByTestId('replay-comment').filter({ hasText: 'bahannya apa kak?' }).count(), { timeout: 5_000 }).toBe(1);
		// The trainee's link is not a mentor's: no note form.
		expect(await host.getByTestId('replay-note-input').count()).toBe(0);

		// A mentor on a phone, in the room after the live, finds the replay in their console and opens it at the question.
		const mentor = await joinAs(suite.browser, baseUrl, room.links.mentor, 'Pak Mentor', { viewport: { width: 390, height: 844 } });
		pages.push(mentor);
		const mentorReplay = mentor.getByTestId('mentor-replay-link');
		await expect.poll(() => mentorReplay.isVisible(), { timeout: 15_000 }).toBe(true);
		const mentorHref = (await mentorReplay.getAttribute('href'))!;
		expect(mentorHref).toBe(`/laporan/${encodeURIComponent(report.session.id)}/putar?t=${encodeURIComponent(tokenOf(room.links.mentor))}`);
		await mentor.goto(new URL(`${mentorHref}&at=${atMs}`, baseUrl).toString());
		await expect.poll(() => mentor.getByTestId('replay-note-input').isVisible(), { timeout: 15_000 }).toBe(true);
		// The link opened the video at the question (paused: nothing plays without a tap).
		await expect.poll(async () => (await videoState(mentor)).currentTime, { timeout: 10_000 }).toBeGreaterThan(Math.max(0, commentSecond - 5) - 0.01);
		expect((await videoState(mentor)).currentTime).toBeLessThanOrEqual(commentSecond);
		// The frame, and the moments under it, fit a phone.
		const frame = (await mentor.locator('.replay-stage .stage-frame').boundingBox())!;
		expect(frame.x + frame.width).toBeLessThanOrEqual(390.5);
		expect(frame.y + frame.height).toBeLessThanOrEqual(844);
		expect(await mentor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

		await mentor.getByTestId('replay-note-input').fill('Pertanyaan bahan terlewat di sini');
		const noteAt = recording.startedAt + Math.round((await videoState(mentor)).currentTime * 1000);
		await mentor.getByTestId('replay-note-save').click();
		await expect.poll(() => mentor.getByTestId('replay-note-saved').isVisible(), { timeout: 5_000 }).toBe(true);
		const noteMoment = mentor.locator('[data-testid="replay-moment"][data-kind="note"]').filter({ hasText: 'Pertanyaan bahan terlewat di sini' });
		expect(await noteMoment.count()).toBe(1);

		// The report has it at the replay's moment.
		await host.goto(new URL(`/laporan/${encodeURIComponent(report.session.id)}?t=${tokenOf(room.links.host)}`, baseUrl).toString());
		const item = host.getByTestId('timeline-item').filter({ hasText: 'Pertanyaan bahan terlewat di sini' });
		await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
		expect(await item.textContent()).toContain('Pak Mentor');
		const note = (await reportJson(host)).notes.find((n) => n.text === 'Pertanyaan bahan terlewat di sini')!;
		expect(Math.abs(note.at - noteAt)).toBeLessThanOrEqual(50);
		// Its time links back into the replay at that moment.
		expect(await item.getByTestId('timeline-replay').getAttribute('href')).toContain(`&at=${Math.max(0, note.at - report.session.startedAt)}`);

		// The trainee deletes the recording (after confirming): the moments stay, the file is gone.
		await host.getByTestId('replay-link').click();
		await expect.poll(() => host.getByTestId('replay-video').isVisible(), { timeout: 10_000 }).toBe(true);
		await host.getByTestId('replay-delete').click();
		await host.getByTestId('replay-delete-confirm').click();
		await expect.poll(() => host.getByTestId('replay-no-recording').textContent(), { timeout: 5_000 }).toContain('Rekaman sudah dihapus');
		expect(await host.getByTestId('replay-video').count()).toBe(0);
		expect(await host.getByTestId('replay-moment').filter({ hasText: 'bahannya apa kak?' }).count()).toBe(1);
		expect((await fetch(new URL(recording.url, baseUrl))).status).toBe(404);
		await host.getByTestId('replay-report-link').click();
		await expect.poll(() => host.getByTestId('report').isVisible(), { timeout: 10_000 }).toBe(true);
		expect((await reportJson(host)).recording).toBeNull();
	} finally {
		await closeAll(pages);
	}
});

test('tapping the buyer’s comment in the replay shows the frame the host was sending at that moment (frame-coded camera, within 500 ms)', async () => {
	const { baseUrl } = suite.env;
	// Frame i of the host's camera carries i (an 8 s loop: codes are unambiguous within ±4 s).
	const dir = mkdtempSync(path.join(os.tmpdir(), 'gladi-replay-camera-'));
	const camera = path.join(dir, 'coded-camera.y4m');
	writeCodedY4m(camera, { width: 640, height: 360, fps: 30, frames: 240 });
	const hostBrowser = await launchChromium([`--use-file-for-fake-video-capture=${camera}`]);
	const pages: Page[] = [];
	try {
		const room = await createRoom(baseUrl, 'Live berkode');
		const host = await joinAs(hostBrowser, baseUrl, room.links.host, 'Bu Rina');
		const buyer = await joinAs(suite.browser, baseUrl, room.links.buyer, 'Yanti');
		pages.push(host, buyer);
		await pressGoLive(host);
		await expectDecoding(buyer);
		// What the host's own screen showed, frame by frame, on the common clock.
		await startSampler(host, 'preview-video');
		await new Promise((r) => setTimeout(r, 3_000));
		await buyer.getByTestId('comment-input').fill('ukuran XL ready kak?');
		await buyer.getByTestId('comment-send').click();
		await new Promise((r) => setTimeout(r, 3_000));
		const hostFrames = decoded(await readSampler(host, true), (f) => f.shown);
		await host.getByTestId('end-live').click();
		await expect.poll(() => host.getByTestId('report-link').isVisible(), { timeout: 10_000 }).toBe(true);
		const sessionId = new URL((await host.getByTestId('report-link').getAttribute('href'))!, baseUrl).pathname.split('/')[2]!;
		const report = await reportWithRecording(decodeURIComponent(sessionId), tokenOf(room.links.host));

		const replay = await (await newContext(suite.browser)).newPage();
		pages.push(replay);
		await replay.goto(new URL(`/laporan/${sessionId}/putar?t=${tokenOf(room.links.host)}`, baseUrl).toString());
		const moment = replay.getByTestId('replay-moment').filter({ hasText: 'ukuran XL ready kak?' });
		await expect.poll(() => moment.count(), { timeout: 15_000 }).toBe(1);
		const commentAt = report.session.startedAt + Number(await moment.getAttribute('data-at-ms'));
		const commentSecond = (commentAt - report.recording.startedAt) / 1000;
		await startSampler(replay, 'replay-video');
		await moment.click();
		await expect.poll(async () => (await videoState(replay)).currentTime, { timeout: 10_000 }).toBeGreaterThan(commentSecond + 1);
		// The replay's frames around the comment, at the live's time they show.
		const replayFrames = decodedByMediaTime(await readSampler(replay, true))
			.map((f) => ({ code: f.code, t: report.recording.startedAt + f.t }))
			.filter((f) => Math.abs(f.t - commentAt) <= 1_000);
		expect(replayFrames.length).toBeGreaterThan(10);

		/** How far the replay frame is from when the host showed the same frame (the nearest showing of its code). */
		const offset = (f: CodeSample): number | null => {
			const shown = hostFrames.filter((h) => h.code === f.code);
			if (shown.length === 0) return null;
			return shown.reduce((best, h) => (Math.abs(f.t - h.t) < Math.abs(best) ? f.t - h.t : best), Infinity);
		};
		const atComment = replayFrames.reduce((a, b) => (Math.abs(b.t - commentAt) < Math.abs(a.t - commentAt) ? b : a));
		const offsets = replayFrames.map(offset).filter((d): d is number => d !== null);
		console.log(
			`[measure] replay at the comment: frame ${atComment.code}, ${Math.round(offset(atComment)!)} ms from when the host showed it; ` +
				`median over ±1 s: ${Math.round(offsets.sort((a, b) => a - b)[offsets.length >> 1]!)} ms (${offsets.length} frames)`,
		);
		expect(Math.abs(offset(atComment)!)).toBeLessThanOrEqual(500);
		expect(Math.abs(offsets[offsets.length >> 1]!)).toBeLessThanOrEqual(500);
	} finally {
		await closeAll(pages);
		await hostBrowser.close();
		rmSync(dir, { recursive: true, force: true });
	}
});
