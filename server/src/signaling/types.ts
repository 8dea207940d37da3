import type { ClientEvents, Role, ServerEvents } from '@gladi/shared';
import type { Server, Socket } from 'socket.io';

/** What the server knows about a connection; set by the auth middleware from the invite token. */
export interface SocketData {
	peerId: string;
	name: string;
	role: Role;
	roomCode: string;
	joined: boolean;
}

export type GladiServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
export type GladiSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
