import {
	ProtocolError,
	type JoinResponse,
	type LiveStatus,
	type Role,
	type RoomClosedReason,
	type RoomState,
	type ServerEvents,
	type CrowdSettings,
} from '@gladi/shared';
import type { types } from 'mediasoup';
import type { CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import { createLogger } from '../logger.ts';
import { RoomMedia } from '../media/roomMedia.ts';
import type { CatalogStore, SessionStore } from '../store/store.ts';
import { LiveStage } from './liveStage.ts';
import { NoWorkerError, type WorkerPool } from '../media/workerPool.ts';

const log = createLogger('room');

export interface Participant {
	peerId: string;
	name: string;
	role: Role;
}

/** How a room reaches its participants; the signaling layer implements it over socket.io. */
export interface RoomNotifier {
	toPeer<E extends keyof ServerEvents>(peerId: string, event: E, ...args: Parameters<ServerEvents[E]>): void;
	toRoom<E extends keyof ServerEvents>(code: string, event: E, ...args: Parameters<ServerEvents[E]>): void;
	/** Drop a participant's connection (after telling them why). */
	disconnect(peerId: string): void;
}

export interface RoomDeps {
	pool: WorkerPool;
	notifier: RoomNotifier;
	catalog: CatalogStore;
	sessions: SessionStore;
	/** For class rooms: whose turn it is (recorded on each session). */
	classTurn(roomCode: string): { classId: string; memberId: string } | null;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
	commentsPerPersonPerMinute: number;
	/** How long a room with nobody in it keeps its media before closing it. */
	emptyGraceMs: number;
}

const MEDIA_RESTARTED = 'the media server restarted; reconnecting';

/**
 * A practice room: who is in it, whether the host is live, and its media.
 * Roles are enforced before calls reach here (signaling checks permissions);
 * the room enforces state: one host, producing only while connected, and
 * consuming only what the live host publishes.
 */
export class Room {
	readonly code: string;
	readonly title: string;
	readonly createdAt = Date.now();
	lastActiveAt = Date.now();
	readonly #deps: RoomDeps;
	readonly #participants = new Map<string, Participant>();
	/** Products, pins, flash sales, comments, orders and the simulated crowd. */
	readonly live: LiveStage;
	#status: LiveStatus = 'waiting';
	#liveSince: number | null = null;
	#media: RoomMedia | null = null;
	#mediaPending: Promise<RoomMedia> | null = null;
	#emptyTimer: NodeJS.Timeout | null = null;

	constructor(code: string, title: string, productIds: string[], deps: RoomDeps) {
		this.code = code;
		this.title = title;
		this.#deps = deps;
		this.live = new LiveStage(productIds, {
			catalog: deps.catalog,
			sessions: deps.sessions,
			roomCode: code,
			title,
			classTurn: () => deps.classTurn(code),
			createCrowdEngine: deps.createCrowdEngine,
			defaultCrowd: deps.defaultCrowd,
			commentsPerPersonPerMinute: deps.commentsPerPersonPerMinute,
			broadcast: (event, ...args) => deps.notifier.toRoom(code, event, ...args),
			toHost: (event, ...args) => {
				for (const p of this.#participants.values()) if (p.role === 'host') deps.notifier.toPeer(p.peerId, event, ...args);
			},
			hostName: () => this.state().hostName ?? 'kak',
		});
	}

	get media(): RoomMedia | null {
		return this.#media;
	}

	get status(): LiveStatus {
		return this.#status;
	}

	get participantCount(): number {
		return this.#participants.size;
	}

	participant(peerId: string): Participant | undefined {
		return this.#participants.get(peerId);
	}

	state(): RoomState {
		let mentors = 0;
		let buyers = 0;
		let hostName: string | null = null;
		for (const p of this.#participants.values()) {
			if (p.role === 'mentor') mentors++;
			else if (p.role === 'buyer') buyers++;
			else hostName = p.name;
		}
		return {
			code: this.code,
			title: this.title,
			status: this.#status,
			liveSince: this.#liveSince,
			hostName,
			viewers: { mentors, buyers },
			sessionId: this.live.recorder.sessionId,
		};
	}

	async join(participant: Participant): Promise<JoinResponse> {
		if (this.#participants.has(participant.peerId)) throw new ProtocolError('invalid_state', 'already joined');
		const media = await this.#ensureMedia();
		// Again: a second join from the same peer may have completed while this one waited for the router.
		if (this.#participants.has(participant.peerId)) throw new ProtocolError('invalid_state', 'already joined');
		if (participant.role === 'host') {
			// One host at a time: a second host connection (a reload, a second phone) replaces the first.
			for (const other of this.#participants.values()) {
				if (other.role !== 'host') continue;
				this.#sendAway(other.peerId, 'replaced', 'host opened the studio elsewhere');
			}
		}
		this.#participants.set(participant.peerId, participant);
		this.#cancelEmptyTimer();
		this.lastActiveAt = Date.now();
		this.#broadcastState();
		return {
			self: { peerId: participant.peerId, name: participant.name, role: participant.role },
			room: this.state(),
			routerRtpCapabilities: media.rtpCapabilities,
			...this.live.snapshot(),
		};
	}

	/** A participant left (or was dropped): free their media; the host leaving ends the live. */
	leave(peerId: string): void {
		const participant = this.#participants.get(peerId);
		if (!participant) return;
		this.#participants.delete(peerId);
		this.#media?.closePeer(peerId);
		this.live.forget(peerId);
		this.lastActiveAt = Date.now();
		if (participant.role === 'host' && this.#status === 'live') this.#setEnded();
		this.#broadcastState();
		if (this.#participants.size === 0) this.#startEmptyTimer();
	}

	requireMedia(peerId: string): RoomMedia {
		if (!this.#participants.has(peerId)) throw new ProtocolError('invalid_state', 'join the room first');
		if (!this.#media || this.#media.closed) throw new ProtocolError('invalid_state', 'room media is restarting');
		return this.#media;
	}

	/** The producers viewers should receive: the host's, while live. */
	liveProducers(): types.Producer[] {
		if (this.#status !== 'live' || !this.#media) return [];
		const host = [...this.#participants.values()].find((p) => p.role === 'host');
		return host ? this.#media.producersOf(host.peerId) : [];
	}

	startLive(peerId: string): RoomState {
		const media = this.requireMedia(peerId);
		if (media.producersOf(peerId).length === 0) {
			throw new ProtocolError('invalid_state', 'publish camera or microphone before going live');
		}
		if (this.#status !== 'live') {
			this.#status = 'live';
			this.#liveSince = Date.now();
			this.live.start(this.#participants.get(peerId)?.name ?? '');
			log.info('live started', { room: this.code });
		}
		this.#broadcastState();
		return this.state();
	}

	endLive(peerId: string): RoomState {
		const media = this.requireMedia(peerId);
		media.closeProducers(peerId);
		if (this.#status === 'live') this.#setEnded();
		this.#broadcastState();
		return this.state();
	}

	/** A class turn is over: end the live and send the host away (they come back as a buyer). */
	endTurn(): void {
		for (const p of [...this.#participants.values()]) {
			if (p.role !== 'host') continue;
			this.#sendAway(p.peerId, 'turn_over', 'your turn as host is over');
		}
	}

	/** A new producer appeared while live: tell viewers so they consume it. */
	producersChanged(): void {
		if (this.#status === 'live') this.#broadcastState();
	}

	/** The worker under this room died: tell everyone, drop them; they rejoin onto a new router. */
	mediaFailed(): void {
		this.#closeMedia('media_failure', MEDIA_RESTARTED);
	}

	/** The worker carrying one viewer's media died: drop just that viewer; its client rejoins onto a live worker. */
	#mediaFailedFor(peerId: string): void {
		if (this.#participants.has(peerId)) this.#sendAway(peerId, 'media_failure', MEDIA_RESTARTED);
	}

	/** Tell one participant why, drop them from the room and close their connection (their client decides whether to rejoin). */
	#sendAway(peerId: string, reason: RoomClosedReason, message: string): void {
		this.#deps.notifier.toPeer(peerId, 'room:closed', { reason, message });
		this.leave(peerId);
		this.#deps.notifier.disconnect(peerId);
	}

	/** Close the room's media for good (server shutdown). */
	close(): void {
		this.#closeMedia('room_closed', 'the room was closed');
		this.live.close();
	}

	#closeMedia(reason: RoomClosedReason, message: string): void {
		this.#cancelEmptyTimer();
		const peers = [...this.#participants.keys()];
		for (const peerId of peers) this.#deps.notifier.toPeer(peerId, 'room:closed', { reason, message });
		this.#participants.clear();
		for (const peerId of peers) this.#deps.notifier.disconnect(peerId);
		this.#media?.close();
		this.#media = null;
		this.#mediaPending = null;
		if (this.#status === 'live') this.#setEnded();
		log.info('room media closed', { room: this.code, reason, peers: peers.length });
	}

	#setEnded(): void {
		this.#status = 'ended';
		this.#liveSince = null;
		this.live.stop();
		log.info('live ended', { room: this.code });
	}

	async #ensureMedia(): Promise<RoomMedia> {
		if (this.#media && !this.#media.closed) return this.#media;
		this.#mediaPending ??= (async () => {
			let slot;
			try {
				slot = this.#deps.pool.leastLoaded();
			} catch (error) {
				if (error instanceof NoWorkerError) {
					throw new ProtocolError('invalid_state', 'the media server is restarting; try again in a moment');
				}
				throw error;
			}
			const media = await RoomMedia.create(slot, this.#deps.pool);
			media.on('consumerClosed', (peerId, consumerId) => {
				this.#deps.notifier.toPeer(peerId, 'media:consumerClosed', { consumerId });
			});
			media.on('receiveLost', (peerId) => this.#mediaFailedFor(peerId));
			media.on('speaking', (peerId, speaking) => {
				if (this.#participants.get(peerId)?.role === 'host') this.live.hostSpeaking(speaking);
			});
			this.#media = media;
			return media;
		})().finally(() => {
			this.#mediaPending = null;
		});
		return this.#mediaPending;
	}

	#broadcastState(): void {
		const state = this.state();
		this.live.peopleWatching(state.viewers.buyers + state.viewers.mentors);
		this.#deps.notifier.toRoom(this.code, 'room:state', state);
	}

	#startEmptyTimer(): void {
		this.#cancelEmptyTimer();
		this.#emptyTimer = setTimeout(() => {
			this.#emptyTimer = null;
			if (this.#participants.size > 0) return;
			this.#media?.close();
			this.#media = null;
			if (this.#status === 'ended') this.#status = 'waiting';
			log.info('empty room closed', { room: this.code });
		}, this.#deps.emptyGraceMs);
		this.#emptyTimer.unref();
	}

	#cancelEmptyTimer(): void {
		if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
		this.#emptyTimer = null;
	}
}
