import type { Product } from '@gladi/shared';
import { useState } from 'react';
import './catalog.css';

/** A product's small picture (its thumbnail) or, without one, the product's initial on a tile. */
export function ProductThumb({
	product,
	src,
	size = 'md',
}: {
	product: Pick<Product, 'name' | 'thumbnailUrl'>;
	/** Overrides product.thumbnailUrl (e.g. a local preview); null shows the placeholder. */
	src?: string | null;
	size?: 'sm' | 'md' | 'lg';
}) {
	const url = src === undefined ? product.thumbnailUrl : src;
	const [failed, setFailed] = useState<string | null>(null);
	if (!url || failed === url) {
		return (
			<span className={`product-thumb product-thumb-${size} product-thumb-empty`} aria-hidden="true">
				{product.name.trim().charAt(0).toUpperCase() || '?'}
			</span>
		);
	}
	return (
		<img
			className={`product-thumb product-thumb-${size}`}
			src={url}
			alt=""
			loading="lazy"
			decoding="async"
			data-testid="product-thumb"
			onError={() => setFailed(url)}
		/>
	);
}
