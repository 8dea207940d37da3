/** Who a participant is in a room. The server derives it from the invite token, never from the client. */
export const ROLES = ['host', 'mentor', 'buyer'] as const;
export type Role = (typeof ROLES)[number];

/** Everything a participant may ask the server to do; each socket event maps to one action. */
export type Action =
	| 'join'
	| 'consume'
	| 'produce'
	| 'controlLive';

const ALLOWED: Record<Action, readonly Role[]> = {
	join: ['host', 'mentor', 'buyer'],
	consume: ['host', 'mentor', 'buyer'],
	produce: ['host'],
	controlLive: ['host'],
};

export function can(role: Role, action: Action): boolean {
	return ALLOWED[action].includes(role);
}
