import type { SessionReport } from '@gladi/shared';
import { expect, test } from 'vitest';
import { closeAll, createRoom, expectDecoding, joinAs, e2eSuite, pressGoLive } from './harness.ts';

const suite = e2eSuite();

test('a mentor whispers, notes and scores during a live, and the report shows them', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Latihan dengan pendamping');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const mentor = await joinAs(suite.browser, suite.env.baseUrl, room.links.mentor, 'Pak Mentor');
	try {
		await pressGoLive(host);
		await expectDecoding(mentor);

		// Whisper: only on the host's screen.
		await mentor.getByTestId('whisper-input').fill('Sebut harga dengan jelas!');
		await mentor.getByTestId('whisper-send').click();
		await expect.poll(() => host.getByTestId('whisper').textContent(), { timeout: 5_000 }).toContain('Sebut harga dengan jelas!');
		expect(await mentor.getByTestId('whisper').count()).toBe(0);

		// A tagged note and two rubric scores.
		await mentor.getByTestId('note-tag-goodGreeting').click();
		await mentor.getByTestId('note-input').fill('Sapaan pembuka hangat');
		await mentor.getByTestId('note-save').click();
		await expect.poll(() => mentor.getByTestId('note-list').textContent(), { timeout: 5_000 }).toContain('Sapaan pembuka hangat');
		await mentor.getByTestId('rubric-opening-3').click();
		await mentor.getByTestId('rubric-callToAction-2').click();
		await expect.poll(() => mentor.getByTestId('rubric-callToAction-2').getAttribute('aria-checked')).toBe('true');

		// The host ends the live and follows the link to the report.
		await host.getByTestId('end-live').click();
		const link = host.getByTestId('report-link');
		await expect.poll(() => link.isVisible(), { timeout: 10_000 }).toBe(true);
		await link.click();
		const report = host.getByTestId('report');
		await expect.poll(() => report.isVisible(), { timeout: 10_000 }).toBe(true);
		await expect.poll(() => report.textContent(), { timeout: 10_000 }).toContain('Sapaan pembuka hangat');
		const text = (await report.textContent())!;
		expect(text).toContain('Sebut harga dengan jelas!');

		// The JSON behind the page, linked from it, says the same.
		const jsonHref = await host.getByTestId('report-json').getAttribute('href');
		const json = (await (await fetch(new URL(jsonHref!, suite.env.baseUrl))).json()) as SessionReport;
		expect(json.rubric.scores).toEqual({ opening: 3, callToAction: 2 });
		expect(json.notes.map((n) => [n.text, n.tags])).toEqual([['Sapaan pembuka hangat', ['goodGreeting']]]);
		expect(json.whispers.map((w) => w.text)).toEqual(['Sebut harga dengan jelas!']);
		expect(json.session.hostName).toBe('Bu Rina');
	} finally {
		await closeAll([host, mentor]);
	}
});
