/*
 * Rooms per node: how many rehearsal rooms one studio process carries at
 * once. Every room has a live host (the looped stream of loopSource.ts,
 * published as a host page does), 5 viewers receiving it (fanoutViewers.ts),
 * the default simulated crowd (it talks while a room is live) and its
 * recording (FFmpeg). Rooms are added step by step; each step measures the
 * viewers' loss and bitrate, the CPU of the server's processes, and the join
 * latency of a new viewer, until one of them degrades, the cap or the time
 * budget.
 *
 *   node test/bench/roomsPerNode.ts [--smoke]
 */
import os from 'node:os';
import path from 'node:path';
import type { CreateRoomResponse, HealthDetails } from '@gladi/shared';
import { BenchChild } from './benchChild.ts';
import { summarize, type Summary } from './browserBench.ts';
import type { ViewerCommand, ViewerCounters, ViewerReply } from './fanoutViewers.ts';
import { firstPacketAt, joinViewer } from './mediaClients.ts';
import { KEY_FRAME_INTERVAL, VIDEO_FPS, VIDEO_KBPS } from './loopSource.ts';
import { commandName, cpuSeconds, descendants, machineTicks } from './procStats.ts';
import type { MachineReference } from './reference.ts';
import type { HostCommand, HostReply } from './roomHosts.ts';
import { createCertificate, type DtlsCertificate } from './rtpReceiver.ts';
import { fit, median, round } from './stats.ts';
import { runStandalone } from './standalone.ts';
import { startStudioProcess, type StudioProcess } from './studioProcess.ts';

const VIEWERS_PER_ROOM = 5;
/** Degradation: a new viewer's join p95 over this many times the one-room value, */
const JOIN_P95_FACTOR = 2;
/** a viewer losing more than this share of its packets, */
const LOSS_LIMIT_PERCENT = 1;
/**
 * or CPU saturated: a server process (Node or a worker) over this share of one core, or the studio and its load
 * generators together over MACHINE_LIMIT_PERCENT of all cores (other work on the machine is reported, not counted).
 */
const PROCESS_CPU_LIMIT_PERCENT = 90;
const MACHINE_LIMIT_PERCENT = 95;
/**
 * The server merges a room's key frame requests over 500 ms: a probe into a room waits until this long after the
 * previous one there, so that each probe's request is answered on its own, as a lone viewer's is (else with one room
 * every probe would also wait out its predecessor's window, and with many rooms none would).
 */
const PROBE_SPACING_MS = 800;

export interface RoomsJoin {
	/** Probe joins made (each into one of the rooms, in turn) and those that got no video within 5 s. */
	joins: number;
	failures: number;
	/** Connect -> room:join -> recv transport -> consume -> ICE + DTLS -> resume -> first video RTP packet (the headline). */
	firstVideoMs: Summary;
	/** The same to the first audio RTP packet (no key frame to wait for). */
	firstAudioMs: Summary;
	/** Connect to consume answered; ICE + DTLS. */
	signalingMs: Summary;
	iceDtlsMs: Summary;
}

/** CPU in percent of one core (machineBusy: of all cores), medians over the step's windows. */
export interface RoomsCpu {
	/** The studio: its Node process, its mediasoup workers and its recorders (FFmpeg). */
	server: number;
	node: number;
	workers: number;
	busiestWorker: number;
	recorders: number;
	/** The load generators: the hosts' and the viewers' processes, and this benchmark (probe joins). */
	hosts: number;
	viewers: number;
	bench: number;
	/** The studio and the load generators together, in percent of all cores. */
	oursOfMachine: number;
	machineBusy: number;
	/** Processes that are not part of this benchmark. */
	others: number;
}

export interface RoomsStep {
	rooms: number;
	/** Viewers watching (5 per room), and consumers on the workers (viewers', recorders', probes'). */
	viewers: number;
	consumers: number;
	/** Recorder processes running under the studio. */
	recorders: number;
	/** Seconds it took to add this step's rooms (create, host live, 5 viewers in). */
	setupSeconds: number;
	join: RoomsJoin;
	windows: number;
	windowSeconds: number;
	/** Highest single-viewer loss (median over the windows), loss over all viewers, viewers that got no video in a window. */
	maxViewerLossPercent: number;
	meanLossPercent: number;
	silentViewers: number;
	/** Of the lost packets: dropped by the kernel at viewer sockets (the viewers' process read too slowly). */
	receiverSocketDrops: number;
	/** Received bitrate: mean per viewer and the lowest viewer's. */
	kbpsPerViewer: number;
	minViewerKbps: number;
	cpu: RoomsCpu;
	/** Host packets sent over 50 ms late (the hosts' process fell behind); key frames the server asked the hosts for. */
	hostLatePackets: number;
	keyFrameRequests: number;
	/** Why this step counts as degraded (null: it passed). */
	degradation: string | null;
}

export interface RoomsPerNodeResult {
	benchmark: 'rooms per node';
	smoke: boolean;
	method: string;
	load: string;
	cores: number;
	workers: number;
	steps: RoomsStep[];
	/** The largest step before the first degraded one. */
	maxRooms: number;
	stopReason: string;
	/** The one-room join p95 (first video packet) the factor applies to. */
	baselineJoinP95Ms: number | null;
	/** Server CPU (percent of one core) each room adds: slope of a fit over the passing steps, with the intercept. */
	cpuPercentPerRoom: number;
	serverBaseCpuPercent: number;
	/** The same slope split: Node, workers, recorders. */
	cpuPercentPerRoomSplit: { node: number; workers: number; recorders: number };
	/** Where the fit reaches 90% of one core: a projection, not a measurement (the studio's CPU is spread over its processes). */
	projectedRoomsPerCore: number;
	/** One room's server CPU as reference ops per second (the machine reference measured in the same run). */
	ratios: { referenceOpsPerRoomSecond: number } | null;
	warnings: string[];
	durationSeconds: number;
}

interface Snap {
	at: number;
	viewers: ViewerCounters[];
	viewersCpu: number;
	hosts: Extract<HostReply, { type: 'snapshot' }>;
	/** The studio's processes: CPU seconds and what each one is. */
	tree: Map<number, { cpu: number; kind: 'node' | 'worker' | 'recorder' | 'other' }>;
	bench: number;
	machine: { busy: number; total: number };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function treeOf(studio: StudioProcess): Snap['tree'] {
	const tree: Snap['tree'] = new Map([[studio.pid, { cpu: studio.cpuSeconds(), kind: 'node' }]]);
	for (const pid of descendants(studio.pid)) {
		const name = commandName(pid);
		tree.set(pid, { cpu: cpuSeconds(pid), kind: name.startsWith('mediasoup') ? 'worker' : name === 'ffmpeg' ? 'recorder' : 'other' });
	}
	return tree;
}

async function snap(studio: StudioProcess, viewers: BenchChild<ViewerCommand, ViewerReply>, hosts: BenchChild<HostCommand, HostReply>): Promise<Snap> {
	const v = await viewers.send({ type: 'snapshot' }, 'snapshot', 15_000);
	const h = await hosts.send({ type: 'snapshot' }, 'snapshot', 15_000);
	return { at: performance.now(), viewers: v.viewers, viewersCpu: v.cpuSeconds, hosts: h, tree: treeOf(studio), bench: cpuSeconds(process.pid), machine: machineTicks() };
}

interface WindowFigures {
	seconds: number;
	maxLoss: number;
	meanLoss: number;
	silent: number;
	socketDrops: number;
	kbps: number;
	minKbps: number;
	cpu: RoomsCpu;
}

function measureWindow(a: Snap, b: Snap): WindowFigures {
	const seconds = (b.at - a.at) / 1000;
	const pct = (cpu: number): number => round((cpu / seconds) * 100);
	let expected = 0;
	let lost = 0;
	let bytes = 0;
	let maxLoss = 0;
	let silent = 0;
	let socketDrops = 0;
	let minKbps = Number.POSITIVE_INFINITY;
	b.viewers.forEach((after, i) => {
		const before = a.viewers[i] ?? { expected: 0, received: 0, bytes: 0, videoExpected: 0, videoReceived: 0, socketDrops: 0, gone: false };
		const e = after.expected - before.expected;
		const l = Math.max(0, e - (after.received - before.received));
		expected += e;
		lost += l;
		bytes += after.bytes - before.bytes;
		socketDrops += after.socketDrops - before.socketDrops;
		if (after.gone || after.videoReceived === before.videoReceived) silent++;
		maxLoss = Math.max(maxLoss, e > 0 ? (l / e) * 100 : 0);
		minKbps = Math.min(minKbps, ((after.bytes - before.bytes) * 8) / seconds / 1000);
	});
	const byKind = { node: 0, worker: 0, recorder: 0, other: 0 };
	let busiestWorker = 0;
	for (const [pid, now] of b.tree) {
		const used = now.cpu - (a.tree.get(pid)?.cpu ?? 0);
		byKind[now.kind] += used;
		if (now.kind === 'worker') busiestWorker = Math.max(busiestWorker, used);
	}
	const server = byKind.node + byKind.worker + byKind.recorder + byKind.other;
	const hosts = b.hosts.cpuSeconds - a.hosts.cpuSeconds;
	const viewers = b.viewersCpu - a.viewersCpu;
	const bench = b.bench - a.bench;
	const machineBusy = (b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total);
	const ours = server + hosts + viewers + bench;
	return {
		seconds,
		maxLoss,
		meanLoss: expected > 0 ? (lost / expected) * 100 : 0,
		silent,
		socketDrops,
		kbps: b.viewers.length > 0 ? (bytes * 8) / seconds / 1000 / b.viewers.length : 0,
		minKbps: Number.isFinite(minKbps) ? minKbps : 0,
		cpu: {
			server: pct(server),
			node: pct(byKind.node),
			workers: pct(byKind.worker),
			busiestWorker: pct(busiestWorker),
			recorders: pct(byKind.recorder),
			hosts: pct(hosts),
			viewers: pct(viewers),
			bench: pct(bench),
			oursOfMachine: round((ours / seconds / os.cpus().length) * 100),
			machineBusy: round(machineBusy * 100),
			others: Math.max(0, round(machineBusy * os.cpus().length * 100 - (ours / seconds) * 100)),
		},
	};
}

/** One probe viewer at a time into the rooms in turn: connect to its first video packet, then it leaves. */
async function probeJoins(url: string, buyerTokens: string[], count: number, cert: DtlsCertificate): Promise<RoomsJoin> {
	const video: number[] = [];
	const audio: number[] = [];
	const signaling: number[] = [];
	const iceDtls: number[] = [];
	let failures = 0;
	const lastInRoom = new Map<number, number>();
	for (let i = 0; i < count; i++) {
		const room = i % buyerTokens.length;
		// At least 300 ms after the previous probe (the server drops it), and PROBE_SPACING_MS after the previous one in this room.
		await sleep(Math.max(300, PROBE_SPACING_MS - (performance.now() - (lastInRoom.get(room) ?? Number.NEGATIVE_INFINITY))));
		lastInRoom.set(room, performance.now());
		try {
			const viewer = await joinViewer({ kind: 'gladi', url, token: buyerTokens[room]! }, `Penonton Baru ${i}`, cert);
			try {
				const firstVideo = await firstPacketAt(viewer, 'video', 5_000);
				const firstAudio = await firstPacketAt(viewer, 'audio', 1_000);
				if (firstVideo === null) failures++;
				else video.push(firstVideo - viewer.startedAt);
				if (firstAudio !== null) audio.push(firstAudio - viewer.startedAt);
				signaling.push(viewer.timings.signalingMs);
				iceDtls.push(viewer.timings.mediaMs);
			} finally {
				viewer.close();
			}
		} catch (error) {
			failures++;
			console.warn('rooms per node: a probe join failed:', String(error));
		}
	}
	return { joins: count, failures, firstVideoMs: summarize(video), firstAudioMs: summarize(audio), signalingMs: summarize(signaling), iceDtlsMs: summarize(iceDtls) };
}

function degradation(step: Omit<RoomsStep, 'degradation'>, baselineP95: number | null): string | null {
	if (step.join.failures > 0) return `${step.join.failures} of ${step.join.joins} probe joins got no video within 5 s`;
	if (step.silentViewers > 0) return `${step.silentViewers} viewers received no video in a window`;
	if (step.maxViewerLossPercent > LOSS_LIMIT_PERCENT) {
		return `a viewer lost ${step.maxViewerLossPercent}% of its packets (> ${LOSS_LIMIT_PERCENT}%; ${step.receiverSocketDrops} of the lost packets were dropped at the viewers' own sockets)`;
	}
	if (baselineP95 !== null && step.join.firstVideoMs.p95 > JOIN_P95_FACTOR * baselineP95) {
		return `join p95 ${step.join.firstVideoMs.p95} ms > ${JOIN_P95_FACTOR} x the one-room ${baselineP95} ms`;
	}
	if (step.cpu.busiestWorker > PROCESS_CPU_LIMIT_PERCENT) return `CPU saturated: a worker at ${step.cpu.busiestWorker}% of a core`;
	if (step.cpu.node > PROCESS_CPU_LIMIT_PERCENT) return `CPU saturated: the studio's Node process at ${step.cpu.node}% of a core`;
	if (step.cpu.oursOfMachine > MACHINE_LIMIT_PERCENT) return `CPU saturated: the studio and its load generators used ${step.cpu.oursOfMachine}% of all cores`;
	return null;
}

export async function runRoomsPerNode(o: { smoke: boolean; reference?: MachineReference }): Promise<RoomsPerNodeResult> {
	const started = performance.now();
	const plan = o.smoke ? [1, 2] : [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20];
	const budgetMs = o.smoke ? 60_000 : 420_000;
	const windowsPerStep = o.smoke ? 2 : 3;
	const windowMs = o.smoke ? 1500 : 3000;
	const settleMs = o.smoke ? 1000 : 2000;
	// Enough that p95 is not simply the slowest join (nearest rank: the 19th of 20).
	const probes = o.smoke ? 3 : 20;
	const workers = os.availableParallelism();

	const steps: RoomsStep[] = [];
	let stopReason = `reached the cap (${plan.at(-1)} rooms)`;
	let studio: StudioProcess | undefined;
	let hosts: BenchChild<HostCommand, HostReply> | undefined;
	let viewers: BenchChild<ViewerCommand, ViewerReply> | undefined;
	try {
		// A node as deployed: one worker per core, recordings on, the crowd as by default.
		studio = await startStudioProcess({ GLADI_WORKERS: String(workers), GLADI_RECORDINGS: 'on' });
		// One at a time, each kept as soon as it runs: the finally below must close whatever started.
		hosts = await BenchChild.start<HostCommand, HostReply>(path.join(import.meta.dirname, 'roomHosts.ts'), 90_000);
		viewers = await BenchChild.start<ViewerCommand, ViewerReply>(path.join(import.meta.dirname, 'fanoutViewers.ts'));
		const cert = await createCertificate();
		const buyerTokens: string[] = [];
		const token = (link: string): string => new URL(link, studio!.url).searchParams.get('t')!;
		let baselineP95: number | null = null;
		const addRoom = async (): Promise<void> => {
			const res = await studio!.fetch('/api/rooms', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ title: `Bench: room ${buyerTokens.length + 1}` }),
			});
			if (res.status !== 201) throw new Error(`POST /api/rooms answered ${res.status}: ${await res.text()}`);
			const room = (await res.json()) as CreateRoomResponse;
			await hosts!.send({ type: 'add', url: studio!.url, token: token(room.links.host) }, 'added', 30_000);
			const joined = await viewers!.send(
				{ type: 'add', target: { kind: 'gladi', url: studio!.url, token: token(room.links.buyer) }, count: VIEWERS_PER_ROOM, concurrency: VIEWERS_PER_ROOM, withinMs: 30_000 },
				'added',
				60_000,
			);
			if (joined.ok !== VIEWERS_PER_ROOM) throw new Error(`only ${joined.ok} of ${VIEWERS_PER_ROOM} viewers joined room ${room.code}: ${joined.errors[0] ?? ''}`);
			buyerTokens.push(token(room.links.buyer));
		};

		for (const target of plan) {
			const elapsed = performance.now() - started;
			const last = steps.at(-1);
			const measureMs = settleMs + windowsPerStep * windowMs + probes * 600;
			const perRoomMs = last ? (last.setupSeconds * 1000) / Math.max(1, last.rooms - (steps.at(-2)?.rooms ?? 0)) : 2_000;
			if (last && elapsed + (target - last.rooms) * perRoomMs + measureMs > budgetMs) {
				stopReason = `time budget (${budgetMs / 1000} s) would be exceeded by the ${target}-room step`;
				break;
			}
			try {
				const setupStarted = performance.now();
				while (buyerTokens.length < target) await addRoom();
				const setupSeconds = round((performance.now() - setupStarted) / 1000);
				await sleep(settleMs);
				const snaps = [await snap(studio, viewers, hosts)];
				for (let w = 0; w < windowsPerStep; w++) {
					await sleep(windowMs);
					snaps.push(await snap(studio, viewers, hosts));
				}
				const join = await probeJoins(studio.url, buyerTokens, probes, cert);
				const health: HealthDetails = await studio.health();
				const windows = snaps.slice(1).map((b, i) => measureWindow(snaps[i]!, b));
				const med = (f: (w: WindowFigures) => number, digits = 1): number => round(median(windows.map(f)), digits);
				const first = snaps[0]!;
				const lastSnap = snaps.at(-1)!;
				const figures: Omit<RoomsStep, 'degradation'> = {
					rooms: target,
					viewers: lastSnap.viewers.length,
					consumers: health.workers.reduce((sum, w) => sum + w.consumers, 0),
					recorders: [...lastSnap.tree.values()].filter((p) => p.kind === 'recorder').length,
					setupSeconds,
					join,
					windows: windows.length,
					windowSeconds: round((lastSnap.at - first.at) / 1000),
					maxViewerLossPercent: med((w) => w.maxLoss, 2),
					meanLossPercent: med((w) => w.meanLoss, 3),
					silentViewers: Math.max(...windows.map((w) => w.silent)),
					receiverSocketDrops: windows.reduce((sum, w) => sum + w.socketDrops, 0),
					kbpsPerViewer: med((w) => w.kbps),
					minViewerKbps: med((w) => w.minKbps),
					cpu: {
						server: med((w) => w.cpu.server),
						node: med((w) => w.cpu.node),
						workers: med((w) => w.cpu.workers),
						busiestWorker: med((w) => w.cpu.busiestWorker),
						recorders: med((w) => w.cpu.recorders),
						hosts: med((w) => w.cpu.hosts),
						viewers: med((w) => w.cpu.viewers),
						bench: med((w) => w.cpu.bench),
						oursOfMachine: med((w) => w.cpu.oursOfMachine),
						machineBusy: med((w) => w.cpu.machineBusy),
						others: med((w) => w.cpu.others),
					},
					hostLatePackets: lastSnap.hosts.totals.late - first.hosts.totals.late,
					keyFrameRequests: lastSnap.hosts.totals.keyFrameRequests,
				};
				baselineP95 ??= figures.join.firstVideoMs.p95;
				const step: RoomsStep = { ...figures, degradation: degradation(figures, steps.length === 0 ? null : baselineP95) };
				steps.push(step);
				console.log(
					`rooms per node: ${step.rooms} rooms (${step.viewers} viewers, ${step.consumers} consumers, ${step.recorders} recorders; added in ${step.setupSeconds} s): ` +
						`join p50/p95 ${step.join.firstVideoMs.p50}/${step.join.firstVideoMs.p95} ms (audio ${step.join.firstAudioMs.p50}/${step.join.firstAudioMs.p95}), ` +
						`loss max ${step.maxViewerLossPercent}% mean ${step.meanLossPercent}%, ${step.kbpsPerViewer} kbps/viewer (min ${step.minViewerKbps}); ` +
						`CPU server ${step.cpu.server}% (node ${step.cpu.node}, workers ${step.cpu.workers}, busiest ${step.cpu.busiestWorker}, recorders ${step.cpu.recorders}), ` +
						`hosts ${step.cpu.hosts}% (${step.hostLatePackets} packets late), viewers ${step.cpu.viewers}%, others ${step.cpu.others}%, machine ${step.cpu.machineBusy}%` +
						(step.degradation ? `; DEGRADED: ${step.degradation}` : ''),
				);
				if (step.degradation) {
					stopReason = `${step.rooms} rooms: ${step.degradation}`;
					break;
				}
			} catch (error) {
				stopReason = `failed during the ${target}-room step: ${String(error)}`;
				console.error('rooms per node:', error);
				break;
			}
		}
	} finally {
		await viewers?.close();
		await hosts?.close();
		await studio?.stop();
	}

	const passing = steps.filter((s) => s.degradation === null);
	const slope = (pick: (s: RoomsStep) => number) => fit(passing.map((s) => [s.rooms, pick(s)] as const));
	const server = slope((s) => s.cpu.server);
	const others = Math.max(0, ...steps.map((s) => s.cpu.others));
	const warnings: string[] = [];
	if (others > 25) warnings.push(`processes outside this benchmark used up to ${others}% of a core during its windows: its figures are pessimistic`);
	if (passing.length < 2) warnings.push('fewer than two passing steps: no CPU-per-room slope');
	const late = steps.reduce((a, s) => a + s.hostLatePackets, 0);
	if (late > 0) warnings.push(`the hosts' process sent ${late} packets over 50 ms late during the windows`);
	const reference = o.reference;
	const perRoom = passing.length >= 2 ? round(server.slope, 2) : 0;
	return {
		benchmark: 'rooms per node',
		smoke: o.smoke,
		method:
			`The real studio as its own process (loopback), ${workers} mediasoup workers (one per core), GLADI_RECORDINGS=on, the default crowd. ` +
			`Hosts: one Node child process; each host joins with its room's host link over Gladi's socket.io signaling, publishes over a real ICE + DTLS ` +
			`leg with SRTP (AES128_CM_HMAC_SHA1_80, keys from its DTLS handshake) a pre-encoded loop (FFmpeg once at start: VP8 1280x720@${VIDEO_FPS}, ` +
			`${VIDEO_KBPS} kbit/s, a key frame every ${KEY_FRAME_INTERVAL} frames, one layer; Opus mono 32 kbit/s), answering the server's PLI/FIR with its next key frame, ` +
			`and goes live. Viewers: ${VIEWERS_PER_ROOM} per room in the fan-out benchmark's viewer process (signaling, ICE, DTLS, RTP counted by sequence number, ` +
			`no RTCP, no congestion feedback). Rooms are added to ${plan.join(', ')}; at each step, after ${settleMs / 1000} s, ${windowsPerStep} windows of ${windowMs / 1000} s ` +
			`(figures: medians of the windows) measure per-viewer loss and bitrate and CPU from /proc (the studio's Node process, its workers and its FFmpeg recorders ` +
			`found among its descendants; the load generators and the rest of the machine apart); then ${probes} probe viewers join one at a time (the rooms in turn, a room's probes at least ${PROBE_SPACING_MS} ms apart) ` +
			`from this process: connect -> room:join -> recv transport -> consume -> ICE + DTLS -> resume -> first video RTP packet (the server merges key frame requests ` +
			`over 500 ms, so this includes up to that wait) and first audio packet. p50/p95 by nearest rank over the ${probes} probes. Degraded: join p95 over ` +
			`${JOIN_P95_FACTOR} x the one-room p95, a viewer over ${LOSS_LIMIT_PERCENT}% loss, a silent viewer, a probe without video, a worker or the Node process over ` +
			`${PROCESS_CPU_LIMIT_PERCENT}% of a core, or the studio and the load generators together over ${MACHINE_LIMIT_PERCENT}% of all cores ` +
			`(what other processes use is reported beside, and warned about). maxRooms: the last step before the first degraded one. ` +
			`CPU per room: least-squares slope of the studio's CPU over the passing steps. The load generators share the machine's ${os.cpus().length} cores with the studio.`,
		load: `N rooms x (1 live host, ${VIEWERS_PER_ROOM} viewers = ${2 * VIEWERS_PER_ROOM} consumers, 1 recorder with 2 consumers, the default crowd), N in ${plan.join(', ')} within ${budgetMs / 1000} s.`,
		cores: os.cpus().length,
		workers,
		steps,
		// The ramp stops at the first degraded step: every step before it passed.
		maxRooms: passing.at(-1)?.rooms ?? 0,
		stopReason,
		baselineJoinP95Ms: steps[0]?.join.firstVideoMs.p95 ?? null,
		cpuPercentPerRoom: perRoom,
		serverBaseCpuPercent: round(server.intercept),
		cpuPercentPerRoomSplit: {
			node: round(slope((s) => s.cpu.node).slope, 2),
			workers: round(slope((s) => s.cpu.workers).slope, 2),
			recorders: round(slope((s) => s.cpu.recorders).slope, 2),
		},
		projectedRoomsPerCore: perRoom > 0 ? round(PROCESS_CPU_LIMIT_PERCENT / perRoom) : 0,
		ratios: reference && perRoom > 0 ? { referenceOpsPerRoomSecond: Math.round((perRoom / 100) * reference.cpuOpsPerSecond) } : null,
		warnings,
		durationSeconds: round((performance.now() - started) / 1000),
	};
}

runStandalone(import.meta.url, () => runRoomsPerNode({ smoke: process.argv.includes('--smoke') }));
