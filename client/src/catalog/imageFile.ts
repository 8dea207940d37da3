import { IMAGE_MAX_BYTES, IMAGE_TYPES, sniffImageType, type ImageType } from '@gladi/shared';
import type { Message } from './productForm.ts';

export function isAllowedType(type: string): type is ImageType {
	return (IMAGE_TYPES as readonly string[]).includes(type);
}

/** "1,4 MB" / "1.4 MB", "820 KB". */
export function formatBytes(bytes: number, lang: 'id' | 'en'): string {
	const nf = new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 1 });
	if (bytes >= 1024 * 1024) return `${nf.format(bytes / (1024 * 1024))} MB`;
	return `${nf.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

export interface PreparedImage {
	blob: Blob;
	type: ImageType;
	/** Set when a too-large photo was scaled down in the browser to fit the limit. */
	resizedFrom?: number;
}

const MAX_SIDE = 1600;

/** Scale a decodable photo down to fit IMAGE_MAX_BYTES (JPEG); null if the browser cannot. */
async function shrink(file: Blob): Promise<Blob | null> {
	if (typeof createImageBitmap !== 'function') return null;
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file);
	} catch {
		return null;
	}
	try {
		for (const side of [MAX_SIDE, 1200, 900]) {
			const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
			const canvas = document.createElement('canvas');
			canvas.width = Math.max(1, Math.round(bitmap.width * scale));
			canvas.height = Math.max(1, Math.round(bitmap.height * scale));
			const ctx = canvas.getContext('2d');
			if (!ctx) return null;
			ctx.fillStyle = '#ffffff'; // transparent PNG areas become white, not black
			ctx.fillRect(0, 0, canvas.width, canvas.height);
			ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
			const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
			if (blob && blob.size <= IMAGE_MAX_BYTES) return blob;
		}
		return null;
	} finally {
		bitmap.close();
	}
}

/**
 * Check a chosen file before upload: the type (by its bytes, like the server)
 * must be JPEG, PNG or WebP, and it must fit 2 MB; a larger photo is scaled
 * down in the browser when possible.
 */
export async function prepareImage(
	file: File,
	lang: 'id' | 'en',
): Promise<{ ok: true; image: PreparedImage } | { ok: false; error: Message }> {
	const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
	const type = sniffImageType(head);
	if (!type || (file.type && !isAllowedType(file.type))) {
		return { ok: false, error: { key: 'catImageWrongType' } };
	}
	if (file.size === 0) return { ok: false, error: { key: 'catImageWrongType' } };
	if (file.size <= IMAGE_MAX_BYTES) return { ok: true, image: { blob: file, type } };
	const smaller = await shrink(file);
	if (!smaller) return { ok: false, error: { key: 'catImageTooBig', vars: { max: formatBytes(IMAGE_MAX_BYTES, lang), size: formatBytes(file.size, lang) } } };
	return { ok: true, image: { blob: smaller, type: 'image/jpeg', resizedFrom: file.size } };
}
