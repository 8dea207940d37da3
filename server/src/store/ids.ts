import { randomBytes } from 'node:crypto';

/** Short random ids with a readable prefix: "p_3kq9x7mz2d". */
export function newId(prefix: string): string {
	return `${prefix}_${randomBytes(8).toString('base64url').replace(/[-_]/g, '').slice(0, 10).toLowerCase()}`;
}
