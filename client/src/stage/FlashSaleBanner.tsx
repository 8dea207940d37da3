import { formatRupiah, type FlashSale, type Product } from '@gladi/shared';
import { useI18n } from '../i18n/i18n.tsx';
import { formatClock } from './useNow.ts';

/** The flash sale countdown, then the sale price and the time left. */
export function FlashSaleBanner({ sale, product, now }: { sale: FlashSale; product: Product | undefined; now: number }) {
	const { t } = useI18n();
	if (now >= sale.endsAt) return null;
	const open = now >= sale.startsAt;
	return (
		<div className={`flash-banner${open ? ' open' : ''}`} data-testid="flash-sale" role="status">
			<strong>
				⚡ {open ? t('flashSaleNow', { time: formatClock(sale.endsAt - now) }) : t('flashSaleSoon', { time: formatClock(sale.startsAt - now) })}
			</strong>
			<span>
				{product?.name ?? ''} · {formatRupiah(sale.salePrice)} · {t('flashSaleLimit', { n: sale.perBuyerLimit })}
			</span>
		</div>
	);
}
