// Diagnostic only (not committed): one buyer join's resource waterfall and marks.
import { createRoom, launchChromium, newContext, startE2EStudio } from '../../e2e/harness.ts';
import { goLiveAsHost } from '../browserBench.ts';

const env = await startE2EStudio();
const browser = await launchChromium();
try {
	const room = await createRoom(env.baseUrl, 'waterfall');
	await goLiveAsHost(browser, env.baseUrl, room.links.host);
	const url = new URL(room.links.buyer, env.baseUrl).toString();
	for (let i = 0; i < Number(process.env['N'] ?? 3); i++) {
		const context = await newContext(browser);
		const page = await context.newPage();
		const t0 = Date.now();
		await page.goto(url);
		await page.getByTestId('display-name').fill('Wati');
		await page.getByTestId('join').click();
		await page.waitForFunction(() => performance.getEntriesByName('gladi:first-frame').length > 0, null, { timeout: 20000 });
		const rows = await page.evaluate(() => {
			const out: string[] = [];
			const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
			out.push(`nav: request ${nav.requestStart.toFixed(0)} response ${nav.responseEnd.toFixed(0)} domInteractive ${nav.domInteractive.toFixed(0)} load ${nav.loadEventEnd.toFixed(0)}`);
			for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
				out.push(`${e.startTime.toFixed(0).padStart(5)} -> ${e.responseEnd.toFixed(0).padStart(5)}  ${(e.encodedBodySize / 1024).toFixed(1)}K ${new URL(e.name).pathname.slice(0, 50)}`);
			}
			for (const m of performance.getEntriesByType('mark')) out.push(`${m.startTime.toFixed(0).padStart(5)}  mark ${m.name}`);
			return { out, origin: performance.timeOrigin };
		});
		console.log(`--- join ${i}: timeOrigin - t0 = ${(rows.origin - t0).toFixed(0)} ms`);
		console.log(rows.out.sort((a, b) => parseFloat(a) - parseFloat(b)).join('\n'));
		await context.close();
		await new Promise((r) => setTimeout(r, 300));
	}
} finally {
	await browser.close();
	await env.close();
}
