import type { InviteInfo } from '@gladi/shared';
import { useEffect, useState } from 'react';
import type { StageSession } from '../media/stageSession.ts';
import { openWatchView, takeEarlyWatchView, type ReadyWatchView } from './roomChunks.ts';

export type WatchView = ReadyWatchView | { error: unknown };

/**
 * For an invite that watches (a mentor's, a buyer's): the watch page's code
 * and a session that connects and prepares (device, receive transport, the
 * live's tracks) while the join form is still on screen, waiting for the
 * name (enter()); the one preloadRoom opened, if it did. Null until both
 * are there; stopped when the page goes. The page is rendered as it is, not
 * through lazy(): React shows what a Suspense fallback stood in for no
 * sooner than 300 ms after the fallback, a delay every join would pay.
 */
export function useWatchView(token: string | null, invite: InviteInfo | null): WatchView | null {
	const [view, setView] = useState<WatchView | null>(null);
	const watches = invite !== null && invite.role !== 'host';
	const server = invite?.server;
	useEffect(() => {
		if (!watches || !token) return;
		let cancelled = false;
		let session: StageSession | null = null;
		const opening = takeEarlyWatchView(token) ?? openWatchView(token, server);
		opening
			.then((ready) => ready ?? openWatchView(token, server))
			.then(
				(ready) => {
					if (cancelled) {
						ready.session.stop();
						return;
					}
					session = ready.session;
					setView(ready);
				},
				(error: unknown) => !cancelled && setView({ error }),
			);
		return () => {
			cancelled = true;
			session?.stop();
			setView(null);
		};
	}, [token, watches, server]);
	return view;
}
