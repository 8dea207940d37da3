import type { ComponentType } from 'react';
import { prefetchInvite } from '../api.ts';
import type { StageSession } from '../media/stageSession.ts';
import type { Route } from '../router.ts';
import type { WatchPageProps } from './WatchPage.tsx';

/*
 * The code of an invite link's pages after the join form (which comes with
 * the entry), in lazy chunks: a buyer's phone does not download the host's
 * studio.
 */
export const loadWatchPage = () => import('./WatchPage.tsx');
export const loadStudioPage = () => import('./StudioPage.tsx');
/** The connection (mediasoup-client, socket.io). */
export const loadStageSession = () => import('../media/stageSession.ts');

/** The watch page's code and a session for it, connected and preparing (waiting for the name, see StageSession.enter). */
export interface ReadyWatchView {
	session: StageSession;
	WatchPage: ComponentType<WatchPageProps>;
}

/**
 * Open the session for `token` on `server` (see StageSession.forInvite) as
 * soon as its code is in, and load the watch page meanwhile; the caller
 * stops the session.
 */
export async function openWatchView(token: string, server: string | undefined): Promise<ReadyWatchView> {
	const page = loadWatchPage();
	const { StageSession } = await loadStageSession();
	const session = StageSession.forInvite(token, null, server);
	session.start();
	try {
		const { WatchPage } = await page;
		return { session, WatchPage };
	} catch (error) {
		session.stop();
		throw error;
	}
}

let early: { token: string; view: Promise<ReadyWatchView | null> } | null = null;

/**
 * A head start for an invite link, called before React renders: the invite
 * lookup and the code of the page the path promises (the token's role
 * decides which one is shown) load side by side, and for those who watch
 * the session opens as soon as the lookup has said where the room runs,
 * rather than one after another (lookup, form, Join, page code, connection).
 * A failure is left to whoever uses what failed: it is tried again there.
 */
export function preloadRoom(route: Route): void {
	if (route.page !== 'room' || !route.token) return;
	const { token } = route;
	const invite = prefetchInvite(token);
	if (route.view === 'host') {
		loadStudioPage().catch(() => undefined);
		return;
	}
	loadWatchPage().catch(() => undefined);
	loadStageSession().catch(() => undefined);
	const view = invite.then((info) => (info.role === 'host' ? null : openWatchView(token, info.server)));
	view.catch(() => undefined);
	early = { token, view };
}

/** The watch view preloadRoom opened for `token`, taken once (its taker stops its session), or null. */
export function takeEarlyWatchView(token: string): Promise<ReadyWatchView | null> | null {
	const taken = early?.token === token ? early.view : null;
	early = null;
	return taken;
}
