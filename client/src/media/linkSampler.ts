import type { HostQualityChoice, LinkQuality, QosReport } from '@gladi/shared';
// Not from the package's index: what only this lazily loaded module uses stays out of the page's first chunk.
import {
	QualityHysteresis,
	ReceiveJudge,
	receiveWindow,
	SendJudge,
	sendWindow,
	type ReceiveIssue,
	type ReceiveSample,
	type SendIssue,
	type SendSample,
	type Verdict,
} from '@gladi/shared/linkQuality';
import { hasCandidatePair, readReceiveSample, readSendSample, type StatsReportLike } from './rtcStats.ts';

/*
 * The quality monitor's measuring (loaded with the first producer or
 * consumer, not with the page: the first frame does not wait for it).
 */

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

export interface Sample {
	state: LinkQualityState;
	/** What this window tells the server; null without a window (a side just started, or nothing to measure). */
	report: QosReport | null;
	/** The next sample should come sooner: a side started over or is degrading. */
	soon: boolean;
}

const RANK: Record<LinkQuality, number> = { good: 0, fair: 1, poor: 2 };

/**
 * Both sides' bookkeeping between samples: the last counters, the viewer's
 * judge and each side's hysteresis. A new producer or consumer (its id)
 * starts its side over from good.
 */
export class LinkSampler {
	#send: { id: string; last: SendSample; judge: SendJudge; filter: QualityHysteresis<SendIssue> } | null = null;
	#receive: { id: string; last: ReceiveSample; judge: ReceiveJudge; filter: QualityHysteresis<ReceiveIssue> } | null = null;

	async sample(media: MonitoredMedia, choice: () => HostQualityChoice): Promise<Sample> {
		const [send, receive] = await Promise.all([readSend(media.send), readReceive(media.receive)]);
		let fresh = false;
		const report: QosReport = { quality: 'good' };

		if (!media.send || !send) this.#send = null;
		else if (this.#send?.id !== media.send.producer.id) {
			this.#send = { id: media.send.producer.id, last: send, judge: new SendJudge(send.at), filter: new QualityHysteresis() };
			fresh = true;
		} else {
			const window = sendWindow(this.#send.last, send, choice());
			this.#send.last = send;
			if (window) {
				report.send = window;
				const verdict = this.#send.judge.judge(window, send.at);
				if (verdict) this.#send.filter.push(verdict);
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
				this.#receive.filter.push(this.#receive.judge.judge(window));
			}
		}

		const state: LinkQualityState = { send: this.#send?.filter.shown ?? null, receive: this.#receive?.filter.shown ?? null };
		const windowed = report.send !== undefined || report.receive !== undefined;
		if (windowed) {
			const verdicts = [state.send, state.receive].filter((v) => v !== null);
			report.quality = verdicts.reduce<LinkQuality>((q, v) => (RANK[v.quality] > RANK[q] ? v.quality : q), 'good');
		}
		return {
			state,
			report: windowed ? report : null,
			soon: fresh || Boolean(this.#send?.filter.degrading) || Boolean(this.#receive?.filter.degrading),
		};
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
