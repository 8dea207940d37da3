import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './freePort.ts';

const run = promisify(execFile);

/** Where Debian's postgresql package puts each major version's server binaries. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const HOST = '127.0.0.1';

/**
 * A throwaway PostgreSQL server for tests: Debian's binaries (the highest
 * version installed), a new cluster in a temporary folder, listening on
 * 127.0.0.1 only (a free port; its unix socket in that folder), trusting
 * every local connection. A test file starts its own and makes a database
 * for each thing it tests; stop() ends the server and removes the folder.
 */
export class TestPostgres {
	readonly port: number;
	readonly #pg: PgCommands;
	readonly #exitHook: () => void;
	#databases = 0;
	#stopped = false;

	private constructor(pg: PgCommands, port: number) {
		this.#pg = pg;
		this.port = port;
		// If the test process ends without stop() (a crash, a timeout), the server must not outlive it.
		this.#exitHook = () => pg.stopNow();
		process.once('exit', this.#exitHook);
	}

	static async start(): Promise<TestPostgres> {
		const pg = await PgCommands.init();
		// The free port can be taken by someone else before the server binds it: then try another.
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			try {
				await pg.start(port);
				return new TestPostgres(pg, port);
			} catch (error) {
				if (attempt < 3 && /could not bind|Address already in use/i.test(pg.serverLog())) continue;
				pg.remove();
				throw error;
			}
		}
	}

	/** A connection URL for database `db`. */
	url(db = 'postgres'): string {
		return `postgresql://postgres@${HOST}:${this.port}/${db}`;
	}

	/** A new, empty database; its URL. */
	async createDatabase(): Promise<string> {
		const name = `gladi_test_${++this.#databases}`;
		const client = new Client({ connectionString: this.url() });
		await client.connect();
		try {
			await client.query(`CREATE DATABASE ${name}`);
		} finally {
			await client.end();
		}
		return this.url(name);
	}

	/** Stop the server at once (no shutdown checkpoint: its data is thrown away) and remove its folder. */
	async stop(): Promise<void> {
		if (this.#stopped) return;
		this.#stopped = true;
		process.off('exit', this.#exitHook);
		await this.#pg.stop();
	}
}

/** initdb and pg_ctl on one cluster folder, run as the `postgres` system user when we are root (initdb refuses root). */
class PgCommands {
	readonly #bin: string;
	readonly #dir: string;
	/** What the commands printed so far, shown when one fails. */
	readonly #progress: string[] = [];

	private constructor(bin: string, dir: string) {
		this.#bin = bin;
		this.#dir = dir;
	}

	static async init(): Promise<PgCommands> {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'gladi-pg-'));
		const pg = new PgCommands(serverBinaries(), dir);
		try {
			if (process.getuid?.() === 0) {
				const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
				chownSync(dir, id('-u'), id('-g'));
			}
			await pg.#run('initdb', ['--pgdata', pg.#data, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--locale', 'C.UTF-8', '--no-sync', '--no-instructions']);
			appendFileSync(
				path.join(pg.#data, 'postgresql.conf'),
				[
					'',
					'# gladi tests',
					`unix_socket_directories = '${dir}'`,
					'max_connections = 200',
					// Nothing here needs to survive the machine losing power: the cluster is thrown away with its folder.
					// What the crash tests kill is a studio process, not PostgreSQL, and a killed client loses nothing
					// PostgreSQL has committed (even with fsync off, PostgreSQL's own writes are in the OS's cache).
					'fsync = off',
					'full_page_writes = off',
					'',
				].join('\n'),
			);
		} catch (error) {
			pg.remove();
			throw error;
		}
		return pg;
	}

	get #data(): string {
		return path.join(this.#dir, 'data');
	}

	get #log(): string {
		return path.join(this.#dir, 'server.log');
	}

	async start(port: number): Promise<void> {
		// listen_addresses and port on the command line: a retry on another port changes no file.
		await this.#run('pg_ctl', ['start', '--pgdata', this.#data, '--log', this.#log, '--wait', '--timeout', '60', '-o', `-c listen_addresses=${HOST} -p ${port}`]);
	}

	serverLog(): string {
		return existsSync(this.#log) ? readFileSync(this.#log, 'utf8') : '';
	}

	async stop(): Promise<void> {
		try {
			await this.#run('pg_ctl', ['stop', '--pgdata', this.#data, '--mode', 'immediate', '--wait']);
		} finally {
			this.remove();
		}
	}

	/** stop() for a process that is exiting (synchronous). */
	stopNow(): void {
		try {
			execFileSync(...this.#command('pg_ctl', ['stop', '--pgdata', this.#data, '--mode', 'immediate', '--wait']), { stdio: 'ignore' });
		} catch {
			// already stopped
		}
		this.remove();
	}

	remove(): void {
		rmSync(this.#dir, { recursive: true, force: true });
	}

	async #run(name: string, args: string[]): Promise<void> {
		const [file, argv] = this.#command(name, args);
		try {
			const { stdout, stderr } = await run(file, argv, { cwd: this.#dir, timeout: 120_000 });
			this.#progress.push(`$ ${name} ${args.join(' ')}`, stdout, stderr);
		} catch (error) {
			const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
			const log = this.serverLog();
			throw new Error(
				[`${name} failed: ${message}`, ...this.#progress, `$ ${name} ${args.join(' ')}`, stdout, stderr, log ? `server log:\n${log}` : '']
					.filter((line) => line.trim())
					.join('\n'),
			);
		}
	}

	#command(name: string, args: string[]): [string, string[]] {
		const bin = path.join(this.#bin, name);
		return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	}
}

/** The bin folder of the highest PostgreSQL version installed the Debian way. */
function serverBinaries(): string {
	const versions = existsSync(DEBIAN_ROOT) ? readdirSync(DEBIAN_ROOT).filter((v) => /^\d+$/.test(v)) : [];
	const found = versions
		.sort((a, b) => Number(b) - Number(a))
		.map((v) => path.join(DEBIAN_ROOT, v, 'bin'))
		.find((bin) => existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl')));
	if (!found) {
		throw new Error(
			`no PostgreSQL server in ${DEBIAN_ROOT}/<version>/bin: the PostgreSQL tests start their own from Debian's package ` +
				'(apt-get install postgresql; `bash scripts/gladi.sh setup` installs it)',
		);
	}
	return found;
}
