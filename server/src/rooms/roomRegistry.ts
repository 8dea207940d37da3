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

/** What an invite token opens: read from the store (the room need not be in memory). */
export interface Invite {
	room: { code: string; title: string };
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
	/** How long an empty room keeps its media, and then its place in memory (see Room). */
	emptyGraceMs: number;
	/** How long a live waits for a host who dropped out. */
	hostReturnMs: number;
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
 * brought into memory when someone connects to it, and forgotten when it
 * reports `closed` (unused for its grace, or the studio closing). Looking up
 * an invite reads the store only.
 */
export class RoomRegistry extends TypedEmitter<RegistryEvents> {
	readonly #rooms = new Map<string, Room>();
	readonly #deps: RoomRegistryDeps;
	readonly #options: RoomRegistryOptions;
	readonly #log: Logger;
	#closed = false;

	constructor(deps: RoomRegistryDeps, options: RoomRegistryOptions) {
		super();
		this.#deps = deps;
		this.#log = deps.log;
		this.#options = options;
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

	/** The room and role `token` opens now, from the store: nothing is brought into memory. */
	resolveToken(token: string): Invite | undefined {
		if (this.#closed) return undefined;
		const invite = this.#deps.store.rooms.findInvite(token);
		if (!invite) return undefined;
		const inMemory = this.#rooms.get(invite.roomCode);
		if (inMemory) return { room: { code: inMemory.code, title: inMemory.title }, role: invite.role };
		const record = this.#deps.store.rooms.getRoom(invite.roomCode);
		return record ? { room: { code: record.code, title: record.title }, role: invite.role } : undefined;
	}

	/**
	 * Tokens that no longer open room `code` (a class turn passed its host
	 * link on; a link was rotated): every connection opened with one of them
	 * is closed, joined or not (a joined one is told `link_revoked`). Call it
	 * once the store no longer has them; a socket that slips in meanwhile is
	 * refused at its join (Room checks its token again there).
	 */
	revokeTokens(code: string, tokens: Iterable<string>): void {
		this.#rooms.get(code)?.revokeTokens(new Set(tokens));
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
		for (const room of [...this.#rooms.values()]) room.close();
		this.emit('closed');
	}

	#instantiate(code: string, title: string, productIds: string[]): Room {
		const { pool, channelFor, store, createCrowdEngine, defaultCrowd, commentsPerPersonPerMinute, recordings } = this.#deps;
		const room = new Room(code, title, productIds, {
			pool,
			channel: channelFor(code),
			inviteRole: (token) => {
				const invite = store.rooms.findInvite(token);
				return invite?.roomCode === code ? invite.role : null;
			},
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

	#newCode(): string {
		for (;;) {
			let code = '';
			for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
			if (!this.#rooms.has(code) && !this.#deps.store.rooms.getRoom(code)) return code;
		}
	}
}
