/**
 * A UDP probe for testing the network bench itself, run as a process inside
 * a namespace (`ip netns exec NS node udpProbe.ts MODE ...`):
 *
 *   echo ADDRESS PORT                      answer every datagram with itself, until killed
 *   ping ADDRESS PORT COUNT INTERVAL SIZE  send COUNT datagrams of SIZE bytes every INTERVAL ms,
 *                                          wait 1 s more, print {sent, received, rttMs[]} as JSON
 */
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';

export interface PingResult {
	sent: number;
	received: number;
	/** Round trip of each answered datagram, in the order sent. */
	rttMs: number[];
	/** Time from the first send to the last answer. */
	spanMs: number;
}

const [mode, address = '', portText = '0', ...rest] = process.argv.slice(2);
const port = Number(portText);

if (mode === 'echo') {
	const socket = dgram.createSocket('udp4');
	socket.on('message', (packet, from) => socket.send(packet, from.port, from.address));
	socket.bind(port, address, () => process.stdout.write('ready\n'));
} else if (mode === 'ping') {
	const [count = 10, intervalMs = 10, size = 100] = rest.map(Number);
	const socket = dgram.createSocket('udp4');
	const sentAt: number[] = [];
	const rtt = new Map<number, number>();
	let lastAnswer = 0;
	socket.on('message', (packet) => {
		const seq = packet.readUInt32BE(0);
		const at = sentAt[seq];
		if (at !== undefined && !rtt.has(seq)) rtt.set(seq, performance.now() - at);
		lastAnswer = performance.now();
	});
	socket.on('error', () => undefined);
	socket.bind(0, () => {
		let seq = 0;
		const timer = setInterval(() => {
			if (seq >= count) {
				clearInterval(timer);
				setTimeout(() => {
					const result: PingResult = {
						sent: count,
						received: rtt.size,
						rttMs: [...rtt.entries()].sort((a, b) => a[0] - b[0]).map(([, ms]) => Math.round(ms * 10) / 10),
						spanMs: lastAnswer ? Math.round(lastAnswer - sentAt[0]!) : 0,
					};
					process.stdout.write(`${JSON.stringify(result)}\n`);
					socket.close();
				}, 1_000);
				return;
			}
			const packet = Buffer.alloc(Math.max(4, size));
			packet.writeUInt32BE(seq, 0);
			sentAt[seq] = performance.now();
			socket.send(packet, port, address);
			seq++;
		}, intervalMs);
	});
} else {
	process.stderr.write('usage: udpProbe.ts echo ADDRESS PORT | ping ADDRESS PORT COUNT INTERVAL_MS SIZE\n');
	process.exit(2);
}
