import { SAVER_TOP_LAYER, type HostQualityChoice, type MediaSource, type Role, type RoomState, type RtpCapabilitiesWire, type RtpParametersWire, type SelfInfo, type TransportInfo } from '@gladi/shared';
import { Device, type types } from 'mediasoup-client';
import { getInvite } from '../api.ts';
import { markJoin } from '../joinMarks.ts';
import { SignalingClient } from '../signaling/signalingClient.ts';
import { StageFeed } from '../stage/stageFeed.ts';
import type { RequestName, RequestPayload, ResponseMap } from '@gladi/shared';
import { tunePlayoutDelay } from './playoutDelay.ts';
import { savedHostQuality, saveHostQuality } from './hostQuality.ts';
import { QualityMonitor, type MonitoredMedia } from './qualityMonitor.ts';
import { Reconnector, type ConnectionState } from './reconnector.ts';

/** What the pages render; replaced (never mutated) on every change so React sees it. */
export interface SessionSnapshot {
	connection: ConnectionState;
	self: SelfInfo | null;
	room: RoomState | null;
	/** Viewers: the host's live audio+video, or null while not live. */
	remoteStream: MediaStream | null;
	/** Host: whether the camera/mic are being sent. */
	publishing: boolean;
	micMuted: boolean;
	/** Host: Standar or Hemat data (at most the 360p layer), remembered on this device. */
	hostQuality: HostQualityChoice;
	/** The last failure (a RequestError, a refused handshake...), for a page to explain with i18n/errors.ts; null once connected. */
	error: unknown;
}

const INITIAL_SNAPSHOT: SessionSnapshot = {
	connection: 'connecting',
	self: null,
	room: null,
	remoteStream: null,
	publishing: false,
	micMuted: false,
	hostQuality: 'standard',
	error: null,
};

/** Simulcast for the host's camera: three layers so each viewer gets what its network carries. */
const SIMULCAST_ENCODINGS: RTCRtpEncodingParameters[] = [
	{ rid: 'r0', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
	{ rid: 'r1', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
	{ rid: 'r2', maxBitrate: 1_500_000, scaleResolutionDownBy: 1 },
];

/** The top simulcast layer a choice lets the camera send: Hemat data stops at 360p. */
function applyHostQuality(camera: types.Producer, choice: HostQualityChoice): Promise<void> {
	return camera.setMaxSpatialLayer(choice === 'saver' ? SAVER_TOP_LAYER : SIMULCAST_ENCODINGS.length - 1);
}

const ICE_RESTART_DELAY_MS = 2_000;
/** How long a restarted ICE may take to connect before the session starts over. */
const ICE_RESTART_GRACE_MS = 8_000;

/**
 * One person's connection to a practice room: signaling, the mediasoup
 * device and transports. The host publishes; everyone else consumes the live
 * host.
 *
 * Joining: each connection first prepares (room:prepare: the device is
 * loaded with the room's capabilities, a viewer's receive transport is made,
 * the live host's tracks are consumed paused, which connects the transport)
 * and then joins under the person's name; a session made before the name is
 * known (the join form is still on screen) prepares at once and joins when
 * enter() gives the name, so that a Join press costs one round trip (the
 * join, with the resumes sent right behind it) before the host's key frame.
 *
 * Recovery: every new connection is made by the Reconnector on its policy's
 * schedule, and the session rejoins from scratch on it (the server dropped the
 * old peer). An ICE failure is answered with an ICE restart and, if that does
 * not help, a rejoin. A host who was live goes live again after a rejoin.
 */
export class StageSession {
	readonly #signaling: SignalingClient;
	readonly #reconnector: Reconnector;
	/** The selling stage (products, pins, comments, orders) as this page sees it. */
	readonly feed: StageFeed;
	/** This browser's link quality (the host's sending, a viewer's reception), sampled while started. */
	readonly quality: QualityMonitor;
	readonly #listeners = new Set<() => void>();
	#snapshot: SessionSnapshot = INITIAL_SNAPSHOT;
	#device: Device | null = null;
	#recvTransport: types.Transport | null = null;
	#sendTransport: types.Transport | null = null;
	readonly #consumers = new Map<string, types.Consumer>();
	readonly #producers = new Map<MediaSource, types.Producer>();
	readonly #localTracks = new Map<MediaSource, MediaStreamTrack>();
	#wantLive = false;
	/** The display name; null until enter() gives it. */
	#name: string | null;
	/** Wakes a join that waits for the name. */
	#nameEntered: (() => void) | null = null;
	/** room:join is sent on the current connection: from now on consumers are resumed as soon as they are wired. */
	#joinSent = false;
	/** Joined on the current connection: only then are consume failures worth showing. */
	#inRoom = false;
	/** Consumers wired before the join was sent (paused on the server until it is through). */
	readonly #unresumed = new Set<types.Consumer>();
	#consumeQueue: Promise<void> = Promise.resolve();
	#iceTimers = new Set<ReturnType<typeof setTimeout>>();

	/**
	 * `server`: the origin of the server node running the room (absent: the
	 * page's own). `locate`: where the room runs now, asked again before
	 * every reconnection (a node drained or died, the room moved). `name`:
	 * null while the person has not given it (see enter()).
	 */
	constructor(token: string, name: string | null, where: { server?: string | undefined; locate?: () => Promise<string | null> } = {}) {
		this.#name = name;
		this.#signaling = new SignalingClient(token, () => this.#name, where.server);
		const socket = this.#signaling.socket;
		this.feed = new StageFeed(socket);
		this.#snapshot = { ...INITIAL_SNAPSHOT, hostQuality: savedHostQuality() };
		this.quality = new QualityMonitor({ media: () => this.#monitoredMedia(), choice: () => this.#snapshot.hostQuality });
		// For the mentors' panel. Not queued while offline: the next report, a few seconds on, replaces it.
		this.quality.on('report', (report) => {
			if (socket.connected) void this.#signaling.request('qos:report', report).catch(() => undefined);
		});
		const { locate } = where;
		this.#reconnector = new Reconnector(socket, {
			join: (signal, waiting) => this.#join(signal, waiting),
			...(locate ? { locate: async () => this.#signaling.moveTo(await locate()) } : {}),
		});
		this.#reconnector.on('state', (connection, error) => {
			if (error) this.#update({ connection, error });
			else this.#update(connection === 'connected' ? { connection, error: null } : { connection });
		});
		socket.on('connect', () => markJoin('socket-connected'));
		socket.on('disconnect', () => this.#resetMedia());
		socket.on('room:state', (room) => this.#onRoomState(room));
		socket.on('media:consumerClosed', ({ consumerId }) => this.#dropConsumer(consumerId));
	}

	/** A session for an invite link, finding its room again through the invite lookup after a drop. */
	static forInvite(token: string, name: string | null, server?: string): StageSession {
		return new StageSession(token, name, { server, locate: async () => (await getInvite(token)).server ?? null });
	}

	// --- subscription (useSyncExternalStore) ---------------------------------
	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};
	getSnapshot = (): SessionSnapshot => this.#snapshot;

	/** Connect (again, after stop(): React's StrictMode mounts twice). */
	start(): void {
		this.#reconnector.start();
		this.quality.start();
		globalThis.addEventListener?.('online', this.#onOnline);
	}

	/**
	 * The person pressed Join with `name`: the prepared connection joins
	 * under it. After a refusal (a name that is taken) the session starts
	 * over with the new one.
	 */
	enter(name: string): void {
		this.#name = name;
		const wake = this.#nameEntered;
		this.#nameEntered = null;
		wake?.();
		this.#reconnector.start();
	}

	stop(): void {
		globalThis.removeEventListener?.('online', this.#onOnline);
		this.#reconnector.stop();
		this.quality.stop();
		this.#resetMedia();
	}

	/** The browser has a network again: reconnect now rather than at the next step of the schedule. */
	readonly #onOnline = (): void => this.#reconnector.networkBack();

	/** After the reconnect policy gave up: try again, from its first step. */
	retryConnection(): void {
		this.#reconnector.retryNow();
	}

	/** A stage request (pin, comment, order...): resolves with the answer or throws a RequestError. */
	request<E extends RequestName>(event: E, payload: RequestPayload<E>): Promise<ResponseMap[E]> {
		return this.#signaling.request(event, payload);
	}

	get role(): Role | null {
		return this.#snapshot.self?.role ?? null;
	}

	// --- host ----------------------------------------------------------------

	/** The host's current camera/mic tracks; swapped into live producers without renegotiation. */
	async setLocalTrack(source: MediaSource, track: MediaStreamTrack | null): Promise<void> {
		if (track) this.#localTracks.set(source, track);
		else this.#localTracks.delete(source);
		const producer = this.#producers.get(source);
		if (producer && !producer.closed && track) await producer.replaceTrack({ track });
	}

	async goLive(): Promise<void> {
		this.#wantLive = true;
		await this.#publish();
		const { room } = await this.#signaling.request('live:start', {});
		this.#update({ room, publishing: true });
	}

	/** Hemat data caps the camera at the 360p layer: applied to the live producer at once (no renegotiation) and to later ones. */
	async setHostQuality(choice: HostQualityChoice): Promise<void> {
		saveHostQuality(choice);
		this.#update({ hostQuality: choice });
		const camera = this.#producers.get('camera');
		if (camera && !camera.closed) await applyHostQuality(camera, choice);
	}

	async endLive(): Promise<void> {
		this.#wantLive = false;
		try {
			const { room } = await this.#signaling.request('live:end', {});
			this.#update({ room });
		} finally {
			for (const p of this.#producers.values()) p.close();
			this.#producers.clear();
			this.#sendTransport?.close();
			this.#sendTransport = null;
			this.#update({ publishing: false });
		}
	}

	async setMicMuted(muted: boolean): Promise<void> {
		this.#update({ micMuted: muted });
		const mic = this.#producers.get('mic');
		if (!mic || mic.closed) return;
		if (muted) mic.pause();
		else mic.resume();
		await this.#signaling.request('media:setProducerPaused', { producerId: mic.id, paused: muted });
	}

	async #publish(): Promise<void> {
		if (!this.#sendTransport || this.#sendTransport.closed) this.#sendTransport = await this.#createTransport('send');
		const transport = this.#sendTransport;
		for (const [source, track] of this.#localTracks) {
			const existing = this.#producers.get(source);
			if (existing && !existing.closed) continue;
			const producer =
				source === 'camera'
					? await transport.produce({
							track,
							encodings: SIMULCAST_ENCODINGS,
							codecOptions: { videoGoogleStartBitrate: 1000 },
							// The preview keeps the camera: ending the live must not stop the track.
							stopTracks: false,
							appData: { source },
						})
					: await transport.produce({
							track,
							codecOptions: { opusStereo: false, opusDtx: true, opusFec: true },
							stopTracks: false,
							appData: { source },
						});
			if (source === 'camera') await applyHostQuality(producer, this.#snapshot.hostQuality);
			// A muted mic is published paused so viewers hear nothing until unmuted.
			if (source === 'mic' && this.#snapshot.micMuted) {
				producer.pause();
				await this.#signaling.request('media:setProducerPaused', { producerId: producer.id, paused: true });
			}
			this.#producers.set(source, producer);
		}
		if (this.#producers.size === 0) throw new Error('no camera or microphone to publish');
	}

	// --- connection lifecycle ------------------------------------------------

	/** Join over a new connection (the Reconnector's join: a failure is retried on its schedule). */
	async #join(signal: AbortSignal, waiting: () => void): Promise<void> {
		this.#resetMedia();
		const preparing = this.#signaling.request('room:prepare', {});
		// A name known already (a reconnection): the join goes out right behind the prepare.
		let joining = this.#name !== null ? this.#sendJoin(this.#name) : null;
		const prepared = await preparing;
		this.#signaling.person.save(prepared.person);
		if (signal.aborted) return;
		if (!this.#device) {
			const device = new Device();
			await device.load({ routerRtpCapabilities: prepared.routerRtpCapabilities as types.RtpCapabilities });
			this.#device = device;
			markJoin('device-loaded');
		}
		if (signal.aborted) return;
		if (prepared.recvTransport) {
			this.#recvTransport = this.#transportFrom('recv', prepared.recvTransport);
			markJoin('transport-created');
			// What is live now, consumed paused: wiring it connects the transport (ICE, DTLS) before Join.
			this.#queueConsume();
		}
		if (!joining) {
			waiting();
			await this.#nameGiven(signal);
			if (signal.aborted || this.#name === null) return;
			joining = this.#sendJoin(this.#name);
			// Right behind the join (the server handles them once it is through): the resumes, then a consume of
			// whatever went live since. Later lives and tracks come with room:state.
			this.#resumeWaiting().catch((error: unknown) => this.#showMediaError(error));
			if (this.#recvTransport) this.#queueConsume();
		}
		const joined = await joining;
		markJoin('joined');
		this.#signaling.person.save(joined.person);
		if (signal.aborted) return;
		this.#inRoom = true;
		this.feed.reset(joined);
		// The join's room state now: a room:state that arrives later is newer and must win.
		this.#update({ self: joined.self, room: joined.room });
		if (joined.self.role === 'host' && this.#wantLive) await this.goLive();
	}

	#sendJoin(name: string): Promise<ResponseMap['room:join']> {
		const joining = this.#signaling.request('room:join', { name });
		this.#joinSent = true;
		// Awaited once the prepare is through; a refusal meanwhile must not count as unhandled.
		joining.catch(() => undefined);
		return joining;
	}

	/** Resolves once enter() has given a name, or the connection is gone. */
	#nameGiven(signal: AbortSignal): Promise<void> {
		if (this.#name !== null) return Promise.resolve();
		return new Promise((resolve) => {
			this.#nameEntered = resolve;
			signal.addEventListener('abort', () => resolve(), { once: true });
		});
	}

	#onRoomState(room: RoomState): void {
		this.#update({ room });
		if (this.role === 'host' || !this.#recvTransport || !this.#inRoom) return;
		if (room.status === 'live') this.#queueConsume();
		else this.#clearRemote();
	}

	/** Consume requests run one at a time: the server answers only producers not consumed yet. */
	#queueConsume(): void {
		this.#consumeQueue = this.#consumeQueue.then(() => this.#consume()).catch((error: unknown) => this.#showMediaError(error));
	}

	/** A consume or resume failed; one sent behind a join that was refused fails too: the join's error is the one shown. */
	#showMediaError(error: unknown): void {
		if (this.#inRoom) this.#update({ error });
	}

	async #consume(): Promise<void> {
		const transport = this.#recvTransport;
		const device = this.#device;
		if (!transport || transport.closed || !device) return;
		const { consumers } = await this.#signaling.request('media:consume', {
			transportId: transport.id,
			rtpCapabilities: device.rtpCapabilities as RtpCapabilitiesWire,
		});
		if (consumers.length === 0) return;
		markJoin('consumed');
		// Started together, mediasoup-client wires them in one SDP negotiation (which also starts ICE and DTLS).
		const made = await Promise.all(
			consumers.map((info) =>
				transport.consume({ id: info.id, producerId: info.producerId, kind: info.kind, rtpParameters: info.rtpParameters as types.RtpParameters }),
			),
		);
		for (const consumer of made) {
			this.#consumers.set(consumer.id, consumer);
			tunePlayoutDelay(consumer);
			this.#unresumed.add(consumer);
		}
		this.#publishRemoteStream();
		await this.#resumeWaiting();
	}

	/**
	 * Resume, side by side, the consumers wired and not resumed yet, once the
	 * join is sent (the server takes them after it). The worker asks the host
	 * for a key frame as each is resumed with its transport connected.
	 */
	async #resumeWaiting(): Promise<void> {
		if (!this.#joinSent || this.#unresumed.size === 0) return;
		const consumers = [...this.#unresumed].filter((c) => !c.closed);
		this.#unresumed.clear();
		await Promise.all(consumers.map((consumer) => this.#signaling.request('media:resumeConsumer', { consumerId: consumer.id })));
		markJoin('resumed');
	}

	#dropConsumer(consumerId: string): void {
		const consumer = this.#consumers.get(consumerId);
		if (!consumer) return;
		consumer.close();
		this.#consumers.delete(consumerId);
		this.#unresumed.delete(consumer);
		this.#publishRemoteStream();
	}

	#clearRemote(): void {
		for (const c of this.#consumers.values()) c.close();
		this.#consumers.clear();
		this.#unresumed.clear();
		this.#update({ remoteStream: null });
	}

	#publishRemoteStream(): void {
		const tracks = [...this.#consumers.values()].filter((c) => !c.closed).map((c) => c.track);
		this.#update({ remoteStream: tracks.length > 0 ? new MediaStream(tracks) : null });
	}

	async #createTransport(direction: 'send' | 'recv'): Promise<types.Transport> {
		return this.#transportFrom(direction, await this.#signaling.request('media:createTransport', { direction }));
	}

	/** The browser side of a transport the server made. */
	#transportFrom(direction: 'send' | 'recv', info: TransportInfo): types.Transport {
		const device = this.#requireDevice();
		const options = {
			id: info.id,
			iceParameters: info.iceParameters,
			iceCandidates: info.iceCandidates as types.IceCandidate[],
			dtlsParameters: info.dtlsParameters as types.DtlsParameters,
		};
		const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
		transport.on('connect', ({ dtlsParameters }, callback, errback) => {
			this.#signaling
				.request('media:connectTransport', { transportId: transport.id, dtlsParameters })
				.then(() => callback(), errback);
		});
		if (direction === 'send') {
			transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
				this.#signaling
					.request('media:produce', {
						transportId: transport.id,
						kind,
						source: appData['source'] as MediaSource,
						rtpParameters: rtpParameters as RtpParametersWire,
					})
					.then(({ producerId }) => callback({ id: producerId }), errback);
			});
		}
		transport.on('connectionstatechange', (state) => this.#onTransportState(transport, state));
		return transport;
	}

	#onTransportState(transport: types.Transport, state: string): void {
		if (transport.closed) return;
		if (state === 'connected' && transport.direction === 'recv') markJoin('transport-connected');
		if (state === 'disconnected' || state === 'failed') {
			const timer = setTimeout(() => {
				this.#iceTimers.delete(timer);
				void this.#restartIce(transport);
			}, state === 'failed' ? 0 : ICE_RESTART_DELAY_MS);
			this.#iceTimers.add(timer);
		}
	}

	async #restartIce(transport: types.Transport): Promise<void> {
		if (transport.closed || transport.connectionState === 'connected') return;
		try {
			const { iceParameters } = await this.#signaling.request('media:restartIce', { transportId: transport.id });
			await transport.restartIce({ iceParameters });
		} catch (error) {
			// A closed transport belongs to a connection that is already gone (and being replaced).
			if (!transport.closed) this.#reconnector.rejoin('ice_failed', error);
			return;
		}
		// Still not back after a while: start over with fresh transports.
		const timer = setTimeout(() => {
			this.#iceTimers.delete(timer);
			if (!transport.closed && transport.connectionState !== 'connected') this.#reconnector.rejoin('ice_failed');
		}, ICE_RESTART_GRACE_MS);
		this.#iceTimers.add(timer);
	}

	#resetMedia(): void {
		for (const t of this.#iceTimers) clearTimeout(t);
		this.#iceTimers.clear();
		for (const c of this.#consumers.values()) c.close();
		this.#consumers.clear();
		for (const p of this.#producers.values()) p.close();
		this.#producers.clear();
		this.#recvTransport?.close();
		this.#sendTransport?.close();
		this.#recvTransport = null;
		this.#sendTransport = null;
		this.#unresumed.clear();
		this.#joinSent = false;
		this.#inRoom = false;
		this.#consumeQueue = Promise.resolve();
		if (this.#snapshot.remoteStream || this.#snapshot.publishing) this.#update({ remoteStream: null, publishing: false });
	}

	/** What the quality monitor samples: the camera producer, or the host's video and audio consumers. */
	#monitoredMedia(): MonitoredMedia {
		const camera = this.#producers.get('camera');
		const sendTransport = this.#sendTransport;
		const consumers = [...this.#consumers.values()].filter((c) => !c.closed);
		const video = consumers.find((c) => c.kind === 'video');
		const recvTransport = this.#recvTransport;
		return {
			send: camera && !camera.closed && sendTransport && !sendTransport.closed ? { producer: camera, transport: sendTransport } : null,
			receive:
				video && recvTransport && !recvTransport.closed
					? { video, audio: consumers.find((c) => c.kind === 'audio') ?? null, transport: recvTransport }
					: null,
		};
	}

	#requireDevice(): Device {
		if (!this.#device) throw new Error('not connected yet');
		return this.#device;
	}

	#update(patch: Partial<SessionSnapshot>): void {
		this.#snapshot = { ...this.#snapshot, ...patch };
		for (const l of this.#listeners) l();
	}
}
