import { randomBytes, randomInt } from 'node:crypto';
import {
	inviteLink,
	MAX_ROOM_PRODUCTS,
	ProtocolError,
	ROLES,
	ROOM_CODE_ALPHABET,
	ROOM_CODE_LENGTH,
	type CreateRoomResponse,
	type CrowdSettings,
	type Role,
} from '@gladi/shared';
import type { CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import { createLogger } from '../logger.ts';
import type { WorkerPool } from '../media/workerPool.ts';
import type { Store } from '../store/store.ts';
import { Room, type RoomNotifier } from './room.ts';

const log = createLogger('rooms');

export interface Invite {
	room: Room;
	role: Role;
}

export interface RoomRegistryDeps {
	pool: WorkerPool;
	notifier: RoomNotifier;
	store: Store;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
	commentsPerPersonPerMinute: number;
}

export interface RoomRegistryOptions {
	emptyGraceMs: number;
	/** Rooms unused for this long leave memory (they stay in the store and come back on use). */
	maxIdleMs?: number;
}

/**
 * All rooms and the invite tokens that open them. Rooms and invites are kept
 * in the store, so links and reports keep working after a restart; a room is
 * brought into memory when someone uses it.
 */
export class RoomRegistry {
	readonly #rooms = new Map<string, Room>();
	readonly #deps: RoomRegistryDeps;
	readonly #options: Required<RoomRegistryOptions>;
	readonly #sweep: NodeJS.Timeout;

	constructor(deps: RoomRegistryDeps, options: RoomRegistryOptions) {
		this.#deps = deps;
		this.#options = { maxIdleMs: 24 * 3600_000, ...options };
		deps.pool.on('workerDied', (slot) => {
			for (const room of this.#rooms.values()) {
				if (room.media?.slot === slot) room.mediaFailed();
			}
		});
		this.#sweep = setInterval(() => this.#forgetIdle(), 3600_000);
		this.#sweep.unref();
	}

	/** Create a room with these catalog products (default: the catalog's first 100). */
	create(title: string, productIds?: string[], classId: string | null = null): { room: Room; response: CreateRoomResponse } {
		const catalog = this.#deps.store.catalog;
		let ids: string[];
		if (productIds) {
			ids = [...new Set(productIds)];
			if (catalog.getProducts(ids).length !== ids.length) {
				throw new ProtocolError('bad_request', 'some products are not in the catalog');
			}
		} else {
			ids = catalog.listProducts().slice(0, MAX_ROOM_PRODUCTS).map((p) => p.id);
		}
		const code = this.#newCode();
		// 192 random bits per role: unguessable; the token alone decides room and role.
		const invites = ROLES.map((role) => ({ role, token: randomBytes(24).toString('base64url') }));
		this.#deps.store.rooms.createRoom({ code, title, productIds: ids, classId, createdAt: Date.now() }, invites);
		const room = this.#instantiate(code, title, ids);
		const links = {} as Record<Role, string>;
		for (const { role, token } of invites) links[role] = inviteLink(code, role, token);
		log.info('room created', { code });
		return { room, response: { code, title, links } };
	}

	resolveToken(token: string): Invite | undefined {
		const invite = this.#deps.store.rooms.findInvite(token);
		if (!invite) return undefined;
		const room = this.get(invite.roomCode);
		return room ? { room, role: invite.role } : undefined;
	}

	get(code: string): Room | undefined {
		const live = this.#rooms.get(code);
		if (live) return live;
		const record = this.#deps.store.rooms.getRoom(code);
		return record ? this.#instantiate(record.code, record.title, record.productIds) : undefined;
	}

	/** The rooms in memory (in use, or used lately). */
	rooms(): IterableIterator<Room> {
		return this.#rooms.values();
	}

	close(): void {
		clearInterval(this.#sweep);
		for (const room of this.#rooms.values()) room.close();
	}

	#instantiate(code: string, title: string, productIds: string[]): Room {
		const { pool, notifier, store, createCrowdEngine, defaultCrowd, commentsPerPersonPerMinute } = this.#deps;
		const room = new Room(code, title, productIds, {
			pool,
			notifier,
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
		});
		this.#rooms.set(code, room);
		return room;
	}

	#forgetIdle(): void {
		const cutoff = Date.now() - this.#options.maxIdleMs;
		for (const [code, room] of this.#rooms) {
			if (room.participantCount > 0 || room.media || room.lastActiveAt > cutoff) continue;
			room.close();
			this.#rooms.delete(code);
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
