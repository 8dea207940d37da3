import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { StageSession, type SessionSnapshot } from './stageSession.ts';

/** A StageSession for this token and name, connected while the component is mounted. */
export function useStageSession(token: string, name: string): { session: StageSession; snapshot: SessionSnapshot } {
	const session = useMemo(() => new StageSession(token, name), [token, name]);
	useEffect(() => {
		session.start();
		return () => session.stop();
	}, [session]);
	const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
	return { session, snapshot };
}
