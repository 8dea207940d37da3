import { setupLink } from '@gladi/shared';
import { loadConfig, type Config } from './config.ts';
import { healthDetails } from './http/health.ts';
import { createLogger } from './logger.ts';
import { lanAddresses } from './net/addresses.ts';
import { Studio } from './server.ts';

async function main(): Promise<void> {
	let config: Config;
	try {
		config = loadConfig();
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	}
	const log = createLogger({ level: config.logLevel, format: config.logFormat });
	let studio: Studio;
	try {
		studio = await Studio.create(config, { log });
	} catch (error) {
		log.error({ err: error }, 'failed to start');
		process.exit(1);
	}

	const lines = [
		'',
		'  Gladi studio is running.',
		`  On this computer:   http://localhost:${studio.httpPort}`,
	];
	if (studio.httpsPort) {
		for (const ip of lanAddresses()) lines.push(`  Phones on the Wi-Fi: https://${ip}:${studio.httpsPort}`);
		if (studio.tls?.source === 'generated') {
			lines.push(
				'  (self-signed certificate: the phone will warn once; choose "Advanced" -> "Proceed", or install',
				`   ${studio.tls.certFile} as a trusted certificate on the phone)`,
			);
		}
	}
	if (studio.setupToken) {
		// No account yet: this link (valid once, until the next start) creates the first admin.
		lines.push(
			'',
			'  First start: create the admin account by opening',
			`    http://localhost:${studio.httpPort}${setupLink(studio.setupToken)}`,
			'  (on this computer; the link works once, and a new one is printed at the next start until an account exists)',
		);
	}
	if (studio.placement.clustered) lines.push(`  Node "${studio.placement.nodeId}" of several sharing one database, reached at ${config.publicUrl ?? ''}`);
	lines.push('  Press Ctrl+C to stop.', '');
	process.stdout.write(`${lines.join('\n')}\n`);

	// A parent that started the studio with an IPC channel (the benchmarks) may read the health
	// details, which over HTTP only admins see: no network port offers them to anyone else.
	if (process.send) {
		process.on('message', (message) => {
			if (message === 'health') process.send?.({ health: healthDetails(studio) });
		});
	}

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		// One of several nodes: first hand the rooms to the others (idle ones now, live ones as their lives end).
		const drainMs = studio.placement.clustered && signal === 'SIGTERM' ? config.node.drainMs : 0;
		log.info({ signal, drainMs }, 'stopping');
		const force = setTimeout(() => process.exit(1), drainMs + 5000);
		force.unref();
		void (async () => {
			if (drainMs > 0 && !(await studio.drain(drainMs).catch(() => false))) log.warn('lives still running after the drain time: they end now');
			await studio.close();
			process.exit(0);
		})();
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
