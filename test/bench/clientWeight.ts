import type { Page } from 'playwright-core';
import { createRoom, joinAs, launchChromium, newContext, startE2EStudio } from '../e2e/harness.ts';

export interface ClientWeightResult {
	method: string;
	/** Compressed bytes over the wire (what a phone downloads), by page. */
	joinPage: { jsBytes: number; cssBytes: number; totalKB: number };
	watchPage: { jsBytes: number; cssBytes: number; totalKB: number; files: number };
	budgetKB: number;
	withinBudget: boolean;
}

interface ResourceSizes {
	js: number;
	css: number;
	files: number;
}

/** JS and CSS bytes (as transferred, compressed) the page has loaded so far. */
function loadedSizes(page: Page): Promise<ResourceSizes> {
	return page.evaluate(() => {
		let js = 0;
		let css = 0;
		let files = 0;
		for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
			const path = new URL(entry.name).pathname;
			if (path.endsWith('.js')) js += entry.encodedBodySize;
			else if (path.endsWith('.css')) css += entry.encodedBodySize;
			else continue;
			files++;
		}
		return { js, css, files };
	});
}

/**
 * Client weight for the buyer: open a buyer invite link in headless Chromium
 * against the real studio (gzip on), then join; sum the JS and CSS the page
 * downloaded (encoded body sizes from the Resource Timing API).
 */
export async function runClientWeight(): Promise<ClientWeightResult> {
	const env = await startE2EStudio();
	const browser = await launchChromium();
	try {
		const room = await createRoom(env.baseUrl, 'weight');
		const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		await page.goto(new URL(room.links.buyer, env.baseUrl).toString());
		await page.getByTestId('display-name').waitFor();
		const join = await loadedSizes(page);
		await context.close();

		const buyer = await joinAs(browser, env.baseUrl, room.links.buyer, 'Pembeli', { viewport: { width: 390, height: 844 } });
		await buyer.getByTestId('stage-waiting').waitFor();
		const watch = await loadedSizes(buyer);
		const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
		const budgetKB = 200;
		return {
			method:
				'headless Chromium at 390x844 opens a buyer invite link on the real studio (gzip), then joins; JS+CSS summed from Resource Timing encodedBodySize (compressed bytes); the watch page total includes the join page',
			joinPage: { jsBytes: join.js, cssBytes: join.css, totalKB: kb(join.js + join.css) },
			watchPage: { jsBytes: watch.js, cssBytes: watch.css, totalKB: kb(watch.js + watch.css), files: watch.files },
			budgetKB,
			withinBudget: watch.js + watch.css <= budgetKB * 1024,
		};
	} finally {
		await browser.close();
		await env.close();
	}
}
