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
	type LiveStatus,
	type Product,
	type Role,
	type SessionInfo,
} from '@gladi/shared';
import type { Fence, RoomMessage, RoomPlacement } from '../cluster/roomPlacement.ts';
import type { CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import { TypedEmitter } from '../lib/typedEmitter.ts';
import type { Logger } from '../logger.ts';
import type { WorkerPool } from '../media/workerPool.ts';
import type { Recordings } from '../recording/recordings.ts';
import type { InviteRecord, RoomRecord, SessionStore, Store } from '../store/store.ts';
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
	/** Which node runs which room (one node: this one runs them all). */
	placement: RoomPlacement;
	/** The session writes of a room run under this fence (refused once another node holds the room). */
	sessionsFor(fence: Fence): SessionStore;
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
 * brought into memory when someone connects to it (one Room per code: those
 * asking while it loads share the load), and forgotten when it reports
 * `closed` (unused for its grace, or the studio closing). Looking up an
 * invite reads the store only.
 */
export class RoomRegistry extends TypedEmitter<RegistryEvents> {
	readonly #rooms = new Map<string, Room>();
	/** Rooms being read from the store into memory. */
	readonly #loading = new Map<string, Promise<Room | undefined>>();
	/** The lease each room in memory runs under. */
	readonly #fences = new Map<string, Fence>();
	readonly #deps: RoomRegistryDeps;
	readonly #options: RoomRegistryOptions;
	readonly #log: Logger;
	#closed = false;

	constructor(deps: RoomRegistryDeps, options: RoomRegistryOptions) {
		super();
		this.#deps = deps;
		this.#log = deps.log;
		this.#options = options;
		deps.placement.on('message', (message) => this.#onMessage(message));
		deps.placement.on('lost', (code) => this.#rooms.get(code)?.close('moved'));
		deps.placement.on('drain', () => this.#handBackIdle());
	}

	/** The rooms running here and the leases they run under (renewed by the placement's heartbeat). */
	fences(): IterableIterator<Fence> {
		return this.#fences.values();
	}

	/**
	 * Save a new room of `ownerId` with a copy of these products of theirs
	 * (default: their catalog's first 100) and its invites. Only the store is
	 * written (through `store`: a caller's transaction, if it has one): the
	 * room comes into memory when first used, so an enclosing transaction
	 * that rolls back leaves nothing behind.
	 */
	async create(
		ownerId: string,
		title: string,
		options: { productIds?: string[] | undefined; classId?: string; hostMemberId?: string } = {},
		store: Store = this.#deps.store,
	): Promise<CreateRoomResponse> {
		const limit = this.#options.roomsPerDay;
		if ((await store.rooms.countRoomsSince(ownerId, Date.now() - 24 * 3600_000)) >= limit) {
			throw new GladiError('room_limit', `at most ${limit} rooms a day`, { limit });
		}
		const catalog = store.catalogOf(ownerId);
		let products;
		if (options.productIds) {
			const ids = [...new Set(options.productIds)];
			products = await catalog.getProducts(ids);
			if (products.length !== ids.length) throw new GladiError('unknown_products', 'some products are not in the catalog');
		} else {
			products = (await catalog.listProducts()).slice(0, MAX_ROOM_PRODUCTS);
		}
		const code = await this.#newCode(store);
		const now = Date.now();
		const invites: InviteRecord[] = ROLES.map((role) => ({
			role,
			token: newInviteToken(),
			roomCode: code,
			issuedAt: now,
			memberId: role === 'host' ? (options.hostMemberId ?? null) : null,
		}));
		await store.rooms.createRoom({ code, title, ownerId, classId: options.classId ?? null, createdAt: now }, invites, products);
		this.#log.info({ room: code, owner: ownerId }, 'room created');
		return { code, title, links: linksOf(invites) };
	}

	/** What a token opens (from the store; nothing is brought into memory). */
	async lookup(token: string): Promise<InviteLookup> {
		const invite = await this.#deps.store.rooms.findInvite(token);
		const room = invite && (await this.#deps.store.rooms.getRoom(invite.roomCode));
		if (!invite || !room) return { status: 'unknown' };
		if (Date.now() >= invite.issuedAt + this.#options.inviteTtlMs) return { status: 'expired' };
		return { status: 'valid', invite, room };
	}

	/** The room and role `token` opens now, from the store: nothing is brought into memory. */
	async resolveToken(token: string): Promise<Invite | undefined> {
		if (this.#closed) return undefined;
		const found = await this.lookup(token);
		if (found.status !== 'valid') return undefined;
		return { room: { code: found.room.code, title: found.room.title }, role: found.invite.role, memberId: found.invite.memberId };
	}

	/** The room's current links (its owner's view). */
	async linksOf(code: string): Promise<Record<Role, string>> {
		return linksOf(await this.#deps.store.rooms.invitesOf(code));
	}

	/**
	 * New tokens for these roles of a room (default: all three); the old ones
	 * stop working at once. Returns the old tokens: the caller revokes them
	 * (revokeTokens) once it has told their holders why, if it has a reason.
	 * Written through `store` (a caller's transaction, if it has one).
	 */
	async replaceInvites(code: string, roles: readonly Role[] = ROLES, memberId: string | null = null, store: Store = this.#deps.store): Promise<string[]> {
		const now = Date.now();
		const old = await store.transaction(async (tx) => {
			const replaced = (await tx.rooms.invitesOf(code)).filter((i) => roles.includes(i.role));
			for (const role of roles) {
				await tx.rooms.replaceInvite({ role, token: newInviteToken(), roomCode: code, issuedAt: now, memberId: role === 'host' ? memberId : null });
			}
			return replaced;
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
	async revokeTokens(code: string, tokens: Iterable<string>): Promise<void> {
		// The room may run on another node: the message reaches it wherever it is (this node too).
		await this.#deps.placement.publish({ code, kind: 'revokeTokens', tokens: [...tokens] });
	}

	/** A class turn is over: the room's live ends and its host is told (on whichever node runs it). */
	async endTurn(code: string): Promise<void> {
		await this.#deps.placement.publish({ code, kind: 'endTurn' });
	}

	/**
	 * Where a person should connect for room `code`: null for this node's
	 * own origin, else the URL of the node running it (placing it on the
	 * least-loaded node if none is).
	 */
	locate(code: string): Promise<string | null> {
		return this.#deps.placement.locate(code);
	}

	/**
	 * The room, brought into memory if it is not (undefined: no such room, or
	 * the registry is closed). Throws `room_elsewhere` (with the node's
	 * `url`) when another node runs it.
	 */
	get(code: string): Promise<Room | undefined> {
		const inMemory = this.#rooms.get(code);
		if (inMemory) return Promise.resolve(inMemory);
		if (this.#closed) return Promise.resolve(undefined);
		let loading = this.#loading.get(code);
		if (!loading) {
			loading = this.#load(code).finally(() => this.#loading.delete(code));
			this.#loading.set(code, loading);
		}
		return loading;
	}

	/**
	 * Whether the room is live, wherever it runs: this node's memory, else
	 * the store (a session still open is a live on another node). `sessions`:
	 * the room's sessions, if the caller has read them.
	 */
	async statusOf(code: string, sessions?: readonly SessionInfo[]): Promise<LiveStatus> {
		const here = this.#rooms.get(code);
		if (here) return here.status;
		const last = (sessions ?? (await this.#deps.store.sessions.sessionsOfRoom(code))).at(-1);
		return last && last.endedAt === null ? 'live' : 'waiting';
	}

	/** The room if it is in memory (in use, or used lately); never loads it. */
	inMemory(code: string): Room | undefined {
		return this.#rooms.get(code);
	}

	/** The rooms in memory (in use, or used lately). */
	rooms(): IterableIterator<Room> {
		return this.#rooms.values();
	}

	/**
	 * Close every room (idempotent); each is forgotten as it reports `closed`.
	 * Resolves once what the rooms still had to write (their lives' ends) is written.
	 */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		const rooms = [...this.#rooms.values()];
		for (const room of rooms) room.close();
		this.emit('closed');
		await Promise.all(rooms.map((room) => room.live.timeline.flushed()));
	}

	/** Read a room from the store into memory (the only way a Room is made). */
	async #load(code: string): Promise<Room | undefined> {
		const { store, placement } = this.#deps;
		const record = await store.rooms.getRoom(code);
		if (!record) return undefined;
		const got = await placement.acquire(code);
		if (!got.held) throw new GladiError('room_elsewhere', 'this room runs on another server node', { url: got.url });
		const { fence } = got;
		try {
			// Held here now, so a session still open was left by a node that stopped running it (a crash,
			// a lost lease): it ends at its last event. Its report keeps everything acknowledged.
			const interrupted = await store.sessions.closeInterruptedSessions(code);
			if (interrupted > 0) this.#log.warn({ room: code, sessions: interrupted }, 'a live interrupted on another node was closed at its last event');
			const [products, sessions] = await Promise.all([store.rooms.roomProducts(code), store.sessions.sessionsOfRoom(code)]);
			if (this.#closed) throw new Error('closed');
			return this.#instantiate(record, products, sessions.at(-1)?.id ?? null, fence);
		} catch (error) {
			await placement.release(fence).catch(() => undefined);
			if (this.#closed) return undefined;
			throw error;
		}
	}

	#instantiate({ code, title, ownerId }: RoomRecord, products: Product[], lastSessionId: string | null, fence: Fence): Room {
		const { pool, channelFor, store, createCrowdEngine, defaultCrowd, commentsPerPersonPerMinute, recordings, placement } = this.#deps;
		// The room's products as saved: only this Room changes them while it is in memory.
		let current = products;
		const room = new Room(code, title, {
			pool,
			channel: channelFor(code),
			products: {
				current: () => current,
				// Fresh copies from the owner's catalog; a product already in the room may stay as copied.
				choose: async (ids) => {
					const fresh = ownerId ? await store.catalogOf(ownerId).getProducts(ids) : [];
					const byId = new Map([...current, ...fresh].map((p) => [p.id, p]));
					const chosen = [...new Set(ids)].map((id) => byId.get(id)).filter((p) => p !== undefined);
					if (chosen.length !== new Set(ids).size) throw new GladiError('product_not_found', 'some products are not in the catalog');
					await store.rooms.setRoomProducts(code, chosen);
					current = chosen;
					return chosen;
				},
			},
			// Whether `token` still opens this room, and as what (a revoked or expired one does not).
			inviteRole: async (token) => {
				const found = await this.lookup(token);
				return found.status === 'valid' && found.room.code === code ? found.invite.role : null;
			},
			sessions: this.#deps.sessionsFor(fence),
			lastSessionId,
			classTurn: async (roomCode) => {
				const turn = await store.classes.turnOf(roomCode);
				if (!turn) return null;
				const member = (await store.classes.members(turn.classId)).filter((m) => m.roomCode === roomCode)[turn.turnIndex];
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
		this.#fences.set(code, fence);
		room.on('closed', () => {
			if (this.#rooms.get(code) !== room) return;
			this.#rooms.delete(code);
			this.#fences.delete(code);
			// Once what the room still writes is written, another node may take it.
			void room.live.timeline
				.flushed()
				.then(() => placement.release(fence))
				.catch((error: unknown) => this.#log.warn({ err: error, room: code }, 'could not give the room’s lease back; it runs out by itself'));
		});
		room.on('liveEnded', () => {
			if (placement.state === 'draining') room.close('moved');
		});
		return room;
	}

	#onMessage(message: RoomMessage): void {
		const room = this.#rooms.get(message.code);
		if (!room) return;
		if (message.kind === 'revokeTokens') room.revokeTokens(new Set(message.tokens));
		else room.endTurn();
	}

	/** Draining: rooms with no live go to other nodes now (their people reconnect there); live ones when their live ends. */
	#handBackIdle(): void {
		for (const room of [...this.#rooms.values()]) if (room.status !== 'live') room.close('moved');
	}

	/** Resolves once no room runs here (draining: every live has ended and its room moved), or after `timeoutMs`. */
	async emptied(timeoutMs: number): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		while (this.#rooms.size > 0 || this.#loading.size > 0) {
			if (Date.now() >= deadline) return false;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		return true;
	}

	async #newCode(store: Store): Promise<string> {
		for (;;) {
			let code = '';
			for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
			if (!this.#rooms.has(code) && !this.#loading.has(code) && !(await store.rooms.getRoom(code))) return code;
		}
	}
}
