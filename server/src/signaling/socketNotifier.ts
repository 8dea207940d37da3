import type { ServerEvents } from '@gladi/shared';
import type { RoomNotifier } from '../rooms/room.ts';
import type { GladiServer } from './types.ts';

/** RoomNotifier over socket.io: a peer id is its socket id, a room code is a socket.io room. */
export class SocketNotifier implements RoomNotifier {
	readonly #io: GladiServer;

	constructor(io: GladiServer) {
		this.#io = io;
	}

	toPeer<E extends keyof ServerEvents>(peerId: string, event: E, ...args: Parameters<ServerEvents[E]>): void {
		this.#io.to(peerId).emit(event, ...args);
	}

	toRoom<E extends keyof ServerEvents>(code: string, event: E, ...args: Parameters<ServerEvents[E]>): void {
		this.#io.to(roomChannel(code)).emit(event, ...args);
	}

	disconnect(peerId: string): void {
		// Let the notification above flush before the socket goes.
		setImmediate(() => this.#io.in(peerId).disconnectSockets(true));
	}
}

export function roomChannel(code: string): string {
	return `room:${code}`;
}
