import { describe, expect, it } from 'vitest';
import { thumbnailUrlOf } from './catalog.ts';

describe('thumbnailUrlOf', () => {
	it('puts an upload’s thumbnail beside it', () => {
		expect(thumbnailUrlOf('/uploads/0b6e2f7c-3c1a-4d4e-9a53-1f2e3d4c5b6a.webp')).toBe('/uploads/0b6e2f7c-3c1a-4d4e-9a53-1f2e3d4c5b6a-thumb.webp');
	});

	it('lets any other image be its own thumbnail, and no image have none', () => {
		expect(thumbnailUrlOf('/demo-images/gamis-1.svg')).toBe('/demo-images/gamis-1.svg');
		expect(thumbnailUrlOf('/uploads/old.png')).toBe('/uploads/old.png');
		expect(thumbnailUrlOf(null)).toBeNull();
	});
});
