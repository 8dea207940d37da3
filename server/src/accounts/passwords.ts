import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are kept as argon2id hashes (memory-hard: 19 MiB, 2 passes, the
 * OWASP minimum), computed off the event loop by the library's own threads.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A damaged hash matches nothing.
		return false;
	}
}

let dummy: Promise<string> | null = null;

/** Spend the time a real check costs, so an unknown username answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<void> {
	dummy ??= hashPassword('gladi-no-such-account');
	await verifyPassword(await dummy, password);
}
