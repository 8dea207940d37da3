import type { ClientEvents, Role, ServerEvents } from '@gladi/shared';
import type { Server, Socket } from 'socket.io';
import type { PersonId } from '../rooms/peer.ts';

/** What the handshake established from the invite token; the Peer made from it holds the rest. */
export interface SocketData {
	/** Null: the handshake gave none; the connection names itself in room:join. */
	name: string | null;
	role: Role;
	roomCode: string;
	/** The invite token it authenticated with (checked again at the join; revoking it closes the connection). */
	token: string;
	person: PersonId;
}

export type GladiServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
export type GladiSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
