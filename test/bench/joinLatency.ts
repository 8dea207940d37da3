/**
 * Join latency: how long a viewer waits from opening an invite link to the
 * first picture of a host who is already live, in headless Chromium against
 * the real studio (in-process, serving client/dist), loopback only.
 *
 * One join = new tab -> page.goto(buyer invite link) -> the join form shows
 * -> the display name is filled in (Playwright fill: automation speed, a
 * person's typing time is not included) -> Join is clicked -> the first video
 * frame is decoded (inbound-rtp framesDecoded > 0, polled in the page every
 * 5 ms) and shown (requestVideoFrameCallback on stage-video, its expected
 * display time). Every timestamp is wall-clock Date.now() (Node and the pages
 * share the machine's clock).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { JOIN_MARK_PREFIX, JOIN_MARKS, type JoinMark } from '../../client/src/joinMarks.ts';
import { createRoom, launchChromium, newContext, startE2EStudio } from '../e2e/harness.ts';
import { goLiveAsHost, loadAverage, requireBuiltClient, summarize, type Summary } from './browserBench.ts';
import { percentile } from './stats.ts';

export interface JoinSample {
	visit: 'warmup' | 'first' | 'repeat';
	/** page.goto start -> its load event (HTML, entry script and styles). */
	linkToLoadMs: number;
	/** page.goto start -> the join form is on screen (HTML, JS bundle, invite lookup). */
	linkToFormMs: number;
	/** Join form shown -> Join clicked (automated fill and click). */
	formToClickMs: number;
	/** Join click -> the receive transport's RTCPeerConnection is connected (signaling, ICE, DTLS). */
	clickToConnectedMs: number;
	/** Join click -> first decoded frame (signaling, transport, consumer, keyframe, decode). */
	clickToFirstFrameMs: number;
	/** Join click -> first frame's expected display time on the stage video. */
	clickToFirstShownMs: number;
	/** page.goto start -> first decoded frame: the headline number. */
	linkToFirstFrameMs: number;
	linkToFirstShownMs: number;
	/** linkToFormMs + clickToFirstFrameMs: the waiting that is the system's, without the time spent on the form. */
	waitingMs: number;
	/** The client's own join marks (client/src/joinMarks.ts), ms after page.goto started; absent: not reached. */
	marks: Partial<Record<JoinMark, number>>;
	/** page.goto start -> Join click (the click's time as the page's probe saw it). */
	linkToClickMs: number;
}

/** One step of the join (a client mark) over the joins: when it happened after opening the link, and after the Join click. */
export interface JoinPhase {
	mark: JoinMark;
	sinceLinkMs: Summary;
	/** Negative: done before the click (while the form was on screen). */
	sinceClickMs: Summary;
}

export interface JoinSeries {
	joins: number;
	linkToFirstFrameMs: Summary;
	clickToFirstFrameMs: Summary;
	clickToConnectedMs: Summary;
	linkToLoadMs: Summary;
	linkToFormMs: Summary;
	linkToFirstShownMs: Summary;
	clickToFirstShownMs: Summary;
	waitingMs: Summary;
	linkToClickMs: Summary;
	/** Where the time goes: every client join mark, in JOIN_MARKS order. */
	phases: JoinPhase[];
}

export interface JoinLatencyResult {
	benchmark: 'join latency';
	smoke: boolean;
	method: string;
	load: string;
	/** First-visit joins, page.goto -> first decoded frame. */
	p50Ms: number;
	p95Ms: number;
	/** First-visit joins, Join click -> first decoded frame. */
	afterClickP50Ms: number;
	afterClickP95Ms: number;
	/** A new browser context per join: empty HTTP cache and storage, like someone opening the link for the first time. */
	firstVisit: JoinSeries;
	/** One context reused, a new tab per join: warm HTTP cache, saved display name. */
	repeatVisit: JoinSeries;
	warmup: JoinSample | null;
	samples: JoinSample[];
	/**
	 * Reference measured in the same run, same browser and server: a fresh context opening a tiny page of the studio
	 * (GET /healthz) to its load event. The join's p50 over it says how many such page opens a join costs.
	 */
	reference: { blankPageLoadMs: Summary; p50OverBlankPage: number };
	/** 1-minute load average of the machine before and after (2 cores: above ~2, other work competes). */
	loadAverage: { before: number; after: number };
	wallSeconds: number;
}

/**
 * Test-only instrumentation (added after the harness's RTCPeerConnection
 * tracker): on the Join click, note the time, then watch for the first
 * decoded and the first shown frame.
 */
const JOIN_PROBE = `(() => {
	const w = window;
	w.__join = { clickAt: null, connectedAt: null, decodedAt: null, shownAt: null };
	document.addEventListener('click', (event) => {
		const target = event.target;
		if (!(target instanceof Element) || !target.closest('[data-testid="join"]') || w.__join.clickAt !== null) return;
		const j = w.__join;
		j.clickAt = Date.now();
		let watched = null;
		const poll = async () => {
			if (j.connectedAt === null && (w.__pcs || []).some((pc) => pc.connectionState === 'connected')) j.connectedAt = Date.now();
			if (j.decodedAt === null) {
				let frames = 0;
				for (const pc of w.__pcs || []) {
					if (pc.connectionState === 'closed') continue;
					const stats = await pc.getStats();
					stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
				}
				if (frames > 0) j.decodedAt = Date.now();
			}
			const video = document.querySelector('[data-testid="stage-video"]');
			if (video && video !== watched && j.shownAt === null) {
				watched = video;
				video.requestVideoFrameCallback((_now, m) => {
					if (j.shownAt === null) j.shownAt = Date.now() + (m.expectedDisplayTime - performance.now());
				});
			}
			if ((j.decodedAt === null || j.shownAt === null) && Date.now() - j.clickAt < 30000) setTimeout(poll, 5);
		};
		void poll();
	}, true);
})();`;

interface ProbeState {
	clickAt: number | null;
	connectedAt: number | null;
	decodedAt: number | null;
	shownAt: number | null;
}

async function probedContext(browser: Browser): Promise<BrowserContext> {
	const context = await newContext(browser);
	await context.addInitScript(JOIN_PROBE);
	return context;
}

async function measureJoin(context: BrowserContext, url: string, name: string, visit: JoinSample['visit']): Promise<JoinSample> {
	const page = await context.newPage();
	try {
		const t0 = Date.now();
		await page.goto(url);
		const loadAt = Date.now();
		const nameField = page.getByTestId('display-name');
		await nameField.waitFor({ state: 'visible', timeout: 20_000 });
		const formAt = Date.now();
		await nameField.fill(name);
		await page.getByTestId('join').click();
		await page.waitForFunction(
			(lastMark) => {
				const j = (window as unknown as { __join: ProbeState }).__join;
				return j.decodedAt !== null && j.shownAt !== null && performance.getEntriesByName(lastMark, 'mark').length > 0;
			},
			`${JOIN_MARK_PREFIX}first-frame`,
			{ timeout: 20_000, polling: 20 },
		);
		const j = await page.evaluate(() => (window as unknown as { __join: ProbeState }).__join);
		// Marks are on the page's clock (ms after its time origin): made wall-clock like the rest.
		const pageMarks = await page.evaluate(
			(prefix) =>
				performance
					.getEntriesByType('mark')
					.filter((m) => m.name.startsWith(prefix))
					.map((m) => ({ name: m.name.slice(prefix.length), at: performance.timeOrigin + m.startTime })),
			JOIN_MARK_PREFIX,
		);
		const marks: Partial<Record<JoinMark, number>> = {};
		for (const m of pageMarks) if ((JOIN_MARKS as readonly string[]).includes(m.name)) marks[m.name as JoinMark] = Math.round(m.at - t0);
		const clickAt = j.clickAt!;
		const decodedAt = j.decodedAt!;
		const shownAt = j.shownAt!;
		return {
			visit,
			linkToLoadMs: loadAt - t0,
			linkToFormMs: formAt - t0,
			formToClickMs: clickAt - formAt,
			clickToConnectedMs: (j.connectedAt ?? decodedAt) - clickAt,
			clickToFirstFrameMs: decodedAt - clickAt,
			clickToFirstShownMs: Math.round(shownAt - clickAt),
			linkToFirstFrameMs: decodedAt - t0,
			linkToFirstShownMs: Math.round(shownAt - t0),
			waitingMs: formAt - t0 + (decodedAt - clickAt),
			marks,
			linkToClickMs: clickAt - t0,
		};
	} finally {
		await page.close();
	}
}

function series(samples: JoinSample[]): JoinSeries {
	const pick = (k: keyof Omit<JoinSample, 'visit' | 'marks'>) => summarize(samples.map((s) => s[k]));
	const phases = JOIN_MARKS.map((mark): JoinPhase => {
		const reached = samples.filter((s) => s.marks[mark] !== undefined);
		return {
			mark,
			sinceLinkMs: summarize(reached.map((s) => s.marks[mark]!)),
			sinceClickMs: summarize(reached.map((s) => s.marks[mark]! - s.linkToClickMs)),
		};
	});
	return {
		joins: samples.length,
		linkToFirstFrameMs: pick('linkToFirstFrameMs'),
		clickToFirstFrameMs: pick('clickToFirstFrameMs'),
		clickToConnectedMs: pick('clickToConnectedMs'),
		linkToLoadMs: pick('linkToLoadMs'),
		linkToFormMs: pick('linkToFormMs'),
		linkToFirstShownMs: pick('linkToFirstShownMs'),
		clickToFirstShownMs: pick('clickToFirstShownMs'),
		waitingMs: pick('waitingMs'),
		linkToClickMs: pick('linkToClickMs'),
		phases,
	};
}

/** A fresh browser context and tab opening `url`, to its load event (ms). */
async function blankPageLoad(browser: Browser, url: string): Promise<number> {
	const context = await newContext(browser);
	try {
		const page = await context.newPage();
		const started = Date.now();
		await page.goto(url, { waitUntil: 'load' });
		return Date.now() - started;
	} finally {
		await context.close();
	}
}

export async function runJoinLatency(options: { smoke: boolean }): Promise<JoinLatencyResult> {
	requireBuiltClient();
	const firstVisits = options.smoke ? 2 : 20;
	const repeatVisits = options.smoke ? 1 : 10;
	// Bounded in time whatever happens: stop adding joins past this point.
	const budgetMs = options.smoke ? 40_000 : 150_000;
	const started = Date.now();
	const loadBefore = loadAverage();
	const pause = () => new Promise((r) => setTimeout(r, 300)); // let the server drop the previous viewer

	const env = await startE2EStudio();
	const browser = await launchChromium();
	const samples: JoinSample[] = [];
	let warmup: JoinSample | null = null;
	const blankPageLoads: number[] = [];
	try {
		const room = await createRoom(env.baseUrl, 'Bench: join latency');
		await goLiveAsHost(browser, env.baseUrl, room.links.host);
		const url = new URL(room.links.buyer, env.baseUrl).toString();

		// One unmeasured join first: the server's and browser's one-time start-up costs are not a viewer's.
		// It is made in the context the repeat visits use later, so that it is also their earlier visit.
		const returning = await probedContext(browser);
		try {
			warmup = await measureJoin(returning, url, 'Penonton Lama', 'warmup');
			await pause();

			for (let i = 0; i < (options.smoke ? 2 : 10); i++) blankPageLoads.push(await blankPageLoad(browser, `${env.baseUrl}/healthz`));

			for (let i = 0; i < firstVisits && Date.now() - started < budgetMs; i++) {
				const context = await probedContext(browser);
				try {
					samples.push(await measureJoin(context, url, `Penonton ${i}`, 'first'));
				} finally {
					await context.close();
				}
				await pause();
			}

			for (let i = 0; i < repeatVisits && Date.now() - started < budgetMs; i++) {
				samples.push(await measureJoin(returning, url, 'Penonton Lama', 'repeat'));
				await pause();
			}
		} finally {
			await returning.close();
		}
	} finally {
		await browser.close();
		await env.close();
	}

	const first = series(samples.filter((s) => s.visit === 'first'));
	const repeat = series(samples.filter((s) => s.visit === 'repeat'));
	return {
		benchmark: 'join latency',
		smoke: options.smoke,
		method:
			'Headless Chromium (Debian build, --disable-gpu) against the real studio (in-process, client/dist, loopback). ' +
			'Per join: new tab, then page.goto(buyer invite link) -> join form visible -> display name filled (Playwright fill, ' +
			'no human typing time) -> Join clicked -> first decoded video frame (inbound-rtp framesDecoded > 0, polled in the page ' +
			'every 5 ms). Reported: goto -> first frame (the headline, p50Ms/p95Ms), Join click -> first frame (afterClick*), ' +
			'Join click -> RTCPeerConnection connected, goto -> load event, goto -> join form (lazy page chunks + invite lookup), ' +
			'waiting = (goto -> form) + (click -> first frame), i.e. without the time spent on the form, and the first frame\'s ' +
			'expected display time (requestVideoFrameCallback on stage-video). First visits use a fresh browser context each ' +
			'(cold HTTP cache, empty storage); repeat visits reuse one context (warm cache, saved name) whose first join is the ' +
			'unmeasured warm-up join made before all others. Wall-clock Date.now() in Node and the pages (one machine clock). ' +
			'Breakdown (phases): the client\'s own User Timing marks (client/src/joinMarks.ts, performance.mark), read after each join ' +
			'and put on the same wall clock (timeOrigin + startTime), each as ms after page.goto started and ms after the Join click ' +
			'(negative: done before the click, while the form was on screen).',
		load:
			`One host live through the studio page (Chromium fake camera 1280x720@30 in 3 VP8 simulcast layers, fake mic) in the same browser; ` +
			`${first.joins} first-visit + ${repeat.joins} repeat-visit joins to the buyer link, one at a time, each viewer closed after its ` +
			`first frame (at most one viewer watching); room defaults otherwise.`,
		p50Ms: first.linkToFirstFrameMs.p50,
		p95Ms: first.linkToFirstFrameMs.p95,
		afterClickP50Ms: first.clickToFirstFrameMs.p50,
		afterClickP95Ms: first.clickToFirstFrameMs.p95,
		firstVisit: first,
		repeatVisit: repeat,
		warmup,
		samples,
		reference: {
			blankPageLoadMs: summarize(blankPageLoads),
			p50OverBlankPage: Math.round((first.linkToFirstFrameMs.p50 / Math.max(0.1, percentile(blankPageLoads, 50))) * 10) / 10,
		},
		loadAverage: { before: loadBefore, after: loadAverage() },
		wallSeconds: Math.round((Date.now() - started) / 1000),
	};
}
