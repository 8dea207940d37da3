import { z } from 'zod';
import { DISPLAY_NAME_MAX } from '../domain/room.ts';
import type { Role } from '../domain/roles.ts';
import type { LiveStatus } from '../domain/room.ts';

/**
 * Accounts are for the people who run rehearsals: mentors, and admins who
 * manage mentors (an admin is also a mentor). Trainees, buyers and class
 * members never have one: their invite links are the way in.
 *
 *   POST /api/auth/login      LoginBody -> 200 MeResponse, sets the session cookie
 *   POST /api/auth/logout     -> 204, the session is revoked and the cookie cleared
 *   GET  /api/auth/me         -> 200 MeResponse, or 401 `unauthorized`
 *   POST /api/auth/password   ChangePasswordBody -> 204 (other sessions are signed out)
 *   GET  /api/auth/setup?t=   -> SetupStatus (is this first-start link still valid)
 *   POST /api/auth/setup      SetupBody -> 201 MeResponse: the first admin, signed in
 *   GET  /api/admin/accounts            (admin) -> AccountListResponse
 *   POST /api/admin/accounts            (admin) CreateAccountBody -> 201 AccountInfo
 *   PATCH /api/admin/accounts/:id       (admin) UpdateAccountBody -> AccountInfo
 *   GET  /api/me/dashboard    -> DashboardResponse: the mentor's rooms (links, sessions) and classes
 *   POST /api/rooms/:code/links  (owner) -> CreateRoomResponse: new links, the old ones stop at once
 */
export const ACCOUNT_ROLES = ['admin', 'mentor'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** The cookie that carries a signed-in mentor's session (httpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'gladi_session';

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Lower-case letters, digits, dot, dash and underscore: easy to type on a phone, one spelling per person. */
export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.min(USERNAME_MIN, `username needs at least ${USERNAME_MIN} characters`)
	.max(USERNAME_MAX)
	.regex(/^[a-z0-9][a-z0-9._-]*$/, 'username may hold only letters, digits, dot, dash and underscore');

export const passwordSchema = z
	.string()
	.min(PASSWORD_MIN, `password needs at least ${PASSWORD_MIN} characters`)
	.max(PASSWORD_MAX);

export const loginBodySchema = z.strictObject({
	username: z.string().trim().toLowerCase().min(1).max(USERNAME_MAX),
	/** Not checked against the rules here: a login only compares. */
	password: z.string().min(1).max(PASSWORD_MAX),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const changePasswordBodySchema = z.strictObject({
	currentPassword: z.string().min(1).max(PASSWORD_MAX),
	newPassword: passwordSchema,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBodySchema>;

const accountDisplayNameSchema = z.string().trim().min(1).max(DISPLAY_NAME_MAX);

export const setupBodySchema = z.strictObject({
	token: z.string().min(1).max(200),
	username: usernameSchema,
	password: passwordSchema,
	displayName: accountDisplayNameSchema.optional(),
});
export type SetupBody = z.infer<typeof setupBodySchema>;

export const createAccountBodySchema = z.strictObject({
	username: usernameSchema,
	password: passwordSchema,
	displayName: accountDisplayNameSchema.optional(),
	role: z.enum(ACCOUNT_ROLES).default('mentor'),
});
export type CreateAccountBody = z.input<typeof createAccountBodySchema>;

export const updateAccountBodySchema = z
	.strictObject({
		disabled: z.boolean().optional(),
		role: z.enum(ACCOUNT_ROLES).optional(),
		/** An admin sets a new password (the account's sessions are signed out). */
		password: passwordSchema.optional(),
		displayName: accountDisplayNameSchema.optional(),
	})
	.refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');
export type UpdateAccountBody = z.infer<typeof updateAccountBodySchema>;

export interface AccountInfo {
	id: string;
	username: string;
	displayName: string;
	role: AccountRole;
	disabled: boolean;
	createdAt: number;
	lastLoginAt: number | null;
}

export interface MeResponse {
	account: AccountInfo;
}

export interface SetupStatus {
	/** The link can still create the first admin (no account exists yet and the token matches). */
	valid: boolean;
}

export interface AccountListResponse {
	accounts: AccountInfo[];
}

export interface DashboardSession {
	sessionId: string;
	hostName: string;
	startedAt: number;
	endedAt: number | null;
	/** The report, opened with the room's mentor link. */
	reportLink: string;
}

export interface DashboardRoom {
	code: string;
	title: string;
	createdAt: number;
	status: LiveStatus;
	/** Set when the room is a class's practice room. */
	classId: string | null;
	links: Record<Role, string>;
	/** Newest first. */
	sessions: DashboardSession[];
}

export interface DashboardClass {
	id: string;
	name: string;
	createdAt: number;
	members: number;
	rooms: number;
	mentorLink: string;
}

export interface DashboardResponse {
	account: AccountInfo;
	/** Newest first. */
	rooms: DashboardRoom[];
	classes: DashboardClass[];
}

export function setupLink(token: string): string {
	return `/pasang?t=${encodeURIComponent(token)}`;
}
