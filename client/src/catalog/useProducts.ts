import type { Product, ProductInput } from '@gladi/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../http.ts';
import { createProduct, deleteProduct, listProducts, removeProductImage, updateProduct, uploadProductImage } from './catalogApi.ts';

const PRODUCTS = ['products'] as const;

export interface ProductsState {
	/** null until the first load succeeds. */
	products: Product[] | null;
	/** The failed load, unless a retry is under way. */
	error: unknown;
	reload(): void;
}

/** The catalog (cached for the app: the lobby, class setup and catalog pages share it). */
export function useProducts(): ProductsState {
	const query = useQuery({ queryKey: PRODUCTS, queryFn: ({ signal }) => listProducts(signal) });
	return {
		products: query.data ?? null,
		error: query.isFetching ? null : query.error,
		reload: () => void query.refetch(),
	};
}

const upsert = (product: Product) => (list: Product[] | undefined) =>
	list && (list.some((p) => p.id === product.id) ? list.map((p) => (p.id === product.id ? product : p)) : [...list, product]);

/** The product's photo to upload (its bytes and their MIME type), or null to remove it. */
export type ImageChange = { blob: Blob; type: string } | null;

/** Catalog writes; each puts the server's answer into the cached catalog. */
export function useProductMutations() {
	const client = useQueryClient();
	const store = (product: Product) => client.setQueryData(PRODUCTS, upsert(product));
	const save = useMutation({
		mutationFn: ({ id, input }: { id: string | null; input: ProductInput }) => (id ? updateProduct(id, input) : createProduct(input)),
		onSuccess: store,
	});
	const setImage = useMutation({
		mutationFn: ({ id, image }: { id: string; image: ImageChange }) =>
			image ? uploadProductImage(id, image.blob, image.type) : removeProductImage(id),
		onSuccess: store,
	});
	const remove = useMutation({
		mutationFn: (id: string) =>
			deleteProduct(id).catch((error: unknown) => {
				// Already gone is what the user wanted.
				if (!(error instanceof ApiError && error.status === 404)) throw error;
			}),
		onSuccess: (_: void, id: string) => client.setQueryData(PRODUCTS, (list: Product[] | undefined) => list?.filter((p) => p.id !== id)),
	});
	return { save, setImage, remove };
}
