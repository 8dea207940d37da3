import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A benchmark file run on its own (`node test/bench/NAME.ts [--smoke]`):
 * when `moduleUrl` is the script node was started with, run it, print its
 * result as JSON and exit (1 on a failure).
 */
export function runStandalone(moduleUrl: string, run: () => Promise<unknown>): void {
	if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
	run().then(
		(result) => {
			console.log(JSON.stringify(result, null, 2));
			process.exit(0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
