import type { Product, ProductInput } from '@gladi/shared';

/**
 * What Gladi keeps. SQLite implements it (sqliteStore.ts); a server database
 * can replace it later behind the same interface.
 */
export interface CatalogStore {
	listProducts(): Product[];
	getProduct(id: string): Product | undefined;
	/** Products by id, in the given order; unknown ids are skipped. */
	getProducts(ids: readonly string[]): Product[];
	createProduct(input: ProductInput): Product;
	/** Replace a product's fields and variants; undefined if it does not exist. */
	updateProduct(id: string, input: ProductInput): Product | undefined;
	deleteProduct(id: string): boolean;
	setProductImage(id: string, imageUrl: string | null): Product | undefined;
}

export interface Store {
	readonly catalog: CatalogStore;
	close(): void;
}
