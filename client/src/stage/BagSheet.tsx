import { formatRupiah, isFlashSaleOpen, totalStock, type FlashSale, type Product } from '@gladi/shared';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
	products: Product[];
	pinnedProductId: string | null;
	flashSale: FlashSale | null;
	now: number;
	onClose: () => void;
	/** Host: pin / unpin from the bag. */
	onPin?: (productId: string) => void;
	onUnpin?: () => void;
	/** Buyer: open the buy sheet. */
	onBuy?: (productId: string) => void;
}

/** The shopping bag ("keranjang kuning"): the room's products, numbered as sellers call them out. */
export function BagSheet({ products, pinnedProductId, flashSale, now, onClose, onPin, onUnpin, onBuy }: Props) {
	const { t } = useI18n();
	return (
		<div className="sheet" role="dialog" aria-label={t('bagTitle')} data-testid="bag">
			<div className="sheet-header">
				<strong>🛒 {t('bagTitle')}</strong>
				<button type="button" className="link" onClick={onClose}>
					{t('close')}
				</button>
			</div>
			{products.length === 0 && <p className="muted">{t('bagEmpty')}</p>}
			<ol className="bag-list">
				{products.map((p, i) => {
					const stock = totalStock(p);
					const pinned = p.id === pinnedProductId;
					const onSale = isFlashSaleOpen(flashSale, now) && flashSale.productId === p.id;
					return (
						<li key={p.id} className={`bag-item${pinned ? ' pinned' : ''}`} data-testid="bag-item" data-product-id={p.id}>
							<span className="bag-number">{i + 1}</span>
							{p.thumbnailUrl ? <img src={p.thumbnailUrl} alt="" /> : <span className="no-image">🛍</span>}
							<span className="bag-body">
								<span className="bag-name">{p.name}</span>
								<span className="bag-price">
									{onSale ? formatRupiah(flashSale.salePrice) : formatRupiah(p.price)}
									<span className="muted"> · {stock > 0 ? t('stockLeft', { n: stock }) : t('soldOut')}</span>
								</span>
							</span>
							{onPin &&
								(pinned ? (
									<button type="button" data-testid="unpin-product" onClick={() => onUnpin?.()}>
										{t('unpin')}
									</button>
								) : (
									<button type="button" className="primary" data-testid="pin-product" onClick={() => onPin(p.id)}>
										{t('pin')}
									</button>
								))}
							{onBuy && (
								<button type="button" className="primary" data-testid="bag-buy" disabled={stock === 0} onClick={() => onBuy(p.id)}>
									{stock > 0 ? t('buy') : t('soldOut')}
								</button>
							)}
						</li>
					);
				})}
			</ol>
		</div>
	);
}
