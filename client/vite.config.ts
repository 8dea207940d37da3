import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const server = process.env['GLADI_DEV_SERVER'] ?? 'http://127.0.0.1:3000';

/**
 * Every script, style sheet and SVG of the build also as .br and .gz beside
 * it: the studio sends those as they are (server/src/http/precompressed.ts)
 * rather than compressing each request, and brotli's are smaller for phones.
 */
function precompress(): Plugin {
	let assets = '';
	return {
		name: 'gladi-precompress',
		apply: 'build',
		configResolved(config) {
			assets = path.resolve(config.root, config.build.outDir, config.build.assetsDir);
		},
		closeBundle() {
			for (const name of readdirSync(assets)) {
				if (!/\.(js|css|svg)$/.test(name)) continue;
				const file = path.join(assets, name);
				const body = readFileSync(file);
				if (body.length < 1024) continue;
				const brotli = { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
				writeFileSync(`${file}.br`, brotliCompressSync(body, { params: brotli }));
				writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
			}
		},
	};
}

export default defineConfig({
	plugins: [react(), precompress()],
	build: { target: 'es2022', sourcemap: true },
	// `vite` (dev) proxies the API and signaling to a running studio.
	server: {
		proxy: {
			'/api': server,
			'/healthz': server,
			'/uploads': server,
			'/demo-images': server,
			'/socket.io': { target: server, ws: true },
		},
	},
});
