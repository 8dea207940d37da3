import type { Role } from './roles.ts';

/** Room codes: 6 characters from an alphabet without look-alikes (0/O, 1/I/L), easy to read aloud. */
export const ROOM_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ROOM_CODE_LENGTH = 6;
export const ROOM_CODE_PATTERN = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

export const TITLE_MAX = 80;
export const DISPLAY_NAME_MAX = 32;

export type LiveStatus = 'waiting' | 'live' | 'ended';

/** What every participant sees of a room; sent on join and whenever it changes. */
export interface RoomState {
	code: string;
	title: string;
	status: LiveStatus;
	/** Epoch ms when the current live started, or null. */
	liveSince: number | null;
	hostName: string | null;
	viewers: { mentors: number; buyers: number };
	/** The running session, or the last one (its report), or null before the first live. */
	sessionId: string | null;
	/** The live is being recorded on the server right now (the host's studio shows "Direkam"). */
	recording: boolean;
}

export interface SelfInfo {
	peerId: string;
	name: string;
	role: Role;
}

/** The page each role lands on. */
export function rolePath(code: string, role: Role): string {
	return `/r/${code}/${role === 'host' ? 'host' : role === 'mentor' ? 'mentor' : 'watch'}`;
}

/** An invite link: the role page path with the role's token. */
export function inviteLink(code: string, role: Role, token: string): string {
	return `${rolePath(code, role)}?t=${encodeURIComponent(token)}`;
}
