import {
	CROWD_PRESETS,
	DIFFICULTIES,
	PERSONA_IDS,
	FLASH_COUNTDOWN_MAX_S,
	FLASH_COUNTDOWN_MIN_S,
	FLASH_DURATION_MAX_S,
	FLASH_DURATION_MIN_S,
	FLASH_LIMIT_MAX,
	formatRupiah,
	type Difficulty,
	type RequestPayload,
} from '@gladi/shared';
import { useState, type FormEvent } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import type { StageSession } from '../media/stageSession.ts';
import { useFeed } from './useFeed.ts';

/** The host's side panel: orders as they come in, the flash sale form and the crowd's knobs. */
export function HostPanel({ session, live }: { session: StageSession; live: boolean }) {
	const { t } = useI18n();
	const feed = useFeed(session);
	const stage = feed.stage;
	if (!stage) return null;
	return (
		<>
			<section className="panel-section">
				<h2>{t('activity')}</h2>
				<p className="muted">
					{t('orders', { n: stage.orders })} · {t('gmv', { amount: formatRupiah(stage.gmv) })}
				</p>
				<ol className="activity" data-testid="activity-feed">
					{feed.orders.length === 0 && <li className="muted">{t('activityEmpty')}</li>}
					{[...feed.orders].reverse().map((o) => (
						<li key={o.id} data-testid="activity-item">
							{t('bought', { name: o.buyerName, product: o.variantLabel ? `${o.productName} (${o.variantLabel})` : o.productName })}
							{o.flashSale && ' ⚡'}
						</li>
					))}
				</ol>
			</section>
			<FlashSaleForm session={session} live={live} />
			<CrowdKnobs session={session} />
		</>
	);
}

function FlashSaleForm({ session, live }: { session: StageSession; live: boolean }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const feed = useFeed(session);
	const stage = feed.stage!;
	const [productId, setProductId] = useState(stage.pinnedProductId ?? stage.products[0]?.id ?? '');
	const product = stage.products.find((p) => p.id === productId);
	const [salePrice, setSalePrice] = useState('');
	const [countdown, setCountdown] = useState(10);
	const [duration, setDuration] = useState(60);
	const [limit, setLimit] = useState(1);
	const [error, setError] = useState<string | null>(null);
	const running = stage.flashSale !== null;

	const submit = async (e: FormEvent) => {
		e.preventDefault();
		setError(null);
		try {
			await session.request('stage:startFlashSale', {
				productId,
				salePrice: Number(salePrice) || Math.round((product?.price ?? 0) * 0.7),
				countdownSeconds: countdown,
				durationSeconds: duration,
				perBuyerLimit: limit,
			});
		} catch (err) {
			setError(errorText(err));
		}
	};

	return (
		<section className="panel-section">
			<h2>⚡ {t('flashSaleTitle')}</h2>
			{running ? (
				<button type="button" data-testid="flash-end" onClick={() => void session.request('stage:endFlashSale', {})}>
					{t('flashEnd')}
				</button>
			) : (
				<form className="stack" onSubmit={(e) => void submit(e)} data-testid="flash-form">
					<label>
						{t('flashProduct')}
						<select value={productId} onChange={(e) => setProductId(e.target.value)} data-testid="flash-product">
							{stage.products.map((p) => (
								<option key={p.id} value={p.id}>
									{p.name} ({formatRupiah(p.price)})
								</option>
							))}
						</select>
					</label>
					<label>
						{t('flashPrice')}
						<input
							type="number"
							min={100}
							data-testid="flash-price"
							placeholder={product ? String(Math.round(product.price * 0.7)) : ''}
							value={salePrice}
							onChange={(e) => setSalePrice(e.target.value)}
						/>
					</label>
					<label>
						{t('flashCountdown')}
						<input type="number" min={FLASH_COUNTDOWN_MIN_S} max={FLASH_COUNTDOWN_MAX_S} value={countdown} data-testid="flash-countdown" onChange={(e) => setCountdown(Number(e.target.value))} />
					</label>
					<label>
						{t('flashDuration')}
						<input type="number" min={FLASH_DURATION_MIN_S} max={FLASH_DURATION_MAX_S} value={duration} onChange={(e) => setDuration(Number(e.target.value))} />
					</label>
					<label>
						{t('flashLimit')}
						<input type="number" min={1} max={FLASH_LIMIT_MAX} value={limit} data-testid="flash-limit" onChange={(e) => setLimit(Number(e.target.value))} />
					</label>
					<button type="submit" className="primary" data-testid="flash-start" disabled={!live || !product}>
						{t('flashStart')}
					</button>
					{error && (
						<p className="error" role="alert">
							{error}
						</p>
					)}
				</form>
			)}
		</section>
	);
}

/** Crowd knobs: difficulty preset, comments per minute and the audience's language. */
export function CrowdKnobs({ session }: { session: StageSession }) {
	const { t } = useI18n();
	const crowd = useFeed(session).stage?.crowd;
	if (!crowd) return null;
	const set = (patch: RequestPayload<'stage:setCrowd'>) => void session.request('stage:setCrowd', patch).catch(() => undefined);
	return (
		<section className="panel-section" data-testid="crowd-knobs">
			<h2>{t('crowdTitle')}</h2>
			<div className="segmented" role="radiogroup" aria-label={t('difficulty')}>
				{DIFFICULTIES.map((d: Difficulty) => (
					<button
						key={d}
						type="button"
						role="radio"
						aria-checked={crowd.difficulty === d}
						className={crowd.difficulty === d ? 'selected' : ''}
						data-testid={`difficulty-${d}`}
						onClick={() => set({ difficulty: d })}
					>
						{t(`diff_${d}` as StringKey)}
					</button>
				))}
			</div>
			<label>
				{t('commentsPerMinute', { n: crowd.commentsPerMinute })}
				<input
					type="range"
					min={0}
					max={120}
					step={5}
					value={crowd.commentsPerMinute}
					data-testid="crowd-rate"
					onChange={(e) => set({ commentsPerMinute: Number(e.target.value) })}
				/>
			</label>
			<details className="persona-mix">
				<summary>{t('personaMix')}</summary>
				<p className="muted">{t('personaMixHint')}</p>
				{PERSONA_IDS.map((persona) => {
					const weight = crowd.personaMix[persona] ?? CROWD_PRESETS[crowd.difficulty].personaWeights[persona];
					return (
						<label key={persona} className="persona-row">
							<span>
								{t(`persona_${persona}` as StringKey)} <span className="muted">{weight}</span>
							</span>
							<input
								type="range"
								min={0}
								max={10}
								step={0.5}
								value={weight}
								data-testid={`persona-${persona}`}
								onChange={(e) => set({ personaMix: { ...crowd.personaMix, [persona]: Number(e.target.value) } })}
							/>
						</label>
					);
				})}
				<button type="button" onClick={() => set({ personaMix: {} })}>
					{t('resetMix')}
				</button>
			</details>
			<label>
				{t('crowdLanguage')}
				<select value={crowd.lang} onChange={(e) => set({ lang: e.target.value === 'en' ? 'en' : 'id' })}>
					<option value="id">Bahasa Indonesia</option>
					<option value="en">English</option>
				</select>
			</label>
		</section>
	);
}
