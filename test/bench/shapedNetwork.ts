/**
 * Shaped networks: what a viewer gets when the host's uplink is capped
 * (600 and 250 kbit/s, tc tbf) and when the viewer's own media path loses
 * 5 % of what the studio sends with a 150 ms round trip (the bench's UDP
 * relay), each against the same viewer on an unshaped link measured first
 * in the same run (the reference: the ratios are shaped over unshaped).
 *
 * The studio, the host and the viewer each run on a host of their own
 * (network namespaces, test/net/netBench.ts); the host is headless Chromium
 * with the fake camera at 1280x720@30 (three VP8 simulcast layers). The
 * viewer's page is sampled with test/net/mediaStats.ts; this file only adds
 * the medians over one-second steps. Needs root (namespaces): otherwise the
 * result says it was skipped and why.
 */
import type { Browser } from 'playwright-core';
import { closeAll, CHROMIUM_PATH, createRoom, expectDecoding, joinAs, launchChromium } from '../e2e/harness.ts';
import { readReceiveSampler, sentLayers, startReceiveSampler, summarizeReceive, type ReceiveRecord, type ReceiveSample, type SentLayer } from '../net/mediaStats.ts';
import { namespacesUnavailable, NetBench, type ClientLink, type ImpairmentSpec, type LinkShape } from '../net/netBench.ts';
import { goLiveAsHost, loadAverage, requireBuiltClient } from './browserBench.ts';
import { runStandalone } from './standalone.ts';
import { median, round } from './stats.ts';

/** What one viewer got over one watch window. */
export interface ViewerFigures {
	/** Median over the window's samples (4 a second) of the decoding stream's frame height. */
	medianHeight: number;
	minHeight: number;
	/** Median over the window's one-second steps of the frames decoded in that second. */
	medianFps: number;
	/** Chromium's freeze counters over the window. */
	freezes: number;
	freezeSeconds: number;
	/** freezeSeconds over the window's length. */
	freezeShare: number;
	longestStallMs: number;
	videoPacketsLost: number;
	nacks: number;
	audioConcealedShare: number;
	seconds: number;
}

export interface ShapedCase {
	name: 'hostUplink600' | 'hostUplink250' | 'viewerLoss5Rtt150';
	condition: string;
	shaped: ViewerFigures;
	/** What the relay did to the viewer's media over the watch (the impairment was really there): packets to it, and dropped. */
	relayToViewer: { packets: number; dropped: number };
	/** The host's sent video layers at the end of the watch (why a layer is missing: qualityLimitationReason). */
	hostSends: SentLayer[];
	/** Shaped over the unshaped reference (null: the reference is 0). */
	ratios: { medianHeight: number | null; medianFps: number | null; freezeShare: number | null };
}

export type ShapedNetworkResult =
	| { benchmark: 'shaped network'; skipped: string }
	| {
			benchmark: 'shaped network';
			skipped: null;
			smoke: boolean;
			method: string;
			/** The same viewer on the unshaped link, measured first in the same run. */
			reference: ViewerFigures;
			/** The host's sent layers at the end of the reference watch (on a busy machine the encoder may drop the top layer for CPU). */
			referenceHostSends: SentLayer[];
			cases: ShapedCase[];
			loadAverage: { before: number; after: number };
			wallSeconds: number;
	  };

/** The decoding stream's frame height in a sample: the video stream with the most frames decoded. */
function heightOf(sample: ReceiveSample): number {
	const videos = sample.streams.filter((s) => s.kind === 'video' && s.frameHeight > 0);
	videos.sort((a, b) => b.framesDecoded - a.framesDecoded);
	return videos[0]?.frameHeight ?? 0;
}

function videoFramesOf(sample: ReceiveSample): number {
	return sample.streams.filter((s) => s.kind === 'video').reduce((sum, s) => sum + s.framesDecoded, 0);
}

/** The viewer's figures over [from, to] (epoch ms): mediaStats' summary plus the medians. */
export function viewerFigures(record: ReceiveRecord, from: number, to: number): ViewerFigures {
	const summary = summarizeReceive(record, from, to);
	const inWindow = record.samples.filter((s) => s.t >= from && s.t <= to);
	const perSecond: number[] = [];
	// One-second steps from sample to sample (a stream that appears or goes in a step only skews that one step).
	let start = inWindow[0];
	for (const sample of inWindow) {
		if (!start || sample.t - start.t < 1_000) continue;
		perSecond.push(((videoFramesOf(sample) - videoFramesOf(start)) * 1000) / (sample.t - start.t));
		start = sample;
	}
	return {
		medianHeight: inWindow.length ? median(inWindow.map(heightOf)) : 0,
		minHeight: summary.minHeight,
		medianFps: perSecond.length ? round(Math.max(0, median(perSecond))) : summary.fps,
		freezes: summary.freezes,
		freezeSeconds: summary.freezeSeconds,
		freezeShare: summary.freezeShare,
		longestStallMs: summary.longestStallMs,
		videoPacketsLost: summary.videoPacketsLost,
		nacks: summary.nacks,
		audioConcealedShare: summary.audioConcealedShare,
		seconds: summary.seconds,
	};
}

const ratio = (shaped: number, reference: number): number | null => (reference > 0 ? round(shaped / reference, 2) : null);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runShapedNetwork(options: { smoke: boolean }): Promise<ShapedNetworkResult> {
	const unavailable = namespacesUnavailable();
	if (unavailable) return { benchmark: 'shaped network', skipped: unavailable };
	requireBuiltClient();
	const { smoke } = options;
	const started = Date.now();
	const loadBefore = loadAverage();
	/** After a change of the network: the host's bandwidth estimate and simulcast need ~10 s to follow a cap (test/e2e/shapedNetwork.test.ts). */
	const capSettleMs = smoke ? 3_000 : 12_000;
	const settleMs = smoke ? 2_000 : 5_000;
	const watchMs = smoke ? 3_000 : 15_000;

	const bench = await NetBench.create();
	const browsers: Browser[] = [];
	try {
		const browserIn = async (link: ClientLink): Promise<Browser> => {
			const browser = await launchChromium([...bench.chromiumArgs(), '--use-fake-device-for-media-stream=fps=30'], { executablePath: link.wrap(CHROMIUM_PATH) });
			browsers.push(browser);
			return browser;
		};
		const hostLink = await bench.clientNamespace('host');
		const viewerLink = await bench.clientNamespace('viewer');
		await bench.startStudio();
		const room = await createRoom(bench.studioUrl, 'Bench jaringan');
		const host = await goLiveAsHost(await browserIn(hostLink), bench.studioUrl, room.links.host);
		const viewer = await joinAs(await browserIn(viewerLink), bench.studioUrl, room.links.buyer, 'Pembeli Bench');
		await expectDecoding(viewer, 30_000);
		await startReceiveSampler(viewer);

		const watch = async (settle: number): Promise<{ figures: ViewerFigures; relayToViewer: ShapedCase['relayToViewer']; hostSends: SentLayer[] }> => {
			await sleep(settle);
			// The first call only starts sentLayers' bitrate count; the one after the watch gives the rate over it.
			await sentLayers(host);
			const before = (await bench.relay.counters())[viewerLink.address];
			const from = Date.now();
			await sleep(watchMs);
			const figures = viewerFigures(await readReceiveSampler(viewer), from, Date.now());
			const after = (await bench.relay.counters())[viewerLink.address];
			return {
				figures,
				hostSends: await sentLayers(host),
				relayToViewer: { packets: (after?.downPackets ?? 0) - (before?.downPackets ?? 0), dropped: (after?.downDropped ?? 0) - (before?.downDropped ?? 0) },
			};
		};
		const { figures: reference, hostSends: referenceHostSends } = await watch(settleMs);
		console.log('shaped network: unshaped reference', reference);

		// The loss case first, while the host still sends every layer (after a cap the top layer takes a while to come back).
		const steps: Array<{ name: ShapedCase['name']; condition: string; host?: LinkShape; viewer?: ImpairmentSpec }> = [
			{ name: 'viewerLoss5Rtt150', condition: "5 % of the studio's packets to the viewer lost, 75 ms each way (150 ms round trip), on the viewer's media path", viewer: { both: { delayMs: 75 }, down: { lossPercent: 5 } } },
			{ name: 'hostUplink600', condition: "host uplink capped at 600 kbit/s (tc tbf, 300 ms queue)", host: { uplinkKbps: 600 } },
			{ name: 'hostUplink250', condition: 'host uplink capped at 250 kbit/s (tc tbf, 300 ms queue)', host: { uplinkKbps: 250 } },
		];
		const cases: ShapedCase[] = [];
		for (const step of steps) {
			if (step.viewer) await viewerLink.impair(step.viewer);
			if (step.host) await hostLink.shape(step.host);
			const { figures: shaped, relayToViewer, hostSends } = await watch(step.host ? capSettleMs : settleMs);
			if (step.viewer) await viewerLink.impair({});
			console.log(`shaped network: ${step.name}`, shaped);
			cases.push({
				name: step.name,
				condition: step.condition,
				shaped,
				relayToViewer,
				hostSends,
				ratios: {
					medianHeight: ratio(shaped.medianHeight, reference.medianHeight),
					medianFps: ratio(shaped.medianFps, reference.medianFps),
					freezeShare: ratio(shaped.freezeShare, reference.freezeShare),
				},
			});
		}
		await closeAll([viewer]);
		return {
			benchmark: 'shaped network',
			skipped: null,
			smoke,
			method:
				`Studio, host and viewer each in a network namespace (veth pairs through a router namespace); media through a userspace UDP relay. ` +
				`Host: headless Chromium, fake camera 1280x720@30 (3 VP8 simulcast layers), live through the studio page; one viewer (headless Chromium). ` +
				`The viewer's inbound-rtp stats sampled every 250 ms; each case watched ${watchMs / 1000} s after ${capSettleMs / 1000} s (caps) or ` +
				`${settleMs / 1000} s (loss) to settle. Height: median of the samples' decoding-stream frame height; fps: median of one-second steps of framesDecoded; ` +
				`freezes: Chromium's freezeCount/totalFreezesDuration, share over the watch. Reference: the same viewer, unshaped, first in the same run; ratios are shaped / unshaped.`,
			reference,
			referenceHostSends,
			cases,
			loadAverage: { before: loadBefore, after: loadAverage() },
			wallSeconds: Math.round((Date.now() - started) / 1000),
		};
	} finally {
		await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
		await bench.destroy();
	}
}

runStandalone(import.meta.url, () => runShapedNetwork({ smoke: process.argv.includes('--smoke') }));
