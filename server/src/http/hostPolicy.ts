import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import { GladiError } from '@gladi/shared';
import type { RequestHandler } from 'express';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../logger.ts';
import { interfaceAddresses } from '../net/addresses.ts';
import { sendError } from './errors.ts';

/** Never a name people open: listening on every interface. */
const UNSPECIFIED = new Set(['0.0.0.0', '[::]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A Host header as URL reads it (lower case, IPv6 in brackets, no default port), or null if it is more than a host and port. */
export function parseHost(header: string | undefined): URL | null {
	if (!header) return null;
	let url: URL;
	try {
		url = new URL(`http://${header}`);
	} catch {
		return null;
	}
	if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || header.includes('#')) return null;
	return url;
}

/** A host name without the trailing dot DNS allows (`localhost.`). */
function bareName(hostname: string): string {
	return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

/**
 * Which names the studio answers to, against DNS rebinding (a foreign page
 * whose domain is made to resolve to this machine sends its own name as
 * Host): GLADI_PUBLIC_URL's host, localhost, this machine's name and
 * addresses, and the configured listen and announced addresses; any port.
 * And which pages may change things: those of the origin the request was
 * sent to (the Host it names), or of GLADI_PUBLIC_URL; with several nodes,
 * also pages served under any node's host name (any port: one operator's
 * nodes behind one proxy), since a page of one node connects to another.
 */
export class HostPolicy {
	readonly #names: Set<string>;
	readonly #publicOrigin: string | null;
	readonly #siblings: () => Iterable<string>;

	constructor({ publicUrl, names = [], siblings = () => [] }: { publicUrl: string | null; names?: Array<string | undefined>; siblings?: () => Iterable<string> }) {
		this.#publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
		this.#siblings = siblings;
		const known = ['localhost', '127.0.0.1', '[::1]', os.hostname(), publicUrl ? new URL(publicUrl).host : undefined, ...names];
		this.#names = new Set(
			known.flatMap((name) => {
				// IPv6 addresses arrive bare from the settings; a Host header brackets them.
				const hostname = name && parseHost(name.includes(':') && !name.startsWith('[') ? `[${name}]` : name)?.hostname;
				return hostname && !UNSPECIFIED.has(hostname) ? [bareName(hostname)] : [];
			}),
		);
	}

	/** The Host header names this studio. */
	allowsHost(header: string | undefined): boolean {
		const hostname = parseHost(header)?.hostname;
		if (!hostname) return false;
		const name = bareName(hostname);
		// Addresses are read again on a miss: a laptop's Wi-Fi address changes.
		return this.#names.has(name) || interfaceAddresses().includes(name);
	}

	/** A request with this Origin (absent: not sent by a browser page) comes from the studio's own pages. */
	allowsOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
		if (origin === undefined) return true;
		let url: URL;
		try {
			url = new URL(origin);
		} catch {
			return false; // `null`: a sandboxed frame, a redirect, a file
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
		if (url.origin === this.#publicOrigin) return true;
		const host = parseHost(hostHeader);
		if (host !== null && url.host === host.host) return true;
		return this.#isSiblingHost(url.hostname);
	}

	/** The host name of this node's public URL or of another node's. */
	#isSiblingHost(hostname: string): boolean {
		const urls = [...this.#siblings()];
		if (urls.length === 0) return false;
		if (this.#publicOrigin) urls.push(this.#publicOrigin);
		return urls.some((u) => new URL(u).hostname === hostname);
	}
}

/** At most this much of a client-chosen value goes into a log line. */
function clip(value: string | undefined): string | undefined {
	return value === undefined ? undefined : value.slice(0, 200);
}

/** Refuse a request whose Host is not one of the studio's names: 403 with a JSON error. */
export function requireKnownHost(hosts: HostPolicy, log: Logger): RequestHandler {
	return (req, res, next) => {
		if (hosts.allowsHost(req.headers.host)) return next();
		log.warn({ method: req.method, url: clip(req.originalUrl), host: clip(req.headers.host) }, 'unknown Host refused');
		sendError(res, new GladiError('host_not_allowed', 'this server does not answer to that host name'));
	};
}

/** Refuse a state-changing API request sent by a page on another origin (CSRF). */
export function refuseForeignOrigin(hosts: HostPolicy, log: Logger): RequestHandler {
	return (req, _res, next) => {
		if (SAFE_METHODS.has(req.method) || hosts.allowsOrigin(req.headers.origin, req.headers.host)) return next();
		log.warn({ method: req.method, url: clip(req.originalUrl), origin: clip(req.headers.origin) }, 'foreign Origin refused');
		next(new GladiError('origin_not_allowed', 'requests from another site may not change anything here'));
	};
}

/** socket.io's handshake check: the studio's Host, and no page of another origin (403 otherwise). */
export function socketAllowRequest(hosts: HostPolicy, log: Logger): NonNullable<ServerOptions['allowRequest']> {
	return (req: IncomingMessage, callback) => {
		const { host, origin } = req.headers;
		const refused = !hosts.allowsHost(host) ? 'host_not_allowed' : !hosts.allowsOrigin(origin, host) ? 'origin_not_allowed' : null;
		if (refused) log.warn({ url: clip(req.url), host: clip(host), origin: clip(origin), kind: refused }, 'socket.io handshake refused');
		callback(refused, refused === null);
	};
}
