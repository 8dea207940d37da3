import express, { type RequestHandler } from 'express';
import {
	GladiError,
	IMAGE_MAX_BYTES,
	parseOrThrow,
	productInputSchema,
	type Product,
	type ProductListResponse,
} from '@gladi/shared';
import { ProductImageFiles } from '../catalog/productImages.ts';
import type { CatalogStore, Store } from '../store/store.ts';
import { mentorsOnly, requireMentor } from './auth.ts';
import { demoImageSvg } from './demoImages.ts';

/**
 * The catalog API (products with variants and an uploaded image), the stored
 * uploads, and the demo catalog's generated pictures. JSON bodies are parsed
 * by the API router this is mounted on.
 */
export function catalogRoutes(
	store: Store,
	uploadsDir: string,
	limitWrites: RequestHandler,
): { api: express.Router; files: express.Router } {
	const images = new ProductImageFiles(uploadsDir);
	const api = express.Router();
	/** The signed-in mentor's own catalog: another mentor's products are not found. */
	const catalogOf = (res: express.Response) => store.catalogOf(requireMentor(res).id);
	api.use('/products', mentorsOnly);

	api.get('/products', async (_req, res) => {
		const body: ProductListResponse = { products: await catalogOf(res).listProducts() };
		res.setHeader('Cache-Control', 'no-store').json(body);
	});

	const productOf = async (res: express.Response, id: unknown) => (await catalogOf(res).getProduct(String(id))) ?? notFound();

	api.get('/products/:id', async (req, res) => {
		res.json(await productOf(res, req.params.id));
	});

	api.post('/products', limitWrites, async (req, res) => {
		const catalog = catalogOf(res);
		const input = parseOrThrow(productInputSchema, req.body, 'product');
		res.status(201).json(await catalog.createProduct(input));
	});

	api.put('/products/:id', limitWrites, async (req, res) => {
		const catalog = catalogOf(res);
		const input = parseOrThrow(productInputSchema, req.body, 'product');
		res.json((await catalog.updateProduct(String(req.params.id), input)) ?? notFound());
	});

	/**
	 * Read one of the mentor's products and change it in one transaction, so
	 * that nothing changes it in between (the image it had is surely the one
	 * to remove afterwards); product_not_found if it is not there.
	 */
	const changeProduct = <T>(res: express.Response, id: unknown, change: (catalog: CatalogStore, product: Product) => Promise<T>) =>
		store.transaction(async (tx) => {
			const catalog = tx.catalogOf(requireMentor(res).id);
			const product = (await catalog.getProduct(String(id))) ?? notFound();
			return { before: product, after: await change(catalog, product) };
		});

	api.delete('/products/:id', limitWrites, async (req, res) => {
		const { before } = await changeProduct(res, req.params.id, async (catalog, product) => (await catalog.deleteProduct(product.id)) || notFound());
		await images.remove(before.imageUrl);
		res.status(204).end();
	});

	// The image is the raw request body (JPEG, PNG or WebP; a Content-Type header is only a claim),
	// decoded and stored re-encoded (productImages.ts).
	api.put('/products/:id/image', limitWrites, express.raw({ type: () => true, limit: IMAGE_MAX_BYTES }), async (req, res) => {
		const { id } = await productOf(res, req.params.id);
		const imageUrl = await images.store(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
		// Read again after the wait: the product may have been deleted, or given another image, meanwhile.
		let changed;
		try {
			changed = await changeProduct(res, id, (catalog) => catalog.setProductImage(id, imageUrl));
		} catch (error) {
			await images.remove(imageUrl);
			throw error;
		}
		await images.remove(changed.before.imageUrl);
		res.json(changed.after);
	});

	api.delete('/products/:id/image', limitWrites, async (req, res) => {
		const { before, after } = await changeProduct(res, req.params.id, (catalog, product) => catalog.setProductImage(product.id, null));
		await images.remove(before.imageUrl);
		res.json(after);
	});

	function notFound(): never {
		throw new GladiError('product_not_found', 'no such product');
	}

	const files = express.Router();
	files.use(
		'/uploads',
		express.static(images.dir, {
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
