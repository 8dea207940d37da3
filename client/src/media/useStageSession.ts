import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { StageSession, type SessionSnapshot } from './stageSession.ts';

/**
 * A StageSession for this token and name, connected while the component is
 * mounted: to `server` (the node running the room, as the invite lookup
 * said; absent: this page's origin), and after a drop wherever the lookup
 * says the room runs then.
 */
export function useStageSession(token: string, name: string, server?: string): { session: StageSession; snapshot: SessionSnapshot } {
	const session = useMemo(() => StageSession.forInvite(token, name, server), [token, name, server]);
	useEffect(() => {
		session.start();
		return () => session.stop();
	}, [session]);
	return { session, snapshot: useSessionSnapshot(session) };
}

/** The session's snapshot, re-rendering on every change. */
export function useSessionSnapshot(session: StageSession): SessionSnapshot {
	return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
