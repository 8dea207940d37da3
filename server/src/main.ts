import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { lanAddresses } from './net/addresses.ts';
import { startStudio } from './server.ts';

const log = createLogger('main');

async function main(): Promise<void> {
	const config = loadConfig();
	const studio = await startStudio(config);

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
	lines.push('  Press Ctrl+C to stop.', '');
	process.stdout.write(`${lines.join('\n')}\n`);

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		log.info('stopping', { signal });
		const force = setTimeout(() => process.exit(1), 5000);
		force.unref();
		void studio.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	log.error('failed to start', { error: error instanceof Error ? error.message : String(error) });
	process.exit(1);
});
