/**
 * `npm run bench`: Gladi's benchmarks against the real studio on this
 * machine, loopback only, bounded in time. Results: bench/results/latest.json
 * and bench/results/latest.md.  `--smoke` runs a short version (CI).
 * `--only NAME[,NAME...]` (or `--only=...`) runs only those benchmarks, after
 * the machine reference, and writes bench/results/latest-only.{json,md}
 * (smoke-only.* with --smoke) so that a partial run never replaces a whole
 * one. Names: fanoutCapacity, joinLatency, glassToGlass, recording,
 * roomsPerNode, failover, clientWeight, storage, commentFanout, shapedNetwork.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommentFanout, type FanoutResult } from './commentFanout.ts';
import { startStudioProcess } from './studioProcess.ts';
import { runStorageBench, type StorageResult } from './storage.ts';
import { runClientWeight, type ClientWeightResult } from './clientWeight.ts';
import { runFanoutCapacity, type FanoutCapacityResult } from './fanoutCapacity.ts';
import { runGlassToGlass, type GlassToGlassResult } from './glassToGlass.ts';
import { runJoinLatency, type JoinLatencyResult } from './joinLatency.ts';
import { runFailover, type FailoverResult } from './failover.ts';
import { runRecordingBench, type RecordingBenchResult } from './recording.ts';
import { measureReference, type MachineReference } from './reference.ts';
import { runRoomsPerNode, type RoomsPerNodeResult } from './roomsPerNode.ts';
import type { SentLayer } from '../net/mediaStats.ts';
import { runShapedNetwork, type ShapedCase, type ShapedNetworkResult, type ViewerFigures } from './shapedNetwork.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const smoke = process.argv.includes('--smoke');

/** The benchmarks, in the order they run. */
const BENCHMARKS = ['fanoutCapacity', 'joinLatency', 'glassToGlass', 'recording', 'roomsPerNode', 'failover', 'clientWeight', 'storage', 'commentFanout', 'shapedNetwork'] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

/** The names given with --only (null: all of them). */
function onlyArgument(argv: readonly string[]): ReadonlySet<BenchmarkName> | null {
	const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
	if (at < 0) return null;
	const value = argv[at]!.startsWith('--only=') ? argv[at]!.slice('--only='.length) : (argv[at + 1] ?? '');
	const names = value.split(',').map((n) => n.trim()).filter(Boolean);
	const unknown = names.filter((n) => !(BENCHMARKS as readonly string[]).includes(n));
	if (names.length === 0 || unknown.length > 0) {
		throw new Error(`--only: ${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'no name given'}; the benchmarks are ${BENCHMARKS.join(', ')}`);
	}
	return new Set(names as BenchmarkName[]);
}

const only = onlyArgument(process.argv);
const selected = (name: BenchmarkName): boolean => only === null || only.has(name);

interface Results {
	date: string;
	machine: { cpus: number; model: string; memoryGiB: number; node: string };
	smoke: boolean;
	/** Measured first, on the quiet machine: machine-dependent figures are also given as ratios to it. */
	reference: MachineReference;
	commentFanout: FanoutResult[];
	storage: StorageResult[];
	clientWeight: ClientWeightResult | null;
	fanoutCapacity: FanoutCapacityResult | null;
	joinLatency: JoinLatencyResult | null;
	glassToGlass: GlassToGlassResult | null;
	recording: RecordingBenchResult | null;
	roomsPerNode: RoomsPerNodeResult | null;
	failover: FailoverResult | null;
	shapedNetwork: ShapedNetworkResult | null;
	/** The benchmarks this run ran (--only), or null for all of them. */
	only: BenchmarkName[] | null;
}

async function main(): Promise<void> {
	const started = performance.now();
	const reference = await measureReference({ smoke });
	console.log('machine reference', reference);
	const results: Results = {
		date: new Date().toISOString(),
		machine: {
			cpus: os.cpus().length,
			model: os.cpus()[0]?.model ?? 'unknown',
			memoryGiB: Math.round(os.totalmem() / 2 ** 30),
			node: process.version,
		},
		smoke,
		reference,
		commentFanout: [],
		storage: [],
		clientWeight: null,
		fanoutCapacity: null,
		joinLatency: null,
		glassToGlass: null,
		recording: null,
		roomsPerNode: null,
		failover: null,
		shapedNetwork: null,
		only: only ? [...only] : null,
	};

	// One after another: each gets the machine to itself, after the previous one's processes are gone.
	if (selected('fanoutCapacity')) {
		results.fanoutCapacity = await runFanoutCapacity({ smoke, reference });
		console.log('fan-out capacity', results.fanoutCapacity.maxConsumersPerWorker, results.fanoutCapacity.stopReason);
		console.log('fan-out capacity, one room over workers', results.fanoutCapacity.multiWorker.maxViewersPerRoom, results.fanoutCapacity.multiWorker.stopReason);
		const bare = results.fanoutCapacity.bareReference;
		console.log('fan-out capacity over the bare mediasoup worker', bare ? { capacity: bare.capacityRatio, cpuPerConsumer: bare.cpuPerConsumerRatio } : 'not measured');
		await settle(smoke);
	}
	if (selected('joinLatency')) {
		results.joinLatency = await runJoinLatency({ smoke });
		console.log('join latency', results.joinLatency.p50Ms, results.joinLatency.p95Ms);
		await settle(smoke);
	}
	if (selected('glassToGlass')) {
		results.glassToGlass = await runGlassToGlass({ smoke });
		console.log('glass-to-glass', results.glassToGlass.p50Ms, results.glassToGlass.p95Ms);
		await settle(smoke);
	}
	if (selected('recording')) {
		results.recording = await runRecordingBench({ smoke, reference });
		console.log('recording', results.recording.medians);
		await settle(smoke);
	}
	if (selected('roomsPerNode')) {
		results.roomsPerNode = await runRoomsPerNode({ smoke, reference });
		console.log('rooms per node', results.roomsPerNode.maxRooms, results.roomsPerNode.stopReason);
		await settle(smoke);
	}
	if (selected('failover')) {
		results.failover = await runFailover({ smoke });
		console.log('failover', results.failover.median, results.failover.max);
	}

	if (selected('clientWeight')) {
		results.clientWeight = await runClientWeight();
		console.log('client weight', results.clientWeight);
	}

	if (selected('storage')) {
		const storage = await runStorageBench(smoke ? 1 : 30, 20, 3, reference);
		console.log('storage', storage);
		results.storage.push(storage);
	}

	// Human comments at a fixed rate (stamped, measured) with the simulated crowd talking on top.
	const loads = !selected('commentFanout')
		? []
		: smoke
			? [{ viewers: 10, commentsPerSecond: 5, crowdPerMinute: 60, seconds: 3, runs: 3 }]
			: [
					{ viewers: 50, commentsPerSecond: 20, crowdPerMinute: 0, seconds: 21, runs: 3 },
					{ viewers: 200, commentsPerSecond: 20, crowdPerMinute: 600, seconds: 21, runs: 3 },
					{ viewers: 200, commentsPerSecond: 100, crowdPerMinute: 600, seconds: 21, runs: 3 },
					{ viewers: 200, commentsPerSecond: 500, crowdPerMinute: 600, seconds: 21, runs: 3 },
				];
	for (const load of loads) {
		// Per-person comment limits lifted so that a few hundred viewers can make 500 comments/s.
		const studio = await startStudioProcess({ GLADI_COMMENTS_PER_MINUTE: '6000' });
		try {
			const result = await runCommentFanout(studio, load, reference);
			console.log('comment fan-out', result);
			results.commentFanout.push(result);
		} finally {
			await studio.stop();
		}
	}

	if (selected('shapedNetwork')) {
		await settle(smoke);
		results.shapedNetwork = await runShapedNetwork({ smoke });
		console.log('shaped network', results.shapedNetwork.skipped ?? results.shapedNetwork.cases.map((c) => `${c.name}: ${c.shaped.medianHeight}p ${c.shaped.medianFps} fps`));
	}

	const dir = path.join(ROOT, 'bench/results');
	mkdirSync(dir, { recursive: true });
	const name = `${smoke ? 'smoke' : 'latest'}${only ? '-only' : ''}`;
	writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
	const ref = results.reference;
	const md = [
		`# Gladi benchmarks (${results.date}${smoke ? ', smoke' : ''}${only ? `, only ${[...only].join(', ')}` : ''})`,
		'',
		`Machine: ${results.machine.cpus} cores (${results.machine.model}), ${results.machine.memoryGiB} GiB, Node ${results.machine.node}. ` +
			`Whole run: ${Math.round((performance.now() - started) / 1000)} s.`,
		'',
		'## Machine reference (measured first, same run)',
		'',
		`One core: ${ref.cpuOpUs} µs per reference op (${ref.cpuOpsPerSecond} ops/s); loopback UDP round trip: ${ref.loopbackRttUs} µs. ` +
			'Machine-dependent figures below are also given over these.',
		'',
		`Method: ${ref.method}`,
		'',
		...section('fanoutCapacity', '## Fan-out capacity', results.fanoutCapacity ? fanoutMarkdown(results.fanoutCapacity) : []),
		...section(
			'joinLatency',
			'## Join latency (invite link -> first decoded frame, headless Chromium)',
			results.joinLatency
				? [
						`p50 ${results.joinLatency.p50Ms} ms, p95 ${results.joinLatency.p95Ms} ms over ${results.joinLatency.firstVisit.joins} first-visit joins; ` +
							`after the Join click p50 ${results.joinLatency.afterClickP50Ms} ms, p95 ${results.joinLatency.afterClickP95Ms} ms. ` +
							`Reference: opening a tiny page of the studio in a fresh context takes p50 ${results.joinLatency.reference.blankPageLoadMs.p50} ms; ` +
							`a join costs ${results.joinLatency.reference.p50OverBlankPage}x that.`,
						'',
						...joinPhasesMarkdown(results.joinLatency),
						`Method: ${results.joinLatency.method}`,
					]
				: [],
		),
		...section(
			'recording',
			'## Recording',
			results.recording
				? [
						`Recorder CPU ${results.recording.medians.recorderCpuPercent} % of a core per recorded live (= ${results.recording.recorderRefOpsPerSecond} reference ops/s); ` +
							`${results.recording.medians.megabytesPerMinute} MB per minute; replay playable ${results.recording.medians.endToPlayableMs} ms after End live; ` +
							`first video frame in the file ${results.recording.medians.firstFrameMs} ms after going live; file duration - live duration ${results.recording.medians.durationErrorMs} ms.`,
						'',
						`Method: ${results.recording.method}`,
					]
				: [],
		),
		...section('roomsPerNode', '## Rooms per node (live rooms with 5 viewers, the crowd and recording each)', results.roomsPerNode ? roomsMarkdown(results.roomsPerNode) : []),
		...section('failover', '## Failover (the node running a live room is killed; PostgreSQL, two nodes)', results.failover ? failoverMarkdown(results.failover) : []),
		...section(
			'glassToGlass',
			'## Glass-to-glass latency',
			results.glassToGlass
				? [
						`p50 ${results.glassToGlass.p50Ms} ms, p95 ${results.glassToGlass.p95Ms} ms (medians of ${results.glassToGlass.runs.length} runs: ` +
							`${results.glassToGlass.runs.map((r) => `${r.p50Ms}/${r.p95Ms}`).join(', ')}), max ${results.glassToGlass.maxMs} ms over ` +
							`${results.glassToGlass.frames.matched} frames; ${results.glassToGlass.ratios.p50InFrames} frames at p50 ` +
							`(${results.glassToGlass.ratios.frameIntervalMs} ms per frame). Goal under ${results.glassToGlass.goalMs} ms; ${results.glassToGlass.anchor}`,
						'',
						`Method: ${results.glassToGlass.method}`,
					]
				: [],
		),
		...section('commentFanout', '## Comment fan-out (medians of 3 runs each)', [
			'| viewers | human comments/s | crowd /min | delivered / expected | p50 ms | p95 ms | p99 ms | server CPU % | p50 in loopback RTTs | reference ops per delivery |',
			'|---|---|---|---|---|---|---|---|---|---|',
			...results.commentFanout.map(
				(r) =>
					`| ${r.viewers} | ${r.commentsPerSecond} | ${r.crowdPerMinute} | ${r.delivered} / ${r.expected} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.serverCpuPercent} | ${r.ratios?.p50OverLoopbackRtt ?? ''} | ${r.ratios?.referenceOpsPerDelivery ?? ''} |`,
			),
			'',
			...(results.commentFanout[0] ? [`Method: ${results.commentFanout[0].method}`] : []),
		]),
		...section('shapedNetwork', '## Shaped networks (one viewer; host or viewer link shaped in network namespaces)', results.shapedNetwork ? shapedMarkdown(results.shapedNetwork) : []),
		...section('clientWeight', '## Client weight (buyer page, compressed)', [
			results.clientWeight
				? `Join page ${results.clientWeight.joinPage.totalKB} KB; watch page ${results.clientWeight.watchPage.totalKB} KB in ${results.clientWeight.watchPage.files} files (budget ${results.clientWeight.budgetKB} KB: ${results.clientWeight.withinBudget ? 'within' : 'OVER'}). Not machine-dependent.`
				: '',
		]),
		...section('storage', '## Session storage (SQLite, one committed insert per event; medians of 3 runs)', [
			'| live | comments/s | events | append p50 µs | append p99 µs | max µs | file MB | report ms | append p50 in reference ops |',
			'|---|---|---|---|---|---|---|---|---|',
			...results.storage.map(
				(r) =>
					`| ${r.minutes} min | ${r.commentsPerSecond} | ${r.events} | ${r.appendP50Us} | ${r.appendP99Us} | ${r.appendMaxUs} | ${(r.fileBytes / 1e6).toFixed(1)} | ${r.reportComputeMs} | ${r.ratios?.appendP50InReferenceOps ?? ''} |`,
			),
			'',
			...(results.storage[0] ? [`Method: ${results.storage[0].method}`] : []),
		]),
	].join('\n');
	writeFileSync(path.join(dir, `${name}.md`), md);
	console.log(md);
}

/** A section of the report: its heading and lines, or nothing when its benchmark did not run (--only). */
function section(name: BenchmarkName, heading: string, lines: string[]): string[] {
	return selected(name) ? [heading, '', ...lines, ''] : [];
}

/** Where a join's time goes: each client mark after opening the link and after the Join click, first and repeat visits. */
function joinPhasesMarkdown(r: JoinLatencyResult): string[] {
	const cell = (s: { p50: number; p95: number; n: number }) => (s.n > 0 ? `${s.p50} / ${s.p95}` : '-');
	return [
		'| step | first visit: ms after link (p50 / p95) | after Join click | repeat visit: after link | after Join click |',
		'|---|---|---|---|---|',
		`| Join click (automated fill + click) | ${cell(r.firstVisit.linkToClickMs)} | 0 | ${cell(r.repeatVisit.linkToClickMs)} | 0 |`,
		...r.firstVisit.phases.map((first, i) => {
			const repeat = r.repeatVisit.phases[i]!;
			return `| ${first.mark} | ${cell(first.sinceLinkMs)} | ${cell(first.sinceClickMs)} | ${cell(repeat.sinceLinkMs)} | ${cell(repeat.sinceClickMs)} |`;
		}),
		`| first decoded frame (getStats probe) | ${cell(r.firstVisit.linkToFirstFrameMs)} | ${cell(r.firstVisit.clickToFirstFrameMs)} | ${cell(r.repeatVisit.linkToFirstFrameMs)} | ${cell(r.repeatVisit.clickToFirstFrameMs)} |`,
		'',
	];
}

function roomsMarkdown(r: RoomsPerNodeResult): string[] {
	return [
		`Max rooms on one node: ${r.maxRooms} (${r.workers} workers, ${r.cores} cores); stopped because: ${r.stopReason}.`,
		`Server CPU per room (Node + workers + recorder): ${r.cpuPercentPerRoom} % of a core (base ${r.serverBaseCpuPercent} %; Node ${r.cpuPercentPerRoomSplit.node}, ` +
			`workers ${r.cpuPercentPerRoomSplit.workers}, recorders ${r.cpuPercentPerRoomSplit.recorders}); projected rooms per core at 90 %: ${r.projectedRoomsPerCore}.` +
			(r.ratios ? ` Over the reference: one room costs the server ${r.ratios.referenceOpsPerRoomSecond} reference ops/s.` : ''),
		`A new viewer's join (connect -> first video packet): p95 ${r.baselineJoinP95Ms} ms with one room.`,
		'',
		'| rooms | viewers | consumers | join p50 / p95 ms (video) | audio p50 / p95 ms | max loss % | kbps per viewer (min) | server CPU % (Node, workers, busiest, recorders) | hosts / viewers CPU % (late host packets) | others CPU % | machine busy % | degraded |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|',
		...r.steps.map(
			(s) =>
				`| ${s.rooms} | ${s.viewers} | ${s.consumers} | ${s.join.firstVideoMs.p50} / ${s.join.firstVideoMs.p95} | ${s.join.firstAudioMs.p50} / ${s.join.firstAudioMs.p95} | ` +
				`${s.maxViewerLossPercent} | ${s.kbpsPerViewer} (${s.minViewerKbps}) | ${s.cpu.server} (${s.cpu.node}, ${s.cpu.workers}, ${s.cpu.busiestWorker}, ${s.cpu.recorders}) | ` +
				`${s.cpu.hosts} / ${s.cpu.viewers} (${s.hostLatePackets}) | ${s.cpu.others} | ${s.cpu.machineBusy} | ${s.degradation ?? ''} |`,
		),
		'',
		...(r.warnings.length > 0 ? [`Warnings: ${r.warnings.join('; ')}.`, ''] : []),
		`Method: ${r.method}`,
		`Load: ${r.load}`,
	];
}

function layersText(layers: SentLayer[]): string {
	const sent = layers.filter((l) => l.frameHeight > 0);
	if (sent.length === 0) return 'nothing';
	return sent.map((l) => `${l.frameHeight}p@${Math.round(l.framesPerSecond)} ${Math.round(l.bitrate / 1000)}${l.qualityLimitationReason !== 'none' ? ` (${l.qualityLimitationReason})` : ''}`).join(', ');
}

function shapedMarkdown(r: ShapedNetworkResult): string[] {
	if (r.skipped !== null) return [`Skipped: ${r.skipped}.`];
	const ratio = (v: number | null): string => (v === null ? '-' : String(v));
	const row = (label: string, f: ViewerFigures, ratios?: ShapedCase['ratios']): string =>
		`| ${label} | ${f.medianHeight}${ratios ? ` (${ratio(ratios.medianHeight)})` : ''} | ${f.minHeight} | ${f.medianFps}${ratios ? ` (${ratio(ratios.medianFps)})` : ''} | ` +
		`${f.freezes} | ${(f.freezeShare * 100).toFixed(1)} %${ratios ? ` (${ratio(ratios.freezeShare)})` : ''} | ${f.longestStallMs} | ${f.videoPacketsLost} / ${f.nacks} | ${(f.audioConcealedShare * 100).toFixed(2)} % |`;
	return [
		'| case | median height (x unshaped) | min height | median fps (x unshaped) | freezes | freeze share (x unshaped) | longest stall ms | video lost / NACKs | audio concealed |',
		'|---|---|---|---|---|---|---|---|---|',
		row('unshaped (reference, same viewer, same run)', r.reference),
		...r.cases.map((c) => row(c.condition, c.shaped, c.ratios)),
		'',
		`The host sent (layer height@fps kbit/s, limited by): unshaped ${layersText(r.referenceHostSends)}; ` +
			`${r.cases.map((c) => `${c.name} ${layersText(c.hostSends)}`).join('; ')}.`,
		'',
		`The relay dropped ${r.cases.map((c) => `${c.relayToViewer.dropped} of ${c.relayToViewer.packets} packets to the viewer (${c.name})`).join(', ')}.`,
		'',
		`Load average ${r.loadAverage.before} before, ${r.loadAverage.after} after; ${r.wallSeconds} s.` +
			(Math.max(r.loadAverage.before, r.loadAverage.after) > os.cpus().length ? ' The machine was busier than its cores: freezes and frame rates here are partly the load.' : ''),
		'',
		`Method: ${r.method}`,
	];
}

function failoverMarkdown(r: FailoverResult): string[] {
	const ms = (v: number | null): string => (v === null ? 'not within the run' : `${(v / 1000).toFixed(1)} s`);
	return [
		`From the kill, median (max) over ${r.runs.length} run(s): node b's lookup names node b after ${ms(r.median.lookupNamesNodeBMs)} (${ms(r.max.lookupNamesNodeBMs)}); ` +
			`the host is back in ${ms(r.median.hostRejoinedMs)} (${ms(r.max.hostRejoinedMs)}) and live again in ${ms(r.median.hostLiveMs)} (${ms(r.max.hostLiveMs)}); ` +
			`the viewer is back in ${ms(r.median.viewerRejoinedMs)} (${ms(r.max.viewerRejoinedMs)}) and receives video again after ${ms(r.median.viewerFirstPacketMs)} ` +
			`(${ms(r.max.viewerFirstPacketMs)}). Lease ${r.leaseSeconds} s; goal under ${r.goalMs / 1000} s: ${r.withinGoal ? 'met' : 'NOT met'}.`,
		'',
		'| run | lookup names b | clients\' first lookup naming b | host back | host live | viewer back | viewer video | attempts (host, viewer) | viewer the same person on b |',
		'|---|---|---|---|---|---|---|---|---|',
		...r.runs.map(
			(x, i) =>
				`| ${i + 1} | ${ms(x.lookupNamesNodeBMs)} | ${ms(x.clientLookupNamesNodeBMs)} | ${ms(x.hostRejoinedMs)} | ${ms(x.hostLiveMs)} | ${ms(x.viewerRejoinedMs)} | ` +
				`${ms(x.viewerFirstPacketMs)} | ${x.hostAttempts}, ${x.viewerAttempts} | ${x.viewerPersonKept ? 'yes' : 'no'} |`,
		),
		'',
		`Method: ${r.method}`,
	];
}

/** Wait (at most 60 s; not in smoke runs, which check the code, not the numbers) until the 1-minute load average drops below the core count. */
async function settle(smoke: boolean): Promise<void> {
	if (smoke) return;
	const deadline = Date.now() + 60_000;
	while (os.loadavg()[0]! >= os.cpus().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2_000));
}

function fanoutMarkdown(r: FanoutCapacityResult): string[] {
	const m = r.multiWorker;
	const stepRows = (steps: FanoutCapacityResult['steps']): string[] => [
		'| viewers | consumers (+ pipe) | max loss % | mean loss % | workers: consumers, CPU % | run-queue wait % | receivers CPU % | Chromium CPU % | machine busy % |',
		'|---|---|---|---|---|---|---|---|---|',
		...steps.map(
			(s) =>
				`| ${s.viewers} | ${s.consumers} (+${s.pipeConsumers}) | ${s.maxViewerLossPercent} | ${s.meanLossPercent} | ` +
				`${s.workers.map((w) => `#${w.index}: ${w.consumers}, ${w.cpuPercent}`).join('; ')} | ${s.workerRunQueueWaitPercent} | ` +
				`${s.receiversCpuPercent} | ${s.hostChromiumCpuPercent} | ${s.machineBusyPercent} |`,
		),
	];
	return [
		'### One worker',
		'',
		`Max viewers per worker: ${r.maxViewersPerWorker} (${r.maxConsumersPerWorker} consumers); stopped because: ${r.stopReason}.`,
		`Worker CPU per consumer: ${r.workerCpuPercentPerConsumer.toFixed(3)} % of a core (base ${r.workerBaseCpuPercent.toFixed(1)} %); projected consumers at 90 %: ${Math.round(r.projectedConsumersAt90Percent)}.`,
		`Server memory per viewer: ${Math.round(r.serverMemoryPerViewerKiB)} KiB; receiver memory per viewer: ${Math.round(r.receiverMemoryPerViewerKiB)} KiB.`,
		...(r.ratios
			? [
					`Over the reference: ${r.ratios.consumersPerWorkerPerReferenceCore} consumers per 1,000 reference ops/s of one core; ` +
						`one consumer costs the worker ${r.ratios.referenceOpsPerConsumerSecond} reference ops/s.`,
				]
			: []),
		'',
		...stepRows(r.steps),
		'',
		`### One room over ${m.workers} workers (GLADI_WORKER_MAX_CONSUMERS=${m.maxConsumersPerWorkerSetting})`,
		'',
		`Max viewers in the room: ${m.maxViewersPerRoom} (${m.maxConsumersPerRoom} consumers), spread ` +
			`${m.spreadAtMax.map((w) => `worker ${w.index}: ${w.consumers} consumers at ${w.cpuPercent} %`).join(', ')}; stopped because: ${m.stopReason}.`,
		m.note,
		'',
		...stepRows(m.steps),
		'',
		...(r.bareReference ? bareReferenceMarkdown(r.bareReference) : ['### Over a bare mediasoup worker', '', 'Not measured (see the log).', '']),
		...(r.warnings.length > 0 ? [`Warnings: ${r.warnings.join('; ')}.`, ''] : []),
		`Method: ${r.method}`,
		`Load: ${r.load}`,
	];
}

function bareReferenceMarkdown(c: NonNullable<FanoutCapacityResult['bareReference']>): string[] {
	const x = (v: number | null): string => (v === null ? 'n/a' : `${v}`);
	const verdict = (v: number | null): string => (v === null ? 'not measured' : v >= c.goal ? 'met' : 'NOT met');
	const viewers = [...new Set([...c.bare.steps, ...c.gladi.steps].map((s) => s.viewers))].sort((a, b) => a - b);
	const at = (steps: typeof c.bare.steps, n: number) => steps.find((s) => s.viewers === n);
	const cell = (s: (typeof c.bare.steps)[number] | undefined, f: (s: (typeof c.bare.steps)[number]) => number | string): string => (s ? `${f(s)}` : '');
	return [
		'### Over a bare mediasoup worker (the limit of this machine; the same loop and viewers)',
		'',
		`Gladi / bare: capacity **${x(c.capacityRatio)}** (Gladi ${c.gladi.maxViewers} viewers, bare ${c.bare.maxViewers}); ` +
			`CPU per consumer **${x(c.cpuPerConsumerRatio)}** (bare worker ${c.bare.workerCpuPercentPerConsumer} % of a core per consumer, Gladi's ${c.gladi.workerCpuPercentPerConsumer} %); ` +
			`with each side's Node process counted ${x(c.serverCpuPerConsumerRatio)} (bare ${c.bare.serverCpuPercentPerConsumer} %, Gladi ${c.gladi.serverCpuPercentPerConsumer} %); ` +
			`projected consumers at 90 % of a core ${x(c.projectedCapacityRatio)} (Gladi ${c.gladi.projectedConsumersAt90Percent}, bare ${c.bare.projectedConsumersAt90Percent}). ` +
			`Higher is better; goal at least ${c.goal}: capacity ${verdict(c.capacityRatio)}, CPU per consumer ${verdict(c.cpuPerConsumerRatio)}.`,
		`Stopped: bare because ${c.bare.stopReason} (${c.bare.durationSeconds} s); Gladi because ${c.gladi.stopReason} (${c.gladi.durationSeconds} s). ${c.note}`,
		`Receivers' process per viewer: bare ${c.bare.receiverCpuPercentPerViewer} %, Gladi ${c.gladi.receiverCpuPercentPerViewer} % of a core.`,
		c.sideBySide
			? `Side by side (both loaded at once, the same windows; ${c.sideBySide.bare.map((s) => s.viewers).join(', ')} viewers each, ${c.sideBySide.durationSeconds} s): ` +
				`CPU per consumer **${x(c.sideBySide.cpuPerConsumerRatio)}** (bare worker ${c.sideBySide.bareWorkerCpuPercentPerConsumer} %, Gladi's ` +
				`${c.sideBySide.gladiWorkerCpuPercentPerConsumer} % per consumer; with no consumers ${c.sideBySide.bareWorkerBaseCpuPercent} % and ` +
				`${c.sideBySide.gladiWorkerBaseCpuPercent} %); worker CPU at each step, bare / Gladi: ` +
				`${c.sideBySide.bare.map((s, i) => `${s.workerCpuPercent} / ${c.sideBySide!.gladi[i]?.workerCpuPercent ?? ''} %`).join(', ')}; ` +
				`goal ${verdict(c.sideBySide.cpuPerConsumerRatio)}.`
			: 'Side by side: not measured (see the log).',
		'',
		'| viewers | bare: max loss %, worker CPU %, Node CPU %, kbps per viewer | Gladi: max loss %, worker CPU %, Node CPU %, kbps per viewer | receivers CPU % (bare / Gladi) | machine busy % (bare / Gladi) | others CPU % (bare / Gladi) |',
		'|---|---|---|---|---|---|',
		...viewers.map((n) => {
			const b = at(c.bare.steps, n);
			const g = at(c.gladi.steps, n);
			const side = (s: typeof b): string => cell(s, (t) => `${t.maxViewerLossPercent}, ${t.workerCpuPercent}, ${t.serverNodeCpuPercent}, ${t.kbpsPerViewer}`);
			return (
				`| ${n} | ${side(b)} | ${side(g)} | ${cell(b, (t) => t.receiversCpuPercent)} / ${cell(g, (t) => t.receiversCpuPercent)} | ` +
				`${cell(b, (t) => t.machineBusyPercent)} / ${cell(g, (t) => t.machineBusyPercent)} | ${cell(b, (t) => t.otherProcessesCpuPercent)} / ${cell(g, (t) => t.otherProcessesCpuPercent)} |`
			);
		}),
		'',
		`Method: ${c.method}`,
		'',
	];
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
