import { describe, expect, it } from 'vitest';
import { TITLE_MAX } from '../domain/room.ts';
import { createRoomBodySchema, sniffImageType } from './http.ts';

describe('createRoomBodySchema', () => {
	it('takes a title and trims it', () => {
		expect(createRoomBodySchema.parse({ title: '  Spring sale  ' })).toEqual({ title: 'Spring sale' });
		expect(createRoomBodySchema.safeParse({ title: 'x'.repeat(TITLE_MAX) }).success).toBe(true);
		expect(createRoomBodySchema.safeParse({ title: 'Ünïcödé 🎉 sale' }).success).toBe(true);
	});

	it('refuses missing, blank, too long or non-string titles', () => {
		for (const body of [{}, { title: '' }, { title: '   ' }, { title: 'x'.repeat(TITLE_MAX + 1) }, { title: 5 }, { title: null }, { title: ['a'] }]) {
			expect(createRoomBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
		}
	});

	it('counts the length after trimming', () => {
		expect(createRoomBodySchema.safeParse({ title: `  ${'x'.repeat(TITLE_MAX)}  ` }).success).toBe(true);
	});

	it('refuses extra fields and non-objects', () => {
		for (const body of [{ title: 'a', code: 'ABC234' }, 'a', ['a'], null, undefined, 42]) {
			expect(createRoomBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
		}
	});

	it('explains a missing title', () => {
		const result = createRoomBodySchema.safeParse({ title: ' ' });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('title is required');
	});
});

describe('sniffImageType', () => {
	const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
	it('reads the magic bytes, not the name or the claimed type', () => {
		expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
		expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
		expect(sniffImageType(ascii('RIFF....WEBPVP8 '))).toBe('image/webp');
		expect(sniffImageType(ascii('RIFF....WAVE'))).toBeNull();
		expect(sniffImageType(ascii('GIF89a'))).toBeNull();
		expect(sniffImageType(ascii('<svg'))).toBeNull();
		expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e]))).toBeNull();
		expect(sniffImageType(new Uint8Array())).toBeNull();
	});
});
