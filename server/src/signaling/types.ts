import type { ClientEvents, Role, ServerEvents } from '@gladi/shared';
import type { Server, Socket } from 'socket.io';

/** What the handshake established from the invite token; the Peer made from it holds the rest. */
export interface SocketData {
	name: string;
	role: Role;
	roomCode: string;
}

export type GladiServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
export type GladiSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
