import { describe, expect, it } from 'vitest';
import { can, ROLES, type Action, type Role } from './roles.ts';

const ACTIONS: Action[] = ['join', 'consume', 'produce', 'controlLive', 'reportQuality'];

describe('can()', () => {
	it('lets every role join and consume', () => {
		for (const role of ROLES) {
			expect(can(role, 'join')).toBe(true);
			expect(can(role, 'consume')).toBe(true);
		}
	});

	it('lets every role report its own connection', () => {
		expect(ROLES.filter((role) => can(role, 'reportQuality'))).toEqual(['host', 'mentor', 'buyer']);
	});

	it('lets only the host produce and control the live', () => {
		const allowed = (action: Action): Role[] => ROLES.filter((role) => can(role, action));
		expect(allowed('produce')).toEqual(['host']);
		expect(allowed('controlLive')).toEqual(['host']);
	});

	it('matches the full permission table', () => {
		const table = Object.fromEntries(ROLES.map((role) => [role, ACTIONS.filter((a) => can(role, a))]));
		expect(table).toEqual({
			host: ['join', 'consume', 'produce', 'controlLive', 'reportQuality'],
			mentor: ['join', 'consume', 'reportQuality'],
			buyer: ['join', 'consume', 'reportQuality'],
		});
	});

	it('refuses a role it does not know (e.g. a value smuggled in from the wire)', () => {
		expect(can('admin' as Role, 'join')).toBe(false);
		expect(can('__proto__' as Role, 'produce')).toBe(false);
	});
});

describe('ROLES', () => {
	it('lists exactly host, mentor and buyer', () => {
		expect([...ROLES]).toEqual(['host', 'mentor', 'buyer']);
	});
});
