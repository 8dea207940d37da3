import {
	buildQosState,
	GladiError,
	QOS_REPORT_INTERVAL_MS,
	type QosHostInput,
	type QosReport,
	type QosState,
	type QosViewerInput,
	type ReceivedQosReport,
} from '@gladi/shared';
import type { Peer } from './peer.ts';

/**
 * Everyone's connection quality, for a room's mentors. Keeps each joined
 * peer's latest `qos:report` (in memory; forgotten when the peer goes) and,
 * while at least one mentor is in the room, sends the mentors a QosState
 * every QOS_REPORT_INTERVAL_MS: the reports merged with what mediasoup
 * keeps about the host's camera and each viewer's video (domain/qosState.ts
 * builds it). The work per tick is one pass over the peers, whatever the
 * clients send: a report only replaces the last one (the signaling's request
 * limit bounds how often that can be).
 */
export class QosMonitor {
	readonly #joined: () => Iterable<Peer>;
	readonly #reports = new Map<string, ReceivedQosReport>();
	#timer: NodeJS.Timeout | null = null;
	#closed = false;

	/** `joined`: the room's joined peers as they are now. */
	constructor(joined: () => Iterable<Peer>) {
		this.#joined = joined;
	}

	/** Whether the state is being sent now (a mentor is in the room). */
	get running(): boolean {
		return this.#timer !== null;
	}

	/** A peer's report on its own link: a host reports what it sends, a viewer what it receives. */
	report(peer: Peer, report: QosReport, now = Date.now()): void {
		if (peer.role === 'host' && report.receive) {
			throw new GladiError('qos_wrong_side', 'a host reports what it sends (send), not what it receives');
		}
		if (peer.role !== 'host' && report.send) {
			throw new GladiError('qos_wrong_side', `a ${peer.role} reports what it receives (receive), not what it sends`);
		}
		this.#reports.set(peer.id, { at: now, report });
	}

	/** A peer left: its report goes with it. */
	forget(peerId: string): void {
		this.#reports.delete(peerId);
	}

	/** Who is in the room changed: send the state while a mentor is there, and only then. */
	peopleChanged(): void {
		const mentorIn = [...this.#joined()].some((p) => p.role === 'mentor');
		if (mentorIn && !this.#timer && !this.#closed) {
			this.#timer = setInterval(() => this.#tick(), QOS_REPORT_INTERVAL_MS);
			this.#timer.unref();
		} else if (!mentorIn) {
			this.#stop();
		}
	}

	/** The room's QosState now. */
	state(now = Date.now()): QosState {
		let host: QosHostInput | null = null;
		const viewers: QosViewerInput[] = [];
		for (const peer of this.#joined()) {
			const report = this.#reports.get(peer.id) ?? null;
			if (peer.role === 'host') host = { peerId: peer.id, name: peer.name, report, scores: peer.media.cameraScores() };
			else viewers.push({ peerId: peer.id, name: peer.name, role: peer.role, report, video: peer.media.cameraReception() });
		}
		return buildQosState(now, host, viewers);
	}

	/** Stop for good (the room closed): no timer, no reports. */
	close(): void {
		this.#closed = true;
		this.#stop();
		this.#reports.clear();
	}

	#tick(): void {
		const mentors = [...this.#joined()].filter((p) => p.role === 'mentor');
		if (mentors.length === 0) {
			this.#stop();
			return;
		}
		const state = this.state();
		for (const mentor of mentors) mentor.notify('qos:state', state);
	}

	#stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}
}
