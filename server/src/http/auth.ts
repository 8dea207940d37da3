import { parseCookie, stringifySetCookie } from 'cookie';
import express, { type Request, type RequestHandler, type Response } from 'express';
import {
	changePasswordBodySchema,
	createAccountBodySchema,
	GladiError,
	loginBodySchema,
	parseOrThrow,
	SESSION_COOKIE,
	setupBodySchema,
	updateAccountBodySchema,
	type AccountListResponse,
	type MeResponse,
	type SetupStatus,
} from '@gladi/shared';
import { accountInfo, type Accounts, type Authenticated } from '../accounts/accounts.ts';
import type { AccountRecord } from '../store/store.ts';
import type { RateLimits } from './rateLimits.ts';

function authOf(res: Response): Authenticated | undefined {
	return (res.locals as { auth?: Authenticated }).auth;
}

/** The signed-in account of this request, if any (set by `sessionAuth`). */
export function signedIn(res: Response): AccountRecord | undefined {
	return authOf(res)?.account;
}

/** Reads the session cookie on every request: the account, if the session is valid and the account active, goes in `res.locals.auth`. */
export function sessionAuth(accounts: Accounts): RequestHandler {
	return async (req, res, next) => {
		const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
		const auth = token ? await accounts.authenticate(token) : null;
		if (auth) res.locals['auth'] = auth;
		next();
	};
}

/** The signed-in mentor (an admin is one too), or 401. */
export function requireMentor(res: Response): AccountRecord {
	const account = signedIn(res);
	if (!account) throw new GladiError('not_logged_in', 'sign in as a mentor first');
	return account;
}

/** Middleware form of requireMentor: refuses before a body is even read. */
export const mentorsOnly: RequestHandler = (_req, res, next) => {
	requireMentor(res);
	next();
};

export function requireAdmin(res: Response): AccountRecord {
	const account = requireMentor(res);
	if (account.role !== 'admin') throw new GladiError('admin_only', 'only an admin can do this');
	return account;
}

function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
	res.append(
		'Set-Cookie',
		stringifySetCookie({ name: SESSION_COOKIE, value: token, httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) }),
	);
}

function clearSessionCookie(req: Request, res: Response): void {
	res.append('Set-Cookie', stringifySetCookie({ name: SESSION_COOKIE, value: '', httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: 0 }));
}

/** Sign-in, sign-out, password change, the first-start setup, and the admin's account management. */
export function authRoutes(accounts: Accounts, sessionTtlMs: number, limits: RateLimits): express.Router {
	const api = express.Router();
	// Per address, on top of the per-username slowdown in Accounts.
	const limitLogins = limits.login;
	const limitWrites = limits.writes;

	api.post('/auth/login', limitLogins, async (req, res) => {
		const body = parseOrThrow(loginBodySchema, req.body, 'login');
		const { account, sessionToken } = await accounts.login(body.username, body.password);
		setSessionCookie(req, res, sessionToken, sessionTtlMs);
		const reply: MeResponse = { account: accountInfo(account) };
		res.setHeader('Cache-Control', 'no-store').json(reply);
	});

	api.post('/auth/logout', async (req, res) => {
		const auth = authOf(res);
		if (auth) await accounts.logout(auth.sessionHash);
		clearSessionCookie(req, res);
		res.status(204).end();
	});

	api.get('/auth/me', (_req, res) => {
		const reply: MeResponse = { account: accountInfo(requireMentor(res)) };
		res.setHeader('Cache-Control', 'no-store').json(reply);
	});

	api.post('/auth/password', limitLogins, async (req, res) => {
		requireMentor(res);
		const body = parseOrThrow(changePasswordBodySchema, req.body, 'password');
		await accounts.changePassword(authOf(res)!, body.currentPassword, body.newPassword);
		res.status(204).end();
	});

	api.get('/auth/setup', async (req, res) => {
		const token = typeof req.query['t'] === 'string' ? req.query['t'] : '';
		const reply: SetupStatus = { valid: await accounts.setupValid(token) };
		res.setHeader('Cache-Control', 'no-store').json(reply);
	});

	api.post('/auth/setup', limitLogins, async (req, res) => {
		const body = parseOrThrow(setupBodySchema, req.body, 'setup');
		const { account, sessionToken } = await accounts.setup(body);
		setSessionCookie(req, res, sessionToken, sessionTtlMs);
		const reply: MeResponse = { account: accountInfo(account) };
		res.status(201).json(reply);
	});

	api.get('/admin/accounts', async (_req, res) => {
		requireAdmin(res);
		const reply: AccountListResponse = { accounts: await accounts.list() };
		res.setHeader('Cache-Control', 'no-store').json(reply);
	});

	api.post('/admin/accounts', limitWrites, async (req, res) => {
		requireAdmin(res);
		res.status(201).json(await accounts.create(parseOrThrow(createAccountBodySchema, req.body, 'account')));
	});

	api.patch('/admin/accounts/:id', limitWrites, async (req, res) => {
		const admin = requireAdmin(res);
		res.json(await accounts.update(admin, String(req.params.id), parseOrThrow(updateAccountBodySchema, req.body, 'account')));
	});

	return api;
}
