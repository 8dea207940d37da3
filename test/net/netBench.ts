/**
 * The network test bench: the studio and its clients on hosts of their own
 * (network namespaces joined by veth pairs), so that each client's link can
 * be capped (tc tbf), made lossy, slow or jittery (a userspace UDP relay:
 * this kernel has no netem) or cut. All traffic stays inside the namespaces
 * made here; the root namespace only gets one veth, with a route for this
 * bench's /24, so that the test process (and a browser run there, e.g.
 * Firefox over a local WebDriver socket) reaches the studio.
 *
 *                  root ns ── veth ──┐
 *   client ns (Chromium) ── veth ── R (router: ip_forward, relay on R's lo) ── veth ── S (studio)
 *
 * - S runs the studio (HTTP and media on S's veth address). Its ICE
 *   candidates announce the relay's address, so media goes client -> relay
 *   -> studio; HTTP and socket.io go straight through R (capped and cut with
 *   the link, never made lossy or slow).
 * - Caps: the client's uplink on its own end of the veth, its downlink on
 *   R's end. Cuts: see ClientLink.cut().
 * - Names start with `gl<pid>-`: a run that crashed is cleaned up by the next.
 *
 *   const bench = await NetBench.create();
 *   const host = await bench.clientNamespace('host', { uplinkKbps: 600 });
 *   const studio = await bench.startStudio();
 *   await bench.relay.impair(viewer.address, { both: { lossPercent: 2.5, delayMs: 75 } });
 *   ...
 *   await bench.destroy();
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStudioProcess, type StudioProcess } from '../bench/studioProcess.ts';
import type { ImpairmentSpec } from './impairment.ts';
import { canMakeNamespaces, deleteLeftovers, deleteNamespaces, ip, NAME_PREFIX, sh, tc } from './netns.ts';
import type { RelayCounters, RelayLag, RelayReply, RelayRequest, UdpRelayOptions } from './udpRelay.ts';

export type { ImpairmentSpec, PathImpairment } from './impairment.ts';
export type { RelayCounters, RelayLag } from './udpRelay.ts';
export { canMakeNamespaces, namespacesUnavailable } from './netns.ts';

/** The bench's addresses: 10.213.N.0/24, N picked per run (another run may hold another N at the same time). */
const SUBNET_BASE = '10.213';
/** The studio's fixed ports inside its own namespace (nothing else listens there). */
export const STUDIO_HTTP_PORT = 8080;
export const STUDIO_MEDIA_PORT = 40000;
/** Links are /30s; .252-.255 is left for the relay's address. */
const MAX_LINKS = 63;

/** A link's caps, kbit/s; null or absent: uncapped. */
export interface LinkShape {
	uplinkKbps?: number | null;
	downlinkKbps?: number | null;
}

/**
 * How a link is cut:
 * - 'silent': every packet either way is dropped (a zero-length queue on both
 *   ends), the interfaces stay up: nothing tells the browser, as when a phone
 *   walks out of coverage; TCP and UDP both stop.
 * - 'link': the router's end goes down, so the client's interface loses its
 *   carrier (as when Wi-Fi drops): the operating system and the browser notice
 *   (`offline`, then `online` when it returns), TCP and UDP stop. The client's
 *   own address and routes stay, so it is usable the moment the carrier is back.
 */
export type CutMode = 'silent' | 'link';

let benches = 0;
const open = new Set<NetBench>();
process.once('exit', () => {
	for (const bench of open) bench.destroySync();
});

/** One client's link to the router: its namespace (or the root namespace), its address, caps and cuts. */
export class ClientLink {
	readonly label: string;
	/** The namespace, or null for the root namespace. */
	readonly namespace: string | null;
	/** The client's address (the relay impairs per address). */
	readonly address: string;
	readonly #bench: NetBench;
	readonly #device: string;
	readonly #routerDevice: string;
	#shape: LinkShape = {};
	#cut: CutMode | null = null;

	constructor(bench: NetBench, init: { label: string; namespace: string | null; address: string; device: string; routerDevice: string }) {
		this.#bench = bench;
		this.label = init.label;
		this.namespace = init.namespace;
		this.address = init.address;
		this.#device = init.device;
		this.#routerDevice = init.routerDevice;
	}

	get shaping(): LinkShape {
		return { ...this.#shape };
	}

	/** Cap the link (null: uncapped); a cut link stays cut and gets these caps back when restored. */
	async shape(shape: LinkShape): Promise<void> {
		this.#shape = { ...this.#shape, ...shape };
		if (!this.#cut) await this.#applyShape();
	}

	/** Cut the link until restore(). */
	async cut(mode: CutMode = 'silent'): Promise<void> {
		if (this.#cut) throw new Error(`${this.label} is already cut`);
		this.#cut = mode;
		if (mode === 'link') {
			await ip(this.#bench.routerNamespace, 'link', 'set', 'dev', this.#routerDevice, 'down');
			return;
		}
		await Promise.all([
			tc(this.namespace, 'qdisc', 'replace', 'dev', this.#device, 'root', 'pfifo', 'limit', '0'),
			tc(this.#bench.routerNamespace, 'qdisc', 'replace', 'dev', this.#routerDevice, 'root', 'pfifo', 'limit', '0'),
		]);
	}

	async restore(): Promise<void> {
		const mode = this.#cut;
		if (!mode) return;
		this.#cut = null;
		// The router's routes to the client are its link's own (they come back with it).
		if (mode === 'link') await ip(this.#bench.routerNamespace, 'link', 'set', 'dev', this.#routerDevice, 'up');
		await this.#applyShape();
	}

	/** Loss, delay, jitter or an outage on this client's media path (the relay, UDP only). */
	impair(spec: ImpairmentSpec): Promise<void> {
		return this.#bench.relay.impair(this.address, spec);
	}

	/**
	 * An executable that runs `binary` with its arguments inside this
	 * namespace: a browser's executablePath (Playwright drives Chromium over
	 * a pipe, which the namespace does not cut).
	 */
	wrap(binary: string): string {
		if (!this.namespace) return binary;
		const file = path.join(this.#bench.scratchDir, `in-${this.label}-${path.basename(binary)}`);
		writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${this.namespace} ${binary} "$@"\n`);
		chmodSync(file, 0o755);
		return file;
	}

	async #applyShape(): Promise<void> {
		await Promise.all([
			capQueue(this.namespace, this.#device, this.#shape.uplinkKbps ?? null),
			capQueue(this.#bench.routerNamespace, this.#routerDevice, this.#shape.downlinkKbps ?? null),
		]);
	}
}

/**
 * What goes out of `device` limited to `kbps` (a token bucket: a 300 ms
 * queue, then drops, like a radio link's buffer), or no limit.
 */
async function capQueue(ns: string | null, device: string, kbps: number | null): Promise<void> {
	const current = await tc(ns, 'qdisc', 'show', 'dev', device, 'root');
	if (kbps === null) {
		if (/qdisc (tbf|pfifo) /.test(current)) await tc(ns, 'qdisc', 'del', 'dev', device, 'root');
		return;
	}
	// At least 2 kB (more than one full packet) and 20 ms worth of the rate.
	const burstBytes = Math.max(2000, Math.round((kbps * 1000) / 8 / 50));
	await tc(ns, 'qdisc', 'replace', 'dev', device, 'root', 'tbf', 'rate', `${kbps}kbit`, 'burst', String(burstBytes), 'latency', '300ms');
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type RelayRequestBody = WithoutId<RelayRequest>;

/** The relay (in the router namespace), driven over its IPC channel. */
export class RelayControl {
	/** Where clients send media: the address the studio announces. */
	readonly address: string;
	readonly #child: ChildProcess;
	#nextId = 1;
	readonly #waiting = new Map<number, { resolve: (reply: RelayReply) => void; reject: (error: Error) => void }>();

	constructor(child: ChildProcess, address: string) {
		this.#child = child;
		this.address = address;
		child.on('message', (message: RelayReply) => {
			const waiter = this.#waiting.get(message.id);
			this.#waiting.delete(message.id);
			waiter?.resolve(message);
		});
		child.once('exit', (code) => {
			for (const waiter of this.#waiting.values()) waiter.reject(new Error(`the relay exited (${code})`));
			this.#waiting.clear();
		});
	}

	/** Impair the media path of the client at `address` (replaces what it had; `{}` makes it clean). */
	async impair(address: string, spec: ImpairmentSpec): Promise<void> {
		await this.#ask({ op: 'impair', address, spec });
	}

	async clear(): Promise<void> {
		await this.#ask({ op: 'clear' });
	}

	/** Packets relayed and dropped, per client address. */
	async counters(): Promise<Record<string, RelayCounters>> {
		return (await this.#ask({ op: 'counters' })).counters ?? {};
	}

	/** How late the relay's event loop ran since the last call: the delay it added of its own. */
	async lag(): Promise<RelayLag> {
		return (await this.#ask({ op: 'lag' })).lag!;
	}

	stop(): void {
		this.#child.kill('SIGKILL');
	}

	#ask(request: RelayRequestBody): Promise<Extract<RelayReply, { ok: true }>> {
		const id = this.#nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiting.delete(id);
				reject(new Error(`the relay did not answer ${request.op} within 5 s`));
			}, 5_000);
			this.#waiting.set(id, {
				resolve: (reply) => {
					clearTimeout(timer);
					if (reply.ok) resolve(reply);
					else reject(new Error(`relay ${request.op}: ${reply.error}`));
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			});
			this.#child.send({ ...request, id } as RelayRequest);
		});
	}
}

export class NetBench {
	/** This run's /24, e.g. 10.213.7 (no trailing dot). */
	readonly subnet: string;
	readonly prefix: string;
	readonly routerNamespace: string;
	readonly studioNamespace: string;
	/** The studio's address (in its namespace). */
	readonly studioAddress: string;
	readonly scratchDir: string;
	/** The root namespace's end of its link to the router: a browser in the root namespace is this client. */
	root!: ClientLink;
	relay!: RelayControl;
	readonly #namespaces: string[] = [];
	readonly #rootDevice: string;
	readonly #clients = new Map<string, ClientLink>();
	#links = 0;
	#studio: StudioProcess | null = null;
	#destroyed = false;

	private constructor(subnet: string, prefix: string) {
		this.subnet = subnet;
		this.prefix = prefix;
		this.routerNamespace = `${prefix}-router`;
		this.studioNamespace = `${prefix}-studio`;
		this.studioAddress = `${subnet}.6`;
		this.#rootDevice = prefix;
		this.scratchDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	}

	/** The relay's (announced) address, on the router's loopback. */
	get relayAddress(): string {
		return `${this.subnet}.254`;
	}

	/**
	 * The router, the studio's namespace (the studio itself: startStudio()), the
	 * relay and the root namespace's link. Deletes leftovers of crashed runs first.
	 */
	static async create(): Promise<NetBench> {
		if (!canMakeNamespaces()) throw new Error('the network bench needs root and iproute2 (ip, tc)');
		deleteLeftovers();
		const prefix = `${NAME_PREFIX}${process.pid}-${++benches}`;
		const taken = (await ip(null, '-4', 'route', 'show')) + (await ip(null, '-4', 'addr', 'show'));
		for (let n = 0; n < 256; n++) {
			const subnet = `${SUBNET_BASE}.${n}`;
			if (taken.includes(`${subnet}.`)) continue;
			const bench = new NetBench(subnet, prefix);
			open.add(bench);
			try {
				if (!(await bench.#claimSubnet())) {
					bench.destroySync();
					continue;
				}
				await bench.#build();
				return bench;
			} catch (error) {
				bench.destroySync();
				throw error;
			}
		}
		throw new Error(`no free /24 in ${SUBNET_BASE}.0.0/16 for the network bench`);
	}

	/** The router and the root link; false if another run took this /24 at the same moment (its route is there). */
	async #claimSubnet(): Promise<boolean> {
		const r = this.routerNamespace;
		// The root namespace gets a route to this bench's /24 only: nothing else is sent this way.
		await this.#addNamespace(r);
		// Forwarding inside the router only (never in the root namespace).
		await sh(r, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward');
		await ip(r, 'addr', 'add', `${this.relayAddress}/32`, 'dev', 'lo');
		await ip(null, 'link', 'add', 'name', this.#rootDevice, 'type', 'veth', 'peer', 'name', 'root', 'netns', r);
		await ip(null, 'addr', 'add', `${this.subnet}.1/30`, 'dev', this.#rootDevice);
		await ip(r, 'addr', 'add', `${this.subnet}.2/30`, 'dev', 'root');
		await ip(null, 'link', 'set', 'dev', this.#rootDevice, 'up');
		await ip(r, 'link', 'set', 'dev', 'root', 'up');
		this.#links = 1;
		this.root = new ClientLink(this, { label: 'root', namespace: null, address: `${this.subnet}.1`, device: this.#rootDevice, routerDevice: 'root' });
		try {
			await ip(null, 'route', 'add', `${this.subnet}.0/24`, 'via', `${this.subnet}.2`, 'dev', this.#rootDevice);
		} catch (error) {
			if (/File exists/.test((error as Error).message)) return false;
			throw error;
		}
		return true;
	}

	async #build(): Promise<void> {
		const studioLink = await this.#addLink('studio', this.studioNamespace);
		if (studioLink.address !== this.studioAddress) throw new Error(`the studio got ${studioLink.address}`);
		const options: UdpRelayOptions = { listenAddress: this.relayAddress, ports: [STUDIO_MEDIA_PORT], target: this.studioAddress };
		// Ahead of other work on the machine (it needs a few % of a core): a relay waiting for the CPU would add
		// delay and jitter that no test asked for, which the browsers' congestion control reads as a slow network.
		const child = fork(path.join(import.meta.dirname, 'udpRelay.ts'), [JSON.stringify(options)], {
			execPath: 'ip',
			execArgv: ['netns', 'exec', this.routerNamespace, 'nice', '-n', '-10', process.execPath],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('the relay did not start within 10 s')), 10_000);
			child.once('message', () => {
				clearTimeout(timer);
				resolve();
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`the relay exited (${code})`));
			});
		});
		this.relay = new RelayControl(child, this.relayAddress);
	}

	/** A new client host: its own namespace and address, a veth to the router, and these caps. */
	async clientNamespace(label: string, shape: LinkShape = {}): Promise<ClientLink> {
		if (this.#clients.has(label)) throw new Error(`a client ${label} exists already`);
		if (!/^[a-z0-9]{1,12}$/.test(label)) throw new Error(`a client label is 1-12 of a-z, 0-9 (not ${label})`);
		const link = await this.#addLink(label, `${this.prefix}-${label}`);
		this.#clients.set(label, link);
		await link.shape(shape);
		return link;
	}

	/** Start the studio in its namespace, media announced at the relay; one worker, fixed ports. */
	async startStudio(env: Record<string, string> = {}): Promise<StudioProcess> {
		if (this.#studio) throw new Error('the bench runs one studio');
		this.#studio = await startStudioProcess(
			{
				GLADI_MEDIA_ANNOUNCED_ADDRESS: this.relayAddress,
				GLADI_MEDIA_PORT: String(STUDIO_MEDIA_PORT),
				GLADI_WORKERS: '1',
				...env,
			},
			{ host: this.studioAddress, port: STUDIO_HTTP_PORT, wrapper: ['ip', 'netns', 'exec', this.studioNamespace] },
		);
		return this.#studio;
	}

	get studioUrl(): string {
		return `http://${this.studioAddress}:${STUDIO_HTTP_PORT}`;
	}

	/** Chromium switches for pages of the studio (served over plain HTTP from a namespace address): getUserMedia needs a secure context. */
	chromiumArgs(): string[] {
		return [`--unsafely-treat-insecure-origin-as-secure=${this.studioUrl}`];
	}

	/** Stop the studio and the relay, delete every namespace and link of this bench. Safe to call twice. */
	async destroy(): Promise<void> {
		if (this.#destroyed) return;
		await this.#studio?.stop().catch(() => undefined);
		this.destroySync();
	}

	/** destroy() without waiting for the studio to stop gracefully (for exit handlers and failed set-ups). */
	destroySync(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		open.delete(this);
		this.relay?.stop();
		void this.#studio?.kill();
		const problems = deleteNamespaces(this.#namespaces);
		// The root end goes with its peer in the router; this is for a router that could not be deleted.
		try {
			execFileSync('ip', ['link', 'delete', this.#rootDevice], { stdio: 'ignore', timeout: 5_000 });
		} catch {
			// gone with the router
		}
		rmSync(this.scratchDir, { recursive: true, force: true });
		if (problems.length > 0) console.warn(`network bench clean-up: ${problems.join('; ')}`);
	}

	async #addNamespace(name: string): Promise<void> {
		await ip(null, 'netns', 'add', name);
		this.#namespaces.push(name);
		await ip(name, 'link', 'set', 'dev', 'lo', 'up');
	}

	/** Link number k: the router has .4k+1, the client .4k+2 (a /30 each). */
	async #addLink(label: string, namespace: string): Promise<ClientLink> {
		if (this.#links >= MAX_LINKS) throw new Error(`at most ${MAX_LINKS} links in one bench`);
		const k = this.#links++;
		const routerDevice = `c${k}`;
		const gateway = `${this.subnet}.${4 * k + 1}`;
		const address = `${this.subnet}.${4 * k + 2}`;
		await this.#addNamespace(namespace);
		await ip(null, 'link', 'add', 'name', 'veth0', 'netns', namespace, 'type', 'veth', 'peer', 'name', routerDevice, 'netns', this.routerNamespace);
		await ip(this.routerNamespace, 'addr', 'add', `${gateway}/30`, 'dev', routerDevice);
		await ip(namespace, 'addr', 'add', `${address}/30`, 'dev', 'veth0');
		await ip(this.routerNamespace, 'link', 'set', 'dev', routerDevice, 'up');
		await ip(namespace, 'link', 'set', 'dev', 'veth0', 'up');
		await ip(namespace, 'route', 'add', 'default', 'via', gateway, 'dev', 'veth0');
		return new ClientLink(this, { label, namespace, address, device: 'veth0', routerDevice });
	}
}
