import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = process.env['GLADI_DEV_SERVER'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
	plugins: [react()],
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
