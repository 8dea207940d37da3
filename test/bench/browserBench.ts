/**
 * Shared pieces of the browser benchmarks (join latency, glass-to-glass):
 * the built client check, a host that goes live through the real studio
 * page, and sample summaries.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { joinAs } from '../e2e/harness.ts';
import { percentile, round } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The studio serves client/dist: fail early and clearly when it was not built. */
export function requireBuiltClient(): void {
	if (!existsSync(path.join(ROOT, 'client/dist/index.html'))) {
		throw new Error('client/dist is missing: build the client first ((cd client && npx vite build), or npm run build)');
	}
}

/**
 * The machine's 1-minute load average: browser benchmarks are sensitive to
 * anything else running (2 cores), so results carry it to be judged by.
 */
export function loadAverage(): number {
	return Math.round(os.loadavg()[0]! * 100) / 100;
}

export interface Summary {
	n: number;
	p50: number;
	p95: number;
	min: number;
	max: number;
	mean: number;
}

/** n, p50/p95 (nearest rank), min/max and mean, rounded to 0.1 (NaN when empty). */
export function summarize(samples: readonly number[]): Summary {
	const n = samples.length;
	return {
		n,
		p50: round(percentile(samples, 50)),
		p95: round(percentile(samples, 95)),
		min: n ? round(Math.min(...samples)) : Number.NaN,
		max: n ? round(Math.max(...samples)) : Number.NaN,
		mean: n ? round(samples.reduce((a, b) => a + b, 0) / n) : Number.NaN,
	};
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** Open the host link, join, wait for the camera and signaling, press Go live and wait until live. */
export async function goLiveAsHost(browser: Browser, baseUrl: string, hostLink: string): Promise<Page> {
	const host = await joinAs(browser, baseUrl, hostLink, 'Host Bench');
	const goLive = host.getByTestId('go-live');
	await until('the host page could not go live', () => goLive.isEnabled().catch(() => false), 20_000);
	await goLive.click();
	await until('the host page did not show End live', () => host.getByTestId('end-live').isVisible(), 20_000);
	return host;
}
