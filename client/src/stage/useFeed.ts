import { useSyncExternalStore } from 'react';
import type { StageSession } from '../media/stageSession.ts';
import type { FeedSnapshot } from './stageFeed.ts';

export function useFeed(session: StageSession): FeedSnapshot {
	return useSyncExternalStore(session.feed.subscribe, session.feed.getSnapshot);
}
