import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type express from 'express';

/** Best first; what the client build writes beside each asset (client/vite.config.ts). */
const ENCODINGS = [
	{ name: 'br', suffix: '.br' },
	{ name: 'gzip', suffix: '.gz' },
] as const;

/**
 * The built client's scripts and styles as the build compressed them, to
 * clients that take brotli or gzip: no compressing on every request (it cost
 * more than sending the page's entry script), and smaller files for phones.
 * Anything else goes on (to express.static and the compression middleware).
 * The files are listed once: a client built again under a running studio
 * is served the ordinary way until it restarts.
 */
export function precompressedAssets(clientDir: string, maxAgeMs: number): express.RequestHandler {
	const dir = path.join(clientDir, 'assets');
	const compressed = new Set(existsSync(dir) ? readdirSync(dir).filter((f) => ENCODINGS.some((e) => f.endsWith(e.suffix))) : []);
	return (req, res, next) => {
		if (req.method !== 'GET' && req.method !== 'HEAD') return next();
		const name = /^\/assets\/([\w.-]+\.(?:js|css|svg))$/.exec(req.path)?.[1];
		if (!name || !ENCODINGS.some((e) => compressed.has(name + e.suffix))) return next();
		// The answer depends on Accept-Encoding, whichever is chosen.
		res.vary('Accept-Encoding');
		const encoding = ENCODINGS.find((e) => compressed.has(name + e.suffix) && req.acceptsEncodings(e.name) === e.name);
		if (!encoding) return next();
		res.type(path.extname(name));
		res.setHeader('Content-Encoding', encoding.name);
		res.sendFile(path.join(dir, name + encoding.suffix), { maxAge: maxAgeMs }, (error?: Error) => {
			if (error && !res.headersSent) next(error);
		});
	};
}
