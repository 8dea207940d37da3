import { describe, expect, test } from 'vitest';
import { DASHBOARD_PATH, loginPath, safeNextPath } from './nextPath.ts';

describe('safeNextPath', () => {
	test('keeps a path on this site, with its query and hash', () => {
		expect(safeNextPath('/')).toBe('/');
		expect(safeNextPath('/katalog')).toBe('/katalog');
		expect(safeNextPath('/kelas/abc?x=1#top')).toBe('/kelas/abc?x=1#top');
		expect(safeNextPath('/kelas/baru')).toBe('/kelas/baru');
	});

	test('goes to the dashboard when there is no next', () => {
		for (const next of [null, undefined, '']) expect(safeNextPath(next)).toBe(DASHBOARD_PATH);
	});

	test('never leaves the site (open redirect)', () => {
		const hostile = [
			'https://evil.example/',
			'http://evil.example',
			'//evil.example',
			'//evil.example/saya',
			'///evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r\n/evil.example',
			'javascript:alert(1)',
			'JavaScript:alert(1)',
			'data:text/html,<script>alert(1)</script>',
			'evil.example',
			' /katalog',
			'/%0a/evil.example'.replace('%0a', '\u000a'),
			'/\u0000/evil.example',
		];
		for (const next of hostile) expect(safeNextPath(next), JSON.stringify(next)).toBe(DASHBOARD_PATH);
	});

	test('an encoded slash stays part of a path on this site', () => {
		expect(safeNextPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
	});

	test('does not come back to the login page', () => {
		expect(safeNextPath('/masuk')).toBe(DASHBOARD_PATH);
		expect(safeNextPath('/masuk/?next=%2Fmasuk')).toBe(DASHBOARD_PATH);
	});
});

describe('loginPath', () => {
	test('asks to come back to where the visitor was', () => {
		expect(loginPath('/')).toBe('/masuk?next=%2F');
		expect(loginPath('/kelas/abc')).toBe('/masuk?next=%2Fkelas%2Fabc');
		expect(loginPath('/katalog?produk=baru')).toBe('/masuk?next=%2Fkatalog%3Fproduk%3Dbaru');
	});

	test('plain /masuk when there is nowhere better than the dashboard to come back to', () => {
		expect(loginPath('/saya')).toBe('/masuk');
		expect(loginPath('/masuk?next=%2F')).toBe('/masuk');
	});
});
