import {
	classifySend,
	QOS_REPORT_INTERVAL_MS,
	QualityHysteresis,
	ReceiveJudge,
	receiveWindow,
	sendWindow,
	type HostQualityChoice,
	type LinkQuality,
	type QosReport,
	type ReceiveIssue,
	type ReceiveSample,
	type SendIssue,
	type SendSample,
	type Verdict,
} from '@gladi/shared';
import { hasCandidatePair, readReceiveSample, readSendSample, type StatsReportLike } from './rtcStats.ts';

/** Anything with getStats(): a mediasoup-client Producer, Consumer or Transport. */
export interface StatsProvider {
	getStats(): Promise<StatsReportLike>;
}

/** What there is to measure right now (the session's current producer/consumers; null: nothing of that side). */
export interface MonitoredMedia {
	send: { producer: StatsProvider & { id: string }; transport: StatsProvider } | null;
	receive: { video: StatsProvider & { id: string }; audio: StatsProvider | null; transport: StatsProvider } | null;
}

/** The indicators' input: each side's shown verdict, null while that side has nothing to measure. */
export interface LinkQualityState {
	send: Verdict<SendIssue> | null;
	receive: Verdict<ReceiveIssue> | null;
}

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
const RANK: Record<LinkQuality, number> = { good: 0, fair: 1, poor: 2 };

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
	#send: { id: string; last: SendSample; filter: QualityHysteresis<SendIssue> } | null = null;
	#receive: { id: string; last: ReceiveSample; judge: ReceiveJudge; filter: QualityHysteresis<ReceiveIssue> } | null = null;

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
		this.#send = null;
		this.#receive = null;
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
		const [send, receive] = await Promise.all([readSend(media.send), readReceive(media.receive)]);
		if (!this.#running) return false;
		let fresh = false;
		let sendVerdict: Verdict<SendIssue> | null = null;
		let receiveVerdict: Verdict<ReceiveIssue> | null = null;
		const report: QosReport = { quality: 'good' };

		if (!media.send || !send) this.#send = null;
		else if (this.#send?.id !== media.send.producer.id) {
			this.#send = { id: media.send.producer.id, last: send, filter: new QualityHysteresis() };
			fresh = true;
		} else {
			const window = sendWindow(this.#send.last, send, this.#options.choice());
			this.#send.last = send;
			if (window) {
				report.send = window;
				sendVerdict = this.#send.filter.push(classifySend(window));
			}
		}

		if (!media.receive || !receive) this.#receive = null;
		else if (this.#receive?.id !== media.receive.video.id) {
			this.#receive = { id: media.receive.video.id, last: receive, judge: new ReceiveJudge(), filter: new QualityHysteresis() };
			fresh = true;
		} else {
			const window = receiveWindow(this.#receive.last, receive);
			this.#receive.last = receive;
			if (window) {
				report.receive = window.report;
				receiveVerdict = this.#receive.filter.push(this.#receive.judge.judge(window));
			}
		}

		this.#setState({
			send: this.#send ? (sendVerdict ?? this.#send.filter.shown) : null,
			receive: this.#receive ? (receiveVerdict ?? this.#receive.filter.shown) : null,
		});
		if (report.send || report.receive) {
			const verdicts = [this.#state.send, this.#state.receive].filter((v) => v !== null);
			report.quality = verdicts.reduce<LinkQuality>((q, v) => (RANK[v.quality] > RANK[q] ? v.quality : q), 'good');
			this.#emit('report', report);
		}
		return fresh || Boolean(this.#send?.filter.degrading) || Boolean(this.#receive?.filter.degrading);
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

async function readSend(send: MonitoredMedia['send']): Promise<SendSample | null> {
	if (!send) return null;
	const producer = await send.producer.getStats();
	return readSendSample(producer, hasCandidatePair(producer) ? undefined : await send.transport.getStats());
}

async function readReceive(receive: MonitoredMedia['receive']): Promise<ReceiveSample | null> {
	if (!receive) return null;
	const [video, audio] = await Promise.all([receive.video.getStats(), receive.audio?.getStats()]);
	return readReceiveSample(video, audio, hasCandidatePair(video) ? undefined : await receive.transport.getStats());
}
