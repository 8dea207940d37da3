import { formatRupiah, isFlashSaleOpen, totalStock, type FlashSale, type Product } from '@gladi/shared';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
	product: Product;
	flashSale: FlashSale | null;
	now: number;
	onTap?: () => void;
}

/** The pinned product above the comment field: picture, name, price (the sale price while a flash sale runs). */
export function PinnedProductCard({ product, flashSale, now, onTap }: Props) {
	const { t } = useI18n();
	const onSale = isFlashSaleOpen(flashSale, now) && flashSale.productId === product.id;
	const stock = totalStock(product);
	return (
		<button type="button" className="pinned-product" data-testid="pinned-product" onClick={onTap} disabled={!onTap}>
			{product.imageUrl ? <img src={product.imageUrl} alt="" /> : <span className="no-image">🛍</span>}
			<span className="pinned-body">
				<span className="pinned-name">{product.name}</span>
				<span className="pinned-price">
					{onSale ? (
						<>
							<s>{formatRupiah(product.price)}</s> <strong>{formatRupiah(flashSale.salePrice)}</strong>
						</>
					) : (
						<strong>{formatRupiah(product.price)}</strong>
					)}
				</span>
				<span className="pinned-stock">{stock > 0 ? t('stockLeft', { n: stock }) : t('soldOut')}</span>
			</span>
			{onTap && <span className="pinned-buy">{stock > 0 ? t('buy') : t('soldOut')}</span>}
		</button>
	);
}
