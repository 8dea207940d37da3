import { randomBytes, randomInt } from 'node:crypto';
import {
	inviteLink,
	ROLES,
	ROOM_CODE_ALPHABET,
	ROOM_CODE_LENGTH,
	type CreateRoomResponse,
	type Role,
} from '@gladi/shared';
import { createLogger } from '../logger.ts';
import type { WorkerPool } from '../media/workerPool.ts';
import { ProtocolError, MAX_ROOM_PRODUCTS, type CrowdSettings } from '@gladi/shared';
import type { CrowdEngineFactory } from '../crowd/crowdRunner.ts';
import type { CatalogStore } from '../store/store.ts';
import { Room, type RoomNotifier } from './room.ts';

const log = createLogger('rooms');

export interface Invite {
	room: Room;
	role: Role;
}

export interface RoomRegistryDeps {
	pool: WorkerPool;
	notifier: RoomNotifier;
	catalog: CatalogStore;
	createCrowdEngine: CrowdEngineFactory;
	defaultCrowd: CrowdSettings;
}

export interface RoomRegistryOptions {
	emptyGraceMs: number;
	/** Rooms unused for this long are forgotten (their invite links stop working). */
	maxIdleMs?: number;
}

/** All rooms and the invite tokens that open them. */
export class RoomRegistry {
	readonly #rooms = new Map<string, Room>();
	readonly #invites = new Map<string, Invite>();
	readonly #deps: RoomRegistryDeps;
	readonly #options: Required<RoomRegistryOptions>;
	readonly #sweep: NodeJS.Timeout;

	constructor(deps: RoomRegistryDeps, options: RoomRegistryOptions) {
		this.#deps = deps;
		this.#options = { maxIdleMs: 7 * 24 * 3600_000, ...options };
		deps.pool.on('workerDied', (slot) => {
			for (const room of this.#rooms.values()) {
				if (room.media?.slot === slot) room.mediaFailed();
			}
		});
		this.#sweep = setInterval(() => this.#forgetIdle(), 3600_000);
		this.#sweep.unref();
	}

	/** Create a room with these catalog products (default: the catalog's first 100). */
	create(title: string, productIds?: string[]): { room: Room; response: CreateRoomResponse } {
		const catalog = this.#deps.catalog;
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
		const room = new Room(code, title, ids, { ...this.#deps, emptyGraceMs: this.#options.emptyGraceMs });
		this.#rooms.set(code, room);
		const links = {} as Record<Role, string>;
		for (const role of ROLES) {
			// 192 random bits: unguessable; the token alone decides room and role.
			const token = randomBytes(24).toString('base64url');
			this.#invites.set(token, { room, role });
			links[role] = inviteLink(code, role, token);
		}
		log.info('room created', { code });
		return { room, response: { code, title, links } };
	}

	resolveToken(token: string): Invite | undefined {
		return this.#invites.get(token);
	}

	get(code: string): Room | undefined {
		return this.#rooms.get(code);
	}

	rooms(): IterableIterator<Room> {
		return this.#rooms.values();
	}

	close(): void {
		clearInterval(this.#sweep);
		for (const room of this.#rooms.values()) room.close();
	}

	#forgetIdle(): void {
		const cutoff = Date.now() - this.#options.maxIdleMs;
		for (const [code, room] of this.#rooms) {
			if (room.participantCount > 0 || room.lastActiveAt > cutoff) continue;
			this.#rooms.delete(code);
			for (const [token, invite] of this.#invites) if (invite.room === room) this.#invites.delete(token);
		}
	}

	#newCode(): string {
		for (;;) {
			let code = '';
			for (let i = 0; i < ROOM_CODE_LENGTH; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
			if (!this.#rooms.has(code)) return code;
		}
	}
}
