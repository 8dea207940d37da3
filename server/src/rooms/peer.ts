import type { Role, RoomClosedReason, SelfInfo, ServerEvents } from '@gladi/shared';
import { TokenBucket } from '../lib/tokenBucket.ts';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';
import { PeerMedia } from '../media/peerMedia.ts';

/** How a Peer reaches its person; the signaling layer implements it over their socket. */
export interface PeerConnection {
	notify<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void;
	/** Drop the connection (notifications sent before it still arrive). */
	disconnect(): void;
}

/** Per person: a burst of 3 comments, then the configured rate (default one every 2 seconds). */
const COMMENT_BURST = 3;
/** Likes are tapped fast; a burst of 30 taps, then 10 a second (a request of `count` taps takes `count`). */
const LIKE_BURST = 30;
const LIKES_PER_SECOND = 10;

/**
 * A person's comment and like allowances. Kept by the room per person (their
 * person id, see Peer.personKey), not per connection or name: reconnecting or
 * renaming does not grant a fresh burst.
 */
export class PersonLimits {
	readonly comments: TokenBucket;
	readonly likes: TokenBucket;

	constructor(commentsPerMinute: number) {
		this.comments = new TokenBucket(COMMENT_BURST, commentsPerMinute / 60);
		this.likes = new TokenBucket(LIKE_BURST, LIKES_PER_SECOND);
	}

	/** Both buckets are full again: forgetting this person loses nothing. */
	rested(now = Date.now()): boolean {
		return this.comments.isFull(now) && this.likes.isFull(now);
	}
}

/** Who a connection belongs to beyond the connection itself: the server-made, signed person id. */
export interface PersonId {
	id: string;
	/** What the client keeps and sends back (the id and its signature). */
	credential: string;
}

export interface PeerInfo {
	/** Unique per connection. */
	id: string;
	/** Null: not named yet (the handshake had no name; room:join gives it). */
	name: string | null;
	role: Role;
	/** The invite token the connection opened with: when it is revoked, the peer goes. */
	token: string;
	person: PersonId;
}

type PeerEvents = {
	/** Closed for good (left, dropped or sent away); emitted once. */
	closed: [];
};

/**
 * One person in a room, for as long as their connection lasts: who they are
 * (role from their invite, display name, person id), whether they have joined,
 * their rate limits and their media. Closing a Peer closes its media and its
 * connection; the Room forgets it when it reports `closed`.
 */
export class Peer extends TypedEmitter<PeerEvents> {
	readonly id: string;
	readonly role: Role;
	readonly token: string;
	readonly person: PersonId;
	readonly limits: PersonLimits;
	readonly media: PeerMedia;
	readonly log: Logger;
	readonly #connection: PeerConnection;
	#name: string | null;
	#joined = false;
	/** Its media was set up before the join (room:prepare): it uses the room's media while its person types. */
	#prepared = false;
	#closed = false;

	constructor(info: PeerInfo, connection: PeerConnection, limits: PersonLimits, log: Logger) {
		super();
		this.id = info.id;
		this.#name = info.name;
		this.role = info.role;
		this.token = info.token;
		this.person = info.person;
		this.limits = limits;
		this.media = new PeerMedia(info.id);
		this.log = log;
		this.#connection = connection;
	}

	/**
	 * The key a person's limits and purchases (the flash sale's per-buyer
	 * limit) are kept under in a room: their person id, whatever name they
	 * use. The hook for other proofs of who someone is: a class member's own
	 * invite could map to `member:<id>` here.
	 */
	static personKey(person: PersonId): string {
		return `person:${person.id}`;
	}

	/** This peer's person key (see personKey). */
	get personKey(): string {
		return Peer.personKey(this.person);
	}

	/** The display name; only a joined peer (or one whose handshake named it) has one. */
	get name(): string {
		if (this.#name === null) throw new Error(`peer ${this.id} has no name yet`);
		return this.#name;
	}

	get named(): boolean {
		return this.#name !== null;
	}

	/** The name the person joins with (room:join's, over the handshake's); fixed once joined. */
	rename(name: string): void {
		if (this.#joined) throw new Error('a joined peer keeps its name');
		this.#name = name;
	}

	get joined(): boolean {
		return this.#joined;
	}

	get prepared(): boolean {
		return this.#prepared;
	}

	markPrepared(): void {
		this.#prepared = true;
	}

	get closed(): boolean {
		return this.#closed;
	}

	get self(): SelfInfo {
		return { peerId: this.id, name: this.name, role: this.role };
	}

	/** Joined the room (Room.join calls this once its media is ready). */
	markJoined(): void {
		this.#joined = true;
	}

	notify<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void {
		if (!this.#closed) this.#connection.notify(event, ...args);
	}

	/**
	 * Close for good (idempotent): tell the person why when there is a
	 * reason (their client decides whether to come back), close their media,
	 * drop the connection, then report `closed`.
	 */
	close(farewell?: { reason: RoomClosedReason; message: string }): void {
		if (this.#closed) return;
		if (farewell) this.#connection.notify('room:closed', farewell);
		this.#closed = true;
		this.media.close();
		this.#connection.disconnect();
		this.log.debug({ reason: farewell?.reason ?? 'left' }, 'peer closed');
		this.emit('closed');
	}
}
