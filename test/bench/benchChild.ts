import { fork, type ChildProcess } from 'node:child_process';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A benchmark's load generator in a child process of its own (viewers,
 * hosts), so that its CPU is measured apart and its event loop is not the
 * benchmark's. Driven over IPC one command at a time: each command gets one
 * reply; the child's first reply says it is ready; `{ type: 'error' }`
 * replies reject; `{ type: 'close' }` asks it to exit.
 */
export class BenchChild<Command extends { type: string }, Reply extends { type: string }> {
	readonly child: ChildProcess;
	/** The child's first reply, saying it is ready (and whatever it tells about itself). */
	ready: Reply | undefined;
	#pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;

	private constructor(child: ChildProcess) {
		this.child = child;
		child.on('message', (reply: Reply) => {
			const pending = this.#pending;
			this.#pending = undefined;
			if (reply.type === 'error') pending?.reject(new Error((reply as unknown as { message: string }).message));
			else pending?.resolve(reply);
		});
		child.on('exit', (code) => this.#pending?.reject(new Error(`the benchmark child process exited (${code})`)));
	}

	/** Fork `script` and wait (at most `readyMs`) for its first reply. */
	static async start<Command extends { type: string }, Reply extends { type: string }>(script: string, readyMs = 20_000): Promise<BenchChild<Command, Reply>> {
		const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		const driver = new BenchChild<Command, Reply>(child);
		try {
			driver.ready = await driver.#reply(readyMs);
		} catch (error) {
			child.kill('SIGKILL');
			throw error;
		}
		return driver;
	}

	#reply(ms: number): Promise<Reply> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`the benchmark child process did not answer within ${ms} ms`)), ms);
			this.#pending = {
				resolve: (reply) => {
					clearTimeout(timer);
					resolve(reply);
				},
				reject: (error) => {
					clearTimeout(timer);
					reject(error);
				},
			};
		});
	}

	async send<T extends Reply['type']>(command: Command, expect: T, ms: number): Promise<Extract<Reply, { type: T }>> {
		const reply = this.#reply(ms);
		this.child.send(command);
		const r = await reply;
		if (r.type !== expect) throw new Error(`benchmark child process: expected ${expect}, got ${r.type}`);
		return r as Extract<Reply, { type: T }>;
	}

	/** Ask it to exit; SIGKILL after 5 s. */
	async close(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		this.child.send({ type: 'close' });
		await Promise.race([exited, sleep(5000)]);
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
	}
}
