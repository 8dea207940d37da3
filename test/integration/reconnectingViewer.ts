/*
 * A viewer in Node that recovers exactly as a page does: the client's own
 * SignalingClient and Reconnector (and its ReconnectPolicy), over a real
 * socket.io connection. Only signaling: it joins and, when dropped, rejoins;
 * it has no mediasoup device.
 */
import { afterEach } from 'vitest';
import type { ReconnectPolicy } from '../../client/src/media/reconnectPolicy.ts';
import { Reconnector, type ConnectionState, type RetryInfo } from '../../client/src/media/reconnector.ts';
import { SignalingClient } from '../../client/src/signaling/signalingClient.ts';
import { eventually, WAIT_MS } from './harness.ts';

export class ReconnectingViewer {
	readonly signaling: SignalingClient;
	readonly reconnector: Reconnector;
	readonly states: ConnectionState[] = [];
	readonly retries: RetryInfo[] = [];
	/** Joins that succeeded, the first one included. */
	joins = 0;

	constructor(url: string, token: string, name: string, policy?: ReconnectPolicy) {
		this.signaling = new SignalingClient(token, name, url);
		this.reconnector = new Reconnector(this.signaling.socket, {
			join: async () => {
				const joined = await this.signaling.request('room:join', {});
				// As a page does: the next handshake says it is the same person.
				this.signaling.person.save(joined.person);
				this.joins++;
			},
			...(policy ? { policy } : {}),
		});
		this.reconnector.on('state', (state) => this.states.push(state));
		this.reconnector.on('retry', (info) => this.retries.push(info));
	}

	get state(): ConnectionState {
		return this.reconnector.state;
	}

	waitForState(state: ConnectionState, ms = WAIT_MS): Promise<true> {
		return eventually(() => this.state === state, `viewer to be ${state} (is ${this.state})`, ms);
	}

	/**
	 * Wait until the states entered after `since` (an index into `states`)
	 * include `sequence` in order: catches a state held only for a moment
	 * (a reconnect whose first attempt is immediate).
	 */
	waitForStates(sequence: readonly ConnectionState[], since: number, ms = WAIT_MS): Promise<true> {
		const passed = () => {
			let next = 0;
			for (const state of this.states.slice(since)) if (state === sequence[next]) next++;
			return next >= sequence.length;
		};
		return eventually(passed, `viewer to go through ${sequence.join(' -> ')} (went through ${this.states.slice(since).join(' -> ') || 'nothing'})`, ms);
	}
}

export interface ViewerOptions {
	policy?: ReconnectPolicy;
	/** Where to connect (default: the suite's studio). */
	url?: string;
}

/** Makes the viewers of a test file's tests (each test's are stopped after it, like the harness's clients). */
export function viewerSuite(studioUrl: () => string): (token: string, name: string, options?: ViewerOptions) => ReconnectingViewer {
	const made = new Set<ReconnectingViewer>();
	afterEach(() => {
		for (const viewer of made) viewer.reconnector.stop();
		made.clear();
	});
	return (token, name, { policy, url } = {}) => {
		const viewer = new ReconnectingViewer(url ?? studioUrl(), token, name, policy);
		made.add(viewer);
		return viewer;
	};
}
