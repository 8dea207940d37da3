/** Catalog page and product picker text (Bahasa Indonesia first, English second). */
export const catalogId = {
	catalogTitle: 'Katalog produk',
};

export const catalogEn: Record<keyof typeof catalogId, string> = {
	catalogTitle: 'Product catalog',
};
