import type { InviteInfo } from '@gladi/shared';
import { useEffect, useState, type ComponentType } from 'react';
import type { StageSession } from '../media/stageSession.ts';
import { loadStageSession, loadWatchPage } from './roomChunks.ts';
import type { WatchPageProps } from './WatchPage.tsx';

export type WatchView = { session: StageSession; WatchPage: ComponentType<WatchPageProps> } | { error: unknown };

/**
 * For an invite that watches (a mentor's, a buyer's): the watch page's code
 * and a session that connects and prepares (device, receive transport)
 * while the join form is still on screen, waiting for the name (enter()).
 * Null until both are loaded. The page is rendered as it is, not through
 * lazy(): React shows what a Suspense fallback stood in for no sooner than
 * 300 ms after the fallback, a delay every join would pay.
 */
export function useWatchView(token: string | null, invite: InviteInfo | null): WatchView | null {
	const [view, setView] = useState<WatchView | null>(null);
	const watches = invite !== null && invite.role !== 'host';
	const server = invite?.server;
	useEffect(() => {
		if (!watches || !token) return;
		let cancelled = false;
		let session: StageSession | null = null;
		Promise.all([loadStageSession(), loadWatchPage()]).then(
			([{ StageSession }, { WatchPage }]) => {
				if (cancelled) return;
				session = StageSession.forInvite(token, null, server);
				session.start();
				setView({ session, WatchPage });
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
