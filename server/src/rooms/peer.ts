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
/** Likes are tapped fast; a burst of 30, then 10 a second. */
const LIKE_BURST = 30;
const LIKES_PER_SECOND = 10;

/**
 * A person's comment and like allowances. Kept by the room per person (role
 * and name), not per connection: reconnecting does not grant a fresh burst.
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

export interface PeerInfo {
	/** Unique per connection. */
	id: string;
	name: string;
	role: Role;
}

type PeerEvents = {
	/** Closed for good (left, dropped or sent away); emitted once. */
	closed: [];
};

/**
 * One person in a room, for as long as their connection lasts: who they are
 * (role and display name, fixed by their invite), whether they have joined,
 * their rate limits and their media. Closing a Peer closes its media and its
 * connection; the Room forgets it when it reports `closed`.
 */
export class Peer extends TypedEmitter<PeerEvents> {
	readonly id: string;
	readonly name: string;
	readonly role: Role;
	readonly limits: PersonLimits;
	readonly media: PeerMedia;
	readonly log: Logger;
	readonly #connection: PeerConnection;
	#joined = false;
	#closed = false;

	constructor(info: PeerInfo, connection: PeerConnection, limits: PersonLimits, log: Logger) {
		super();
		this.id = info.id;
		this.name = info.name;
		this.role = info.role;
		this.limits = limits;
		this.media = new PeerMedia(info.id);
		this.log = log;
		this.#connection = connection;
	}

	/** The key a person's limits and purchases are kept under in a room. */
	static personKey(role: Role, name: string): string {
		return `${role}:${name.toLowerCase()}`;
	}

	get joined(): boolean {
		return this.#joined;
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
