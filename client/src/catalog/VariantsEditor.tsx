import { MAX_VARIANTS } from '@gladi/shared';
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import {
	emptyVariant,
	QUICK_COLORS,
	QUICK_SIZES,
	quickAddVariants,
	splitColors,
	type DraftErrors,
	type VariantDraft,
	type VariantField,
} from './productForm.ts';
import './catalog.css';

const SIZE_SUGGESTIONS = ['S', 'M', 'L', 'XL', 'XXL', 'XXXL', 'All size'];

/** Rows of size / colour / stock with add and remove, and a quick-add of sizes × colours. */
export function VariantsEditor({
	variants,
	errors,
	colorSuggestions,
	onChange,
}: {
	variants: VariantDraft[];
	errors: DraftErrors['variants'] | null;
	colorSuggestions: string[];
	onChange(variants: VariantDraft[]): void;
}) {
	const { t } = useI18n();
	const ids = useId();
	const [justAdded, setJustAdded] = useState<string | null>(null);
	const totalStock = variants.reduce((sum, v) => sum + (Number.parseInt(v.stock.replaceAll('.', ''), 10) || 0), 0);

	const setField = (index: number, field: VariantField, value: string) =>
		onChange(variants.map((v, i) => (i === index ? { ...v, [field]: value } : v)));

	const add = () => {
		const row = emptyVariant();
		setJustAdded(row.key);
		onChange([...variants, row]);
	};

	const remove = (index: number) => onChange(variants.filter((_, i) => i !== index));

	return (
		<fieldset className="variants" aria-describedby={`${ids}-hint`}>
			<legend>{t('catVariantsTitle')}</legend>
			<p id={`${ids}-hint`} className="field-hint">
				{t('catVariantsHint')}
			</p>
			<div className="variant-head" aria-hidden="true">
				<span>{t('catVariantSize')}</span>
				<span>{t('catVariantColor')}</span>
				<span>{t('catVariantStock')}</span>
				<span />
			</div>
			{variants.map((v, i) => {
				const rowErrors = errors?.[i];
				const messages = (['size', 'color', 'stock'] as const).flatMap((f) => (rowErrors?.[f] ? [rowErrors[f]] : []));
				const errorId = `${ids}-row-${v.key}-error`;
				const describedBy = messages.length ? errorId : undefined;
				return (
					<div className="variant-row" data-testid="variant-row" key={v.key}>
						<input
							data-testid="variant-size"
							aria-label={t('catVariantSizeLabel', { n: i + 1 })}
							aria-invalid={rowErrors?.size ? true : undefined}
							aria-describedby={describedBy}
							list={`${ids}-sizes`}
							value={v.size}
							maxLength={20}
							placeholder={t('catVariantSizePlaceholder')}
							autoFocus={v.key === justAdded}
							onChange={(e) => setField(i, 'size', e.target.value)}
						/>
						<input
							data-testid="variant-color"
							aria-label={t('catVariantColorLabel', { n: i + 1 })}
							aria-invalid={rowErrors?.color ? true : undefined}
							aria-describedby={describedBy}
							list={`${ids}-colors`}
							value={v.color}
							maxLength={30}
							placeholder={t('catVariantColorPlaceholder')}
							onChange={(e) => setField(i, 'color', e.target.value)}
						/>
						<input
							data-testid="variant-stock"
							aria-label={t('catVariantStockLabel', { n: i + 1 })}
							aria-invalid={rowErrors?.stock ? true : undefined}
							aria-describedby={describedBy}
							inputMode="numeric"
							value={v.stock}
							maxLength={7}
							placeholder="0"
							onChange={(e) => setField(i, 'stock', e.target.value)}
						/>
						<button
							type="button"
							className="icon-button"
							data-testid="variant-remove"
							aria-label={t('catVariantRemove', { n: i + 1 })}
							title={t('catVariantRemove', { n: i + 1 })}
							disabled={variants.length <= 1}
							onClick={() => remove(i)}
						>
							<span aria-hidden="true">×</span>
						</button>
						{messages.length > 0 && (
							<p className="field-error variant-error" id={errorId}>
								{messages.map((m) => t(m.key, m.vars)).join(' ')}
							</p>
						)}
					</div>
				);
			})}
			<datalist id={`${ids}-sizes`}>
				{SIZE_SUGGESTIONS.map((s) => (
					<option key={s} value={s} />
				))}
			</datalist>
			<datalist id={`${ids}-colors`}>
				{[...new Set([...QUICK_COLORS, ...colorSuggestions])].map((c) => (
					<option key={c} value={c} />
				))}
			</datalist>
			<div className="variant-actions">
				<button type="button" data-testid="add-variant" onClick={add} disabled={variants.length >= MAX_VARIANTS}>
					{t('catVariantAdd')}
				</button>
				<span className="muted" data-testid="variant-total">
					{t('catVariantTotal', { n: totalStock, count: variants.length, max: MAX_VARIANTS })}
				</span>
			</div>
			<QuickAdd variants={variants} onChange={onChange} />
		</fieldset>
	);
}

function QuickAdd({ variants, onChange }: { variants: VariantDraft[]; onChange(variants: VariantDraft[]): void }) {
	const { t } = useI18n();
	const ids = useId();
	const [sizes, setSizes] = useState<string[]>([]);
	const [colors, setColors] = useState<string[]>([]);
	const [otherColors, setOtherColors] = useState('');
	const [stock, setStock] = useState('');
	const [note, setNote] = useState<string | null>(null);

	const allColors = [...colors, ...splitColors(otherColors).filter((c) => !colors.some((x) => x.toLowerCase() === c.toLowerCase()))];
	const preview = quickAddVariants(variants, sizes, allColors, stock.trim());
	const nothingChosen = sizes.length === 0 && allColors.length === 0;

	const apply = () => {
		if (!preview) {
			setNote(t('catQuickTooMany', { max: MAX_VARIANTS }));
			return;
		}
		onChange(preview.variants);
		setNote(preview.added > 0 ? t('catQuickAdded', { n: preview.added }) : t('catQuickNothingNew'));
		setSizes([]);
		setColors([]);
		setOtherColors('');
	};

	return (
		<details className="quick-add" data-testid="quick-add">
			<summary>{t('catQuickTitle')}</summary>
			<p className="field-hint">{t('catQuickHint')}</p>
			<ChipGroup label={t('catQuickSizes')} options={QUICK_SIZES} chosen={sizes} onChange={setSizes} testId="quick-size" />
			<ChipGroup label={t('catQuickColors')} options={QUICK_COLORS} chosen={colors} onChange={setColors} testId="quick-color" />
			<div className="quick-fields">
				<label htmlFor={`${ids}-other`}>
					{t('catQuickOtherColors')}
					<input
						id={`${ids}-other`}
						data-testid="quick-other-colors"
						value={otherColors}
						placeholder={t('catQuickOtherColorsPlaceholder')}
						onChange={(e) => setOtherColors(e.target.value)}
					/>
				</label>
				<label htmlFor={`${ids}-stock`}>
					{t('catQuickStock')}
					<input
						id={`${ids}-stock`}
						data-testid="quick-stock"
						inputMode="numeric"
						value={stock}
						placeholder="0"
						maxLength={7}
						onChange={(e) => setStock(e.target.value)}
					/>
				</label>
			</div>
			<button type="button" data-testid="quick-add-apply" disabled={nothingChosen} onClick={apply}>
				{nothingChosen
					? t('catQuickApplyNone')
					: preview
						? t('catQuickApply', { n: preview.added })
						: t('catQuickTooMany', { max: MAX_VARIANTS })}
			</button>
			{note && (
				<p className="muted" role="status">
					{note}
				</p>
			)}
		</details>
	);
}

/** A labelled row of toggle chips (each a pressed/unpressed button) choosing several of `options`. */
function ChipGroup({
	label,
	options,
	chosen,
	onChange,
	testId,
}: {
	label: string;
	options: readonly string[];
	chosen: string[];
	onChange(chosen: string[]): void;
	testId: string;
}) {
	const toggle = (value: string) => onChange(chosen.includes(value) ? chosen.filter((x) => x !== value) : [...chosen, value]);
	return (
		<div className="chip-group" role="group" aria-label={label}>
			<span className="chip-group-label">{label}</span>
			{options.map((option) => (
				<button
					key={option}
					type="button"
					className="chip"
					data-testid={testId}
					aria-pressed={chosen.includes(option)}
					onClick={() => toggle(option)}
				>
					{option}
				</button>
			))}
		</div>
	);
}
