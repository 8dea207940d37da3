import type { Product, ProductInput, ProductListResponse } from '@gladi/shared';
import { request, requestJson } from '../http.ts';

const productPath = (id: string) => `/api/products/${encodeURIComponent(id)}`;

export async function listProducts(signal?: AbortSignal): Promise<Product[]> {
	const body = await requestJson<ProductListResponse>('/api/products', signal ? { signal } : {});
	return body.products;
}

export function getProduct(id: string, signal?: AbortSignal): Promise<Product> {
	return requestJson(productPath(id), signal ? { signal } : {});
}

export function createProduct(input: ProductInput): Promise<Product> {
	return requestJson('/api/products', { method: 'POST', body: JSON.stringify(input) });
}

export function updateProduct(id: string, input: ProductInput): Promise<Product> {
	return requestJson(productPath(id), { method: 'PUT', body: JSON.stringify(input) });
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
