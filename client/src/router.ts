import { useSyncExternalStore } from 'react';

/** A minimal history router: the app has a handful of routes and needs no library for them. */
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

/** `replace`: the current entry is swapped (a redirect, so Back does not land on it again). */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
	if (replace) window.history.replaceState(null, '', to);
	else window.history.pushState(null, '', to);
	listeners.forEach((l) => l());
}

export function useLocation(): string {
	return useSyncExternalStore(
		(l) => {
			listeners.add(l);
			return () => listeners.delete(l);
		},
		() => window.location.pathname + window.location.search,
	);
}

export type Route =
	| { page: 'lobby' }
	/** `view`: which page the link's path promises (the token's role decides; the path lets its code load early). */
	| { page: 'room'; code: string; token: string | null; view: 'host' | 'mentor' | 'watch' }
	| { page: 'catalog' }
	| { page: 'report'; sessionId: string; token: string | null }
	/** `atMs`: the moment to open at, ms into the live (a link from the report). */
	| { page: 'replay'; sessionId: string; token: string | null; atMs: number | null }
	| { page: 'progress'; token: string | null }
	| { page: 'createClass' }
	| { page: 'class'; id: string; token: string | null }
	/** `next`: where to go once signed in, as given (checked by safeNextPath before use). */
	| { page: 'login'; next: string | null }
	| { page: 'setup'; token: string | null }
	| { page: 'dashboard' }
	| { page: 'password' }
	| { page: 'admin' }
	| { page: 'notFound' };

export function matchRoute(location: string): Route {
	const url = new URL(location, 'http://x');
	if (url.pathname === '/' || url.pathname === '') return { page: 'lobby' };
	if (/^\/katalog\/?$/.test(url.pathname)) return { page: 'catalog' };
	const report = /^\/laporan\/([^/]{1,128})\/?$/.exec(url.pathname);
	const sessionId = report?.[1] ? safeDecode(report[1]) : null;
	if (sessionId) return { page: 'report', sessionId, token: url.searchParams.get('t') };
	const replay = /^\/laporan\/([^/]{1,128})\/putar\/?$/.exec(url.pathname);
	const replaySessionId = replay?.[1] ? safeDecode(replay[1]) : null;
	if (replaySessionId) {
		return { page: 'replay', sessionId: replaySessionId, token: url.searchParams.get('t'), atMs: offsetParam(url.searchParams.get('at')) };
	}
	if (/^\/kemajuan\/?$/.test(url.pathname)) return { page: 'progress', token: url.searchParams.get('t') };
	if (/^\/kelas\/baru\/?$/.test(url.pathname)) return { page: 'createClass' };
	const cls = /^\/kelas\/([A-Za-z0-9_-]{1,64})\/?$/.exec(url.pathname);
	if (cls?.[1]) return { page: 'class', id: cls[1], token: url.searchParams.get('t') };
	if (/^\/masuk\/?$/.test(url.pathname)) return { page: 'login', next: url.searchParams.get('next') };
	if (/^\/pasang\/?$/.test(url.pathname)) return { page: 'setup', token: url.searchParams.get('t') };
	if (/^\/saya\/?$/.test(url.pathname)) return { page: 'dashboard' };
	if (/^\/akun\/sandi\/?$/.test(url.pathname)) return { page: 'password' };
	if (/^\/admin\/?$/.test(url.pathname)) return { page: 'admin' };
	const m = /^\/r\/([A-Za-z0-9]{4,12})\/(host|mentor|watch)\/?$/.exec(url.pathname);
	if (m?.[1]) return { page: 'room', code: m[1].toUpperCase(), token: url.searchParams.get('t'), view: m[2] as 'host' | 'mentor' | 'watch' };
	return { page: 'notFound' };
}

/**
 * Pages that read the HTTP API (and load TanStack Query): they may ask who is
 * signed in. The room pages live on socket.io and stay light: a buyer's watch
 * page never asks.
 */
export function isDataPage(route: Route): boolean {
	return route.page !== 'room' && route.page !== 'notFound';
}

/**
 * Pages for signed-in mentors: creating rooms and classes, the catalog, the
 * account pages. A class page opened with its link (`?t=`) needs none: the
 * link is the way in.
 */
export function needsAccount(route: Route): boolean {
	switch (route.page) {
		case 'lobby':
		case 'catalog':
		case 'createClass':
		case 'dashboard':
		case 'password':
		case 'admin':
			return true;
		case 'class':
			return route.token === null;
		default:
			return false;
	}
}

/** A whole number of ms, or null (missing or not a time). */
function offsetParam(value: string | null): number | null {
	if (value === null || !/^\d{1,9}$/.test(value)) return null;
	return Number(value);
}

function safeDecode(segment: string): string | null {
	try {
		return decodeURIComponent(segment);
	} catch {
		return null;
	}
}
