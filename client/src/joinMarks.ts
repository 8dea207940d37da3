/**
 * The steps from opening an invite link to the first picture, as User Timing
 * marks (`performance.mark`): the join benchmark reads them to say where the
 * time goes, and a browser's performance panel shows them too. Each is marked
 * once per page load (the first join's; reconnections do not move them).
 */
export const JOIN_MARKS = [
	/** The entry script runs (HTML, entry chunk and styles are in). */
	'page-start',
	/** The invite lookup answered (room title, role, server). */
	'invite',
	/** The join form is on screen. */
	'form',
	/** Join pressed. */
	'join-click',
	/** The socket.io connection is open. */
	'socket-connected',
	/** The mediasoup Device is loaded with the room's RTP capabilities. */
	'device-loaded',
	/** The receive transport is made (server and browser sides). */
	'transport-created',
	/** room:join answered: the person is in the room. */
	'joined',
	/** media:consume answered: the consumers exist on the server. */
	'consumed',
	/** The consumers are resumed on the server (it asks the host for a key frame). */
	'resumed',
	/** The receive transport's ICE and DTLS are connected. */
	'transport-connected',
	/** The first video frame is decoded and presented (requestVideoFrameCallback). */
	'first-frame',
] as const;
export type JoinMark = (typeof JOIN_MARKS)[number];

export const JOIN_MARK_PREFIX = 'gladi:';

/** Mark `step` now, unless it was marked already on this page. */
export function markJoin(step: JoinMark): void {
	if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
	const name = JOIN_MARK_PREFIX + step;
	if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}
