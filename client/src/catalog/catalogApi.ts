import type { HttpErrorBody, Product, ProductInput, ProductListResponse } from '@gladi/shared';

/** An API error with the HTTP status and the server's error code, so the UI can explain it in the user's language. */
export class ApiError extends Error {
	readonly status: number;
	readonly code: string;

	constructor(status: number, code: string, message: string) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
	}
}

async function request(path: string, init?: RequestInit): Promise<Response> {
	const res = await fetch(path, init);
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as HttpErrorBody | null;
		throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
	}
	return res;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
	const res = await request(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
	return (await res.json()) as T;
}

const productPath = (id: string) => `/api/products/${encodeURIComponent(id)}`;

export async function listProducts(signal?: AbortSignal): Promise<Product[]> {
	const body = await json<ProductListResponse>('/api/products', signal ? { signal } : undefined);
	return body.products;
}

export function getProduct(id: string, signal?: AbortSignal): Promise<Product> {
	return json(productPath(id), signal ? { signal } : undefined);
}

export function createProduct(input: ProductInput): Promise<Product> {
	return json('/api/products', { method: 'POST', body: JSON.stringify(input) });
}

export function updateProduct(id: string, input: ProductInput): Promise<Product> {
	return json(productPath(id), { method: 'PUT', body: JSON.stringify(input) });
}

export async function deleteProduct(id: string): Promise<void> {
	await request(productPath(id), { method: 'DELETE' });
}

/** Upload the raw image; `type` is the MIME type its bytes show (the server checks them too). */
export async function uploadProductImage(id: string, image: Blob, type: string): Promise<Product> {
	const res = await request(`${productPath(id)}/image`, {
		method: 'PUT',
		headers: { 'content-type': type },
		body: image,
	});
	return (await res.json()) as Product;
}

export async function removeProductImage(id: string): Promise<Product> {
	const res = await request(`${productPath(id)}/image`, { method: 'DELETE' });
	return (await res.json()) as Product;
}
