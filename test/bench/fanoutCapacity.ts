/*
 * Fan-out capacity: one host stream (a headless Chromium host page, the real
 * client, sending Opus + 3-layer VP8 simulcast from its fake camera) consumed
 * by N lightweight Node viewers that join through Gladi's own signaling.
 * N grows step by step until a viewer loses more than 1% of its packets, a
 * mediasoup worker nears a full core, or the time budget runs out. Two
 * ramps: one worker, then one room spread over every worker (edge routers
 * fed by pipeToRouter once the room's own worker is full). Then the limit of
 * this machine: the same ramp on a bare mediasoup worker (bareSfu.ts, no
 * Gladi around it) and on Gladi's one worker, both fed the same pre-encoded
 * loop (loopSource.ts, one capture for both) and received by the same
 * viewers, and Gladi's capacity and CPU per consumer as ratios to the bare
 * worker's.
 *
 *   node test/bench/fanoutCapacity.ts [--smoke] [--reference-only]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CreateRoomResponse, HealthDetails } from '@gladi/shared';
import { launchChromium, newContext } from '../e2e/harness.ts';
import { BenchChild } from './benchChild.ts';
import { runStandalone } from './standalone.ts';
import type { BareCommand, BareReply } from './bareSfu.ts';
import type { ViewerCommand, ViewerCounters, ViewerReply } from './fanoutViewers.ts';
import { VIDEO_FPS, VIDEO_HEIGHT, VIDEO_KBPS, VIDEO_WIDTH, type PlayerTotals } from './loopSource.ts';
import type { ViewerTarget } from './mediaClients.ts';
import { cpuSeconds, descendants, machineTicks, pidsWithArg, rssBytes, runQueueWaitSeconds, udpDropsOfProcess } from './procStats.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { MachineReference } from './reference.ts';
import type { HostCommand, HostReply } from './roomHosts.ts';
import { fit, median, round } from './stats.ts';
import { startStudioProcess, type StudioProcess } from './studioProcess.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MiB = 2 ** 20;

/** A viewer losing more than this share of its packets ends the run. */
const LOSS_LIMIT_PERCENT = 1;
/** Share of a step's joins that may fail (time out) before the run stops. */
const MAX_JOIN_FAILURES = 0.1;
/** A worker this busy (percent of one core) is saturated. */
const WORKER_CPU_LIMIT_PERCENT = 90;

export interface FanoutCapacityOptions {
	smoke: boolean;
	/** Let the host keep Chromium's delay-based congestion control (transport-cc); default: loss-based only. */
	hostTransportCc?: boolean;
	/** Scheduling priority given to the workers (default -10, as Chromium gives its own busy threads -8); 0 = as started. */
	workerNice?: number;
	/** The machine reference measured in the same run, to express machine-dependent figures as ratios. */
	reference?: MachineReference;
}

/** Video key frames the host encoded and picture-loss requests it received between two readings. */
function keyFrames(before: OutboundStat[], after: OutboundStat[]): { keyFrames: number; plis: number } {
	const sum = (list: OutboundStat[], f: (s: OutboundStat) => number): number => list.filter((s) => s.kind === 'video').reduce((a, s) => a + f(s), 0);
	return {
		keyFrames: sum(after, (s) => s.keyFramesEncoded) - sum(before, (s) => s.keyFramesEncoded),
		plis: sum(after, (s) => s.pliCount) - sum(before, (s) => s.pliCount),
	};
}

/** The host's sending side in a window, from its page's WebRTC stats. */
export interface HostSend {
	/** Largest simulcast layer being sent, e.g. "1280x720@30". */
	topLayer: string;
	layers: number;
	videoKbps: number;
	audioKbps: number;
	/** Why Chromium lowered its sending quality, if it did ("cpu", "bandwidth" or "none"). */
	qualityLimitation: string;
}

/** One worker's share of a step (medians over the step's windows). */
export interface WorkerStep {
	index: number;
	/** Consumers on this worker at the end of the step (health details): viewers' and pipe consumers feeding other workers. */
	consumers: number;
	cpuPercent: number;
	runQueueWaitPercent: number;
	socketDrops: number;
	rssMiB: number;
}

export interface FanoutStep {
	viewers: number;
	/** Viewers' consumers (each viewer: audio + video), on whichever worker. */
	consumers: number;
	/** Pipe consumers carrying the host's stream to other workers (0 with one worker). */
	pipeConsumers: number;
	/** Measurement windows in the step; the figures below are their medians unless said otherwise. */
	windows: number;
	/** Highest single-viewer loss in the step's worst window. */
	worstWindowMaxLossPercent: number;
	/** Seconds it took this step's new viewers to join (signaling, ICE, DTLS, resume). */
	joinSeconds: number;
	joinFailures: number;
	/** Median per new viewer: signaling up to consume answered; ICE + DTLS; the two resumes. */
	joinMedianMs: { signaling: number; iceDtls: number; resume: number };
	/**
	 * Key frames the host encoded (all layers) and PLIs it got while this step's viewers joined: each resume asks
	 * the worker for a key frame, and the worker passes every request on to the host.
	 */
	hostKeyFramesDuringJoin: number;
	hostPlisDuringJoin: number;
	/** The same over the measurement windows (after the joins): key frame requests that reach the host in steady state. */
	hostKeyFramesInWindows: number;
	hostPlisInWindows: number;
	windowSeconds: number;
	/** Highest packet loss of any viewer in the window, and the loss over all viewers. */
	maxViewerLossPercent: number;
	meanLossPercent: number;
	/** Loss over all viewers by kind: audio has no retransmission, video is repaired upstream by NACK/RTX. */
	audioLossPercent: number;
	videoLossPercent: number;
	viewersOverLossLimit: number;
	/** Viewers that received no video at all in the window, or whose consumers were closed. */
	silentViewers: number;
	packetsExpected: number;
	packetsLost: number;
	/** Of the lost packets: dropped by the kernel at viewer sockets (the receivers read too slowly). */
	receiverSocketDrops: number;
	/** Datagrams the kernel dropped at the worker's sockets (the worker read too slowly). */
	workerSocketDrops: number;
	kbpsPerViewer: number;
	/** CPU in percent of one core; with several workers, their sum. */
	workerCpuPercent: number;
	busiestWorkerCpuPercent: number;
	workerCpuPercentPerConsumer: number;
	workers: WorkerStep[];
	/** Time the worker was runnable but waiting for a CPU, in percent of the window: starvation by other processes. */
	workerRunQueueWaitPercent: number;
	/** The Node process in front of the workers: Gladi's studio, or the bare reference's. */
	serverNodeCpuPercent: number;
	receiversCpuPercent: number;
	/** The host's processes: Chromium's, or the loop player's (the name is older than the loop ramps). */
	hostChromiumCpuPercent: number;
	/** The whole machine, in percent of all its cores. */
	machineBusyPercent: number;
	/** CPU (percent of one core) used by processes that are not part of this benchmark. */
	otherProcessesCpuPercent: number;
	workerRssMiB: number;
	serverNodeRssMiB: number;
	receiversRssMiB: number;
	host: HostSend;
}

export interface FanoutCapacityResult {
	smoke: boolean;
	method: string;
	load: string;
	cores: number;
	/** The worker's nice value during the run (null: it could not be changed). */
	workerNice: number | null;
	hostTransportCc: boolean;
	steps: FanoutStep[];
	stopReason: string;
	/** Largest step that passed (loss <= 1% for every viewer, worker under 90% of a core, nobody silent). */
	maxViewersPerWorker: number;
	maxConsumersPerWorker: number;
	/** Worker CPU (percent of one core) each consumer adds: slope of a fit over the passing steps. */
	workerCpuPercentPerConsumer: number;
	/** Worker CPU with no consumers (the host's stream coming in): the fit's intercept. */
	workerBaseCpuPercent: number;
	/** Where that fit reaches 90% of a core: a projection, not a measurement. */
	projectedConsumersAt90Percent: number;
	/** Memory each viewer adds (RSS, fitted slopes): on the server (worker + Node), split, and in the Node viewers' process. */
	serverMemoryPerViewerKiB: number;
	workerMemoryPerViewerKiB: number;
	serverNodeMemoryPerViewerKiB: number;
	receiverMemoryPerViewerKiB: number;
	receiverCpuPercentPerViewer: number;
	/** The same ramp with one room spread over every worker of the machine (edge routers fed by pipeToRouter). */
	multiWorker: MultiWorkerResult;
	/** The limit of this machine: a bare mediasoup worker against Gladi's one worker, the same loop and viewers (null: not run). */
	bareReference: BareReferenceResult | null;
	/** Machine-dependent figures over the CPU reference measured in the same run (see reference.ts). */
	ratios: { consumersPerWorkerPerReferenceCore: number; referenceOpsPerConsumerSecond: number } | null;
	/** What may have skewed this run (e.g. other work on the machine at the same time). */
	warnings: string[];
	durationSeconds: number;
}

export interface MultiWorkerResult {
	workers: number;
	/** The server's GLADI_WORKER_MAX_CONSUMERS during the run: past it, new viewers go to another worker. */
	maxConsumersPerWorkerSetting: number;
	steps: FanoutStep[];
	stopReason: string;
	/** Largest step that passed, for the one room over all workers. */
	maxViewersPerRoom: number;
	maxConsumersPerRoom: number;
	/** How that largest passing step was spread: consumers and CPU per worker. */
	spreadAtMax: WorkerStep[];
	note: string;
	durationSeconds: number;
}

/** A ramp's headline figures, from its passing steps. */
export interface RampSummary {
	/** Largest step that passed (loss <= 1% for every viewer, worker under 90% of a core, nobody silent). */
	maxViewers: number;
	maxConsumers: number;
	/** Worker CPU (percent of one core) each consumer adds: slope of a fit over the passing steps; its intercept. */
	workerCpuPercentPerConsumer: number;
	workerBaseCpuPercent: number;
	/** The same with the Node process in front of the workers counted too (Gladi's studio; the bare reference's). */
	serverCpuPercentPerConsumer: number;
	/** The viewers' process per viewer (its signaling traffic differs: socket.io and Gladi's room events, or none). */
	receiverCpuPercentPerViewer: number;
	/** Where the worker CPU fit reaches 90% of a core: a projection between the steps, not a measurement. */
	projectedConsumersAt90Percent: number;
}

/** One side of the bare reference comparison. */
export interface ComparedRamp extends RampSummary {
	label: string;
	steps: FanoutStep[];
	stopReason: string;
	/** What ended it: only a server limit (loss, silent, worker-cpu, joins) makes maxViewers the capacity rather than a lower bound. */
	limit: RampLimit;
	durationSeconds: number;
}

/** Both servers loaded at once, step by step, and measured in the same windows: what other work on the machine does to one it does to the other. */
export interface SideBySide {
	plan: number[];
	bare: FanoutStep[];
	gladi: FanoutStep[];
	/** Worker CPU per consumer (fitted over each side's passing steps) and with no consumers. */
	bareWorkerCpuPercentPerConsumer: number;
	gladiWorkerCpuPercentPerConsumer: number;
	bareWorkerBaseCpuPercent: number;
	gladiWorkerBaseCpuPercent: number;
	/** bare / Gladi: higher is better, the goal is at least 1. */
	cpuPerConsumerRatio: number | null;
	durationSeconds: number;
}

export interface BareReferenceResult {
	method: string;
	plan: number[];
	budgetSeconds: number;
	/** Run first, then Gladi, one after the other on the same loop. */
	bare: ComparedRamp;
	gladi: ComparedRamp;
	/** Gladi's capacity over the bare worker's: higher is better, the goal is at least 1. */
	capacityRatio: number | null;
	/** The bare worker's CPU per consumer over Gladi's worker's: higher is better, the goal is at least 1. */
	cpuPerConsumerRatio: number | null;
	/** The same with each side's Node process counted. */
	serverCpuPerConsumerRatio: number | null;
	/** Gladi's projected consumers at 90% of a core over the bare worker's: finer than the steps, but a projection. */
	projectedCapacityRatio: number | null;
	/** The CPU per consumer again with both loaded at once (null: it failed); less swayed by other work on the machine. */
	sideBySide: SideBySide | null;
	goal: number;
	/** Both capacities are limits the servers reached (not the plan's end or the time budget). */
	capacitiesMeasured: boolean;
	/** The loop player's packets sent over 50 ms late in either ramp (it fell behind: the source, not the server). */
	hostLatePackets: number;
	note: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The viewers' child process (fanoutViewers.ts). */
type ViewerProcess = BenchChild<ViewerCommand, ViewerReply>;

interface OutboundStat {
	kind: string;
	rid: string;
	bytesSent: number;
	frameWidth: number;
	frameHeight: number;
	framesPerSecond: number;
	qualityLimitationReason: string;
	keyFramesEncoded: number;
	pliCount: number;
}

/** The host page's outbound RTP streams (the e2e harness records its RTCPeerConnections). */
function outboundStats(page: Page): Promise<OutboundStat[]> {
	return page.evaluate(async () => {
		const out: OutboundStat[] = [];
		for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: Record<string, unknown>) => {
				if (s['type'] !== 'outbound-rtp') return;
				out.push({
					kind: String(s['kind']),
					rid: String(s['rid'] ?? ''),
					bytesSent: Number(s['bytesSent'] ?? 0),
					frameWidth: Number(s['frameWidth'] ?? 0),
					frameHeight: Number(s['frameHeight'] ?? 0),
					framesPerSecond: Number(s['framesPerSecond'] ?? 0),
					qualityLimitationReason: String(s['qualityLimitationReason'] ?? ''),
					keyFramesEncoded: Number(s['keyFramesEncoded'] ?? 0),
					pliCount: Number(s['pliCount'] ?? 0),
				});
			});
		}
		return out;
	});
}

function hostSend(before: OutboundStat[], after: OutboundStat[], seconds: number): HostSend {
	const key = (s: OutboundStat): string => `${s.kind}/${s.rid}`;
	const was = new Map(before.map((s) => [key(s), s.bytesSent]));
	const kbps = (kind: string): number =>
		round(after.filter((s) => s.kind === kind).reduce((a, s) => a + (s.bytesSent - (was.get(key(s)) ?? 0)), 0) * 8 / seconds / 1000);
	const video = after.filter((s) => s.kind === 'video' && s.frameWidth > 0).sort((a, b) => b.frameWidth - a.frameWidth);
	const top = video[0];
	const limits = [...new Set(video.map((s) => s.qualityLimitationReason).filter((r) => r && r !== 'none'))];
	return {
		topLayer: top ? `${top.frameWidth}x${top.frameHeight}@${Math.round(top.framesPerSecond)}` : 'none',
		layers: video.length,
		videoKbps: kbps('video'),
		audioKbps: kbps('audio'),
		qualityLimitation: limits.length > 0 ? limits.join(',') : 'none',
	};
}

/*
 * Test-only, in the host page: remove delay-based congestion control
 * (transport-cc, REMB) from the answers the page applies, so Chromium's send
 * estimate is loss-based only. Measured here: with transport-cc, once ~100
 * viewers were attached the host's estimate swung between ~2 Mbps and
 * ~0.5 Mbps and Chromium kept dropping its 720p layer (down to 320x180 at
 * ~30 kbps), because the worker stamps a packet's arrival when it gets to it,
 * so its fan-out work on this oversubscribed 2-core box reads as queueing
 * delay. The capacity question needs a steady source at the client's bitrates.
 */
const LOSS_BASED_SENDER = `(() => {
	const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
	const delayBased = /^a=(rtcp-fb:\\S+ (transport-cc|goog-remb)|extmap:\\S+ \\S*(transport-wide-cc|abs-send-time)\\S*)\\s*$/;
	RTCPeerConnection.prototype.setRemoteDescription = function (description) {
		if (description && description.sdp) {
			const sdp = description.sdp.split('\\r\\n').filter((l) => !delayBased.test(l)).join('\\r\\n');
			description = { type: description.type, sdp };
		}
		return setRemote.call(this, description);
	};
})();`;

/** The real host: Debian's Chromium opens the host link, joins and goes live with its fake camera. */
async function startHost(browser: Browser, url: string, room: CreateRoomResponse, warmupMs: number, transportCc: boolean): Promise<Page> {
	const context = await newContext(browser);
	if (!transportCc) await context.addInitScript(LOSS_BASED_SENDER);
	const page = await context.newPage();
	await page.goto(new URL(room.links.host, url).toString());
	await page.getByTestId('display-name').fill('Host Bench');
	await page.getByTestId('join').click();
	const goLive = page.getByTestId('go-live');
	const deadline = Date.now() + 30_000;
	while (!(await goLive.isEnabled().catch(() => false))) {
		if (Date.now() > deadline) throw new Error('the host page never offered go-live (camera not ready?)');
		await sleep(200);
	}
	await goLive.click();
	await page.getByTestId('end-live').waitFor({ state: 'visible', timeout: 15_000 });
	// Chromium's send bandwidth estimate ramps up from its start bitrate: wait for the top layer.
	const until = Date.now() + warmupMs;
	for (;;) {
		const stats = await outboundStats(page);
		const top = Math.max(0, ...stats.filter((s) => s.kind === 'video').map((s) => s.frameWidth));
		if (Date.now() > until && top > 0) break;
		if (Date.now() > until + 15_000) throw new Error('the host page sends no video');
		await sleep(500);
	}
	return page;
}

interface WorkerReading {
	cpu: number;
	wait: number;
	drops: number;
}

interface Snapshot {
	at: number;
	viewers: ViewerCounters[];
	receiversCpu: number;
	receiversRss: number;
	workers: WorkerReading[];
	serverCpu: number;
	hostCpu: number;
	benchCpu: number;
	machine: { busy: number; total: number };
	host: OutboundStat[];
}

/** The server a ramp loads: Gladi's studio, or the bare mediasoup reference. */
interface LoadedServer {
	/** The Node process in front of the workers (Gladi's studio; the bare reference's). */
	pid: number;
	workerPids: number[];
	/** Consumers on each worker, as the server counts them (viewers' and pipe consumers). */
	workerConsumers(): Promise<Array<{ index: number; consumers: number }>>;
	stop(): Promise<void>;
}

/** The host's stream as a ramp watches it. */
interface HostStream {
	/** Its outbound RTP streams (the loop's in the same shape, from its player's totals). */
	outbound(): Promise<OutboundStat[]>;
	/** CPU seconds the host's processes have used. */
	cpuSeconds(): number;
	stop(): Promise<void>;
}

/**
 * The host browser's processes. Chromium forks renderers from a zygote that
 * is re-parented to init, so they are not our descendants: find the browser
 * among our children (not under `exclude`) by its --user-data-dir, then
 * every process sharing it.
 */
function chromiumPids(exclude: number[]): number[] {
	const skip = new Set(exclude.flatMap((pid) => [pid, ...descendants(pid)]));
	for (const pid of descendants(process.pid)) {
		if (skip.has(pid)) continue;
		try {
			const dir = /--user-data-dir=([^\0]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
			if (dir) return pidsWithArg(`--user-data-dir=${dir}`);
		} catch {
			// gone
		}
	}
	return [];
}

/** The process playing the loop (roomHosts.ts), shared by the loop ramps: one capture, the same packets for each. */
type HostsProcess = BenchChild<HostCommand, HostReply>;

/** The loop as outbound RTP streams (one video layer, the loop's size and rate; audio), from its player's totals. */
function loopOutbound(totals: PlayerTotals): OutboundStat[] {
	const common = { rid: '', qualityLimitationReason: 'none', keyFramesEncoded: 0, pliCount: 0 };
	return [
		{
			...common,
			kind: 'video',
			bytesSent: totals.videoBytes,
			frameWidth: VIDEO_WIDTH,
			frameHeight: VIDEO_HEIGHT,
			framesPerSecond: VIDEO_FPS,
			keyFramesEncoded: totals.keyFrames,
			pliCount: totals.keyFrameRequests,
		},
		{ ...common, kind: 'audio', bytesSent: totals.bytes - totals.videoBytes, frameWidth: 0, frameHeight: 0, framesPerSecond: 0 },
	];
}

/** `ours`: more processes of this benchmark (the other side of a side-by-side run), counted with the benchmark's own CPU. */
async function snapshot(server: LoadedServer, viewers: ViewerProcess, host: HostStream, ours: number[] = []): Promise<Snapshot> {
	const v = await viewers.send({ type: 'snapshot' }, 'snapshot', 15_000);
	return {
		at: performance.now(),
		viewers: v.viewers,
		receiversCpu: v.cpuSeconds,
		receiversRss: v.rssBytes,
		workers: server.workerPids.map((pid) => ({ cpu: cpuSeconds(pid), wait: runQueueWaitSeconds(pid), drops: udpDropsOfProcess(pid) })),
		serverCpu: cpuSeconds(server.pid),
		benchCpu: [process.pid, ...ours].reduce((a, pid) => a + cpuSeconds(pid), 0),
		hostCpu: host.cpuSeconds(),
		machine: machineTicks(),
		host: await host.outbound(),
	};
}

interface JoinStats {
	seconds: number;
	failures: number;
	median: FanoutStep['joinMedianMs'];
	hostBefore: OutboundStat[];
}

/** What one window (two snapshots) measured: a step's figures before the medians, per worker. */
type WindowFigures = Pick<
	FanoutStep,
	| 'maxViewerLossPercent'
	| 'meanLossPercent'
	| 'audioLossPercent'
	| 'videoLossPercent'
	| 'viewersOverLossLimit'
	| 'silentViewers'
	| 'packetsExpected'
	| 'packetsLost'
	| 'receiverSocketDrops'
	| 'kbpsPerViewer'
	| 'serverNodeCpuPercent'
	| 'receiversCpuPercent'
	| 'hostChromiumCpuPercent'
	| 'machineBusyPercent'
	| 'otherProcessesCpuPercent'
> & {
	seconds: number;
	workers: Array<{ cpuPercent: number; runQueueWaitPercent: number; socketDrops: number }>;
};

function measureWindow(a: Snapshot, b: Snapshot): WindowFigures {
	const seconds = (b.at - a.at) / 1000;
	const pct = (cpu: number): number => round((cpu / seconds) * 100);
	let expected = 0;
	let lost = 0;
	let bytes = 0;
	let socketDrops = 0;
	let maxLoss = 0;
	let over = 0;
	let silent = 0;
	let videoExpected = 0;
	let videoLost = 0;
	let audioExpected = 0;
	let audioLost = 0;
	b.viewers.forEach((after, i) => {
		const before = a.viewers[i] ?? { expected: 0, received: 0, bytes: 0, videoExpected: 0, videoReceived: 0, socketDrops: 0, gone: false };
		const e = after.expected - before.expected;
		const l = Math.max(0, e - (after.received - before.received));
		expected += e;
		lost += l;
		bytes += after.bytes - before.bytes;
		socketDrops += after.socketDrops - before.socketDrops;
		const ve = after.videoExpected - before.videoExpected;
		videoExpected += ve;
		const vr = after.videoReceived - before.videoReceived;
		videoLost += Math.max(0, ve - vr);
		audioExpected += e - ve;
		audioLost += Math.max(0, e - ve - (after.received - before.received - vr));
		if (after.gone || after.videoReceived === before.videoReceived) silent++;
		const loss = e > 0 ? (l / e) * 100 : 0;
		maxLoss = Math.max(maxLoss, loss);
		if (loss > LOSS_LIMIT_PERCENT) over++;
	});
	const workers = b.workers.map((w, i) => {
		const before = a.workers[i]!;
		return { cpuPercent: pct(w.cpu - before.cpu), runQueueWaitPercent: pct(w.wait - before.wait), socketDrops: w.drops - before.drops };
	});
	const workerCpu = b.workers.reduce((sum, w, i) => sum + w.cpu - a.workers[i]!.cpu, 0);
	const ours = workerCpu + (b.serverCpu - a.serverCpu) + (b.receiversCpu - a.receiversCpu) + (b.hostCpu - a.hostCpu) + (b.benchCpu - a.benchCpu);
	const machineBusy = (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total);
	return {
		seconds,
		maxViewerLossPercent: round(maxLoss, 2),
		meanLossPercent: round(expected > 0 ? (lost / expected) * 100 : 0, 3),
		audioLossPercent: round(audioExpected > 0 ? (audioLost / audioExpected) * 100 : 0, 3),
		videoLossPercent: round(videoExpected > 0 ? (videoLost / videoExpected) * 100 : 0, 3),
		viewersOverLossLimit: over,
		silentViewers: silent,
		packetsExpected: expected,
		packetsLost: lost,
		receiverSocketDrops: socketDrops,
		kbpsPerViewer: round(b.viewers.length > 0 ? (bytes * 8) / seconds / 1000 / b.viewers.length : 0),
		workers,
		serverNodeCpuPercent: pct(b.serverCpu - a.serverCpu),
		receiversCpuPercent: pct(b.receiversCpu - a.receiversCpu),
		hostChromiumCpuPercent: pct(b.hostCpu - a.hostCpu),
		machineBusyPercent: round(machineBusy * 100),
		otherProcessesCpuPercent: Math.max(0, round(machineBusy * os.cpus().length * 100 - (ours / seconds) * 100)),
	};
}

/**
 * A step's figures from its consecutive windows (repeated runs of the same
 * measurement): medians, except that a viewer silent in any window counts.
 */
function measureStep(
	snapshots: Snapshot[],
	server: LoadedServer,
	workerConsumers: Array<{ index: number; consumers: number }>,
	join: JoinStats,
): FanoutStep {
	const windows = snapshots.slice(1).map((b, i) => measureWindow(snapshots[i]!, b));
	const med = (f: (w: WindowFigures) => number, digits = 1): number => round(median(windows.map(f)), digits);
	const first = snapshots[0]!;
	const last = snapshots.at(-1)!;
	const viewers = last.viewers.length;
	const consumers = viewers * 2;
	const healthConsumers = workerConsumers.reduce((sum, w) => sum + w.consumers, 0);
	const workers: WorkerStep[] = server.workerPids.map((pid, i) => ({
		index: workerConsumers[i]?.index ?? i,
		consumers: workerConsumers[i]?.consumers ?? 0,
		cpuPercent: med((w) => w.workers[i]!.cpuPercent),
		runQueueWaitPercent: med((w) => w.workers[i]!.runQueueWaitPercent),
		socketDrops: windows.reduce((sum, w) => sum + w.workers[i]!.socketDrops, 0),
		rssMiB: round(rssBytes(pid) / MiB),
	}));
	const workerCpu = med((w) => w.workers.reduce((sum, x) => sum + x.cpuPercent, 0));
	const seconds = (last.at - first.at) / 1000;
	return {
		viewers,
		consumers,
		pipeConsumers: Math.max(0, healthConsumers - consumers),
		windows: windows.length,
		worstWindowMaxLossPercent: Math.max(...windows.map((w) => w.maxViewerLossPercent)),
		joinSeconds: round(join.seconds),
		joinFailures: join.failures,
		joinMedianMs: join.median,
		hostKeyFramesDuringJoin: keyFrames(join.hostBefore, first.host).keyFrames,
		hostPlisDuringJoin: keyFrames(join.hostBefore, first.host).plis,
		hostKeyFramesInWindows: keyFrames(first.host, last.host).keyFrames,
		hostPlisInWindows: keyFrames(first.host, last.host).plis,
		windowSeconds: round(seconds),
		maxViewerLossPercent: med((w) => w.maxViewerLossPercent, 2),
		meanLossPercent: med((w) => w.meanLossPercent, 3),
		audioLossPercent: med((w) => w.audioLossPercent, 3),
		videoLossPercent: med((w) => w.videoLossPercent, 3),
		viewersOverLossLimit: med((w) => w.viewersOverLossLimit, 0),
		silentViewers: Math.max(...windows.map((w) => w.silentViewers)),
		packetsExpected: windows.reduce((sum, w) => sum + w.packetsExpected, 0),
		packetsLost: windows.reduce((sum, w) => sum + w.packetsLost, 0),
		receiverSocketDrops: windows.reduce((sum, w) => sum + w.receiverSocketDrops, 0),
		workerSocketDrops: workers.reduce((sum, w) => sum + w.socketDrops, 0),
		kbpsPerViewer: med((w) => w.kbpsPerViewer),
		workerCpuPercent: workerCpu,
		busiestWorkerCpuPercent: Math.max(...workers.map((w) => w.cpuPercent)),
		workerCpuPercentPerConsumer: round(consumers > 0 ? workerCpu / consumers : 0, 3),
		workers,
		workerRunQueueWaitPercent: Math.max(...workers.map((w) => w.runQueueWaitPercent)),
		serverNodeCpuPercent: med((w) => w.serverNodeCpuPercent),
		receiversCpuPercent: med((w) => w.receiversCpuPercent),
		hostChromiumCpuPercent: med((w) => w.hostChromiumCpuPercent),
		machineBusyPercent: med((w) => w.machineBusyPercent),
		otherProcessesCpuPercent: med((w) => w.otherProcessesCpuPercent),
		workerRssMiB: round(workers.reduce((sum, w) => sum + w.rssMiB, 0)),
		serverNodeRssMiB: round(rssBytes(server.pid) / MiB),
		receiversRssMiB: round(last.receiversRss / MiB),
		host: hostSend(first.host, last.host, seconds),
	};
}

function ensureClientBuilt(): void {
	if (existsSync(path.join(ROOT, 'client/dist/index.html'))) return;
	console.log('fan-out capacity: building the client (the host page is the real client)');
	const r = spawnSync('npm', ['run', 'build', '--workspace', 'client', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	if (r.status !== 0) throw new Error('the client build failed; the host page needs client/dist');
}

/** The server a ramp loads: Gladi's studio (`workers` workers, extra settings `env`), or the bare reference (one worker). */
type RampServer = { kind: 'gladi'; workers: number; env: Record<string, string> } | { kind: 'bare' };
/** The host's stream: Chromium going live with the real client (Gladi only), or the loop played by `hosts`. */
type RampSource = { kind: 'chromium'; transportCc: boolean } | { kind: 'loop'; hosts: HostsProcess };

interface RampOptions {
	label: string;
	smoke: boolean;
	server: RampServer;
	source: RampSource;
	plan: number[];
	budgetMs: number;
	workerNice: number;
}

/** What ended a ramp: a limit of the server (loss, silence, CPU, failed joins), or the run's own plan, budget or an error. */
export type RampLimit = 'loss' | 'silent' | 'worker-cpu' | 'joins' | 'plan' | 'budget' | 'error';

interface RampResult {
	steps: FanoutStep[];
	stopReason: string;
	limit: RampLimit;
	/** The nice value the workers ran at (null: it could not be set). */
	workerNice: number | null;
	durationSeconds: number;
}

/** Windows per step: each step's figures are medians over these repeated measurements. */
const WINDOWS_PER_STEP = 3;

function passed(s: FanoutStep): boolean {
	return s.maxViewerLossPercent <= LOSS_LIMIT_PERCENT && s.busiestWorkerCpuPercent <= WORKER_CPU_LIMIT_PERCENT && s.silentViewers === 0;
}

/** Gladi's studio in its own process with one room, and the links its host and viewers join with. */
async function startGladi(workers: number, env: Record<string, string>): Promise<{ server: LoadedServer; studio: StudioProcess; room: CreateRoomResponse; token(link: string): string }> {
	const studio = await startStudioProcess({ GLADI_WORKERS: String(workers), ...env });
	try {
		const res = await studio.fetch(`/api/rooms`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'fan-out bench' }),
		});
		const room = (await res.json()) as CreateRoomResponse;
		const health = (): Promise<HealthDetails> => studio.health();
		const server: LoadedServer = {
			pid: studio.pid,
			workerPids: (await health()).workers.map((w) => w.pid),
			workerConsumers: async () => (await health()).workers.map((w) => ({ index: w.index, consumers: w.consumers })),
			stop: () => studio.stop(),
		};
		return { server, studio, room, token: (link) => new URL(link, studio.url).searchParams.get('t')! };
	} catch (error) {
		await studio.stop();
		throw error;
	}
}

/** The bare reference (bareSfu.ts) in its own process: one worker, one router. */
async function startBare(): Promise<{ server: LoadedServer; url: string }> {
	const bare = await BenchChild.start<BareCommand, BareReply>(path.join(import.meta.dirname, 'bareSfu.ts'));
	const ready = bare.ready;
	if (ready?.type !== 'ready') {
		await bare.close();
		throw new Error('the bare reference did not start');
	}
	return {
		url: ready.url,
		server: {
			pid: bare.child.pid!,
			workerPids: [ready.workerPid],
			workerConsumers: async () => [{ index: 0, consumers: (await bare.send({ type: 'health' }, 'health', 5_000)).consumers }],
			stop: () => bare.close(),
		},
	};
}

/** The loop from `hosts` into the server (published as a host page does for Gladi; over a plain transport for the bare one). */
async function startLoopHost(hosts: HostsProcess, command: HostCommand, warmupMs: number): Promise<HostStream> {
	await hosts.send(command, 'added', 30_000);
	await sleep(warmupMs); // the server's first key frame request answered, the stream steady
	return {
		outbound: async () => loopOutbound((await hosts.send({ type: 'snapshot' }, 'snapshot', 15_000)).totals),
		cpuSeconds: () => cpuSeconds(hosts.child.pid!),
		stop: async () => {
			await hosts.send({ type: 'clear' }, 'cleared', 10_000);
		},
	};
}

/** The real host page in Chromium, live on the studio; its CPU: the browser's processes (not under `exclude`). */
async function startChromiumHost(
	url: string,
	room: CreateRoomResponse,
	warmupMs: number,
	transportCc: boolean,
	exclude: () => number[],
): Promise<HostStream> {
	// The client asks for 1280x720 at 30 fps; the fake camera gives 20 fps unless told.
	const browser = await launchChromium(['--use-fake-device-for-media-stream=fps=30']);
	try {
		const page = await startHost(browser, url, room, warmupMs, transportCc);
		return {
			outbound: () => outboundStats(page),
			cpuSeconds: () => chromiumPids(exclude()).reduce((a, p) => a + cpuSeconds(p), 0),
			stop: () => browser.close().catch(() => undefined),
		};
	} catch (error) {
		await browser.close().catch(() => undefined);
		throw error;
	}
}

/**
 * One ramp: a fresh server (Gladi's studio with `workers` workers and one
 * room, or the bare reference), a host live on it, and viewers added step by
 * step until loss, saturation, failed joins or the time budget stop it.
 */
async function rampUp(o: RampOptions): Promise<RampResult> {
	const started = performance.now();
	const windowMs = o.smoke ? 1000 : 3000;
	const settleMs = o.smoke ? 500 : 3000;
	const concurrency = 8;
	let workerNice: number | null = o.workerNice;

	let server: LoadedServer | undefined;
	let host: HostStream | undefined;
	let viewers: ViewerProcess | undefined;
	const steps: FanoutStep[] = [];
	let stopReason = `reached the largest planned step (${o.plan.at(-1)} viewers)`;
	let limit: RampLimit = 'plan';
	try {
		let target: ViewerTarget;
		if (o.server.kind === 'gladi') {
			const gladi = await startGladi(o.server.workers, o.server.env);
			server = gladi.server;
			target = { kind: 'gladi', url: gladi.studio.url, token: gladi.token(gladi.room.links.buyer) };
			if (o.source.kind === 'chromium') {
				const exclude = (): number[] => [gladi.studio.pid, ...(viewers ? [viewers.child.pid!] : [])];
				host = await startChromiumHost(gladi.studio.url, gladi.room, o.smoke ? 1000 : 5000, o.source.transportCc, exclude);
			} else {
				host = await startLoopHost(o.source.hosts, { type: 'add', url: gladi.studio.url, token: gladi.token(gladi.room.links.host) }, o.smoke ? 500 : 2000);
			}
		} else {
			if (o.source.kind !== 'loop') throw new Error('the bare reference takes the loop only (a browser needs signaling)');
			const bare = await startBare();
			server = bare.server;
			target = { kind: 'bare', url: bare.url };
			host = await startLoopHost(o.source.hosts, { type: 'addBare', url: bare.url }, o.smoke ? 500 : 2000);
		}
		// The workers share the cores with their load generators; Chromium runs some of its threads at nice -8,
		// so without a raised priority a worker waits behind them and its socket overflows (measured).
		for (const pid of server.workerPids) {
			try {
				os.setPriority(pid, workerNice ?? 0);
			} catch {
				workerNice = null;
			}
		}
		viewers = await BenchChild.start<ViewerCommand, ViewerReply>(path.join(import.meta.dirname, 'fanoutViewers.ts'));

		for (const stepTarget of o.plan) {
			const elapsed = performance.now() - started;
			const have = steps.at(-1)?.viewers ?? 0;
			const added = stepTarget - have;
			// Time the next step would take, from the last one's join rate (joins slow down as the machine fills).
			const last = steps.at(-1);
			const lastAdded = last ? last.viewers - (steps.at(-2)?.viewers ?? 0) : 0;
			const joinEstimateMs = last && lastAdded > 0 ? (last.joinSeconds * 1000 * added) / lastAdded : 0;
			const measureMs = settleMs + WINDOWS_PER_STEP * windowMs;
			if (last && elapsed + joinEstimateMs + measureMs > o.budgetMs) {
				stopReason = `time budget (${o.budgetMs / 1000} s) would be exceeded by the ${stepTarget}-viewer step`;
				limit = 'budget';
				break;
			}
			try {
				const joinStarted = performance.now();
				const hostBefore = await host.outbound();
				const withinMs = Math.max(10_000, o.budgetMs - elapsed - measureMs);
				const joined = await viewers.send(
					{ type: 'add', target, count: added, concurrency, withinMs },
					'added',
					withinMs + 90_000, // joins in flight at the deadline still finish or time out
				);
				const join: JoinStats = {
					seconds: (performance.now() - joinStarted) / 1000,
					failures: joined.failed,
					median: { signaling: joined.signalingMs, iceDtls: joined.mediaMs, resume: joined.resumeMs },
					hostBefore,
				};
				if (joined.failed > 0) console.warn(`fan-out capacity (${o.label}): ${joined.failed} viewers failed to join:`, joined.errors);
				await sleep(settleMs); // key frames after the last resumes; join bursts settle
				const snapshots = [await snapshot(server, viewers, host)];
				for (let w = 0; w < WINDOWS_PER_STEP; w++) {
					await sleep(windowMs);
					snapshots.push(await snapshot(server, viewers, host));
				}
				const step = measureStep(snapshots, server, await server.workerConsumers(), join);
				steps.push(step);
				console.log(
					`fan-out capacity (${o.label}): ${step.viewers} viewers (${step.consumers} consumers + ${step.pipeConsumers} pipe, ` +
						`joined in ${step.joinSeconds} s, median ${step.joinMedianMs.signaling}+${step.joinMedianMs.iceDtls}+${step.joinMedianMs.resume} ms, ` +
						`host key frames ${step.hostKeyFramesDuringJoin}, then ${step.hostKeyFramesInWindows} for ${step.hostPlisInWindows} requests in ${step.windowSeconds} s): workers ${step.workers.map((w) => `#${w.index} ${w.consumers}c ${w.cpuPercent}%`).join(', ')} ` +
						`(waited ${step.workerRunQueueWaitPercent}%), loss max ${step.maxViewerLossPercent}% (worst window ${step.worstWindowMaxLossPercent}%) mean ${step.meanLossPercent}%, ` +
						`socket drops workers ${step.workerSocketDrops} viewers ${step.receiverSocketDrops}, ${step.kbpsPerViewer} kbps/viewer; ` +
						`receivers ${step.receiversCpuPercent}%, host ${step.hostChromiumCpuPercent}%, server ${step.serverNodeCpuPercent}%, ` +
						`others ${step.otherProcessesCpuPercent}%, machine ${step.machineBusyPercent}%; ` +
						`host ${step.host.topLayer} ${step.host.videoKbps} kbps (${step.host.qualityLimitation})`,
				);
				if (step.silentViewers > 0) {
					stopReason = `${step.silentViewers} viewers received no video at ${step.viewers} viewers`;
					limit = 'silent';
					break;
				}
				if (step.maxViewerLossPercent > LOSS_LIMIT_PERCENT) {
					stopReason = `a viewer lost ${step.maxViewerLossPercent}% (> ${LOSS_LIMIT_PERCENT}%, median of ${step.windows} windows) at ${step.viewers} viewers`;
					limit = 'loss';
					break;
				}
				if (step.busiestWorkerCpuPercent > WORKER_CPU_LIMIT_PERCENT) {
					stopReason = `a worker at ${step.busiestWorkerCpuPercent}% of a core (> ${WORKER_CPU_LIMIT_PERCENT}%) at ${step.viewers} viewers`;
					limit = 'worker-cpu';
					break;
				}
				// A few joins timing out on a saturated box is reported, not fatal; many means joining itself broke.
				if (joined.failed > MAX_JOIN_FAILURES * added) {
					stopReason = `${joined.failed} of ${added} viewers failed to join at ${stepTarget} (${joined.errors[0] ?? ''})`;
					limit = 'joins';
					break;
				}
				if (joined.skipped > 0) {
					stopReason = `time budget: only ${joined.ok} of ${added} viewers joined in time for the ${stepTarget}-viewer step`;
					limit = 'budget';
					break;
				}
			} catch (error) {
				// Keep the steps measured so far: one broken step should not lose the whole run.
				stopReason = `failed during the ${stepTarget}-viewer step: ${String(error)}`;
				limit = 'error';
				console.error(`fan-out capacity (${o.label}):`, error);
				break;
			}
		}
	} finally {
		await viewers?.close();
		await host?.stop().catch((error: unknown) => console.warn(`fan-out capacity (${o.label}): stopping the host:`, String(error)));
		await server?.stop();
	}
	return { steps, stopReason, limit, workerNice, durationSeconds: round((performance.now() - started) / 1000) };
}

/** What may have skewed a ramp (other work on the machine, failed joins, a host that lowered its quality). */
function rampWarnings(label: string, steps: FanoutStep[]): string[] {
	const warnings: string[] = [];
	const others = Math.max(0, ...steps.map((s) => s.otherProcessesCpuPercent));
	if (others > 25) warnings.push(`${label}: processes outside this benchmark used up to ${others}% of a core during its windows: its figures are pessimistic`);
	const failedJoins = steps.reduce((a, s) => a + s.joinFailures, 0);
	if (failedJoins > 0) warnings.push(`${label}: ${failedJoins} viewers failed to join (timed out) on the way`);
	const limited = steps.filter((s) => s.host.qualityLimitation !== 'none').map((s) => s.viewers);
	if (limited.length > 0) warnings.push(`${label}: the host lowered its sending quality at ${limited.join(', ')} viewers (see steps[].host)`);
	return warnings;
}

/**
 * Run the benchmark: one worker, then one room over every worker of the
 * machine, then the bare reference against Gladi on the loop. Full mode: up
 * to ~4.5 + ~3.5 + 2 x ~2.5 minutes; smoke mode: 10 viewers on one worker,
 * then 6 and 12 over two (a small limit, so an edge router opens), then 5
 * and 10 on the bare worker and on Gladi's, in about a minute.
 */
export async function runFanoutCapacity(options: FanoutCapacityOptions): Promise<FanoutCapacityResult> {
	const started = performance.now();
	const smoke = options.smoke;
	const hostTransportCc = options.hostTransportCc ?? false;
	const chromiumPath = process.env['GLADI_CHROMIUM'] ?? '/usr/lib/chromium/chromium';
	if (!existsSync(chromiumPath)) throw new Error(`fan-out capacity needs Chromium for the host (${chromiumPath}); set GLADI_CHROMIUM`);
	ensureClientBuilt();

	const workerNice = options.workerNice ?? -10;
	const chromium: RampSource = { kind: 'chromium', transportCc: hostTransportCc };
	const plan = smoke ? [10] : [50, 100, 150, 200, 250, 300, 350, 400, 500, 600, 800];
	// No edge routers in the one-worker ramp, whatever the setting: there is no other worker.
	const single = await rampUp({
		label: '1 worker',
		smoke,
		server: { kind: 'gladi', workers: 1, env: {} },
		source: chromium,
		plan,
		budgetMs: smoke ? 30_000 : 270_000,
		workerNice,
	});

	// One room over all cores, with the product's default limit (smoke: a small limit, so that the edge path runs).
	const workers = Math.max(2, os.availableParallelism());
	const maxConsumersSetting = smoke ? 8 : loadConfig({}).maxConsumersPerWorker;
	const multiPlan = smoke ? [6, 12] : [150, 250, 300, 350, 400, 500, 600, 800];
	const multi = await rampUp({
		label: `${workers} workers`,
		smoke,
		server: { kind: 'gladi', workers, env: { GLADI_WORKER_MAX_CONSUMERS: String(maxConsumersSetting) } },
		source: chromium,
		plan: multiPlan,
		budgetMs: smoke ? 30_000 : 210_000,
		workerNice,
	});

	const bareReference = await runBareReference(smoke, workerNice);

	const summary = summarizeRamp(single.steps);
	const best = single.steps.filter(passed).at(-1);
	const steps = single.steps;
	const workerMem = fit(steps.map((s) => [s.viewers, s.workerRssMiB * 1024]));
	const nodeMem = fit(steps.map((s) => [s.viewers, s.serverNodeRssMiB * 1024]));
	const receiverMem = fit(steps.map((s) => [s.viewers, s.receiversRssMiB * 1024]));
	const host = steps[0]?.host;
	const multiBest = multi.steps.filter(passed).at(-1);
	const busy = Math.max(0, ...multi.steps.map((s) => s.machineBusyPercent));
	const reference = options.reference;
	const workerCpuPerConsumer = summary.workerCpuPercentPerConsumer;
	return {
		smoke,
		method:
			'The real studio as its own process (loopback 127.0.0.1). Host: Debian Chromium (headless, ' +
			'fake camera at 30 fps) opens the host link and goes live with the real client, so the workers receive real Opus + ' +
			'VP8 3-layer simulcast (1280x720/640x360/320x180, the client\'s 1.5 M/500 k/150 k caps). ' +
			(hostTransportCc
				? "The host keeps Chromium's transport-cc congestion control. "
				: 'Test-only: the host page drops transport-cc/REMB from its SDP answers, so Chromium paces by loss only (with ' +
					'transport-cc its estimate collapsed to ~30 kbps at 100+ viewers on this box: the worker stamps arrivals late ' +
					'when busy). ') +
			(single.workerNice !== null && single.workerNice !== 0 ? `Workers run at nice ${single.workerNice} (Chromium runs threads at -8). ` : '') +
			'Viewers: one Node child process; each ' +
			"viewer joins through Gladi's socket.io signaling with a buyer link (room:join, media:createTransport recv, " +
			'media:connectTransport, media:consume, media:resumeConsumer), then does ICE and a real DTLS handshake (werift-dtls) ' +
			'on its own UDP socket and counts RTP sequence numbers per SSRC without decrypting (SRTP keeps RTP headers in clear). ' +
			'Viewers advertise no transport-cc/REMB, so the worker sends every viewer the top simulcast layer and runs no ' +
			'per-viewer bandwidth estimation; viewers send no RTCP or NACK, so loss is never repaired. Steps add viewers ' +
			`(8 joining at a time), settle, then measure ${WINDOWS_PER_STEP} consecutive windows (${smoke ? 1 : 3} s each); ` +
			'a step\'s figures are the medians of its windows: per-viewer ' +
			"loss (expected - received from sequence numbers), worker CPU from /proc/<pid>/stat (pids from the studio's health details over IPC), server, " +
			'viewer and Chromium CPU and RSS, kernel UDP drops at the viewer and worker sockets (/proc/net/udp). Stop: a viewer ' +
			`over ${LOSS_LIMIT_PERCENT}% loss, a silent viewer, a worker over ${WORKER_CPU_LIMIT_PERCENT}% of a core, over ` +
			`${MAX_JOIN_FAILURES * 100}% of a step's joins failing, or the time budget. Two ramps, each with a fresh studio: ` +
			`1 worker, then ${workers} workers with GLADI_WORKER_MAX_CONSUMERS=${maxConsumersSetting} (viewers past it receive ` +
			'from an edge router on the other worker, fed by pipeToRouter). ' +
			`This machine has ${os.cpus().length} cores: the workers, the viewers' process and the host browser compete for them, ` +
			'so the viewers\' and Chromium\'s CPU are reported beside the workers\'.',
		load:
			`1 room, 1 host stream (${host ? `${host.topLayer} top layer of ${host.layers}, ~${host.videoKbps} kbps video + ${host.audioKbps} kbps audio sent` : 'none'}), ` +
			`N viewers x 2 consumers (audio + video top layer); 1 worker: N in ${plan.join(', ')} within ${smoke ? 30 : 270} s; ` +
			`${workers} workers: N in ${multiPlan.join(', ')} within ${smoke ? 30 : 210} s; the product's default crowd simulation on.`,
		cores: os.cpus().length,
		workerNice: single.workerNice,
		hostTransportCc,
		steps,
		stopReason: single.stopReason,
		maxViewersPerWorker: best?.viewers ?? 0,
		maxConsumersPerWorker: best?.consumers ?? 0,
		workerCpuPercentPerConsumer: workerCpuPerConsumer,
		workerBaseCpuPercent: summary.workerBaseCpuPercent,
		projectedConsumersAt90Percent: summary.projectedConsumersAt90Percent,
		serverMemoryPerViewerKiB: round(workerMem.slope + nodeMem.slope),
		workerMemoryPerViewerKiB: round(workerMem.slope),
		serverNodeMemoryPerViewerKiB: round(nodeMem.slope),
		receiverMemoryPerViewerKiB: round(receiverMem.slope),
		receiverCpuPercentPerViewer: summary.receiverCpuPercentPerViewer,
		multiWorker: {
			workers,
			maxConsumersPerWorkerSetting: maxConsumersSetting,
			steps: multi.steps,
			stopReason: multi.stopReason,
			maxViewersPerRoom: multiBest?.viewers ?? 0,
			maxConsumersPerRoom: multiBest?.consumers ?? 0,
			spreadAtMax: multiBest?.workers ?? [],
			note:
				`One room over ${workers} workers: the origin worker keeps viewers up to ${maxConsumersSetting} consumers, later ` +
				'viewers receive from an edge router on the other worker (the host\'s producers piped over loopback). ' +
				`The machine was up to ${busy}% busy (all cores) during this ramp: on ${os.cpus().length} cores the host browser ` +
				'and the viewers\' process need CPU too, so this figure is bounded by the machine, not by the workers.',
			durationSeconds: multi.durationSeconds,
		},
		bareReference,
		ratios: reference
			? {
					consumersPerWorkerPerReferenceCore: round((best?.consumers ?? 0) / (reference.cpuOpsPerSecond / 1000), 3),
					referenceOpsPerConsumerSecond: Math.round((workerCpuPerConsumer / 100) * reference.cpuOpsPerSecond),
				}
			: null,
		warnings: [
			...rampWarnings('1 worker', single.steps),
			...rampWarnings(`${workers} workers`, multi.steps),
			...(bareReference ? [...rampWarnings('bare mediasoup', bareReference.bare.steps), ...rampWarnings('Gladi on the loop', bareReference.gladi.steps)] : []),
			...(bareReference && bareReference.hostLatePackets > 0 ? [`the loop's player sent ${bareReference.hostLatePackets} packets over 50 ms late`] : []),
		],
		durationSeconds: round((performance.now() - started) / 1000),
	};
}

/** A ramp's headline figures, fitted over its passing steps. */
function summarizeRamp(steps: FanoutStep[]): RampSummary {
	const passing = steps.filter(passed);
	const best = passing.at(-1);
	const worker = fit(passing.map((s) => [s.consumers, s.workerCpuPercent]));
	const server = fit(passing.map((s) => [s.consumers, s.workerCpuPercent + s.serverNodeCpuPercent]));
	const receivers = fit(passing.map((s) => [s.viewers, s.receiversCpuPercent]));
	return {
		maxViewers: best?.viewers ?? 0,
		maxConsumers: best?.consumers ?? 0,
		workerCpuPercentPerConsumer: round(worker.slope, 4),
		workerBaseCpuPercent: round(worker.intercept),
		serverCpuPercentPerConsumer: round(server.slope, 4),
		receiverCpuPercentPerViewer: round(receivers.slope, 3),
		projectedConsumersAt90Percent: worker.slope > 0 ? Math.round((WORKER_CPU_LIMIT_PERCENT - worker.intercept) / worker.slope) : 0,
	};
}

/** a / b rounded, when both are positive (a fit over fewer than two passing steps has no slope). */
function ratio(a: number, b: number): number | null {
	return a > 0 && b > 0 ? round(a / b, 2) : null;
}

/**
 * Both servers at once on the shared loop: at each step each side gets its
 * new viewers (in turns of 25, so neither joins on a busier machine), then
 * both are measured in the same windows (each side's snapshots a few
 * milliseconds apart). Other work on the machine then weighs on both alike,
 * which separate ramps minutes apart cannot promise. The steps stop at the
 * first one either side fails; CPU per consumer is fitted over the passing
 * ones. The host figures in these steps are the player's, both streams.
 */
async function sideBySide(hosts: HostsProcess, smoke: boolean, plan: number[], workerNice: number): Promise<SideBySide> {
	const started = performance.now();
	const windowMs = smoke ? 1000 : 3000;
	const settleMs = smoke ? 500 : 3000;
	interface Side {
		server: LoadedServer;
		target: ViewerTarget;
		host: HostStream;
		viewers: ViewerProcess;
		steps: FanoutStep[];
	}
	const servers: LoadedServer[] = [];
	const viewerProcesses: ViewerProcess[] = [];
	let host: HostStream | undefined;
	try {
		const bare = await startBare();
		servers.push(bare.server);
		const gladi = await startGladi(1, {});
		servers.push(gladi.server);
		await startLoopHost(hosts, { type: 'addBare', url: bare.url }, 0);
		host = await startLoopHost(hosts, { type: 'add', url: gladi.studio.url, token: gladi.token(gladi.room.links.host) }, smoke ? 500 : 2000);
		for (const pid of servers.flatMap((x) => x.workerPids)) os.setPriority(pid, workerNice);
		for (let i = 0; i < 2; i++) viewerProcesses.push(await BenchChild.start<ViewerCommand, ViewerReply>(path.join(import.meta.dirname, 'fanoutViewers.ts')));
		const targets: ViewerTarget[] = [
			{ kind: 'bare', url: bare.url },
			{ kind: 'gladi', url: gladi.studio.url, token: gladi.token(gladi.room.links.buyer) },
		];
		const sides: Side[] = servers.map((server, i) => ({ server, target: targets[i]!, host: host!, viewers: viewerProcesses[i]!, steps: [] }));
		const otherPids = (i: number): number[] => {
			const other = sides[1 - i]!;
			return [...other.server.workerPids, other.server.pid, other.viewers.child.pid!];
		};
		let have = 0;
		for (const n of plan) {
			const joins = sides.map(() => ({ seconds: 0, failures: 0, median: { signaling: 0, iceDtls: 0, resume: 0 } }));
			const hostBefore = await host.outbound();
			for (let at = have; at < n; at += 25) {
				for (const [i, side] of sides.entries()) {
					const t0 = performance.now();
					const r = await side.viewers.send({ type: 'add', target: side.target, count: Math.min(25, n - at), concurrency: 8, withinMs: 60_000 }, 'added', 150_000);
					const j = joins[i]!;
					j.seconds += (performance.now() - t0) / 1000;
					j.failures += r.failed;
					j.median = { signaling: r.signalingMs, iceDtls: r.mediaMs, resume: r.resumeMs };
				}
			}
			have = n;
			await sleep(settleMs);
			// One after the other: the player's process (shared) answers one command at a time.
			const snaps: Snapshot[][] = [];
			for (const [i, side] of sides.entries()) snaps.push([await snapshot(side.server, side.viewers, side.host, otherPids(i))]);
			for (let w = 0; w < WINDOWS_PER_STEP; w++) {
				await sleep(windowMs);
				for (const [i, side] of sides.entries()) snaps[i]!.push(await snapshot(side.server, side.viewers, side.host, otherPids(i)));
			}
			for (const [i, side] of sides.entries()) {
				side.steps.push(measureStep(snaps[i]!, side.server, await side.server.workerConsumers(), { ...joins[i]!, hostBefore }));
			}
			const [b, g] = [sides[0]!.steps.at(-1)!, sides[1]!.steps.at(-1)!];
			console.log(
				`fan-out capacity (side by side): ${n} viewers each: workers bare ${b.workerCpuPercent}%, Gladi ${g.workerCpuPercent}%; ` +
					`loss max ${b.maxViewerLossPercent}% / ${g.maxViewerLossPercent}%; receivers ${b.receiversCpuPercent}% / ${g.receiversCpuPercent}%; ` +
					`others ${g.otherProcessesCpuPercent}%, machine ${g.machineBusyPercent}%`,
			);
			if (!passed(b) || !passed(g)) break;
		}
		const [bareSteps, gladiSteps] = [sides[0]!.steps, sides[1]!.steps];
		const [bs, gs] = [summarizeRamp(bareSteps), summarizeRamp(gladiSteps)];
		return {
			plan,
			bare: bareSteps,
			gladi: gladiSteps,
			bareWorkerCpuPercentPerConsumer: bs.workerCpuPercentPerConsumer,
			gladiWorkerCpuPercentPerConsumer: gs.workerCpuPercentPerConsumer,
			bareWorkerBaseCpuPercent: bs.workerBaseCpuPercent,
			gladiWorkerBaseCpuPercent: gs.workerBaseCpuPercent,
			cpuPerConsumerRatio: ratio(bs.workerCpuPercentPerConsumer, gs.workerCpuPercentPerConsumer),
			durationSeconds: round((performance.now() - started) / 1000),
		};
	} finally {
		for (const v of viewerProcesses) await v.close();
		await host?.stop().catch(() => undefined);
		for (const server of servers) await server.stop();
	}
}

/**
 * The limit of this machine: the same ramp (plan, steps, windows, stop
 * rules, viewers' process) on a bare mediasoup worker and then on Gladi's
 * studio with one worker, both fed the same captured loop by one player
 * process, and Gladi's figures over the bare worker's. Null (with the error
 * printed) if it could not run: the other ramps' figures still count.
 */
async function runBareReference(smoke: boolean, workerNice: number): Promise<BareReferenceResult | null> {
	// Finer where one worker of this machine tops out (300-500 viewers): capacities are known to a step.
	const plan = smoke ? [5, 10] : [100, 200, 300, 350, 400, 450, 500, 550, 600, 700, 800];
	const budgetMs = smoke ? 20_000 : 120_000;
	let hosts: HostsProcess | undefined;
	try {
		hosts = await BenchChild.start<HostCommand, HostReply>(path.join(import.meta.dirname, 'roomHosts.ts'), 90_000);
		const loop: RampSource = { kind: 'loop', hosts };
		const compared = async (label: string, server: RampServer): Promise<ComparedRamp> => {
			const r = await rampUp({ label, smoke, server, source: loop, plan, budgetMs, workerNice });
			return { label, ...summarizeRamp(r.steps), steps: r.steps, stopReason: r.stopReason, limit: r.limit, durationSeconds: r.durationSeconds };
		};
		const bare = await compared('bare mediasoup', { kind: 'bare' });
		const gladi = await compared('Gladi on the loop', { kind: 'gladi', workers: 1, env: {} });
		const together = await sideBySide(hosts, smoke, smoke ? [3, 6] : [100, 200], workerNice).catch((error: unknown) => {
			console.error('fan-out capacity: the side-by-side run failed:', error);
			return null;
		});
		const late = (await hosts.send({ type: 'snapshot' }, 'snapshot', 15_000)).totals.late;
		const stepAfter = (n: number): number => (plan.find((p) => p > n) ?? n) - n;
		const measured = (r: ComparedRamp): boolean => ['loss', 'silent', 'worker-cpu', 'joins'].includes(r.limit);
		return {
			method:
				'Two ramps one after the other, each with a fresh server and a fresh viewers\' process, the same plan, steps, windows and stop ' +
				'rules as the one-worker ramp above. Bare: bareSfu.ts, a child process with one mediasoup Worker and Router and nothing else ' +
				"(mediasoup's default worker settings, no socket.io, rooms, crowd, audio level observer, key frame merging or logging); the host's loop " +
				'comes in over a PlainTransport (SRTP AES_CM_128_HMAC_SHA1_80 with a key of the player\'s, no ICE or DTLS). Gladi: the studio with one ' +
				"worker and its defaults (the crowd on), the loop published over Gladi's signaling and a WebRtcTransport (ICE + DTLS-SRTP) as a host " +
				'page does, live. Input, identical for both: one player process (roomHosts.ts) captures the loop once (FFmpeg: VP8 ' +
				`${VIDEO_WIDTH}x${VIDEO_HEIGHT}@${VIDEO_FPS}, ${VIDEO_KBPS} kbit/s, one layer; Opus mono) and replays the same packets to both, ` +
				"answering PLI/FIR with its next key frame. Viewers, identical: the same receiver code (fanoutViewers.ts, rtpReceiver.ts), each " +
				'a WebRtcTransport with ICE + real DTLS, RTP counted by sequence number, no RTCP or congestion feedback; they make the same ' +
				"media:* requests with Gladi's payloads, to Gladi over socket.io after room:join, to the bare reference as one HTTP POST each. " +
				"Matched: the router's codecs (MEDIA_CODECS) and the receive transports (on a WebRtcServer, one UDP + one TCP port on 127.0.0.1 " +
				"with Gladi's 4 MiB socket buffers, UDP preferred), the workers' nice value. With one video layer both sides' video consumers are " +
				'simple consumers (the Chromium ramps above use simulcast consumers). Ratios: capacity = Gladi max viewers / bare max viewers; ' +
				'CPU per consumer = bare worker\'s fitted slope / Gladi worker\'s (and with each side\'s Node process counted); higher is better. ' +
				'Then side by side: both servers at once on the same loop, each its own viewers\' process, ' +
				`${smoke ? '3 and 6' : '100 and 200'} viewers each (joined in turns of 25), both measured in the same windows, so that other work on ` +
				'this shared machine weighs on both alike; the CPU-per-consumer ratio again from those steps. Gladi records each live by default: ' +
				'its base includes the recorder\'s 2 consumers (its FFmpeg is not counted).',
			plan,
			budgetSeconds: budgetMs / 1000,
			bare,
			gladi,
			capacityRatio: ratio(gladi.maxViewers, bare.maxViewers),
			cpuPerConsumerRatio: ratio(bare.workerCpuPercentPerConsumer, gladi.workerCpuPercentPerConsumer),
			serverCpuPerConsumerRatio: ratio(bare.serverCpuPercentPerConsumer, gladi.serverCpuPercentPerConsumer),
			projectedCapacityRatio: ratio(gladi.projectedConsumersAt90Percent, bare.projectedConsumersAt90Percent),
			sideBySide: together,
			goal: 1,
			capacitiesMeasured: measured(bare) && measured(gladi),
			hostLatePackets: late,
			note:
				measured(bare) && measured(gladi)
					? 'Both capacities are limits the servers reached, each known to a step of the plan ' +
						`(${stepAfter(bare.maxViewers)} viewers above the bare worker's), so the capacity ratio to about ` +
						`±${round(stepAfter(bare.maxViewers) / Math.max(1, bare.maxViewers), 2)}; the CPU ratio and the projected capacity ratio are finer.`
					: 'A ramp ended on the plan, the time budget or an error, not on a limit of its server: its capacity is a lower bound, and the capacity ratio only bounds the true one.',
		};
	} catch (error) {
		console.error('fan-out capacity: the bare reference comparison failed:', error);
		return null;
	} finally {
		await hosts?.close();
	}
}

runStandalone(import.meta.url, () => {
	const nice = process.argv.find((a) => a.startsWith('--worker-nice='));
	if (process.argv.includes('--reference-only')) return runBareReference(process.argv.includes('--smoke'), nice ? Number(nice.split('=')[1]) : -10);
	return runFanoutCapacity({
		smoke: process.argv.includes('--smoke'),
		hostTransportCc: process.argv.includes('--host-tcc'),
		...(nice ? { workerNice: Number(nice.split('=')[1]) } : {}),
	});
});
