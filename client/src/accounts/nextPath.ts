/** Where a mentor lands after signing in, and how a gated page asks for a sign-in. */

export const DASHBOARD_PATH = '/saya';
export const LOGIN_PATH = '/masuk';

// Only used to parse; never visited.
const PARSE_BASE = 'http://gladi.invalid';

/**
 * Where to go after signing in: `next` when it is a path on this site, else
 * the dashboard. `next` comes from the address bar, so anyone can craft it:
 * a full URL, `//host` or `/\host` (a browser reads both as another host),
 * control characters (stripped by browsers, turning `/\t/host` into `//host`)
 * and `javascript:` must never be followed (an open redirect). A `next` that
 * is the login page itself goes to the dashboard instead of looping.
 */
export function safeNextPath(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//')) return DASHBOARD_PATH;
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (/[\u0000-\u001f\u007f\\]/.test(next)) return DASHBOARD_PATH;
	let url: URL;
	try {
		url = new URL(next, PARSE_BASE);
	} catch {
		return DASHBOARD_PATH;
	}
	if (url.origin !== PARSE_BASE) return DASHBOARD_PATH;
	if (url.pathname === LOGIN_PATH || url.pathname === `${LOGIN_PATH}/`) return DASHBOARD_PATH;
	return url.pathname + url.search + url.hash;
}

/** The login page, asked to come back to `here` (a path with its query) afterwards. */
export function loginPath(here: string): string {
	const next = safeNextPath(here);
	return next === DASHBOARD_PATH ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}
