import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
	GladiError,
	type AccountInfo,
	type AccountRole,
	type createAccountBodySchema,
	type SetupBody,
	type UpdateAccountBody,
} from '@gladi/shared';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import { seedDemoCatalog } from '../store/demoCatalog.ts';
import { newId } from '../store/ids.ts';
import type { AccountRecord, Store } from '../store/store.ts';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.ts';

/** Failed logins for one username before each further try waits (1 s, doubling, up to 15 minutes). */
const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
/** Usernames whose failures are remembered (the oldest are forgotten first). */
const MAX_TRACKED_USERNAMES = 10_000;
/** A session's last use is written at most this often. */
const TOUCH_EVERY_MS = 60 * 60_000;

export interface AccountsOptions {
	/** How long a sign-in lasts. */
	sessionTtlMs: number;
}

export interface SignedIn {
	account: AccountRecord;
	/** The secret the cookie carries (the store keeps only its hash). */
	sessionToken: string;
}

/** A signed-in request: the account, and the hash of the session it came with. */
export interface Authenticated {
	account: AccountRecord;
	sessionHash: string;
}

function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64url');
}

export function accountInfo(a: AccountRecord): AccountInfo {
	return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, disabled: a.disabled, createdAt: a.createdAt, lastLoginAt: a.lastLoginAt };
}

/**
 * Accounts of mentors and admins: passwords (argon2id), sign-in sessions
 * kept in the store as hashes (revocable, expiring), failed-login slowdown
 * per username, and the first admin (from the environment, or a one-time
 * setup link printed at the first start).
 */
export class Accounts {
	readonly #store: Store;
	readonly #log: Logger;
	readonly #options: AccountsOptions;
	readonly #failures = new Map<string, { count: number; lockedUntil: number }>();
	#setupToken: string | null = null;

	constructor(store: Store, log: Logger, options: AccountsOptions) {
		this.#store = store;
		this.#log = log;
		this.#options = options;
	}

	/**
	 * At start: create the first admin from these credentials when no account
	 * exists; otherwise, with none, make the one-time setup token (returned,
	 * for the console). Null when accounts exist already.
	 */
	async bootstrap(admin: { username: string; password: string } | null): Promise<string | null> {
		await this.#store.accounts.removeExpiredSessions(Date.now());
		if ((await this.#store.accounts.count()) > 0) return null;
		if (admin) {
			try {
				await this.#createFirst({ username: admin.username, password: admin.password, displayName: admin.username });
			} catch (error) {
				// Several nodes starting together on one database: another one made the first admin meanwhile.
				if ((await this.#store.accounts.count()) === 0) throw error;
				this.#log.info('the first admin was made by another node');
			}
			return null;
		}
		this.#setupToken = randomBytes(24).toString('base64url');
		return this.#setupToken;
	}

	async setupValid(token: string): Promise<boolean> {
		const expected = this.#setupToken;
		if (!expected || (await this.#store.accounts.count()) > 0) return false;
		const a = Buffer.from(token);
		const b = Buffer.from(expected);
		return a.length === b.length && timingSafeEqual(a, b);
	}

	/** The first admin, through the setup link; signed in. The link works once. */
	async setup(body: SetupBody): Promise<SignedIn> {
		if (!(await this.setupValid(body.token))) throw new GladiError('setup_link_invalid', 'this setup link is no longer valid');
		this.#setupToken = null;
		const account = await this.#createFirst({ username: body.username, password: body.password, displayName: body.displayName ?? body.username });
		return { account, sessionToken: await this.#openSession(account.id) };
	}

	async login(username: string, password: string): Promise<SignedIn> {
		const now = Date.now();
		const failures = this.#failures.get(username);
		if (failures && failures.lockedUntil > now) {
			throw new GladiError('login_locked', 'too many failed sign-ins; wait', { retryAfterSeconds: Math.ceil((failures.lockedUntil - now) / 1000) });
		}
		const account = await this.#store.accounts.byUsername(username);
		const ok = account ? await verifyPassword(account.passwordHash, password) : (await verifyNothing(password), false);
		if (!account || !ok || account.disabled) {
			this.#failed(username);
			throw new GladiError('login_failed', 'wrong username or password');
		}
		this.#failures.delete(username);
		await this.#store.accounts.update(account.id, { lastLoginAt: now });
		this.#log.info({ account: account.id }, 'signed in');
		return { account: { ...account, lastLoginAt: now }, sessionToken: await this.#openSession(account.id) };
	}

	/** The account a session cookie belongs to, if the session is valid and the account active. */
	async authenticate(sessionToken: string): Promise<Authenticated | null> {
		if (!sessionToken) return null;
		const sessionHash = hashToken(sessionToken);
		const session = await this.#store.accounts.session(sessionHash);
		const now = Date.now();
		if (!session || session.expiresAt <= now) return null;
		const account = await this.#store.accounts.get(session.accountId);
		if (!account || account.disabled) return null;
		if (now - session.lastSeenAt > TOUCH_EVERY_MS) await this.#store.accounts.touchSession(sessionHash, now);
		return { account, sessionHash };
	}

	logout(sessionHash: string): Promise<void> {
		return this.#store.accounts.revokeSession(sessionHash);
	}

	/** Change one's own password; every other session of the account is signed out. */
	async changePassword(who: Authenticated, current: string, next: string): Promise<void> {
		if (!(await verifyPassword(who.account.passwordHash, current))) throw new GladiError('password_wrong', 'the current password is wrong');
		await this.#store.accounts.update(who.account.id, { passwordHash: await hashPassword(next) });
		await this.#store.accounts.revokeSessionsOf(who.account.id, who.sessionHash);
		this.#log.info({ account: who.account.id }, 'password changed');
	}

	async list(): Promise<AccountInfo[]> {
		return (await this.#store.accounts.list()).map(accountInfo);
	}

	/** An admin makes an account; a new mentor starts with the demo catalog, to rehearse at once. */
	async create(body: z.output<typeof createAccountBodySchema>): Promise<AccountInfo> {
		if (await this.#store.accounts.byUsername(body.username)) throw new GladiError('username_taken', 'this username is taken');
		const account = this.#record(body.username, body.displayName ?? body.username, body.role, await hashPassword(body.password));
		await this.#store.transaction(async (tx) => {
			await tx.accounts.create(account);
			await seedDemoCatalog(tx.catalogOf(account.id));
		});
		this.#log.info({ account: account.id, role: account.role }, 'account created');
		return accountInfo(account);
	}

	/** An admin disables, enables, re-roles, renames or resets an account (never locking every admin out). */
	async update(actor: AccountRecord, id: string, patch: UpdateAccountBody): Promise<AccountInfo> {
		const account = await this.#store.accounts.get(id);
		if (!account) throw new GladiError('account_not_found', 'no such account');
		const losesAdmin = account.role === 'admin' && (patch.disabled === true || patch.role === 'mentor');
		if (id === actor.id && (patch.disabled === true || patch.role === 'mentor')) {
			throw new GladiError('last_admin', 'you cannot disable or demote your own account');
		}
		if (losesAdmin && (await this.#store.accounts.list()).filter((a) => a.role === 'admin' && !a.disabled && a.id !== id).length === 0) {
			throw new GladiError('last_admin', 'this is the last active admin');
		}
		const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
		await this.#store.accounts.update(id, { disabled: patch.disabled, role: patch.role, displayName: patch.displayName, passwordHash });
		// Disabled or given a new password: signed out everywhere at once.
		if (patch.disabled === true || passwordHash) await this.#store.accounts.revokeSessionsOf(id);
		this.#log.info({ account: id, by: actor.id, disabled: patch.disabled, role: patch.role, reset: Boolean(passwordHash) }, 'account changed');
		return accountInfo((await this.#store.accounts.get(id))!);
	}

	async #createFirst(o: { username: string; password: string; displayName: string }): Promise<AccountRecord> {
		const account = this.#record(o.username, o.displayName, 'admin', await hashPassword(o.password));
		await this.#store.transaction(async (tx) => {
			if ((await tx.accounts.count()) > 0) throw new GladiError('setup_link_invalid', 'an account exists already');
			await tx.accounts.create(account);
			// What was made before accounts existed belongs to the first admin; else they start with the demo catalog.
			if ((await tx.accounts.adoptUnowned(account.id)) === 0) await seedDemoCatalog(tx.catalogOf(account.id));
		});
		this.#log.info({ account: account.id, username: account.username }, 'first admin created');
		return account;
	}

	#record(username: string, displayName: string, role: AccountRole, passwordHash: string): AccountRecord {
		return { id: newId('a'), username, displayName, passwordHash, role, disabled: false, createdAt: Date.now(), lastLoginAt: null };
	}

	async #openSession(accountId: string): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		const now = Date.now();
		await this.#store.accounts.createSession({ tokenHash: hashToken(token), accountId, createdAt: now, expiresAt: now + this.#options.sessionTtlMs, lastSeenAt: now });
		return token;
	}

	#failed(username: string): void {
		const entry = this.#failures.get(username) ?? { count: 0, lockedUntil: 0 };
		entry.count++;
		if (entry.count >= FREE_FAILURES) entry.lockedUntil = Date.now() + Math.min(1000 * 2 ** (entry.count - FREE_FAILURES), MAX_LOCK_MS);
		this.#failures.delete(username);
		this.#failures.set(username, entry);
		if (this.#failures.size > MAX_TRACKED_USERNAMES) this.#failures.delete(this.#failures.keys().next().value!);
		this.#log.warn({ username, failures: entry.count }, 'sign-in failed');
	}
}
