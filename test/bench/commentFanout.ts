import type { CreateRoomResponse, JoinResponse, StageComment } from '@gladi/shared';
import { io, type Socket } from 'socket.io-client';
import { opusRtpParameters, vp8SimulcastRtpParameters } from '../integration/harness.ts';
import { percentile, round } from './stats.ts';
import type { StudioProcess } from './studioProcess.ts';

export interface FanoutOptions {
	viewers: number;
	/** Human comments per second, spread over all viewers. */
	commentsPerSecond: number;
	/** Simulated crowd comments per minute on top (0 = none). */
	crowdPerMinute?: number;
	seconds: number;
}

export interface FanoutResult {
	viewers: number;
	commentsPerSecond: number;
	crowdPerMinute: number;
	seconds: number;
	sent: number;
	/** Deliveries of the measured comments (expected: sent x viewers). */
	delivered: number;
	expected: number;
	p50Ms: number;
	p95Ms: number;
	p99Ms: number;
	maxMs: number;
	serverCpuPercent: number;
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
export async function runCommentFanout(studio: StudioProcess, o: FanoutOptions): Promise<FanoutResult> {
	const res = await fetch(`${studio.url}/api/rooms`, {
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

	const latencies: number[] = [];
	const viewers: Client[] = [];
	for (let i = 0; i < o.viewers; i++) {
		const viewer = await connect(studio.url, token(room.links.buyer), `Penonton ${i}`);
		await ask(viewer, 'room:join', {});
		viewer.on('stage:comments', (batch: StageComment[]) => {
			const now = Date.now();
			for (const c of batch) {
				const m = /@(\d+)$/.exec(c.text);
				if (m) latencies.push(now - Number(m[1]));
			}
		});
		viewers.push(viewer);
	}

	// Each viewer comments in turn: the rate spread evenly over everyone (per-person limits hold).
	let sent = 0;
	const cpuBefore = studio.cpuSeconds();
	const started = Date.now();
	const interval = 1000 / o.commentsPerSecond;
	await new Promise<void>((resolve) => {
		const tick = () => {
			const due = Math.floor((Date.now() - started) / interval);
			while (sent < due && Date.now() - started < o.seconds * 1000) {
				const viewer = viewers[sent % viewers.length]!;
				viewer.emit('stage:comment', { text: `bench ${sent} @${Date.now()}` }, () => undefined);
				sent++;
			}
			if (Date.now() - started >= o.seconds * 1000) resolve();
			else setTimeout(tick, Math.max(1, interval / 2));
		};
		tick();
	});
	await new Promise((r) => setTimeout(r, 1000)); // let the last comments arrive
	const cpuSeconds = studio.cpuSeconds() - cpuBefore;
	const elapsed = (Date.now() - started) / 1000;

	for (const s of [host, ...viewers]) s.disconnect();
	return {
		viewers: o.viewers,
		commentsPerSecond: o.commentsPerSecond,
		crowdPerMinute: o.crowdPerMinute ?? 0,
		seconds: o.seconds,
		sent,
		delivered: latencies.length,
		expected: sent * o.viewers,
		p50Ms: round(percentile(latencies, 50)),
		p95Ms: round(percentile(latencies, 95)),
		p99Ms: round(percentile(latencies, 99)),
		maxMs: round(percentile(latencies, 100)),
		serverCpuPercent: round((cpuSeconds / elapsed) * 100),
	};
}
