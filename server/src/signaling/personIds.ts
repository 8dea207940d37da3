import { randomBytes } from 'node:crypto';
import { PERSON_CREDENTIAL_MAX } from '@gladi/shared';
import { KeyedTokenBuckets } from '../lib/tokenBucket.ts';
import type { StudioSecret } from '../lib/secret.ts';

/** What the person id is signed for (see StudioSecret). */
const PURPOSE = 'person';

export interface Person {
	/** Random, server-made: what limits are kept under. */
	id: string;
	/** `id.signature`, handed to the client to send back in later handshakes. */
	credential: string;
}

/**
 * Person ids: the server makes them and signs them, so a client can keep
 * one (and be the same person across reconnects and names) but cannot make
 * one up. New ids are handed out per key (a room and an address) at
 * `perMinute`, with a burst of twice that (a class arriving at once on one
 * Wi-Fi): throwing an id away to get fresh limits soon stops working.
 */
export class PersonIds {
	readonly #secret: StudioSecret;
	readonly #newIds: KeyedTokenBuckets;

	constructor(secret: StudioSecret, perMinute: number) {
		this.#secret = secret;
		this.#newIds = new KeyedTokenBuckets(Math.max(1, Math.round(2 * perMinute)), perMinute / 60);
	}

	/** The person `credential` proves; else a new person for `mintKey`, or null when that key has had too many lately. */
	identify(credential: string | undefined, mintKey: string): Person | null {
		const known = credential ? this.#verify(credential) : null;
		if (known) return { id: known, credential: credential! };
		if (!this.#newIds.take(mintKey)) return null;
		const id = randomBytes(16).toString('base64url');
		return { id, credential: `${id}.${this.#secret.sign(PURPOSE, id)}` };
	}

	#verify(credential: string): string | null {
		if (credential.length > PERSON_CREDENTIAL_MAX) return null;
		const [id, signature, ...rest] = credential.split('.');
		if (!id || !signature || rest.length > 0) return null;
		return this.#secret.verify(PURPOSE, id, signature) ? id : null;
	}
}
