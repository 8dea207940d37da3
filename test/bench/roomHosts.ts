/*
 * A child process holding the hosts of many rooms for the rooms-per-node
 * benchmark (roomsPerNode.ts forks it and drives it over IPC), and the one
 * host of the fan-out benchmark's loop ramps. On start it captures the loop
 * (loopSource.ts: FFmpeg, a few seconds); each host then joins its room with
 * the host link over Gladi's signaling, publishes the loop as its camera and
 * mic (mediaClients.ts) and goes live, or feeds the same loop to the bare
 * mediasoup reference (bareSfu.ts) over a plain transport. Its CPU is
 * measured apart from the server's.
 */
import { askOver, connect, publishLoop, publishPlainLoop, type PublishedHost } from './mediaClients.ts';
import { LoopSource, type PlayerTotals } from './loopSource.ts';
import { createCertificate } from './rtpReceiver.ts';

export type HostCommand =
	/** Join the room of `token` (a host link's) as its host, publish and go live. */
	| { type: 'add'; url: string; token: string }
	/** Publish to the bare reference at `url`. */
	| { type: 'addBare'; url: string }
	/** Stop every host (their servers are gone); the captured loop stays for the next ones. */
	| { type: 'clear' }
	| { type: 'snapshot' }
	| { type: 'close' };

export type HostReply =
	| { type: 'ready'; captureMs: number }
	| { type: 'added'; ms: number }
	| { type: 'cleared' }
	| { type: 'snapshot'; hosts: number; gone: number; totals: PlayerTotals; cpuSeconds: number }
	| { type: 'error'; message: string };

/** Seconds of picture and tone in the loop. */
const LOOP_SECONDS = 4;

async function main(): Promise<void> {
	const send = (reply: HostReply): void => {
		process.send!(reply);
	};
	const started = performance.now();
	const cert = await createCertificate();
	const source = await LoopSource.capture(LOOP_SECONDS);
	const hosts: Array<{ published: PublishedHost; gone: boolean; hangUp(): void }> = [];
	const stopAll = (): void => {
		for (const h of hosts.splice(0)) {
			h.published.stop();
			h.hangUp();
		}
	};

	process.on('message', (command: HostCommand) => {
		void (async () => {
			if (command.type === 'add') {
				const t0 = performance.now();
				const socket = await connect(command.url, command.token, `Host ${hosts.length + 1}`);
				try {
					const ask = askOver(socket);
					const joined = await ask('room:join', {});
					const published = await publishLoop(ask, joined.routerRtpCapabilities, cert, source);
					const host = { published, gone: false, hangUp: () => socket.disconnect() };
					hosts.push(host);
					socket.on('disconnect', () => (host.gone = true));
					await ask('live:start', {});
				} catch (error) {
					socket.disconnect();
					throw error;
				}
				send({ type: 'added', ms: Math.round(performance.now() - t0) });
			} else if (command.type === 'addBare') {
				const t0 = performance.now();
				hosts.push({ published: await publishPlainLoop(command.url, source), gone: false, hangUp: () => undefined });
				send({ type: 'added', ms: Math.round(performance.now() - t0) });
			} else if (command.type === 'clear') {
				stopAll();
				send({ type: 'cleared' });
			} else if (command.type === 'snapshot') {
				const cpu = process.cpuUsage();
				send({ type: 'snapshot', hosts: hosts.length, gone: hosts.filter((h) => h.gone).length, totals: { ...source.totals }, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
			} else if (command.type === 'close') {
				stopAll();
				process.exit(0);
			}
		})().catch((error: unknown) => send({ type: 'error', message: String(error) }));
	});
	// The benchmark is gone (it crashed, or was killed): so are its hosts.
	process.on('disconnect', () => process.exit(0));
	send({ type: 'ready', captureMs: Math.round(performance.now() - started) });
}

if (process.send) {
	main().catch((error: unknown) => {
		process.send!({ type: 'error', message: String(error) } satisfies HostReply);
		process.exit(1);
	});
}
