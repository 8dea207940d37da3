import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GladiError, IMAGE_MAX_PIXELS, sniffImageType, thumbnailUrlOf } from '@gladi/shared';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { TaskGate } from '../lib/taskGate.ts';
import type { Logger } from '../logger.ts';
import type { CatalogStore } from '../store/store.ts';

/** The stored picture fits this box (3:4, like the product tiles) and is never enlarged. */
export const DISPLAY_BOX = { width: 1080, height: 1440 } as const;
/** Lists and the basket show tiles up to 120 CSS px wide: crisp on a 2x screen. */
export const THUMBNAIL_BOX = { width: 240, height: 320 } as const;
/** A photo within IMAGE_MAX_PIXELS takes 0.3-1.5 s on one core; one that takes this long is refused. */
const ENCODE_TIMEOUT_SECONDS = 15;

// libvips settings are process-wide, and this module is the studio's only
// user of sharp. One thread per image (the cores also run the event loop and
// the media workers); no cache (no upload is decoded twice); and only the
// three decoders an upload may reach, whatever libvips can read besides.
sharp.concurrency(1);
sharp.cache(false);
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: ['VipsForeignLoadJpegBuffer', 'VipsForeignLoadPngBuffer', 'VipsForeignLoadWebpBuffer'] });

/**
 * Two photos are processed at a time (each holds a libuv thread, which file
 * access and password hashing need too, and up to ~160 MB of pixels); a few
 * more wait, and beyond that an upload is told to try again.
 */
const encoding = new TaskGate(2, 8);

/** Refuse bad pixel data rather than store a half-decoded picture. */
const DECODE: SharpOptions = { failOn: 'error', sequentialRead: true };

export interface EncodedProductImage {
	display: Buffer;
	thumbnail: Buffer;
}

/**
 * Decode an upload and re-encode it as WebP: upright (EXIF orientation
 * applied), within DISPLAY_BOX, plus a THUMBNAIL_BOX thumbnail, with no
 * metadata (EXIF, GPS, XMP, ICC: sharp writes none unless asked). Throws
 * image_type for anything that is not a whole JPEG, PNG or WebP picture,
 * image_too_large past IMAGE_MAX_PIXELS (read from the header, before any
 * pixel is decoded), request_rate_limited when too many wait.
 */
export async function encodeProductImage(bytes: Buffer): Promise<EncodedProductImage> {
	if (!sniffImageType(bytes)) throw notAPicture();
	return encoding.run(
		() => encode(bytes),
		() => new GladiError('request_rate_limited', 'too many photos are being processed; try again in a moment'),
	);
}

async function encode(bytes: Buffer): Promise<EncodedProductImage> {
	let header: Metadata;
	try {
		// The header only; the limit is checked here so that the error can say what it is.
		header = await sharp(bytes, { ...DECODE, limitInputPixels: false }).metadata();
	} catch (error) {
		throw notAPicture(error);
	}
	if (header.width * header.height > IMAGE_MAX_PIXELS) throw tooLarge();
	try {
		const display = await sharp(bytes, { ...DECODE, limitInputPixels: IMAGE_MAX_PIXELS })
			.autoOrient()
			.resize({ ...DISPLAY_BOX, fit: 'inside', withoutEnlargement: true })
			.webp({ quality: 82 })
			.timeout({ seconds: ENCODE_TIMEOUT_SECONDS })
			.toBuffer();
		// From the display size: the upload is decoded once.
		const thumbnail = await sharp(display, DECODE)
			.resize({ ...THUMBNAIL_BOX, fit: 'inside', withoutEnlargement: true })
			.webp({ quality: 75 })
			.toBuffer();
		return { display, thumbnail };
	} catch (error) {
		// sharp's errors carry no codes: these two are its pixel limit and its timeout.
		if (error instanceof Error && /pixel limit|timeout/i.test(error.message)) throw tooLarge(error);
		throw notAPicture(error);
	}
}

function notAPicture(cause?: unknown): GladiError {
	return new GladiError('image_type', 'the image must be a JPEG, PNG or WebP picture', undefined, { cause });
}

function tooLarge(cause?: unknown): GladiError {
	return new GladiError(
		'image_too_large',
		`the image has more than ${IMAGE_MAX_PIXELS} pixels`,
		{ maxPixels: IMAGE_MAX_PIXELS, maxMegapixels: IMAGE_MAX_PIXELS / 1_000_000 },
		{ cause },
	);
}

/**
 * Product photos on disk, served under /uploads/: a random <name>.webp (the
 * display size, the product's imageUrl) and <name>-thumb.webp beside it.
 */
export class ProductImageFiles {
	readonly dir: string;

	/** The files in `dir` (GLADI_UPLOADS_DIR: shared by every node of several). */
	constructor(dir: string) {
		this.dir = dir;
	}

	/** Decode, re-encode and store an upload (as encodeProductImage); returns its imageUrl. */
	async store(bytes: Buffer): Promise<string> {
		const { display, thumbnail } = await encodeProductImage(bytes);
		const imageUrl = `/uploads/${randomUUID()}.webp`;
		await mkdir(this.dir, { recursive: true });
		try {
			await writeFile(this.#fileOf(imageUrl), display, { flag: 'wx' });
			await writeFile(this.#fileOf(thumbnailUrlOf(imageUrl)!), thumbnail, { flag: 'wx' });
		} catch (error) {
			await this.remove(imageUrl);
			throw error;
		}
		return imageUrl;
	}

	/** Remove an uploaded image and its thumbnail; any other image (a demo picture) is not a file here. */
	async remove(imageUrl: string | null): Promise<void> {
		const urls = new Set([imageUrl, thumbnailUrlOf(imageUrl)]);
		for (const url of urls) {
			if (!url?.startsWith('/uploads/')) continue;
			try {
				await unlink(this.#fileOf(url));
			} catch {
				// already gone
			}
		}
	}

	/**
	 * Uploads stored before photos were re-encoded (as sent: any size, with
	 * their metadata, no thumbnail) are re-encoded now, and those refused now
	 * are dropped from their product. Run at startup, before anything is served.
	 */
	async upgradeStored(catalog: CatalogStore, log: Logger): Promise<void> {
		for (const product of await catalog.listProducts()) {
			const { imageUrl } = product;
			if (!imageUrl?.startsWith('/uploads/')) continue;
			const thumbnail = thumbnailUrlOf(imageUrl)!;
			if (thumbnail !== imageUrl && existsSync(this.#fileOf(thumbnail))) continue;
			let upgraded: string | null = null;
			try {
				upgraded = await this.store(await readFile(this.#fileOf(imageUrl)));
			} catch (error) {
				log.warn({ product: product.id, imageUrl, err: error }, 'a stored product image is refused now: removed');
			}
			await catalog.setProductImage(product.id, upgraded);
			await this.remove(imageUrl);
			if (upgraded) log.info({ product: product.id, from: imageUrl, to: upgraded }, 'stored product image re-encoded');
		}
	}

	#fileOf(url: string): string {
		return path.join(this.dir, path.basename(url));
	}
}
