/**
 * The machine reference measured at the start of every benchmark run, so
 * that figures which depend on the machine can also be read as ratios that
 * carry over to another one:
 * - CPU: one core doing the crypto an SFU does for every packet it sends,
 *   AES-128-CTR plus a SHA-1 digest over a 1,200-byte packet (SRTP encrypts,
 *   then authenticates with HMAC-SHA1), through OpenSSL as the mediasoup
 *   worker does. A faster core does more of them.
 * - Loopback: the round trip of a small UDP datagram between two sockets on
 *   127.0.0.1 (kernel plus event loop), the floor under any latency here.
 * Each is repeated and reported as the median of its runs.
 */
import { createCipheriv, hash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { median, round } from './stats.ts';

export interface MachineReference {
	/** Microseconds one core needs for one reference op (AES-128-CTR + SHA-1 over a 1,200-byte packet): median of the runs. */
	cpuOpUs: number;
	/** Reference ops one core does per second (1e6 / cpuOpUs). */
	cpuOpsPerSecond: number;
	/** UDP round trip over 127.0.0.1, median of the runs' medians, in microseconds. */
	loopbackRttUs: number;
	runs: { cpuOpUs: number[]; loopbackRttUs: number[] };
	method: string;
}

const PACKET_BYTES = 1200;

/**
 * One CPU run: `ops` packets through one AES-128-CTR stream plus a one-shot
 * SHA-1 digest each (SRTP's per-packet work: encrypt, then authenticate);
 * microseconds per op. One cipher and one-shot digests keep Node's per-call
 * overhead small next to the crypto work.
 */
function cpuRun(ops: number): number {
	const cipher = createCipheriv('aes-128-ctr', randomBytes(16), Buffer.alloc(16));
	const packet = randomBytes(PACKET_BYTES);
	let sink = 0;
	const started = process.hrtime.bigint();
	for (let i = 0; i < ops; i++) {
		const payload = cipher.update(packet);
		sink ^= hash('sha1', payload, 'buffer')[0]!;
	}
	const us = Number(process.hrtime.bigint() - started) / 1000;
	if (sink === -1) console.log(sink); // keeps the work observable
	return us / ops;
}

/** One loopback run: `pings` sequential UDP round trips; the median in microseconds. */
async function loopbackRun(pings: number): Promise<number> {
	const echo = dgram.createSocket('udp4');
	const client = dgram.createSocket('udp4');
	try {
		echo.on('message', (msg, rinfo) => echo.send(msg, rinfo.port, rinfo.address));
		await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));
		await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', resolve));
		const port = echo.address().port;
		const samples: number[] = [];
		const ping = Buffer.alloc(64);
		for (let i = 0; i < pings; i++) {
			const started = process.hrtime.bigint();
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('loopback reference: a ping got no answer in 1 s')), 1000);
				client.once('message', () => {
					clearTimeout(timer);
					resolve();
				});
				client.send(ping, port, '127.0.0.1');
			});
			samples.push(Number(process.hrtime.bigint() - started) / 1000);
		}
		return median(samples);
	} finally {
		echo.close();
		client.close();
	}
}

export async function measureReference(options: { smoke: boolean }): Promise<MachineReference> {
	const runs = options.smoke ? 3 : 5;
	const ops = options.smoke ? 10_000 : 50_000;
	const pings = options.smoke ? 200 : 1_000;
	cpuRun(1_000); // warm up OpenSSL and the JIT
	const cpu: number[] = [];
	const rtt: number[] = [];
	for (let i = 0; i < runs; i++) {
		cpu.push(round(cpuRun(ops), 3));
		rtt.push(round(await loopbackRun(pings), 1));
	}
	const cpuOpUs = round(median(cpu), 3);
	return {
		cpuOpUs,
		cpuOpsPerSecond: Math.round(1e6 / cpuOpUs),
		loopbackRttUs: round(median(rtt), 1),
		runs: { cpuOpUs: cpu, loopbackRttUs: rtt },
		method:
			`CPU: ${runs} runs of ${ops} reference ops (one ${PACKET_BYTES}-byte packet through an AES-128-CTR stream plus a one-shot ` +
			`SHA-1 digest of it, node:crypto/OpenSSL, one thread: SRTP's per-packet crypto), median microseconds per op. Loopback: ${runs} runs of ${pings} sequential 64-byte UDP round trips between two ` +
			'sockets on 127.0.0.1 in one Node process, median of the runs\' medians. Measured before the benchmarks, on the quiet machine.',
	};
}
