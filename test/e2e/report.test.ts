import type { SessionReport } from '@gladi/shared';
import { expect, test } from 'vitest';
import { closeAll, createRoom, joinAs, newContext, e2eSuite, pressGoLive } from './harness.ts';

const suite = e2eSuite();

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('t')!;

test('after the live the host opens the report, its JSON and CSV, and the progress page; a mentor scores it', async () => {
	const room = await createRoom(suite.env.baseUrl, 'Live gamis laporan');
	const host = await joinAs(suite.browser, suite.env.baseUrl, room.links.host, 'Bu Rina');
	const phone = await newContext(suite.browser, { viewport: { width: 390, height: 844 } });
	const mentor = await phone.newPage();
	const buyer = await (await newContext(suite.browser)).newPage();
	try {
		// A short live: go live, about three seconds on air, end it.
		await pressGoLive(host);
		await expect.poll(() => host.getByTestId('end-live').isVisible(), { timeout: 15_000 }).toBe(true);
		await new Promise((r) => setTimeout(r, 3_000));
		await host.getByTestId('end-live').click();

		// The studio links to the report; the host follows it.
		const reportLink = host.getByTestId('report-link');
		await expect.poll(() => reportLink.isVisible(), { timeout: 10_000 }).toBe(true);
		const reportHref = (await reportLink.getAttribute('href'))!;
		expect(reportHref).toMatch(/^\/laporan\/[^/?]+\?t=/);
		await reportLink.click();
		await expect.poll(() => host.getByTestId('report').isVisible(), { timeout: 10_000 }).toBe(true);
		expect(await host.getByTestId('report-title').textContent()).toBe('Live gamis laporan');
		expect(await host.getByTestId('report-host').textContent()).toBe('Bu Rina');
		// Bahasa Indonesia by default; the dashboard and the rubric's four tiers are on the page.
		expect(await host.getByTestId('report-rubric').textContent()).toContain('Rubrik pendamping');
		expect(await host.getByTestId('dashboard-row').count()).toBeGreaterThan(0);
		expect(await host.locator('[data-testid="rubric-opening"] .rubric-level').count()).toBe(4);
		// The trainee cannot score: no rubric radios for the host.
		expect(await host.locator('input[type="radio"]').count()).toBe(0);

		// The JSON link returns the report of a session that lasted.
		const jsonHref = (await host.getByTestId('report-json').getAttribute('href'))!;
		const jsonRes = await fetch(new URL(jsonHref, suite.env.baseUrl));
		expect(jsonRes.status).toBe(200);
		expect(jsonRes.headers.get('content-type')).toContain('application/json');
		const report = (await jsonRes.json()) as SessionReport;
		expect(report.session.durationMs).toBeGreaterThan(0);
		expect(report.session.endedAt).not.toBeNull();
		expect(reportHref).toContain(encodeURIComponent(report.session.id));

		// The CSV link returns CSV.
		const csvHref = (await host.getByTestId('report-csv').getAttribute('href'))!;
		const csvRes = await fetch(new URL(csvHref, suite.env.baseUrl));
		expect(csvRes.status).toBe(200);
		expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
		expect((await csvRes.text()).length).toBeGreaterThan(0);

		// Printing hides the buttons.
		await host.emulateMedia({ media: 'print' });
		expect(await host.getByTestId('report-print').isVisible()).toBe(false);
		expect(await host.getByTestId('report').isVisible()).toBe(true);
		await host.emulateMedia({ media: 'screen' });

		// The progress page lists the session and links back to its report.
		await host.getByTestId('progress-link').click();
		await expect.poll(() => host.getByTestId('progress').isVisible(), { timeout: 10_000 }).toBe(true);
		const row = host.locator(`[data-testid="progress-row"][data-session-id="${report.session.id}"]`);
		await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1);
		expect(await row.textContent()).toContain('Live gamis laporan');
		expect(await host.getByTestId('progress-chart').isVisible()).toBe(true);
		await row.getByTestId('progress-report-link').click();
		await expect.poll(() => host.getByTestId('report').isVisible(), { timeout: 10_000 }).toBe(true);

		// A mentor, on a phone, who joined the room under their name, opens the same report with their own link,
		// scores a criterion and adds a note: it carries their name (mentors share one link).
		await mentor.goto(new URL(room.links.mentor, suite.env.baseUrl).toString());
		await mentor.getByTestId('display-name').fill('Pak Mentor');
		await mentor.getByTestId('join').click();
		await expect.poll(() => mentor.getByTestId('stage-offline').isVisible(), { timeout: 15_000 }).toBe(true);
		await mentor.goto(new URL(`/laporan/${encodeURIComponent(report.session.id)}?t=${tokenOf(room.links.mentor)}`, suite.env.baseUrl).toString());
		await expect.poll(() => mentor.getByTestId('report').isVisible(), { timeout: 10_000 }).toBe(true);
		await expect.poll(() => mentor.getByTestId('rubric-opening-3').count(), { timeout: 5_000 }).toBe(1);
		await mentor.getByTestId('rubric-opening-3').check();
		await expect.poll(() => mentor.getByTestId('rubric-total').textContent(), { timeout: 5_000 }).toMatch(/^Total 3 dari \d+$/);
		await mentor.getByTestId('note-text').fill('Sapaan pembukanya hangat.');
		await mentor.getByTestId('note-tag-goodGreeting').click();
		await mentor.getByTestId('note-at').fill('00:02');
		await mentor.getByTestId('note-save').click();
		const item = mentor.getByTestId('timeline-item').filter({ hasText: 'Sapaan pembukanya hangat.' });
		await expect.poll(() => item.count(), { timeout: 5_000 }).toBe(1);
		expect(await item.textContent()).toContain('00:02');
		expect(await item.textContent()).toContain('Sapaan bagus');
		expect(await item.textContent()).toContain('Pak Mentor');
		// Nothing on the phone is wider than the screen.
		expect(await mentor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

		// The host sees the score after a reload, in English when switched.
		await host.reload();
		await expect.poll(() => host.getByTestId('report').isVisible(), { timeout: 10_000 }).toBe(true);
		await host.getByTestId('lang-switch').click();
		expect(await host.getByTestId('rubric-total').textContent()).toMatch(/^Total 3 of \d+$/);
		expect(await host.getByTestId('report-notes').textContent()).toContain('Good greeting');

		// A buyer's link does not open the report.
		await buyer.goto(new URL(`/laporan/${encodeURIComponent(report.session.id)}?t=${tokenOf(room.links.buyer)}`, suite.env.baseUrl).toString());
		await expect.poll(() => buyer.getByTestId('report-error').isVisible(), { timeout: 10_000 }).toBe(true);
		expect(await buyer.getByTestId('report-error').textContent()).toContain('bukan milikmu');
	} finally {
		await closeAll([host, mentor, buyer]);
	}
});
