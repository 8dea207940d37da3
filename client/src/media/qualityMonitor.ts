import { QOS_REPORT_INTERVAL_MS, type HostQualityChoice, type QosReport } from '@gladi/shared';
import type { LinkQualityState, LinkSampler, MonitoredMedia } from './linkSampler.ts';

export type { LinkQualityState, MonitoredMedia, StatsProvider } from './linkSampler.ts';

export interface QualityMonitorEvents {
	/** The shown verdict of a side changed (sparse: after the hysteresis). */
	change: (state: LinkQualityState) => void;
	/** Every window: what this browser reports to the server (`qos:report`). */
	report: (report: QosReport) => void;
}

export interface QualityMonitorOptions {
	/** The current media, asked on every sample. */
	media: () => MonitoredMedia;
	/** The host's quality choice (Hemat data sends fewer layers: fewer are expected). */
	choice: () => HostQualityChoice;
	intervalMs?: number;
	/**
	 * A short window: the first of a new producer or consumer (a bad start
	 * shows soon), and the one after a window worse than shown (a weak link
	 * is confirmed, and told, within seconds).
	 */
	shortWindowMs?: number;
}

const IDLE: LinkQualityState = { send: null, receive: null };

/**
 * Samples this browser's WebRTC stats every QOS_REPORT_INTERVAL_MS: the
 * host's camera producer, or a viewer's video and audio consumers (their
 * reports carry the ICE pair; the transport's is read where they do not).
 * Each window becomes a QosReport (`report`) and a verdict; the verdict
 * shown (`change`) moves through a hysteresis so the indicators stay quiet.
 * A new producer/consumer (after going live or a reconnection) starts over
 * from good.
 */
export class QualityMonitor {
	readonly #options: Required<QualityMonitorOptions>;
	readonly #listeners: { [E in keyof QualityMonitorEvents]: Set<QualityMonitorEvents[E]> } = { change: new Set(), report: new Set() };
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running = false;
	#state: LinkQualityState = IDLE;
	/** The measuring, loaded once there is media (linkSampler.ts); a new one on every start(). */
	#sampler: Promise<LinkSampler> | null = null;

	constructor(options: QualityMonitorOptions) {
		this.#options = { intervalMs: QOS_REPORT_INTERVAL_MS, shortWindowMs: 1_000, ...options };
	}

	on<E extends keyof QualityMonitorEvents>(event: E, listener: QualityMonitorEvents[E]): () => void {
		this.#listeners[event].add(listener);
		return () => this.#listeners[event].delete(listener);
	}

	get state(): LinkQualityState {
		return this.#state;
	}

	// useSyncExternalStore
	subscribe = (listener: () => void): (() => void) => this.on('change', listener);
	getState = (): LinkQualityState => this.#state;

	start(): void {
		if (this.#running) return;
		this.#running = true;
		this.#schedule(0);
	}

	stop(): void {
		this.#running = false;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#sampler = null;
		this.#setState(IDLE);
	}

	#schedule(delayMs: number): void {
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#sample().then(
				(soon) => this.#running && this.#schedule(soon ? this.#options.shortWindowMs : this.#options.intervalMs),
				() => this.#running && this.#schedule(this.#options.intervalMs),
			);
		}, delayMs);
	}

	/** One sample of each side; true when the next should come sooner (a side started over or is degrading). */
	async #sample(): Promise<boolean> {
		const media = this.#options.media();
		if (!media.send && !media.receive && !this.#sampler) return false;
		// Failing to load (offline for a moment): tried again at the next sample.
		this.#sampler ??= import('./linkSampler.ts').then(
			(m) => new m.LinkSampler(),
			(error: unknown) => {
				this.#sampler = null;
				throw error;
			},
		);
		const sampler = this.#sampler;
		const { state, report, soon } = await (await sampler).sample(media, this.#options.choice);
		// Stopped (or stopped and started again) meanwhile: this sample is of the old run.
		if (!this.#running || this.#sampler !== sampler) return false;
		this.#setState(state);
		if (report) this.#emit('report', report);
		return soon;
	}

	#setState(next: LinkQualityState): void {
		if (next.send === this.#state.send && next.receive === this.#state.receive) return;
		this.#state = next;
		this.#emit('change', next);
	}

	#emit<E extends keyof QualityMonitorEvents>(event: E, ...args: Parameters<QualityMonitorEvents[E]>): void {
		for (const listener of this.#listeners[event]) (listener as (...a: Parameters<QualityMonitorEvents[E]>) => void)(...args);
	}
}
