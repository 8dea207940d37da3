import {
	can,
	GladiError,
	isNameReserved,
	type CrowdSettings,
	type JoinResponse,
	type PrepareResponse,
	type LiveStatus,
	type RoomClosedReason,
	type Role,
	type RoomState,
	type ServerEvents,
} from '@gladi/shared';
import type { CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';
import type { MediaCounts, PeerProducer } from '../media/peerMedia.ts';
import { RoomMedia } from '../media/roomMedia.ts';
import { NoWorkerError, type WorkerPool } from '../media/workerPool.ts';
import type { Recordings } from '../recording/recordings.ts';
import type { SessionRecording } from '../recording/sessionRecording.ts';
import type { SessionStore } from '../store/store.ts';
import { LiveStage, type RoomProducts } from './liveStage.ts';
import { Peer, PersonLimits, type PeerConnection, type PeerInfo } from './peer.ts';
import { QosMonitor } from './qosMonitor.ts';

/** How a room reaches everyone in it at once; the signaling layer implements it over socket.io. */
export interface RoomChannel {
	broadcast<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void;
}

export interface RoomDeps {
	pool: WorkerPool;
	channel: RoomChannel;
	products: RoomProducts;
	sessions: SessionStore;
	/** The room's last session when it came into memory (its notes and scores can still be added). */
	lastSessionId: string | null;
	/** The role `token` opens this room as now, or null: a link revoked since a peer connected with it stops at its join. */
	inviteRole(token: string): Promise<Role | null>;
	/** For class rooms: whose turn it is (recorded on each session). */
	classTurn(roomCode: string): Promise<{ classId: string; memberId: string } | null>;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
	commentsPerPersonPerMinute: number;
	/**
	 * How long a room with nobody in it keeps its media before closing it;
	 * and then how long it stays in memory (it closes, its registry forgets it).
	 */
	emptyGraceMs: number;
	/** How long a live waits for a host who dropped out (0: it ends at once). */
	hostReturnMs: number;
	/** Records each live (null: recording is off). */
	recordings: Recordings | null;
	log: Logger;
}

type RoomEvents = {
	/** Closed for good (its registry forgets it): by close(), or by itself after being unused for its grace. Emitted once. */
	closed: [];
	/** A live ended and what it wrote (its timeline, its recording) is done. */
	liveEnded: [];
};

const MEDIA_RESTARTED = 'the media server restarted; reconnecting';
/** People remembered for their rate limits; rested ones are dropped first. */
const MAX_REMEMBERED_PEOPLE = 1000;
/**
 * A buyer or mentor arriving or leaving changes only the viewer counts:
 * room:state goes out for that at most once per this long. Sent on every
 * arrival, N viewers joining together cost N^2 / 2 messages in all (300: 45
 * thousand, 1.9 s of the server's CPU and as much again in the viewers).
 */
const COUNTS_BROADCAST_MS = 1000;

/**
 * A practice room: its peers (everyone connected with one of its invite
 * links), whether the host is live, its stage and its media. Roles are
 * enforced before calls reach here (signaling checks permissions); the room
 * enforces state: one host, producing only while connected, and consuming
 * only what the live host publishes.
 *
 * Lifecycle: a Peer is admitted when its connection opens, may prepare its
 * media while its person types a name (it then counts as using the media,
 * not as being in the room), and joins once the room's media is ready;
 * when it reports `closed` the room forgets it (a
 * live host who drops out is waited for, hostReturnMs, before the live
 * ends; ending the live or a class turn ends it at once). The media closes after the room has been empty
 * for a grace period and opens again on the next join. A room that is not in
 * use (no peers, no media, not live) closes itself after that grace again:
 * what it held in memory (its stage, people's limits) goes with it, and the
 * registry makes it anew from the store when it is used again. close()
 * closes every peer, the media, the quality monitor and the stage, then reports `closed`.
 */
export class Room extends TypedEmitter<RoomEvents> {
	readonly code: string;
	readonly title: string;
	readonly createdAt = Date.now();
	/** Products, pins, flash sales, comments, orders and the simulated crowd. */
	readonly live: LiveStage;
	/** Everyone's connection quality, sent to the mentors while one is in. */
	readonly qos: QosMonitor = new QosMonitor(() => this.#joined());
	readonly log: Logger;
	readonly #deps: RoomDeps;
	readonly #peers = new Map<string, Peer>();
	readonly #people = new Map<string, PersonLimits>();
	#status: LiveStatus = 'waiting';
	#liveSince: number | null = null;
	#media: RoomMedia | null = null;
	#mediaPending: Promise<RoomMedia> | null = null;
	#emptyTimer: NodeJS.Timeout | null = null;
	/** Running while the room is unused: when it fires, the room closes (and leaves memory). */
	#unusedTimer: NodeJS.Timeout | null = null;
	/** Running while a live's host is away: when it fires, the live ends. */
	#hostAwayTimer: NodeJS.Timeout | null = null;
	#recording: SessionRecording | null = null;
	/** The live being started: resolves once its session is saved. */
	#goingLive: Promise<void> | null = null;
	/** A room:state held back for viewer counts that changed within COUNTS_BROADCAST_MS of the last one. */
	#countsTimer: NodeJS.Timeout | null = null;
	#lastBroadcastAt = Number.NEGATIVE_INFINITY;
	#closed = false;

	constructor(code: string, title: string, deps: RoomDeps) {
		super();
		this.code = code;
		this.title = title;
		this.#deps = deps;
		this.log = deps.log.child({ room: code });
		this.live = new LiveStage({
			products: deps.products,
			sessions: deps.sessions,
			lastSessionId: deps.lastSessionId,
			roomCode: code,
			title,
			createCrowdEngine: deps.createCrowdEngine,
			defaultCrowd: deps.defaultCrowd,
			broadcast: (event, ...args) => deps.channel.broadcast(event, ...args),
			toHost: (event, ...args) => {
				for (const peer of this.#joined()) if (peer.role === 'host') peer.notify(event, ...args);
			},
			hostName: () => this.state().hostName ?? 'kak',
			log: this.log,
		});
		// Made for a look (a class overview, a test) and never used: it goes again.
		this.#checkUnused();
	}

	get media(): RoomMedia | null {
		return this.#media;
	}

	get status(): LiveStatus {
		return this.#status;
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** People in the room (joined). */
	get participantCount(): number {
		let n = 0;
		for (const _ of this.#joined()) n++;
		return n;
	}

	/** Connections open on this room's links, joined or not. */
	get peerCount(): number {
		return this.#peers.size;
	}

	peer(peerId: string): Peer | undefined {
		return this.#peers.get(peerId);
	}

	/** What every peer's media holds (for health and tests: nothing should outlive its peer). */
	mediaStats(): MediaCounts & { peers: number } {
		const total = { peers: 0, transports: 0, producers: 0, consumers: 0 };
		for (const peer of this.#peers.values()) {
			const counts = peer.media.counts();
			if (counts.transports + counts.producers + counts.consumers > 0) total.peers++;
			total.transports += counts.transports;
			total.producers += counts.producers;
			total.consumers += counts.consumers;
		}
		return total;
	}

	state(): RoomState {
		let mentors = 0;
		let buyers = 0;
		let hostName: string | null = null;
		for (const p of this.#joined()) {
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
			sessionId: this.live.timeline.sessionId,
			recording: this.#recording !== null,
		};
	}

	/** A connection opened with one of this room's links: its Peer, not joined yet. */
	admit(info: PeerInfo, connection: PeerConnection): Peer {
		if (this.#closed) throw new GladiError('media_restarting', 'the room was closed; try again');
		const peer = new Peer(info, connection, this.#limitsOf(info), this.log.child({ peer: info.id, role: info.role }));
		this.#peers.set(peer.id, peer);
		this.#cancelUnused();
		peer.on('closed', () => this.#forget(peer));
		return peer;
	}

	/**
	 * Set up a peer's media before it joins: the room's media opens (if it is
	 * not open), and those who watch get their receive transport. Nothing is
	 * consumed and nobody sees the peer until it joins.
	 */
	async prepare(peer: Peer): Promise<PrepareResponse> {
		this.#checkLink(peer, await this.#deps.inviteRole(peer.token));
		const media = await this.#ensureMedia();
		if (peer.closed || this.#peers.get(peer.id) !== peer) throw new GladiError('left_room', 'disconnected while preparing');
		if (this.#media !== media || media.closed) throw new GladiError('media_restarting', 'room media is restarting');
		peer.markPrepared();
		this.#cancelEmptyTimer();
		const recvTransport = can(peer.role, 'produce') ? null : await media.createTransport(peer.media, 'recv');
		return { person: peer.person.credential, routerRtpCapabilities: media.rtpCapabilities, recvTransport };
	}

	/** `name`: the name to join under (room:join's); without it, the handshake's. */
	async join(peer: Peer, name?: string): Promise<JoinResponse> {
		if (peer.joined) throw new GladiError('already_joined', 'already joined');
		if (name !== undefined) peer.rename(name);
		if (!peer.named) throw new GladiError('bad_request', 'room:join: a name is needed (the handshake had none)');
		this.#checkMayJoin(peer, await this.#deps.inviteRole(peer.token));
		const media = await this.#ensureMedia();
		const role = await this.#deps.inviteRole(peer.token);
		// Again: a second join may have completed, the connection or the media gone, the link been revoked or
		// the name been taken while this one waited for the router and the store.
		if (peer.joined) throw new GladiError('already_joined', 'already joined');
		if (peer.closed || this.#peers.get(peer.id) !== peer) throw new GladiError('left_room', 'disconnected while joining');
		if (this.#media !== media || media.closed) throw new GladiError('media_restarting', 'room media is restarting');
		this.#checkMayJoin(peer, role);
		if (peer.role === 'host') {
			// One host at a time: a second host connection (a reload, a second phone) replaces the first.
			for (const other of this.#joined()) {
				if (other.role === 'host') other.close({ reason: 'replaced', message: 'host opened the studio elsewhere' });
			}
		}
		peer.markJoined();
		this.#cancelEmptyTimer();
		if (peer.role === 'host') this.#broadcastState();
		else this.#countsChanged();
		this.qos.peopleChanged();
		peer.log.debug('joined');
		return {
			self: peer.self,
			person: peer.person.credential,
			room: this.state(),
			routerRtpCapabilities: media.rtpCapabilities,
			...this.live.snapshot(),
		};
	}

	requireMedia(peer: Peer): RoomMedia {
		if (!peer.joined) throw new GladiError('not_joined', 'join the room first');
		return this.#openMedia();
	}

	/** For what a peer may do on its media before it joins (connect its transport, make paused consumers). */
	requirePreparedMedia(peer: Peer): RoomMedia {
		if (!peer.joined && !peer.prepared) throw new GladiError('not_joined', 'prepare or join the room first');
		return this.#openMedia();
	}

	#openMedia(): RoomMedia {
		if (!this.#media || this.#media.closed) throw new GladiError('media_restarting', 'room media is restarting');
		return this.#media;
	}

	/** The producers viewers should receive: the host's, while live. */
	liveProducers(): PeerProducer[] {
		if (this.#status !== 'live') return [];
		const host = this.#host();
		return host ? [...host.media.producers.values()] : [];
	}

	/** Go live (the host, once publishing); resolves once the new session is committed. */
	async startLive(peer: Peer): Promise<RoomState> {
		this.#checkMayGoLive(peer);
		this.#cancelHostAway();
		if (this.#status !== 'live') {
			const turn = await this.#deps.classTurn(this.code);
			// Again: the host or the media may have gone, or another request started the live, meanwhile.
			if (peer.closed) throw new GladiError('left_room', 'disconnected while going live');
			this.#checkMayGoLive(peer);
			if ((this.#status as LiveStatus) !== 'live') {
				const going = this.#goLive(peer, turn).finally(() => {
					if (this.#goingLive === going) this.#goingLive = null;
				});
				this.#goingLive = going;
			}
		}
		// A live just started (by this request or another one) is acknowledged once its session is saved.
		await this.#goingLive;
		this.#broadcastState();
		return this.state();
	}

	async #goLive(peer: Peer, turn: { classId: string; memberId: string } | null): Promise<void> {
		this.#status = 'live';
		this.#liveSince = Date.now();
		const started = this.live.start(peer.name, turn);
		const sessionId = this.live.timeline.sessionId;
		await started;
		// Recorded once the session is saved (a recording refers to it), if the live did not end meanwhile.
		const media = this.#media;
		if (sessionId && this.#status === 'live' && this.live.timeline.sessionId === sessionId && media && !media.closed) {
			this.#recording = this.#deps.recordings?.record(sessionId, media.origin, () => this.liveProducers(), this.log) ?? null;
		}
		this.log.info({ session: sessionId, recording: this.#recording !== null }, 'live started');
	}

	#checkMayGoLive(peer: Peer): void {
		this.requireMedia(peer);
		if (peer.media.producers.size === 0) {
			throw new GladiError('nothing_published', 'publish camera or microphone before going live');
		}
	}

	async endLive(peer: Peer): Promise<RoomState> {
		this.requireMedia(peer);
		if (this.#status === 'live') {
			// The recorder finishes its file while the host's streams still flow (milliseconds), then they close.
			await this.#setEnded();
		}
		peer.media.closeProducers();
		this.#broadcastState();
		return this.state();
	}

	/** A class turn is over: end the live and send the host away (they come back as a buyer). */
	endTurn(): void {
		// The next member's live is a session of its own: this one ends now, not after a grace.
		if (this.#status === 'live') this.#endInBackground();
		this.#broadcastState();
		for (const peer of this.#joined()) {
			if (peer.role === 'host') peer.close({ reason: 'turn_over', message: 'your turn as host is over' });
		}
	}

	/** A new producer appeared while live: tell viewers so they consume it. */
	producersChanged(): void {
		if (this.#status !== 'live') return;
		this.#recording?.refresh();
		this.#broadcastState();
	}

	/** Links that no longer open this room: every peer that connected with one goes (told why, if joined). */
	revokeTokens(tokens: ReadonlySet<string>): void {
		for (const peer of [...this.#peers.values()]) {
			if (tokens.has(peer.token)) peer.close({ reason: 'link_revoked', message: 'this invite link no longer opens the room' });
		}
	}

	/**
	 * Close for good (idempotent): every peer (told why), the media and the
	 * stage; then `closed`. `moved`: the room runs on another node now (its
	 * peers connect there; the live is that node's to end or go on with).
	 */
	close(reason: Extract<RoomClosedReason, 'room_closed' | 'moved'> = 'room_closed'): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#cancelUnused();
		if (this.#countsTimer) clearTimeout(this.#countsTimer);
		this.#countsTimer = null;
		this.#closeMedia(reason, reason === 'moved' ? 'the room moved to another server; reconnecting' : 'the room was closed');
		for (const peer of [...this.#peers.values()]) peer.close();
		this.qos.close();
		this.live.close();
		this.log.debug('room closed');
		this.emit('closed');
	}

	/** Every joined peer. */
	*#joined(): IterableIterator<Peer> {
		for (const peer of this.#peers.values()) if (peer.joined) yield peer;
	}

	#host(): Peer | undefined {
		for (const peer of this.#joined()) if (peer.role === 'host') return peer;
		return undefined;
	}

	/**
	 * A peer may join only with a link that still opens this room as its role
	 * (revoked links stop here: the peer is sent away), and under a name
	 * that is not the host's, a mentor's or a staff word (domain/displayName.ts).
	 */
	#checkMayJoin(peer: Peer, role: Role | null): void {
		this.#checkLink(peer, role);
		let hostName: string | null = null;
		const mentorNames: string[] = [];
		for (const other of this.#joined()) {
			if (other === peer) continue;
			if (other.role === 'host') hostName = other.name;
			else if (other.role === 'mentor') mentorNames.push(other.name);
		}
		if (isNameReserved(peer.name, peer.role, { hostName, mentorNames })) {
			throw new GladiError('name_reserved', 'this name is the host’s, a mentor’s or kept for the studio; choose another');
		}
	}

	/** The link still opens this room as the peer's role; if not, the peer is sent away. */
	#checkLink(peer: Peer, role: Role | null): void {
		if (role !== peer.role) {
			peer.close();
			throw new GladiError('invite_invalid', 'this invite link no longer opens the room');
		}
	}

	/** Peers that use the room's media: joined, or preparing to join. */
	*#mediaPeers(): IterableIterator<Peer> {
		for (const peer of this.#peers.values()) if (peer.joined || peer.prepared) yield peer;
	}

	#usesMedia(): boolean {
		return !this.#mediaPeers().next().done;
	}

	/** A peer closed: forget it; the host leaving ends the live, the last one out starts the empty timer. */
	#forget(peer: Peer): void {
		if (this.#peers.get(peer.id) !== peer) return;
		this.#peers.delete(peer.id);
		this.qos.forget(peer.id);
		this.#checkUnused();
		if (this.#closed) return;
		if (!peer.joined) {
			// The last one who had prepared without joining left: the media closes after the grace.
			if (peer.prepared && !this.#usesMedia()) this.#startEmptyTimer();
			return;
		}
		this.qos.peopleChanged();
		if (peer.role === 'host' && this.#status === 'live') this.#hostLeftLive();
		if (peer.role === 'host') this.#broadcastState();
		else this.#countsChanged();
		if (!this.#usesMedia()) this.#startEmptyTimer();
	}

	#limitsOf(info: PeerInfo): PersonLimits {
		const key = Peer.personKey(info.person);
		let limits = this.#people.get(key);
		if (!limits) {
			if (this.#people.size >= MAX_REMEMBERED_PEOPLE) {
				const now = Date.now();
				for (const [k, l] of this.#people) if (l.rested(now)) this.#people.delete(k);
			}
			limits = new PersonLimits(this.#deps.commentsPerPersonPerMinute);
			this.#people.set(key, limits);
		}
		return limits;
	}

	/** Tell every peer on the media (joined or prepared) why and close them, then the media (the live ends with it). */
	#closeMedia(reason: RoomClosedReason, message: string): void {
		this.#cancelEmptyTimer();
		const joined = [...this.#mediaPeers()];
		for (const peer of joined) peer.close({ reason, message });
		const media = this.#media;
		this.#media = null;
		this.#mediaPending = null;
		media?.close();
		// A media failure leaves the live waiting for its host (#hostLeftLive); closing the room ends it.
		if (this.#status === 'live' && (reason === 'room_closed' || this.#deps.hostReturnMs === 0)) this.#endInBackground();
		if (media || joined.length > 0) this.log.info({ reason, peers: joined.length }, 'room media closed');
		this.#checkUnused();
	}

	/**
	 * The live's host dropped out (connection lost, replaced, the media
	 * worker died): the live waits for them, with its session and recording,
	 * and ends only if they are not back in time.
	 */
	#hostLeftLive(): void {
		if (this.#deps.hostReturnMs === 0) {
			this.#endInBackground();
			return;
		}
		if (this.#hostAwayTimer) return;
		this.log.info({ waitMs: this.#deps.hostReturnMs }, 'the live host dropped out; waiting for them');
		this.#hostAwayTimer = setTimeout(() => {
			this.#hostAwayTimer = null;
			if (this.#status !== 'live' || this.#host()) return;
			this.#endInBackground();
			this.#broadcastState();
			this.#checkUnused();
		}, this.#deps.hostReturnMs);
		this.#hostAwayTimer.unref();
	}

	#cancelHostAway(): void {
		if (this.#hostAwayTimer) clearTimeout(this.#hostAwayTimer);
		this.#hostAwayTimer = null;
	}

	/** The live is over; resolves once its recorder has finished its file and its session's end is committed. */
	async #setEnded(): Promise<void> {
		this.#cancelHostAway();
		this.#status = 'ended';
		this.#liveSince = null;
		const recorded = this.#recording ? this.#deps.recordings?.finish(this.#recording) : undefined;
		this.#recording = null;
		const written = this.live.stop();
		this.log.info('live ended');
		// Both are waited for (the recorder finishes while the host's streams still flow), then a failure is thrown.
		const results = await Promise.allSettled([recorded, written]);
		this.emit('liveEnded');
		const failed = results.find((r) => r.status === 'rejected');
		if (failed) throw failed.reason;
	}

	/** End the live with nobody waiting: a failure is logged where it happens (the recorder, the timeline). */
	#endInBackground(): void {
		this.#setEnded().catch(() => undefined);
	}

	async #ensureMedia(): Promise<RoomMedia> {
		if (this.#media && !this.#media.closed) return this.#media;
		this.#mediaPending ??= (async () => {
			let slot;
			try {
				slot = this.#deps.pool.leastLoaded();
			} catch (error) {
				if (error instanceof NoWorkerError) {
					throw new GladiError('media_restarting', 'the media server is restarting; try again in a moment');
				}
				throw error;
			}
			const media = await RoomMedia.create(slot, this.#deps.pool, this.log);
			if (this.#closed) {
				media.close();
				throw new GladiError('media_restarting', 'the room was closed; try again');
			}
			media.on('consumerClosed', (peerId, consumerId) => this.#peers.get(peerId)?.notify('media:consumerClosed', { consumerId }));
			// The worker carrying one viewer's edge router died: drop just that viewer; its client rejoins onto a live worker.
			media.on('receiveLost', (peerId) => this.#peers.get(peerId)?.close({ reason: 'media_failure', message: MEDIA_RESTARTED }));
			media.on('speaking', (peerId, speaking) => {
				if (this.#peers.get(peerId)?.role === 'host') this.live.hostSpeaking(speaking);
			});
			// Closed under us (its worker died): everyone is told and rejoins onto a new router.
			media.on('closed', () => {
				if (this.#media === media) this.#closeMedia('media_failure', MEDIA_RESTARTED);
			});
			this.#media = media;
			// A live that outlived its media (the worker died): its recording goes on from the new router.
			this.#recording?.moveTo(media.origin);
			return media;
		})().finally(() => {
			this.#mediaPending = null;
			// Everyone who waited for it left meanwhile: it closes after the grace, as when the last one leaves.
			if (!this.#usesMedia()) this.#startEmptyTimer();
			this.#checkUnused();
		});
		return this.#mediaPending;
	}

	/** The room's state to everyone, now (a counts update held back goes with it). */
	#broadcastState(): void {
		if (this.#countsTimer) clearTimeout(this.#countsTimer);
		this.#countsTimer = null;
		this.#lastBroadcastAt = performance.now();
		const state = this.state();
		this.live.peopleWatching(state.viewers.buyers + state.viewers.mentors);
		this.#deps.channel.broadcast('room:state', state);
	}

	/**
	 * Only the viewer counts changed: room:state now if the last one is older
	 * than COUNTS_BROADCAST_MS, else once at the end of that window (with
	 * whatever else changed by then). The counts on the stage follow at once.
	 */
	#countsChanged(): void {
		const state = this.state();
		this.live.peopleWatching(state.viewers.buyers + state.viewers.mentors);
		if (this.#countsTimer) return;
		const wait = this.#lastBroadcastAt + COUNTS_BROADCAST_MS - performance.now();
		if (wait <= 0) {
			this.#broadcastState();
			return;
		}
		this.#countsTimer = setTimeout(() => {
			this.#countsTimer = null;
			if (!this.#closed) this.#broadcastState();
		}, wait);
		this.#countsTimer.unref();
	}

	#startEmptyTimer(): void {
		this.#cancelEmptyTimer();
		this.#emptyTimer = setTimeout(() => {
			this.#emptyTimer = null;
			if (this.#usesMedia()) return;
			const media = this.#media;
			this.#media = null;
			media?.close();
			if (this.#status === 'ended') this.#status = 'waiting';
			this.log.info('empty room closed its media');
			this.#checkUnused();
		}, this.#deps.emptyGraceMs);
		this.#emptyTimer.unref();
	}

	#cancelEmptyTimer(): void {
		if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
		this.#emptyTimer = null;
	}

	/** Nobody connected, no media (open or opening), no live (a live waits for its host): nothing here needs memory. */
	#unused(): boolean {
		return this.#peers.size === 0 && !this.#media && !this.#mediaPending && this.#status !== 'live' && !this.#closed;
	}

	/** Unused now: close after the grace, unless someone comes meanwhile. */
	#checkUnused(): void {
		if (!this.#unused() || this.#unusedTimer) return;
		this.#unusedTimer = setTimeout(() => {
			this.#unusedTimer = null;
			if (!this.#unused()) return;
			this.log.debug('unused room left memory');
			this.close();
		}, this.#deps.emptyGraceMs);
		this.#unusedTimer.unref();
	}

	#cancelUnused(): void {
		if (this.#unusedTimer) clearTimeout(this.#unusedTimer);
		this.#unusedTimer = null;
	}
}
