import { randomUUID } from 'node:crypto';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import {
	GladiError,
	IMAGE_MAX_BYTES,
	parseOrThrow,
	productInputSchema,
	type ProductListResponse,
} from '@gladi/shared';
import type { Store } from '../store/store.ts';
import { mentorsOnly, requireMentor } from './auth.ts';
import { demoImageSvg } from './demoImages.ts';

/** What the first bytes of an upload say it is (the Content-Type header is only a claim). */
export function sniffImageType(bytes: Buffer): { mime: string; ext: string } | null {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
	if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return { mime: 'image/png', ext: 'png' };
	}
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
		return { mime: 'image/webp', ext: 'webp' };
	}
	return null;
}

/**
 * The catalog API (products with variants and an uploaded image), the stored
 * uploads, and the demo catalog's generated pictures. JSON bodies are parsed
 * by the API router this is mounted on.
 */
export function catalogRoutes(
	store: Store,
	dataDir: string,
	limitWrites: RequestHandler,
): { api: express.Router; files: express.Router } {
	const uploadDir = path.join(dataDir, 'uploads');
	const api = express.Router();
	/** The signed-in mentor's own catalog: another mentor's products are not found. */
	const catalogOf = (res: express.Response) => store.catalogOf(requireMentor(res).id);
	api.use('/products', mentorsOnly);

	api.get('/products', (_req, res) => {
		const body: ProductListResponse = { products: catalogOf(res).listProducts() };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	const productOf = (res: express.Response, id: unknown) => catalogOf(res).getProduct(String(id)) ?? notFound();

	api.get('/products/:id', (req, res) => {
		res.json(productOf(res, req.params.id));
	});

	api.post('/products', limitWrites, (req, res) => {
		const catalog = catalogOf(res);
		const input = parseOrThrow(productInputSchema, req.body, 'product');
		res.status(201).json(catalog.createProduct(input));
	});

	api.put('/products/:id', limitWrites, (req, res) => {
		const catalog = catalogOf(res);
		const input = parseOrThrow(productInputSchema, req.body, 'product');
		res.json(catalog.updateProduct(String(req.params.id), input) ?? notFound());
	});

	api.delete('/products/:id', limitWrites, (req, res) => {
		const catalog = catalogOf(res);
		const product = productOf(res, req.params.id);
		if (!catalog.deleteProduct(product.id)) notFound();
		removeUpload(product.imageUrl);
		res.status(204).end();
	});

	// The image is the raw request body (Content-Type image/jpeg, png or webp), checked by its bytes.
	api.put('/products/:id/image', limitWrites, express.raw({ type: () => true, limit: IMAGE_MAX_BYTES }), (req, res) => {
		const catalog = catalogOf(res);
		const product = productOf(res, req.params.id);
		const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
		const kind = sniffImageType(body);
		// The bytes decide the type; a Content-Type header is only a claim.
		if (!kind) throw new GladiError('image_type', 'the image must be a JPEG, PNG or WebP file');
		mkdirSync(uploadDir, { recursive: true });
		const name = `${randomUUID()}.${kind.ext}`;
		writeFileSync(path.join(uploadDir, name), body);
		const updated = catalog.setProductImage(product.id, `/uploads/${name}`);
		removeUpload(product.imageUrl);
		res.json(updated);
	});

	api.delete('/products/:id/image', limitWrites, (req, res) => {
		const catalog = catalogOf(res);
		const product = productOf(res, req.params.id);
		removeUpload(product.imageUrl);
		res.json(catalog.setProductImage(product.id, null));
	});

	function notFound(): never {
		throw new GladiError('product_not_found', 'no such product');
	}

	function removeUpload(url: string | null): void {
		if (!url?.startsWith('/uploads/')) return;
		try {
			unlinkSync(path.join(uploadDir, path.basename(url)));
		} catch {
			// already gone
		}
	}

	const files = express.Router();
	files.use(
		'/uploads',
		express.static(uploadDir, {
			immutable: true,
			maxAge: '30d',
			setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
		}),
	);
	// A missing upload is a 404, not the app shell.
	files.use('/uploads', () => {
		throw new GladiError('not_found', 'no such file');
	});
	files.get('/demo-images/:file', (req, res) => {
		const svg = demoImageSvg(req.params.file.replace(/\.svg$/, ''));
		if (!svg) throw new GladiError('not_found', 'no such image');
		res.type('image/svg+xml').setHeader('Cache-Control', 'public, max-age=86400').send(svg);
	});
	return { api, files };
}
