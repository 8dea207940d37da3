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
import type { InviteRecord, RoomRecord, Store } from '../store/store.ts';
import { Room, type RoomChannel } from './room.ts';

/** What a valid token opens (resolveToken): its room, role and, for a class turn's host link, its member. */
export interface Invite {
	room: { code: string; title: string };
	role: Role;
	/** A class turn's host link: the member whose turn it opens. */
	memberId: string | null;
}

/** What an invite token opens, read from the store: the room need not be in memory. */
export type InviteLookup =
	| { status: 'valid'; invite: InviteRecord; room: RoomRecord }
	| { status: 'expired' | 'unknown' };

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
	/** Invite links stop working this long after they were issued. */
	inviteTtlMs: number;
	/** Rooms one account may create per 24 hours (a class's rooms count). */
	roomsPerDay: number;
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

/** Each role's link from a room's invites. */
function linksOf(invites: readonly InviteRecord[]): Record<Role, string> {
	const links = {} as Record<Role, string>;
	for (const { role, token, roomCode } of invites) links[role] = inviteLink(roomCode, role, token);
	return links;
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
	 * Save a new room of `ownerId` with a copy of these products of theirs
	 * (default: their catalog's first 100) and its invites. Only the store is
	 * written: the room comes into memory when first used, so a caller's
	 * enclosing transaction that rolls back leaves nothing behind.
	 */
	create(ownerId: string, title: string, options: { productIds?: string[] | undefined; classId?: string; hostMemberId?: string } = {}): CreateRoomResponse {
		const { store } = this.#deps;
		const limit = this.#options.roomsPerDay;
		if (store.rooms.countRoomsSince(ownerId, Date.now() - 24 * 3600_000) >= limit) {
			throw new GladiError('room_limit', `at most ${limit} rooms a day`, { limit });
		}
		const catalog = store.catalogOf(ownerId);
		let products;
		if (options.productIds) {
			const ids = [...new Set(options.productIds)];
			products = catalog.getProducts(ids);
			if (products.length !== ids.length) throw new GladiError('unknown_products', 'some products are not in the catalog');
		} else {
			products = catalog.listProducts().slice(0, MAX_ROOM_PRODUCTS);
		}
		const code = this.#newCode();
		const now = Date.now();
		const invites: InviteRecord[] = ROLES.map((role) => ({
			role,
			token: newInviteToken(),
			roomCode: code,
			issuedAt: now,
			memberId: role === 'host' ? (options.hostMemberId ?? null) : null,
		}));
		store.rooms.createRoom({ code, title, ownerId, classId: options.classId ?? null, createdAt: now }, invites, products);
		this.#log.info({ room: code, owner: ownerId }, 'room created');
		return { code, title, links: linksOf(invites) };
	}

	/** What a token opens (from the store; nothing is brought into memory). */
	lookup(token: string): InviteLookup {
		const invite = this.#deps.store.rooms.findInvite(token);
		const room = invite && this.#deps.store.rooms.getRoom(invite.roomCode);
		if (!invite || !room) return { status: 'unknown' };
		if (Date.now() >= invite.issuedAt + this.#options.inviteTtlMs) return { status: 'expired' };
		return { status: 'valid', invite, room };
	}

	/** The room and role `token` opens now, from the store: nothing is brought into memory. */
	resolveToken(token: string): Invite | undefined {
		if (this.#closed) return undefined;
		const found = this.lookup(token);
		if (found.status !== 'valid') return undefined;
		return { room: { code: found.room.code, title: found.room.title }, role: found.invite.role, memberId: found.invite.memberId };
	}

	/** The room's current links (its owner's view). */
	linksOf(code: string): Record<Role, string> {
		return linksOf(this.#deps.store.rooms.invitesOf(code));
	}

	/**
	 * New tokens for these roles of a room (default: all three); the old ones
	 * stop working at once. Returns the old tokens: the caller revokes them
	 * (revokeTokens) once it has told their holders why, if it has a reason.
	 */
	replaceInvites(code: string, roles: readonly Role[] = ROLES, memberId: string | null = null): string[] {
		const { store } = this.#deps;
		const old = store.rooms.invitesOf(code).filter((i) => roles.includes(i.role));
		const now = Date.now();
		store.transaction(() => {
			for (const role of roles) {
				store.rooms.replaceInvite({ role, token: newInviteToken(), roomCode: code, issuedAt: now, memberId: role === 'host' ? memberId : null });
			}
		});
		this.#log.info({ room: code, roles }, 'links replaced');
		return old.map((i) => i.token);
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
		return record ? this.#instantiate(record) : undefined;
	}

	/** The room if it is in memory (in use, or used lately); never loads it. */
	inMemory(code: string): Room | undefined {
		return this.#rooms.get(code);
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

	#instantiate({ code, title, ownerId }: RoomRecord): Room {
		const { pool, channelFor, store, createCrowdEngine, defaultCrowd, commentsPerPersonPerMinute, recordings } = this.#deps;
		const room = new Room(code, title, {
			pool,
			channel: channelFor(code),
			products: {
				current: () => store.rooms.roomProducts(code),
				// Fresh copies from the owner's catalog; a product already in the room may stay as copied.
				choose: (ids) => {
					const fresh = ownerId ? store.catalogOf(ownerId).getProducts(ids) : [];
					const byId = new Map([...store.rooms.roomProducts(code), ...fresh].map((p) => [p.id, p]));
					const chosen = [...new Set(ids)].map((id) => byId.get(id)).filter((p) => p !== undefined);
					if (chosen.length !== new Set(ids).size) throw new GladiError('product_not_found', 'some products are not in the catalog');
					store.rooms.setRoomProducts(code, chosen);
					return chosen;
				},
			},
			// Whether `token` still opens this room, and as what (a revoked or expired one does not).
			inviteRole: (token) => {
				const found = this.lookup(token);
				return found.status === 'valid' && found.room.code === code ? found.invite.role : null;
			},
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
