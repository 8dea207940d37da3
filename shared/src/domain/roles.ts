/** Who a participant is in a room. The server derives it from the invite token, never from the client. */
export const ROLES = ['host', 'mentor', 'buyer'] as const;
export type Role = (typeof ROLES)[number];

/** Everything a participant may ask the server to do; each socket event maps to one action. */
export type Action =
	| 'join'
	| 'consume'
	| 'produce'
	| 'controlLive'
	/** Pin products and comments, run flash sales, mark questions answered. */
	| 'manageStage'
	/** Choose the room's product set. */
	| 'manageProducts'
	/** Crowd knobs: rate, persona mix, difficulty. */
	| 'steerCrowd'
	| 'comment'
	| 'like'
	| 'buy'
	/** Whisper to the host, take notes, score the rubric, inject crowd moments. */
	| 'coach'
	/** Tell the server how one's own connection is doing (protocol/qos.ts). */
	| 'reportQuality';

const ALLOWED: Record<Action, readonly Role[]> = {
	join: ['host', 'mentor', 'buyer'],
	consume: ['host', 'mentor', 'buyer'],
	produce: ['host'],
	controlLive: ['host'],
	manageStage: ['host'],
	manageProducts: ['host', 'mentor'],
	steerCrowd: ['host', 'mentor'],
	comment: ['host', 'mentor', 'buyer'],
	like: ['mentor', 'buyer'],
	buy: ['buyer'],
	coach: ['mentor'],
	reportQuality: ['host', 'mentor', 'buyer'],
};

export function can(role: Role, action: Action): boolean {
	return ALLOWED[action].includes(role);
}
