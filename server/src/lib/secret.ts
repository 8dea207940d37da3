import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The secret's file in the data directory. */
export const SECRET_FILE = 'secret';
const SECRET_BYTES = 32;

/**
 * This studio's own secret: 32 random bytes kept in `<dataDir>/secret`
 * (mode 0600), made at the first start and the same on every start after, so
 * what it signed stays valid across restarts. Signing is HMAC-SHA256 with a
 * purpose mixed in, so a value signed for one use ("person", "session"...)
 * never passes for another.
 */
export class StudioSecret {
	readonly #key: Buffer;

	private constructor(key: Buffer) {
		this.#key = key;
	}

	/** The secret in `dataDir`, made if there is none (two starts racing end up with the same one). */
	static async loadOrCreate(dataDir: string): Promise<StudioSecret> {
		const file = path.join(dataDir, SECRET_FILE);
		await mkdir(dataDir, { recursive: true });
		// Written whole under another name, then linked into place: nobody ever reads half a secret.
		const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
		try {
			await writeFile(draft, randomBytes(SECRET_BYTES).toString('base64url'), { mode: 0o600, flag: 'wx', flush: true });
			await link(draft, file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		} finally {
			await rm(draft, { force: true });
		}
		const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
		if (key.length < SECRET_BYTES) throw new Error(`${file} is not a Gladi secret (too short); remove it to make a new one`);
		return new StudioSecret(key);
	}

	/** A secret kept elsewhere (several nodes share one in their database), as base64url. */
	static fromText(text: string): StudioSecret {
		const key = Buffer.from(text.trim(), 'base64url');
		if (key.length < SECRET_BYTES) throw new Error('not a Gladi secret (too short)');
		return new StudioSecret(key);
	}

	/** A new random secret as base64url, for fromText(). */
	static newText(): string {
		return randomBytes(SECRET_BYTES).toString('base64url');
	}

	/** A secret that lives only in memory (tests, tools). */
	static ephemeral(): StudioSecret {
		return new StudioSecret(randomBytes(SECRET_BYTES));
	}

	/** `value`'s signature for `purpose` (base64url). */
	sign(purpose: string, value: string): string {
		return createHmac('sha256', this.#key).update(purpose).update('\0').update(value).digest('base64url');
	}

	/** Whether `signature` is `value`'s for `purpose` (constant time). */
	verify(purpose: string, value: string, signature: string): boolean {
		const expected = Buffer.from(this.sign(purpose, value));
		const given = Buffer.from(signature);
		return given.length === expected.length && timingSafeEqual(given, expected);
	}
}
