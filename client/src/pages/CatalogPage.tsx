import { formatRupiah, totalStock, type Product } from '@gladi/shared';
import { useEffect, useMemo, useState } from 'react';
import { Link } from '../catalog/Link.tsx';
import { ProductEditor } from '../catalog/ProductEditor.tsx';
import { groupDigits, variantSummary, type Message } from '../catalog/productForm.ts';
import { ProductThumb } from '../catalog/ProductThumb.tsx';
import { useProducts } from '../catalog/useProducts.ts';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate, useLocation } from '../router.ts';
import '../catalog/catalog.css';

const NEW = 'baru';
const editHref = (id: string) => `/katalog?produk=${encodeURIComponent(id)}`;

const distinct = (values: string[]) =>
	[...new Set(values.map((v) => v.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'id'));

/** /katalog: the product list, and the editor for one product (?produk=<id>, or ?produk=baru for a new one). */
export function CatalogPage() {
	const { t } = useI18n();
	const errorText = useErrorText();
	const location = useLocation();
	const editing = new URL(location, 'http://x').searchParams.get('produk');
	const catalog = useProducts();
	const [notice, setNotice] = useState<{ message: Message; productId: string | null } | null>(null);
	const [query, setQuery] = useState('');

	const products = catalog.products;
	const suggestions = useMemo(
		() => ({
			categories: distinct((products ?? []).map((p) => p.category)),
			materials: distinct((products ?? []).map((p) => p.material)),
			colors: distinct((products ?? []).flatMap((p) => p.variants.map((v) => v.color ?? ''))),
		}),
		[products],
	);

	const highlighted = editing ? null : notice?.productId;
	useEffect(() => {
		if (!highlighted) return;
		document.querySelector(`[data-product-id="${CSS.escape(highlighted)}"]`)?.scrollIntoView({ block: 'nearest' });
	}, [highlighted]);

	const close = () => {
		navigate('/katalog');
		window.scrollTo({ top: 0 });
	};

	let editor = null;
	if (editing) {
		const product = editing === NEW ? null : products?.find((p) => p.id === editing);
		if (product === undefined) {
			editor = products ? (
				<div className="catalog-editor-missing" role="alert">
					<p>{t('catErrNotFound')}</p>
					<button type="button" onClick={close}>
						{t('catBackToList')}
					</button>
				</div>
			) : (
				<p className="muted">{t('loading')}</p>
			);
		} else {
			editor = (
				<ProductEditor
					key={editing}
					product={product}
					categories={suggestions.categories}
					materials={suggestions.materials}
					colors={suggestions.colors}
					onDone={(saved) => {
						setNotice({ message: { key: 'catSaved', vars: { name: saved.name } }, productId: saved.id });
						navigate('/katalog');
					}}
					onDeleted={(deleted) => {
						setNotice({ message: { key: 'catDeleted', vars: { name: deleted.name } }, productId: null });
						close();
					}}
					onCancel={() => {
						setNotice(null);
						close();
					}}
				/>
			);
		}
	}

	const q = query.trim().toLowerCase();
	const visible = (products ?? []).filter(
		(p) => !q || [p.name, p.category, p.material].some((s) => s.toLowerCase().includes(q)),
	);

	return (
		<div className={`catalog-page${editing ? ' is-editing' : ''}`}>
			<section className="catalog-list-panel" aria-labelledby="catalog-title">
				<div className="catalog-head">
					<div>
						<h1 id="catalog-title">{t('catalogTitle')}</h1>
						<p className="muted">{t('catIntro')}</p>
					</div>
					<Link
						href={editHref(NEW)}
						className="button-like primary"
						data-testid="product-new"
						onClick={() => setNotice(null)}
					>
						{t('catAdd')}
					</Link>
				</div>

				{notice && !editing && (
					<p className="catalog-notice" role="status" data-testid="catalog-notice">
						{t(notice.message.key, notice.message.vars)}
					</p>
				)}

				{catalog.error !== null && (
					<div className="form-error" role="alert">
						<p>{t('catLoadFailed', { reason: errorText(catalog.error) })}</p>
						<button type="button" onClick={catalog.reload}>
							{t('catRetry')}
						</button>
					</div>
				)}
				{!products && catalog.error === null && <p className="muted">{t('loading')}</p>}

				{products && products.length > 6 && (
					<input
						type="search"
						className="catalog-search"
						data-testid="catalog-search"
						aria-label={t('catSearch')}
						placeholder={t('catSearch')}
						value={query}
						onChange={(e) => setQuery(e.target.value)}
					/>
				)}

				{products && products.length === 0 && (
					<div className="catalog-empty">
						<p>{t('catEmpty')}</p>
					</div>
				)}
				{products && products.length > 0 && (
					<>
						<p className="muted catalog-count">
							{q ? t('catCountFiltered', { n: visible.length, total: products.length }) : t('catCount', { n: products.length })}
						</p>
						<ul className="catalog-list" data-testid="catalog-list">
							{visible.map((p) => (
								<CatalogItem
									key={p.id}
									product={p}
									selected={p.id === editing}
									highlighted={p.id === highlighted}
									onOpen={() => setNotice(null)}
								/>
							))}
						</ul>
					</>
				)}
			</section>
			{editor && <section className="catalog-editor-panel">{editor}</section>}
		</div>
	);
}

function CatalogItem({
	product,
	selected,
	highlighted,
	onOpen,
}: {
	product: Product;
	selected: boolean;
	highlighted: boolean;
	onOpen(): void;
}) {
	const { t } = useI18n();
	const stock = totalStock(product);
	const summary = variantSummary(product.variants);
	const count = product.variants.length;
	const classes = ['catalog-item', selected && 'is-selected', highlighted && 'is-highlighted'].filter(Boolean).join(' ');
	return (
		<li className={classes} data-testid="catalog-item" data-product-id={product.id}>
			<Link
				href={editHref(product.id)}
				className="catalog-item-link"
				aria-current={selected ? 'true' : undefined}
				onClick={onOpen}
			>
				<ProductThumb product={product} />
				<span className="catalog-item-body">
					<span className="catalog-item-name" data-testid="catalog-item-name">
						{product.name}
					</span>
					<span className="catalog-item-price" data-testid="catalog-item-price">
						{formatRupiah(product.price)}
					</span>
					<span className="catalog-item-meta">
						{product.category && <span className="tag">{product.category}</span>}
						{stock === 0 ? (
							<span className="tag sold-out">{t('catSoldOut')}</span>
						) : (
							<span data-testid="catalog-item-stock">{t('catStock', { n: groupDigits(stock) })}</span>
						)}
						<span>{count === 1 ? t('catVariantOne') : t('catVariantMany', { n: count })}</span>
					</span>
					{summary && (
						<span className="catalog-item-variants" data-testid="catalog-item-variants">
							{summary}
						</span>
					)}
				</span>
				<span className="catalog-item-edit">
					{t('catEdit')}
				</span>
			</Link>
		</li>
	);
}
