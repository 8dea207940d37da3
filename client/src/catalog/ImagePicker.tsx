import { IMAGE_MAX_BYTES, IMAGE_TYPES } from '@gladi/shared';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { formatBytes, prepareImage, type PreparedImage } from './imageFile.ts';
import type { Message } from './productForm.ts';
import { ProductThumb } from './ProductThumb.tsx';
import './catalog.css';

export interface PendingImage {
	image: PreparedImage;
	/** Object URL for the preview (revoked when replaced or unmounted). */
	url: string;
	name: string;
}

/**
 * Choose a product photo: checked (type by its bytes, size) before anything is
 * uploaded, previewed at once; the upload happens when the product is saved.
 */
export function ImagePicker({
	name,
	currentUrl,
	pending,
	removed,
	disabled,
	onPick,
	onRemove,
}: {
	name: string;
	/** The stored image's thumbnail, if any (the preview is a small tile). */
	currentUrl: string | null;
	pending: PendingImage | null;
	removed: boolean;
	disabled: boolean;
	onPick(pending: PendingImage | null): void;
	onRemove(): void;
}) {
	const { t, lang } = useI18n();
	const ids = useId();
	const [error, setError] = useState<Message | null>(null);
	const [checking, setChecking] = useState(false);
	const seq = useRef(0);

	const pendingUrl = pending?.url;
	useEffect(() => {
		if (!pendingUrl) return;
		return () => URL.revokeObjectURL(pendingUrl);
	}, [pendingUrl]);

	const onChange = async (e: ChangeEvent<HTMLInputElement>) => {
		const input = e.currentTarget;
		const file = input.files?.[0];
		input.value = ''; // choosing the same file again still fires change
		if (!file) return;
		const mine = ++seq.current;
		setChecking(true);
		setError(null);
		const result = await prepareImage(file, lang);
		if (mine !== seq.current) return;
		setChecking(false);
		if (!result.ok) {
			setError(result.error);
			return;
		}
		onPick({ image: result.image, url: URL.createObjectURL(result.image.blob), name: file.name });
	};

	const shown = pending ? pending.url : removed ? null : currentUrl;
	const hintId = `${ids}-hint`;
	return (
		<div className="image-picker">
			<div className="image-preview" data-testid="product-image-preview" data-state={pending ? 'pending' : shown ? 'stored' : 'none'}>
				<ProductThumb product={{ name: name || '?', thumbnailUrl: null }} src={shown} size="lg" />
			</div>
			<div className="image-picker-body">
				<span className="field-label">{t('catImageLabel')}</span>
				<p id={hintId} className="field-hint">
					{t('catImageHint', { max: formatBytes(IMAGE_MAX_BYTES, lang) })}
				</p>
				<div className="image-picker-actions">
					<label className={`button-like${disabled ? ' is-disabled' : ''}`}>
						{shown ? t('catImageReplace') : t('catImageChoose')}
						<input
							type="file"
							className="visually-hidden"
							data-testid="product-image-input"
							accept={IMAGE_TYPES.join(',')}
							aria-describedby={hintId}
							disabled={disabled}
							onChange={(e) => void onChange(e)}
						/>
					</label>
					{pending && (
						<button type="button" data-testid="product-image-undo" disabled={disabled} onClick={() => onPick(null)}>
							{t('catImageUndo')}
						</button>
					)}
					{!pending && shown && (
						<button type="button" data-testid="product-image-remove" disabled={disabled} onClick={onRemove}>
							{t('catImageRemove')}
						</button>
					)}
				</div>
				{checking && <p className="muted">{t('catImageChecking')}</p>}
				{pending && (
					<p className="muted" role="status" data-testid="product-image-status">
						{pending.image.resizedFrom
							? t('catImageResized', {
									from: formatBytes(pending.image.resizedFrom, lang),
									to: formatBytes(pending.image.blob.size, lang),
								})
							: t('catImagePending', { name: pending.name, size: formatBytes(pending.image.blob.size, lang) })}
					</p>
				)}
				{removed && !pending && <p className="muted">{t('catImageWillRemove')}</p>}
				{error && (
					<p className="field-error" role="alert" data-testid="product-image-error">
						{t(error.key, error.vars)}
					</p>
				)}
			</div>
		</div>
	);
}
