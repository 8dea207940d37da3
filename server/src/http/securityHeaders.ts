import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';
import { parseHost } from './hostPolicy.ts';

/** socket.io's WebSocket to the host the page came from (CSP 'self' does not name ws: in every browser). */
const webSocketTo = (scheme: 'ws' | 'wss') => (req: IncomingMessage) => {
	// The Host was checked before (requireKnownHost); parsing it again keeps the header value well formed.
	const host = parseHost(req.headers.host)?.host;
	return host ? `${scheme}://${host}` : "'self'";
};

/**
 * Several nodes: the other nodes' origins, as sources (a page connects its
 * socket to the node running its room, and plays a recording another node
 * keeps). '' when there are none (helmet drops empty values).
 */
const nodeSources = (nodes: () => Iterable<string>, webSockets: boolean) => (): string => {
	const sources: string[] = [];
	for (const url of nodes()) {
		const { protocol, host } = new URL(url);
		sources.push(`${protocol}//${host}`);
		if (webSockets) sources.push(`${protocol === 'https:' ? 'wss' : 'ws'}://${host}`);
	}
	return sources.join(' ');
};

/**
 * Headers on every response (API, app shell, files): a Content-Security-Policy
 * with scripts and styles from the studio only (the built client has no
 * inline ones), images from uploads, blobs (a picked photo) and data URLs,
 * media from the studio and blobs; no framing; no Referer (invite tokens are
 * in the URLs); no MIME sniffing. HSTS only on the public https host: sent on
 * localhost or a LAN address it would push other local apps to https.
 */
export function securityHeaders({ publicUrl, nodes = () => [] }: { publicUrl: string | null; nodes?: () => Iterable<string> }): RequestHandler[] {
	const headers = helmet({
		contentSecurityPolicy: {
			useDefaults: false,
			directives: {
				defaultSrc: ["'self'"],
				baseUri: ["'self'"],
				scriptSrc: ["'self'"],
				scriptSrcAttr: ["'none'"],
				styleSrc: ["'self'"],
				imgSrc: ["'self'", 'blob:', 'data:'],
				mediaSrc: ["'self'", 'blob:', nodeSources(nodes, false)],
				fontSrc: ["'self'", 'data:'],
				connectSrc: ["'self'", webSocketTo('ws'), webSocketTo('wss'), nodeSources(nodes, true)],
				objectSrc: ["'none'"],
				formAction: ["'self'"],
				frameAncestors: ["'none'"],
			},
		},
		referrerPolicy: { policy: 'no-referrer' },
		xFrameOptions: { action: 'deny' },
		strictTransportSecurity: false,
	});
	const https = publicUrl?.startsWith('https:') ? new URL(publicUrl).hostname : null;
	if (!https) return [headers];
	const hsts = strictTransportSecurity({ maxAge: 180 * 24 * 3600 });
	const onPublicHost: RequestHandler = (req, res, next) => {
		if (parseHost(req.headers.host)?.hostname === https) hsts(req, res, next);
		else next();
	};
	return [headers, onPublicHost];
}
