import { prefetchInvite } from '../api.ts';
import type { Route } from '../router.ts';

/*
 * The code of an invite link's pages after the join form (which comes with
 * the entry), in lazy chunks: a buyer's phone does not download the host's
 * studio.
 */
export const loadWatchPage = () => import('./WatchPage.tsx');
export const loadStudioPage = () => import('./StudioPage.tsx');
/** The connection (mediasoup-client, socket.io): a viewer's is made while the join form is on screen. */
export const loadStageSession = () => import('../media/stageSession.ts');

/**
 * A head start for an invite link, called before React renders: the invite
 * lookup and the code of the page the path promises (the token's role
 * decides which one is shown) load side by side while the join form shows,
 * rather than one after another (lookup, form, Join, page code, connection).
 * A failure is left to whoever uses the module: it loads it again.
 */
export function preloadRoom(route: Route): void {
	if (route.page !== 'room' || !route.token) return;
	prefetchInvite(route.token);
	const page = route.view === 'host' ? loadStudioPage() : Promise.all([loadWatchPage(), loadStageSession()]);
	page.catch(() => undefined);
}
