import type { ServerEvents } from '@gladi/shared';
import type { PeerConnection } from '../rooms/peer.ts';
import type { RoomChannel } from '../rooms/room.ts';
import type { GladiServer, GladiSocket } from './types.ts';

/** The socket.io room a practice room's joined peers are in. */
export function roomChannel(code: string): string {
	return `room:${code}`;
}

/** A Peer's connection: its socket. */
export class SocketConnection implements PeerConnection {
	readonly #socket: GladiSocket;

	constructor(socket: GladiSocket) {
		this.#socket = socket;
	}

	notify<E extends keyof ServerEvents>(event: E, ...args: Parameters<ServerEvents[E]>): void {
		this.#socket.emit(event, ...args);
	}

	disconnect(): void {
		if (this.#socket.disconnected) return;
		// Let the notifications sent just before flush before the socket goes.
		setImmediate(() => this.#socket.disconnect(true));
	}
}

/** Everyone joined in room `code`, reached with one socket.io broadcast (one encoding for all). */
export function socketRoomChannel(io: GladiServer, code: string): RoomChannel {
	const channel = roomChannel(code);
	return {
		broadcast: (event, ...args) => {
			io.to(channel).emit(event, ...args);
		},
	};
}
