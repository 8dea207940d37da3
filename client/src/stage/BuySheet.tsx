import { formatRupiah, isFlashSaleOpen, ORDER_QUANTITY_MAX, variantLabel, type FlashSale, type Product } from '@gladi/shared';
import { useState } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
	product: Product;
	flashSale: FlashSale | null;
	now: number;
	onClose: () => void;
	onOrder: (variantId: string, quantity: number) => Promise<void>;
}

/** Pick a variant and quantity, then "buy": a simulated order. */
export function BuySheet({ product, flashSale, now, onClose, onOrder }: Props) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const firstAvailable = product.variants.find((v) => v.stock > 0)?.id ?? null;
	const [variantId, setVariantId] = useState<string | null>(firstAvailable);
	const [quantity, setQuantity] = useState(1);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<string | null>(null);
	const variant = product.variants.find((v) => v.id === variantId);
	const onSale = isFlashSaleOpen(flashSale, now) && flashSale.productId === product.id;
	const price = onSale ? flashSale.salePrice : product.price;
	const max = Math.min(ORDER_QUANTITY_MAX, variant?.stock ?? 0, onSale ? flashSale.perBuyerLimit : ORDER_QUANTITY_MAX);

	const submit = async () => {
		if (!variantId) return;
		setBusy(true);
		setError(null);
		try {
			await onOrder(variantId, quantity);
		} catch (err) {
			setError(t('orderFailed', { message: errorText(err) }));
		} finally {
			setBusy(false);
		}
	};

	return (
		<div className="sheet" role="dialog" aria-label={product.name} data-testid="buy-sheet">
			<div className="sheet-header">
				<strong>{product.name}</strong>
				<button type="button" className="link" onClick={onClose}>
					{t('close')}
				</button>
			</div>
			<p className="buy-price">
				{onSale && <s>{formatRupiah(product.price)}</s>} <strong>{formatRupiah(price)}</strong>
			</p>
			<p className="muted">{t('chooseVariant')}</p>
			<div className="variant-chips">
				{product.variants.map((v) => (
					<button
						key={v.id}
						type="button"
						data-testid="variant-option"
						className={v.id === variantId ? 'chip selected' : 'chip'}
						disabled={v.stock === 0}
						aria-pressed={v.id === variantId}
						onClick={() => {
							setVariantId(v.id);
							setQuantity(1);
						}}
					>
						{variantLabel(v) || product.name} {v.stock === 0 ? `(${t('soldOut')})` : `(${v.stock})`}
					</button>
				))}
			</div>
			<label className="quantity">
				{t('quantity')}
				<input
					type="number"
					min={1}
					max={Math.max(1, max)}
					value={quantity}
					onChange={(e) => setQuantity(Math.max(1, Math.min(Math.max(1, max), Number(e.target.value) || 1)))}
				/>
			</label>
			{error && (
				<p className="error" role="alert">
					{error}
				</p>
			)}
			<button type="button" className="primary" data-testid="buy-confirm" disabled={busy || !variant || max === 0} onClick={() => void submit()}>
				{t('buyNow')} · {formatRupiah(price * quantity)}
			</button>
		</div>
	);
}
