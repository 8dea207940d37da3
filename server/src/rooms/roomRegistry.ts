import { randomBytes, randomInt } from 'node:crypto';
import {
	GladiError,
	inviteLink,
	MAX_ROOM_PRODUCTS,
	ROLES,
	ROOM_CODE_ALPHABET,
	ROOM_CODE_LENGTH,
	type CreateRoomResponse,
	type CrowdSettings,
	type Role,
} from '@gladi/shared';
import type { CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';
import type { WorkerPool } from '../media/workerPool.ts';
import type { Recordings } from '../recording/recordings.ts';
import type { Store } from '../store/store.ts';
import { Room, type RoomChannel } from './room.ts';

export interface Invite {
	room: Room;
	role: Role;
}

export interface RoomRegistryDeps {
	pool: WorkerPool;
	/** How a room broadcasts to everyone joined in it. */
	channelFor(code: string): RoomChannel;
	store: Store;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
	commentsPerPersonPerMinute: number;
	recordings: Recordings | null;
	log: Logger;
}

export interface RoomRegistryOptions {
	emptyGraceMs: number;
	/** How long a live waits for a host who dropped out. */
	hostReturnMs: number;
	/** Rooms unused for this long leave memory (they stay in the store and come back on use). */
	maxIdleMs?: number;
}

type RegistryEvents = {
	/** close() finished: every room is closed. */
	closed: [];
};

/** 192 random bits: unguessable; the token alone decides room and role. */
export function newInviteToken(): string {
	return randomBytes(24).toString('base64url');
}

/**
 * All rooms and the invite tokens that open them. Rooms and invites are kept
 * in the store, so links and reports keep working after a restart; a room is
 * brought into memory when someone uses it, and forgotten when it reports
 * `closed` (idle for long, or the studio closing).
 */
export class RoomRegistry extends TypedEmitter<RegistryEvents> {
	readonly #rooms = new Map<string, Room>();
	readonly #deps: RoomRegistryDeps;
	readonly #options: Required<RoomRegistryOptions>;
	readonly #sweep: NodeJS.Timeout;
	readonly #log: Logger;
	#closed = false;

	constructor(deps: RoomRegistryDeps, options: RoomRegistryOptions) {
		super();
		this.#deps = deps;
		this.#log = deps.log;
		this.#options = { maxIdleMs: 24 * 3600_000, ...options };
		this.#sweep = setInterval(() => this.#forgetIdle(), 3600_000);
		this.#sweep.unref();
	}

	/**
	 * Save a new room with these catalog products (default: the catalog's
	 * first 100) and its invites. Only the store is written: the room comes
	 * into memory when first used, so a caller's enclosing transaction that
	 * rolls back leaves nothing behind.
	 */
	create(title: string, productIds?: string[], classId: string | null = null): CreateRoomResponse {
		const catalog = this.#deps.store.catalog;
		let ids: string[];
		if (productIds) {
			ids = [...new Set(productIds)];
			if (catalog.getProducts(ids).length !== ids.length) {
				throw new GladiError('unknown_products', 'some products are not in the catalog');
			}
		} else {
			ids = catalog.listProducts().slice(0, MAX_ROOM_PRODUCTS).map((p) => p.id);
		}
		const code = this.#newCode();
		const invites = ROLES.map((role) => ({ role, token: newInviteToken() }));
		this.#deps.store.rooms.createRoom({ code, title, productIds: ids, classId, createdAt: Date.now() }, invites);
		const links = {} as Record<Role, string>;
		for (const { role, token } of invites) links[role] = inviteLink(code, role, token);
		this.#log.info({ room: code }, 'room created');
		return { code, title, links };
	}

	resolveToken(token: string): Invite | undefined {
		const invite = this.#deps.store.rooms.findInvite(token);
		if (!invite) return undefined;
		const room = this.get(invite.roomCode);
		return room ? { room, role: invite.role } : undefined;
	}

	get(code: string): Room | undefined {
		const inMemory = this.#rooms.get(code);
		if (inMemory) return inMemory;
		if (this.#closed) return undefined;
		const record = this.#deps.store.rooms.getRoom(code);
		return record ? this.#instantiate(record.code, record.title, record.productIds) : undefined;
	}

	/** The products a room was created with (what its sessions showed). */
	productIdsOf(code: string): string[] {
		return this.#deps.store.rooms.getRoom(code)?.productIds ?? [];
	}

	/** The rooms in memory (in use, or used lately). */
	rooms(): IterableIterator<Room> {
		return this.#rooms.values();
	}

	/** Close every room (idempotent); each is forgotten as it reports `closed`. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		clearInterval(this.#sweep);
		for (const room of [...this.#rooms.values()]) room.close();
		this.emit('closed');
	}

	#instantiate(code: string, title: string, productIds: string[]): Room {
		const { pool, channelFor, store, createCrowdEngine, defaultCrowd, commentsPerPersonPerMinute, recordings } = this.#deps;
		const room = new Room(code, title, productIds, {
			pool,
			channel: channelFor(code),
			catalog: store.catalog,
			sessions: store.sessions,
			classTurn: (roomCode) => {
				const turn = store.classes.turnOf(roomCode);
				if (!turn) return null;
				const member = store.classes.members(turn.classId).filter((m) => m.roomCode === roomCode)[turn.turnIndex];
				return member ? { classId: turn.classId, memberId: member.id } : null;
			},
			createCrowdEngine,
			defaultCrowd,
			commentsPerPersonPerMinute,
			emptyGraceMs: this.#options.emptyGraceMs,
			hostReturnMs: this.#options.hostReturnMs,
			recordings,
			log: this.#log,
		});
		this.#rooms.set(code, room);
		room.on('closed', () => {
			if (this.#rooms.get(code) === room) this.#rooms.delete(code);
		});
		return room;
	}

	#forgetIdle(): void {
		const cutoff = Date.now() - this.#options.maxIdleMs;
		for (const room of [...this.#rooms.values()]) {
			if (room.peerCount > 0 || room.media || room.lastActiveAt > cutoff) continue;
			room.close();
		}
	}

	#newCode(): string {
		for (;;) {
			let code = '';
			for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
			if (!this.#rooms.has(code) && !this.#deps.store.rooms.getRoom(code)) return code;
		}
	}
}
