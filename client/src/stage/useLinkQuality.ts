import type { LinkQuality } from '@gladi/shared';
import { useSyncExternalStore } from 'react';
import type { LinkQualityState } from '../media/qualityMonitor.ts';
import type { StageSession } from '../media/stageSession.ts';

/** This page's link quality (the session's monitor), for the indicators. */
export function useLinkQuality(session: StageSession): LinkQualityState {
	return useSyncExternalStore(session.quality.subscribe, session.quality.getState);
}

/** Signal bars drawn for each quality. */
export const BARS: Record<LinkQuality, 1 | 2 | 3> = { good: 3, fair: 2, poor: 1 };
