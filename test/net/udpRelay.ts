/**
 * A userspace UDP relay in front of the studio's WebRtcServer, for loss,
 * delay, jitter and outages (this kernel has no netem). It listens on the
 * address the studio announces in its ICE candidates and forwards each
 * client's 5-tuple to the real WebRtcServer port through an upstream socket
 * of its own, impairing each direction per client address (impairment.ts).
 * The studio (ICE-lite) answers to wherever a request came from: the
 * upstream socket, so everything flows back through here.
 *
 * Only UDP is relayed: the announced TCP candidates reach nothing (the
 * connection is refused) and browsers connect over UDP, which they prefer.
 *
 * Run as a process (inside the router namespace, netBench.ts) it is driven
 * over its IPC channel: RelayRequest in, RelayReply out; it exits when that
 * channel closes, so a crashed test leaves no relay behind.
 */
import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { DeliverySchedule, impairmentOf, NO_IMPAIRMENT, type Impairment, type ImpairmentSpec } from './impairment.ts';

export interface UdpRelayOptions {
	/** Where clients send (the studio's announced address). */
	listenAddress: string;
	/** The WebRtcServer ports (one per worker): each listened on here and forwarded to the same port at `target`. */
	ports: number[];
	/** The studio's media listen address. */
	target: string;
	/** Close a flow's upstream socket after this long without a packet either way. */
	idleMs?: number;
}

/** Packets seen from or to one client address, per direction, and how many of them were dropped. */
export interface RelayCounters {
	upPackets: number;
	upDropped: number;
	downPackets: number;
	downDropped: number;
	/** Flows (client address:port -> studio port) open now. */
	flows: number;
}

export type RelayRequest =
	| { id: number; op: 'impair'; address: string; spec: ImpairmentSpec }
	| { id: number; op: 'clear' }
	| { id: number; op: 'counters' };

export type RelayReply = { id: number; ok: true; counters?: Record<string, RelayCounters> } | { id: number; ok: false; error: string };

/** A FIFO of packets waiting for their delivery time; one timer for its head. */
class DelayLine {
	readonly #queue: Array<{ at: number; send: () => void }> = [];
	#timer: ReturnType<typeof setTimeout> | null = null;

	push(at: number, send: () => void): void {
		if (this.#queue.length === 0 && at <= performance.now()) {
			send();
			return;
		}
		this.#queue.push({ at, send });
		if (!this.#timer) this.#arm();
	}

	#arm(): void {
		const head = this.#queue[0];
		if (!head) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			const now = performance.now();
			// Timers fire late by a millisecond or so: send everything that is due.
			while (this.#queue.length > 0 && this.#queue[0]!.at <= now + 0.5) this.#queue.shift()!.send();
			this.#arm();
		}, Math.max(0, head.at - performance.now()));
	}

	clear(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#queue.length = 0;
	}
}

interface Flow {
	clientAddress: string;
	upstream: dgram.Socket;
	up: { schedule: DeliverySchedule; line: DelayLine };
	down: { schedule: DeliverySchedule; line: DelayLine };
	lastPacketAt: number;
}

export class UdpRelay {
	readonly #options: Required<UdpRelayOptions>;
	readonly #listeners = new Map<number, dgram.Socket>();
	readonly #flows = new Map<string, Flow>();
	readonly #impairments = new Map<string, Impairment>();
	readonly #counters = new Map<string, Omit<RelayCounters, 'flows'>>();
	readonly #sweep: ReturnType<typeof setInterval>;

	private constructor(options: UdpRelayOptions) {
		this.#options = { idleMs: 60_000, ...options };
		this.#sweep = setInterval(() => this.#closeIdleFlows(), 5_000);
		this.#sweep.unref();
	}

	static async start(options: UdpRelayOptions): Promise<UdpRelay> {
		const relay = new UdpRelay(options);
		try {
			for (const port of options.ports) await relay.#listen(port);
		} catch (error) {
			relay.close();
			throw error;
		}
		return relay;
	}

	/** From now on, packets from and to `address` (a client's IP) are impaired so; an empty spec makes its path clean. */
	impair(address: string, spec: ImpairmentSpec): void {
		this.#impairments.set(address, impairmentOf(spec));
	}

	/** Every path clean again. */
	clear(): void {
		this.#impairments.clear();
	}

	counters(): Record<string, RelayCounters> {
		const out: Record<string, RelayCounters> = {};
		for (const [address, c] of this.#counters) out[address] = { ...c, flows: 0 };
		for (const flow of this.#flows.values()) out[flow.clientAddress]!.flows++;
		return out;
	}

	close(): void {
		clearInterval(this.#sweep);
		for (const key of [...this.#flows.keys()]) this.#closeFlow(key);
		for (const socket of this.#listeners.values()) socket.close();
		this.#listeners.clear();
	}

	#listen(port: number): Promise<void> {
		const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
		this.#listeners.set(port, socket);
		socket.on('message', (packet, from) => this.#fromClient(port, packet, from));
		// A send to a client that is cut off fails (no route): the packet is lost, as on the network.
		socket.on('error', () => undefined);
		return new Promise((resolve, reject) => {
			socket.once('error', reject);
			socket.bind(port, this.#options.listenAddress, () => {
				socket.off('error', reject);
				resolve();
			});
		});
	}

	#fromClient(port: number, packet: Buffer, from: dgram.RemoteInfo): void {
		const key = `${port} ${from.address} ${from.port}`;
		const flow = this.#flows.get(key) ?? this.#openFlow(key, port, from);
		const impairment = this.#impairments.get(from.address) ?? NO_IMPAIRMENT;
		const counters = this.#countersOf(from.address);
		counters.upPackets++;
		flow.lastPacketAt = performance.now();
		const at = flow.up.schedule.deliverAt(performance.now(), impairment.up, impairment.outage);
		if (at === null) {
			counters.upDropped++;
			return;
		}
		flow.up.line.push(at, () => flow.upstream.send(packet, port, this.#options.target));
	}

	#openFlow(key: string, port: number, from: dgram.RemoteInfo): Flow {
		const upstream = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
		const flow: Flow = {
			clientAddress: from.address,
			upstream,
			up: { schedule: new DeliverySchedule(), line: new DelayLine() },
			down: { schedule: new DeliverySchedule(), line: new DelayLine() },
			lastPacketAt: performance.now(),
		};
		this.#flows.set(key, flow);
		this.#countersOf(from.address);
		upstream.on('error', () => undefined);
		// Not connect()ed (a send before connect completes throws): every send names the studio, the first binds a port.
		upstream.on('message', (packet, source) => {
			if (source.port !== port || source.address !== this.#options.target) return;
			const impairment = this.#impairments.get(from.address) ?? NO_IMPAIRMENT;
			const counters = this.#countersOf(from.address);
			counters.downPackets++;
			flow.lastPacketAt = performance.now();
			const at = flow.down.schedule.deliverAt(performance.now(), impairment.down, impairment.outage);
			if (at === null) {
				counters.downDropped++;
				return;
			}
			flow.down.line.push(at, () => this.#listeners.get(port)?.send(packet, from.port, from.address));
		});
		return flow;
	}

	#countersOf(address: string): Omit<RelayCounters, 'flows'> {
		let c = this.#counters.get(address);
		if (!c) {
			c = { upPackets: 0, upDropped: 0, downPackets: 0, downDropped: 0 };
			this.#counters.set(address, c);
		}
		return c;
	}

	#closeIdleFlows(): void {
		const now = performance.now();
		for (const [key, flow] of this.#flows) if (now - flow.lastPacketAt > this.#options.idleMs) this.#closeFlow(key);
	}

	#closeFlow(key: string): void {
		const flow = this.#flows.get(key);
		if (!flow) return;
		this.#flows.delete(key);
		flow.up.line.clear();
		flow.down.line.clear();
		flow.upstream.close();
	}
}

function serve(relay: UdpRelay, request: RelayRequest): RelayReply {
	try {
		switch (request.op) {
			case 'impair':
				relay.impair(request.address, request.spec);
				return { id: request.id, ok: true };
			case 'clear':
				relay.clear();
				return { id: request.id, ok: true };
			case 'counters':
				return { id: request.id, ok: true, counters: relay.counters() };
		}
	} catch (error) {
		return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
	}
}

// As a process: options as JSON in argv[2], then requests over IPC.
if (import.meta.main) {
	const options = JSON.parse(process.argv[2] ?? '{}') as UdpRelayOptions;
	const relay = await UdpRelay.start(options);
	process.on('message', (request: RelayRequest) => process.send?.(serve(relay, request)));
	process.on('disconnect', () => {
		relay.close();
		process.exit(0);
	});
	process.send?.({ ready: true });
}
