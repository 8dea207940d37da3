/**
 * The `ip` and `tc` commands the network bench (netBench.ts) is made of,
 * and the clean-up of what a crashed earlier run left behind.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every namespace and root-side link of the bench is named so: `gl<pid>-<n>-...` (the PID of the test process). */
export const NAME_PREFIX = 'gl';
const OWNED = /^gl(\d+)-/;

/** Run a command (in a namespace when `ns` is given); rejects with its stderr. */
export async function sh(ns: string | null, command: string, ...args: string[]): Promise<string> {
	const argv = ns ? ['netns', 'exec', ns, command, ...args] : args;
	try {
		const { stdout } = await run(ns ? 'ip' : command, argv, { timeout: 10_000 });
		return stdout;
	} catch (error) {
		const stderr = (error as { stderr?: string }).stderr?.trim();
		throw new Error(`${ns ? `[${ns}] ` : ''}${command} ${args.join(' ')}: ${stderr || (error as Error).message}`);
	}
}

/** `ip ARGS` in the root namespace, or in `ns` (`ip -n`). */
export function ip(ns: string | null, ...args: string[]): Promise<string> {
	return sh(null, 'ip', ...(ns ? ['-n', ns] : []), ...args);
}

export function tc(ns: string | null, ...args: string[]): Promise<string> {
	return ns ? sh(ns, 'tc', ...args) : sh(null, 'tc', ...args);
}

/** Why this process cannot make namespaces, or null when it can: the tests and the benchmark skip with it. */
export function namespacesUnavailable(): string | null {
	return canMakeNamespaces() ? null : 'needs root and iproute2 (ip, tc) for network namespaces';
}

/** Whether this process may make namespaces (root, with iproute2's ip and tc). */
export function canMakeNamespaces(): boolean {
	if (process.getuid?.() !== 0) return false;
	try {
		execFileSync('ip', ['netns', 'list'], { stdio: 'ignore', timeout: 5_000 });
		execFileSync('tc', ['-V'], { stdio: 'ignore', timeout: 5_000 });
		return true;
	} catch {
		return false;
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function namespacesNow(): string[] {
	const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 5_000 });
	return out
		.split('\n')
		.map((line) => line.split(' ')[0]!)
		.filter(Boolean);
}

/**
 * Delete namespaces: first the processes still in them (a browser, a
 * studio or a relay of ours), then the namespace, which takes its veths (and
 * the routes over them) along. Synchronous, so that it also works in an exit
 * handler. Failures are collected, not thrown halfway.
 */
export function deleteNamespaces(names: string[]): string[] {
	const problems: string[] = [];
	for (const name of names) {
		try {
			const pids = execFileSync('ip', ['netns', 'pids', name], { encoding: 'utf8', timeout: 5_000 }).split('\n').filter(Boolean);
			for (const pid of pids) {
				try {
					process.kill(Number(pid), 'SIGKILL');
				} catch {
					// already gone
				}
			}
			execFileSync('ip', ['netns', 'delete', name], { stdio: 'ignore', timeout: 5_000 });
		} catch (error) {
			problems.push(`${name}: ${(error as Error).message}`);
		}
	}
	return problems;
}

/** The namespaces of bench runs whose process is gone (a crash, a SIGKILL): deleted, with whatever runs in them. */
export function deleteLeftovers(): string[] {
	const stale = namespacesNow().filter((name) => {
		const pid = OWNED.exec(name)?.[1];
		return pid !== undefined && !alive(Number(pid));
	});
	deleteNamespaces(stale);
	return stale;
}
