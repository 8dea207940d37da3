import { PRODUCT_DESCRIPTION_MAX, PRODUCT_NAME_MAX, formatRupiah, type Product } from '@gladi/shared';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ImagePicker, type PendingImage } from './ImagePicker.tsx';
import {
	countErrors,
	draftFromProduct,
	emptyDraft,
	parsePrice,
	validateDraft,
	type DraftErrors,
	type ProductDraft,
	type ProductField,
} from './productForm.ts';
import { useProductMutations } from './useProducts.ts';
import { VariantsEditor } from './VariantsEditor.tsx';
import './catalog.css';

type Phase = 'idle' | 'saving' | 'uploading' | 'deleting';

/**
 * Create or edit one product. Validates with the shared schema before
 * sending; the chosen photo is uploaded after the product is saved.
 */
export function ProductEditor({
	product,
	categories,
	materials,
	colors,
	onDone,
	onDeleted,
	onCancel,
}: {
	/** null: a new product. */
	product: Product | null;
	categories: string[];
	materials: string[];
	colors: string[];
	/** Saved completely: close the editor. */
	onDone(product: Product): void;
	onDeleted(product: Product): void;
	onCancel(): void;
}) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const ids = useId();
	const formRef = useRef<HTMLFormElement>(null);
	const [stored, setStored] = useState<Product | null>(product);
	const [draft, setDraft] = useState<ProductDraft>(() => (product ? draftFromProduct(product) : emptyDraft()));
	const [showErrors, setShowErrors] = useState(false);
	const [pendingImage, setPendingImage] = useState<PendingImage | null>(null);
	const [removeImage, setRemoveImage] = useState(false);
	const [phase, setPhase] = useState<Phase>('idle');
	// Why the server refused the last save or delete; `photo`: the product was saved, only its photo failed.
	const [serverError, setServerError] = useState<{ error: unknown; photo?: true } | null>(null);
	const [confirmDelete, setConfirmDelete] = useState(false);
	const catalog = useProductMutations();

	const validation = useMemo(() => validateDraft(draft), [draft]);
	const errors: DraftErrors | null = showErrors && !validation.ok ? validation.errors : null;
	const busy = phase !== 'idle';
	const price = parsePrice(draft.price);

	const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

	const fieldProps = (field: ProductField) => {
		const error = errors?.fields[field];
		return {
			'aria-invalid': error ? true : undefined,
			'aria-describedby': error ? `${ids}-${field}-error` : `${ids}-${field}-hint`,
		} as const;
	};
	const fieldError = (field: ProductField) => {
		const error = errors?.fields[field];
		return error ? (
			<p className="field-error" id={`${ids}-${field}-error`} data-testid={`error-${field}`}>
				{t(error.key, error.vars)}
			</p>
		) : null;
	};

	const onSubmit = async (e: FormEvent) => {
		e.preventDefault();
		if (busy) return;
		setServerError(null);
		if (!validation.ok) {
			setShowErrors(true);
			requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
			return;
		}
		setPhase('saving');
		let saved: Product;
		try {
			saved = await catalog.save.mutateAsync({ id: stored?.id ?? null, input: validation.input });
		} catch (error) {
			setServerError({ error });
			setPhase('idle');
			return;
		}
		// The editor stays open with this version if only the photo fails.
		setStored(saved);
		try {
			if (pendingImage) {
				setPhase('uploading');
				saved = await catalog.setImage.mutateAsync({ id: saved.id, image: pendingImage.image });
			} else if (removeImage && saved.imageUrl) {
				saved = await catalog.setImage.mutateAsync({ id: saved.id, image: null });
			}
		} catch (error) {
			setServerError({ error, photo: true });
			setPhase('idle');
			return;
		}
		setPhase('idle');
		onDone(saved);
	};

	const onDelete = async () => {
		if (!stored) return;
		setPhase('deleting');
		setServerError(null);
		try {
			await catalog.remove.mutateAsync(stored.id);
		} catch (error) {
			setServerError({ error });
			setPhase('idle');
			return;
		}
		setPhase('idle');
		onDeleted(stored);
	};

	const errorCount = errors ? countErrors(errors) : 0;
	const saveLabel = phase === 'saving' ? t('catSaving') : phase === 'uploading' ? t('catUploading') : t('catSave');

	return (
		<form ref={formRef} className="product-form" data-testid="product-form" noValidate onSubmit={(e) => void onSubmit(e)}>
			<div className="product-form-head">
				<button type="button" className="back-button" data-testid="product-cancel" onClick={onCancel} disabled={busy}>
					<span aria-hidden="true">←</span> {t('catBackToList')}
				</button>
				<h2>{stored ? t('catEditTitle') : t('catNewTitle')}</h2>
			</div>

			<ImagePicker
				name={draft.name}
				currentUrl={stored?.thumbnailUrl ?? null}
				pending={pendingImage}
				removed={removeImage}
				disabled={busy}
				onPick={(p) => {
					setPendingImage(p);
					if (p) setRemoveImage(false);
				}}
				onRemove={() => setRemoveImage(true)}
			/>

			<div className="field">
				<label htmlFor={`${ids}-name`}>{t('catName')}</label>
				<input
					id={`${ids}-name`}
					data-testid="product-name"
					value={draft.name}
					maxLength={PRODUCT_NAME_MAX}
					placeholder={t('catNamePlaceholder')}
					autoComplete="off"
					{...fieldProps('name')}
					onChange={(e) => set('name', e.target.value)}
				/>
				{fieldError('name')}
			</div>

			<div className="field">
				<label htmlFor={`${ids}-price`}>{t('catPrice')}</label>
				<div className="price-input">
					<span aria-hidden="true">Rp</span>
					<input
						id={`${ids}-price`}
						data-testid="product-price"
						inputMode="numeric"
						value={draft.price}
						placeholder="189.000"
						autoComplete="off"
						{...fieldProps('price')}
						onChange={(e) => set('price', e.target.value)}
					/>
				</div>
				{fieldError('price') ?? (
					<p className="field-hint" id={`${ids}-price-hint`} data-testid="price-preview">
						{typeof price === 'number' ? t('catPriceIs', { price: formatRupiah(price) }) : t('catPriceHint')}
					</p>
				)}
			</div>

			<div className="field-pair">
				<div className="field">
					<label htmlFor={`${ids}-category`}>{t('catCategory')}</label>
					<input
						id={`${ids}-category`}
						data-testid="product-category"
						list={`${ids}-categories`}
						value={draft.category}
						placeholder={t('catCategoryPlaceholder')}
						{...fieldProps('category')}
						onChange={(e) => set('category', e.target.value)}
					/>
					<datalist id={`${ids}-categories`}>
						{categories.map((c) => (
							<option key={c} value={c} />
						))}
					</datalist>
					{fieldError('category')}
				</div>
				<div className="field">
					<label htmlFor={`${ids}-material`}>{t('catMaterial')}</label>
					<input
						id={`${ids}-material`}
						data-testid="product-material"
						list={`${ids}-materials`}
						value={draft.material}
						placeholder={t('catMaterialPlaceholder')}
						{...fieldProps('material')}
						onChange={(e) => set('material', e.target.value)}
					/>
					<datalist id={`${ids}-materials`}>
						{materials.map((m) => (
							<option key={m} value={m} />
						))}
					</datalist>
					{fieldError('material')}
				</div>
			</div>

			<div className="field">
				<label htmlFor={`${ids}-description`}>{t('catDescription')}</label>
				<textarea
					id={`${ids}-description`}
					data-testid="product-description"
					rows={3}
					value={draft.description}
					placeholder={t('catDescriptionPlaceholder')}
					{...fieldProps('description')}
					onChange={(e) => set('description', e.target.value)}
				/>
				{fieldError('description') ?? (
					<p className="field-hint counter" id={`${ids}-description-hint`}>
						{draft.description.trim().length}/{PRODUCT_DESCRIPTION_MAX}
					</p>
				)}
			</div>

			<VariantsEditor
				variants={draft.variants}
				errors={errors?.variants ?? null}
				colorSuggestions={colors}
				onChange={(variants) => set('variants', variants)}
			/>
			{fieldError('variants')}

			{errorCount > 0 && (
				<p className="form-error" role="alert" data-testid="product-form-errors">
					{t('catFixErrors', { n: errorCount })}
				</p>
			)}
			{serverError && (
				<p className="form-error" role="alert" data-testid="product-server-error">
					{serverError.photo ? t('catImageUploadFailed', { reason: errorText(serverError.error) }) : errorText(serverError.error)}
				</p>
			)}

			<div className="product-form-actions">
				<button type="submit" className="primary" data-testid="product-save" disabled={busy}>
					{saveLabel}
				</button>
				<button type="button" onClick={onCancel} disabled={busy}>
					{t('catCancel')}
				</button>
			</div>

			{stored && (
				<div className="danger-zone">
					{!confirmDelete ? (
						<button
							type="button"
							className="danger"
							data-testid="product-delete"
							disabled={busy}
							onClick={() => setConfirmDelete(true)}
						>
							{t('catDelete')}
						</button>
					) : (
						<div className="confirm-delete" role="alertdialog" aria-labelledby={`${ids}-confirm`}>
							<p id={`${ids}-confirm`}>{t('catDeleteConfirm', { name: stored.name })}</p>
							<div className="product-form-actions">
								<button
									type="button"
									className="danger"
									data-testid="product-delete-confirm"
									disabled={busy}
									onClick={() => void onDelete()}
								>
									{phase === 'deleting' ? t('catDeleting') : t('catDeleteYes')}
								</button>
								<button
									type="button"
									data-testid="product-delete-cancel"
									disabled={busy}
									autoFocus
									onClick={() => setConfirmDelete(false)}
								>
									{t('catDeleteNo')}
								</button>
							</div>
						</div>
					)}
				</div>
			)}
		</form>
	);
}
