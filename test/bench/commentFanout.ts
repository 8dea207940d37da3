import type { CreateRoomResponse, JoinResponse, StageComment } from '@gladi/shared';
import { io, type Socket } from 'socket.io-client';
import { opusRtpParameters, vp8SimulcastRtpParameters } from '../integration/harness.ts';
import type { MachineReference } from './reference.ts';
import { median, percentile, round } from './stats.ts';
import type { StudioProcess } from './studioProcess.ts';

export interface FanoutOptions {
	viewers: number;
	/** Human comments per second, spread over all viewers. */
	commentsPerSecond: number;
	/** Simulated crowd comments per minute on top (0 = none). */
	crowdPerMinute?: number;
	/** Measured time in all, split into `runs` consecutive runs of equal length. */
	seconds: number;
	runs: number;
}

/** One run's figures. */
export interface FanoutRun {
	sent: number;
	delivered: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	maxMs: number;
	serverCpuPercent: number;
}

export interface FanoutResult {
	method: string;
	load: string;
	viewers: number;
	commentsPerSecond: number;
	crowdPerMinute: number;
	seconds: number;
	/** Totals over every run. */
	sent: number;
	/** Deliveries of the measured comments (expected: sent x viewers). */
	delivered: number;
	expected: number;
	/** Medians of the runs' figures (maxMs: the highest of any run). */
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	maxMs: number;
	serverCpuPercent: number;
	runs: FanoutRun[];
	/** Over the machine reference of the same bench run: latency in loopback round trips, server CPU per delivery in reference ops. */
	ratios: { p50OverLoopbackRtt: number; p99OverLoopbackRtt: number; referenceOpsPerDelivery: number } | null;
}

type Client = Socket;

async function ask<T>(socket: Client, event: string, payload: unknown): Promise<T> {
	const ack = (await socket.timeout(10_000).emitWithAck(event, payload)) as { ok: boolean; data: T; error?: { message: string } };
	if (!ack.ok) throw new Error(`${event}: ${ack.error?.message}`);
	return ack.data;
}

function connect(url: string, token: string, name: string): Promise<Client> {
	return new Promise((resolve, reject) => {
		const socket = io(url, { auth: { token, name }, transports: ['websocket'], forceNew: true, reconnection: false });
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

/**
 * Comment fan-out: N viewers in one live room; humans comment at a fixed rate,
 * each comment stamped with its send time; every viewer records how long each
 * comment took to reach it. Loopback only; bounded by `seconds`.
 */
export async function runCommentFanout(studio: StudioProcess, o: FanoutOptions, reference?: MachineReference): Promise<FanoutResult> {
	const res = await studio.fetch(`/api/rooms`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ title: 'bench' }),
	});
	const room = (await res.json()) as CreateRoomResponse;
	const token = (link: string) => new URL(link, studio.url).searchParams.get('t')!;

	const host = await connect(studio.url, token(room.links.host), 'Host');
	const joined = await ask<JoinResponse>(host, 'room:join', {});
	const send = await ask<{ id: string }>(host, 'media:createTransport', { direction: 'send' });
	const caps = joined.routerRtpCapabilities;
	await ask(host, 'media:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: opusRtpParameters(caps) });
	await ask(host, 'media:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: vp8SimulcastRtpParameters(caps) });
	await ask(host, 'stage:setCrowd', { commentsPerMinute: o.crowdPerMinute ?? 0 });
	await ask(host, 'live:start', {});

	// Latencies by the run their comment was sent in (comments sent late in a run arrive during the next).
	const latencies: number[][] = Array.from({ length: o.runs }, () => []);
	const viewers: Client[] = [];
	for (let i = 0; i < o.viewers; i++) {
		const viewer = await connect(studio.url, token(room.links.buyer), `Penonton ${i}`);
		await ask(viewer, 'room:join', {});
		viewer.on('stage:comments', (batch: StageComment[]) => {
			const now = Date.now();
			for (const c of batch) {
				const m = /^bench (\d+)\/\d+ @(\d+)$/.exec(c.text);
				if (m) latencies[Number(m[1])]?.push(now - Number(m[2]));
			}
		});
		viewers.push(viewer);
	}

	// Each viewer comments in turn: the rate spread evenly over everyone (per-person limits hold).
	let sent = 0;
	const runSeconds = o.seconds / o.runs;
	const interval = 1000 / o.commentsPerSecond;
	const sentPerRun: number[] = [];
	const cpuPercentPerRun: number[] = [];
	for (let run = 0; run < o.runs; run++) {
		const cpuBefore = studio.cpuSeconds();
		const started = Date.now();
		let sentThisRun = 0;
		await new Promise<void>((resolve) => {
			const tick = () => {
				const due = Math.floor((Date.now() - started) / interval);
				while (sentThisRun < due && Date.now() - started < runSeconds * 1000) {
					const viewer = viewers[sent % viewers.length]!;
					viewer.emit('stage:comment', { text: `bench ${run}/${sent} @${Date.now()}` }, () => undefined);
					sent++;
					sentThisRun++;
				}
				if (Date.now() - started >= runSeconds * 1000) resolve();
				else setTimeout(tick, Math.max(1, interval / 2));
			};
			tick();
		});
		cpuPercentPerRun.push(round(((studio.cpuSeconds() - cpuBefore) / ((Date.now() - started) / 1000)) * 100));
		sentPerRun.push(sentThisRun);
	}
	await new Promise((r) => setTimeout(r, 1000)); // let the last comments arrive

	for (const s of [host, ...viewers]) s.disconnect();
	const runs: FanoutRun[] = latencies.map((l, i) => ({
		sent: sentPerRun[i] ?? 0,
		delivered: l.length,
		p50Ms: round(percentile(l, 50)),
		p95Ms: round(percentile(l, 95)),
		p99Ms: round(percentile(l, 99)),
		maxMs: round(percentile(l, 100)),
		serverCpuPercent: cpuPercentPerRun[i] ?? 0,
	}));
	const med = (f: (r: FanoutRun) => number): number => round(median(runs.map(f)));
	const delivered = runs.reduce((sum, r) => sum + r.delivered, 0);
	const p50Ms = med((r) => r.p50Ms);
	const p99Ms = med((r) => r.p99Ms);
	const serverCpuPercent = med((r) => r.serverCpuPercent);
	const deliveriesPerSecond = (delivered / o.seconds);
	return {
		method:
			'The real studio as its own process on 127.0.0.1 with one live room (a socket.io host that produced audio + video ' +
			'and went live). N socket.io buyers join it; humans comment at a fixed rate, each buyer in turn (per-person limit ' +
			"lifted), each comment's text stamped with its send time (Date.now()); every buyer records, for each stamped comment " +
			'in its stage:comments batches, receive time - send time (one machine clock). Server CPU from /proc/<pid>/stat. ' +
			`The measured time is ${o.runs} consecutive runs of ${round(o.seconds / o.runs)} s; latencies are bucketed by the run ` +
			'the comment was sent in; the figures are the medians of the runs.',
		load: `${o.viewers} viewers, ${o.commentsPerSecond} human comments/s, the simulated crowd at ${o.crowdPerMinute ?? 0}/min on top, ${o.seconds} s`,
		viewers: o.viewers,
		commentsPerSecond: o.commentsPerSecond,
		crowdPerMinute: o.crowdPerMinute ?? 0,
		seconds: o.seconds,
		sent,
		delivered,
		expected: sent * o.viewers,
		p50Ms,
		p95Ms: med((r) => r.p95Ms),
		p99Ms,
		maxMs: Math.max(...runs.map((r) => r.maxMs)),
		serverCpuPercent,
		runs,
		ratios: reference
			? {
					p50OverLoopbackRtt: round((p50Ms * 1000) / reference.loopbackRttUs),
					p99OverLoopbackRtt: round((p99Ms * 1000) / reference.loopbackRttUs),
					referenceOpsPerDelivery: round(((serverCpuPercent / 100) * reference.cpuOpsPerSecond) / Math.max(1, deliveriesPerSecond), 2),
				}
			: null,
	};
}
