/*
 * A child process holding many lightweight viewers for the fan-out capacity
 * benchmark (fanoutCapacity.ts forks it and drives it over IPC). Each viewer
 * is what a buyer's page does, minus decoding: its own socket.io connection
 * through Gladi's signaling (room:join, a recv transport, consume, resume)
 * and its own UDP socket receiving the host's media (rtpReceiver.ts); or,
 * against the bare mediasoup reference (bareSfu.ts), the same requests over
 * plain HTTP and the same media leg.
 * Being a separate process, its CPU and memory are measured apart from the
 * server's and the benchmark's.
 */
import { joinViewer, type Viewer, type ViewerTarget } from './mediaClients.ts';
import { udpDropsByPort } from './procStats.ts';
import { createCertificate } from './rtpReceiver.ts';
import { percentile } from './stats.ts';

export type ViewerCommand =
	/** Join `count` more viewers of `target`, `concurrency` at a time, starting none after `withinMs`. */
	| { type: 'add'; target: ViewerTarget; count: number; concurrency: number; withinMs: number }
	| { type: 'snapshot' }
	| { type: 'close' };

export interface ViewerCounters {
	expected: number;
	received: number;
	bytes: number;
	videoExpected: number;
	videoReceived: number;
	/** Datagrams the kernel dropped at this viewer's socket (this process read too slowly). */
	socketDrops: number;
	/** The server closed its consumers or room, or the signaling connection went. */
	gone: boolean;
}

export type ViewerReply =
	| {
			type: 'added';
			ok: number;
			failed: number;
			/** Not started: `withinMs` had passed. */
			skipped: number;
			errors: string[];
			ms: number;
			/** Medians per viewer: socket.io connect to consume answered; ICE + DTLS; resumes. */
			signalingMs: number;
			mediaMs: number;
			resumeMs: number;
	  }
	| { type: 'snapshot'; viewers: ViewerCounters[]; cpuSeconds: number; rssBytes: number; heapBytes: number }
	| { type: 'error'; message: string };

async function main(): Promise<void> {
	const send = (reply: ViewerReply): void => {
		process.send!(reply);
	};
	const cert = await createCertificate();
	const viewers: Viewer[] = [];

	process.on('message', (command: ViewerCommand) => {
		void (async () => {
			if (command.type === 'add') {
				const started = Date.now();
				const deadline = started + command.withinMs;
				const errors: string[] = [];
				let failed = 0;
				const added: Viewer[] = [];
				const first = viewers.length;
				let next = 0;
				// A few joins at a time, as people arriving, rather than all at once.
				const lane = async (): Promise<void> => {
					while (next < command.count && Date.now() < deadline) {
						const i = first + next++;
						try {
							const viewer = await joinViewer(command.target, `Penonton ${i}`, cert);
							viewers.push(viewer);
							added.push(viewer);
						} catch (error) {
							failed++;
							if (errors.length < 5) errors.push(String(error));
						}
					}
				};
				await Promise.all(Array.from({ length: command.concurrency }, lane));
				const median = (key: keyof Viewer['timings']): number => Math.round(percentile(added.map((v) => v.timings[key]), 50) || 0);
				send({
					type: 'added',
					ok: added.length,
					failed,
					skipped: command.count - added.length - failed,
					errors,
					ms: Date.now() - started,
					signalingMs: median('signalingMs'),
					mediaMs: median('mediaMs'),
					resumeMs: median('resumeMs'),
				});
			} else if (command.type === 'snapshot') {
				const drops = udpDropsByPort();
				const cpu = process.cpuUsage();
				send({
					type: 'snapshot',
					viewers: viewers.map((v) => {
						const all = v.receiver.totals();
						const video = v.receiver.totals('video');
						return {
							expected: all.expected,
							received: all.received,
							bytes: all.bytes,
							videoExpected: video.expected,
							videoReceived: video.received,
							socketDrops: drops.get(v.receiver.port) ?? 0,
							gone: v.gone,
						};
					}),
					cpuSeconds: (cpu.user + cpu.system) / 1e6,
					rssBytes: process.memoryUsage.rss(),
					heapBytes: process.memoryUsage().heapUsed,
				});
			} else if (command.type === 'close') {
				for (const v of viewers) v.close();
				process.exit(0);
			}
		})().catch((error: unknown) => send({ type: 'error', message: String(error) }));
	});
	// The benchmark is gone (it crashed, or was killed): so are its viewers.
	process.on('disconnect', () => process.exit(0));
	send({ type: 'added', ok: 0, failed: 0, skipped: 0, errors: [], ms: 0, signalingMs: 0, mediaMs: 0, resumeMs: 0 }); // ready
}

if (process.send) void main();
