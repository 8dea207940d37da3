import { MAX_ROOM_PRODUCTS, formatRupiah, totalStock, type Product } from '@gladi/shared';
import { useId, useState } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from './Link.tsx';
import { groupDigits } from './productForm.ts';
import { ProductThumb } from './ProductThumb.tsx';
import type { ProductsState } from './useProducts.ts';
import './catalog.css';

/** The products a new room starts with: the first MAX_ROOM_PRODUCTS of the catalog (what the server picks by default). */
export function defaultRoomSelection(products: readonly Product[]): Set<string> {
	return new Set(products.slice(0, MAX_ROOM_PRODUCTS).map((p) => p.id));
}

/** The chosen ids in catalog order, or undefined to let the server pick (catalog not loaded, or empty). */
export function roomProductIds(products: readonly Product[] | null, selected: ReadonlySet<string>): string[] | undefined {
	if (!products || products.length === 0) return undefined;
	return products.filter((p) => selected.has(p.id)).map((p) => p.id);
}

/**
 * "Produk di ruang ini": a collapsible checklist of the catalog for the room
 * being created (all selected by default, at least 1, at most 100).
 */
export function RoomProductPicker({
	catalog,
	selected,
	onChange,
	disabled,
}: {
	catalog: ProductsState;
	selected: ReadonlySet<string>;
	onChange(selected: Set<string>): void;
	disabled: boolean;
}) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const ids = useId();
	const [query, setQuery] = useState('');
	const products = catalog.products;
	const count = products ? products.filter((p) => selected.has(p.id)).length : 0;
	const full = count >= MAX_ROOM_PRODUCTS;
	const q = query.trim().toLowerCase();
	const visible = (products ?? []).filter((p) => !q || `${p.name} ${p.category}`.toLowerCase().includes(q));
	const allVisibleChecked = visible.every((p) => selected.has(p.id));

	const toggle = (id: string, on: boolean) => {
		const next = new Set(selected);
		if (on) next.add(id);
		else next.delete(id);
		onChange(next);
	};
	const selectAll = () => {
		const next = new Set(selected);
		for (const p of visible) {
			if (next.size >= MAX_ROOM_PRODUCTS) break;
			next.add(p.id);
		}
		onChange(next);
	};
	const selectNone = () => {
		const next = new Set(selected);
		for (const p of visible) next.delete(p.id);
		onChange(next);
	};

	let summary: string;
	if (catalog.error) summary = t('catPickerSummaryError');
	else if (!products) summary = t('loading');
	else if (products.length === 0) summary = t('catPickerSummaryEmpty');
	else summary = t('catPickerSummary', { n: count, total: products.length });

	const none = products !== null && products.length > 0 && count === 0;

	return (
		<div className="room-products">
			<details className="room-products-details" data-testid="room-products">
				<summary data-testid="room-products-toggle">
					<span className="room-products-title">{t('catPickerTitle')}</span>
					<span className={`room-products-count${none ? ' is-invalid' : ''}`} data-testid="room-products-count">
						{summary}
					</span>
				</summary>
				<div className="room-products-body">
					{catalog.error !== null && (
						<div className="form-error">
							<p>{t('catPickerLoadFailed', { reason: errorText(catalog.error) })}</p>
							<button type="button" onClick={catalog.reload}>
								{t('catRetry')}
							</button>
						</div>
					)}
					{products && products.length === 0 && <p className="muted">{t('catPickerEmpty')}</p>}
					{products && products.length > 0 && (
						<>
							<p className="field-hint">{t('catPickerHint', { max: MAX_ROOM_PRODUCTS })}</p>
							<div className="room-products-toolbar">
								<button type="button" data-testid="room-products-all" onClick={selectAll} disabled={disabled || full || allVisibleChecked}>
									{t('catPickerSelectAll')}
								</button>
								<button type="button" data-testid="room-products-none" onClick={selectNone} disabled={disabled || !visible.some((p) => selected.has(p.id))}>
									{t('catPickerSelectNone')}
								</button>
								{products.length > 8 && (
									<input
										type="search"
										aria-label={t('catSearch')}
										placeholder={t('catSearch')}
										value={query}
										onChange={(e) => setQuery(e.target.value)}
									/>
								)}
							</div>
							{full && <p className="muted">{t('catPickerMax', { max: MAX_ROOM_PRODUCTS })}</p>}
							<ul className="room-products-list" aria-describedby={`${ids}-count`}>
								{visible.map((p) => {
									const checked = selected.has(p.id);
									const stock = totalStock(p);
									return (
										<li key={p.id}>
											<label className={`room-product${checked ? ' is-checked' : ''}`}>
												<input
													type="checkbox"
													data-testid="room-product"
													data-product-id={p.id}
													value={p.id}
													checked={checked}
													disabled={disabled || (!checked && full)}
													onChange={(e) => toggle(p.id, e.target.checked)}
												/>
												<ProductThumb product={p} size="sm" />
												<span className="room-product-body">
													<span className="room-product-name">{p.name}</span>
													<span className="muted">
														{formatRupiah(p.price)} ·{' '}
														{stock === 0 ? t('catSoldOut') : t('catStock', { n: groupDigits(stock) })}
													</span>
												</span>
											</label>
										</li>
									);
								})}
							</ul>
						</>
					)}
					<p className="room-products-manage">
						<Link href="/katalog" data-testid="room-products-catalog-link">
							{t('catPickerManage')}
						</Link>
					</p>
				</div>
			</details>
			<p id={`${ids}-count`} className="visually-hidden">
				{summary}
			</p>
			{none && (
				<p className="field-error" role="alert" data-testid="room-products-error">
					{t('catPickerNeedOne')}
				</p>
			)}
		</div>
	);
}
