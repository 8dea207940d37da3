import { variantLabel, type Role } from '@gladi/shared';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { StageSession } from '../media/stageSession.ts';
import { BagSheet } from './BagSheet.tsx';
import { BuySheet } from './BuySheet.tsx';
import { CommentComposer } from './CommentComposer.tsx';
import { CommentFeed } from './CommentFeed.tsx';
import { FlashSaleBanner } from './FlashSaleBanner.tsx';
import { FloatingHearts } from './FloatingHearts.tsx';
import { PinnedProductCard } from './PinnedProductCard.tsx';
import { useFeed } from './useFeed.ts';
import { WhisperCue } from './WhisperCue.tsx';
import { useNow } from './useNow.ts';

interface Props {
	session: StageSession;
	role: Role;
	/** Host controls (mic, camera, go live) under the comment field. */
	controls?: ReactNode;
}

/**
 * Everything drawn over the video in the 9:16 frame, as on a live-selling
 * app: flash sale banner, comments bottom left, pinned product card above the
 * comment field, the bag, likes and floating hearts. What each role may do
 * (pin, buy, mark answered) is offered here and enforced by the server.
 */
export function StageOverlay({ session, role, controls }: Props) {
	const { t } = useI18n();
	const feed = useFeed(session);
	const stage = feed.stage;
	const [sheet, setSheet] = useState<{ kind: 'bag' } | { kind: 'buy'; productId: string } | null>(null);
	const [toast, setToast] = useState<string | null>(null);
	const now = useNow(Boolean(stage?.flashSale));
	const isHost = role === 'host';
	const canBuy = role === 'buyer';

	if (!stage) return controls ? <div className="overlay-bottom">{controls}</div> : null;
	const pinned = stage.products.find((p) => p.id === stage.pinnedProductId);
	const buying = sheet?.kind === 'buy' ? stage.products.find((p) => p.id === sheet.productId) : undefined;

	const openProduct = (productId: string) => {
		setSheet({ kind: 'buy', productId });
		void session.request('stage:viewProduct', { productId }).catch(() => undefined);
	};

	const showToast = (text: string) => {
		setToast(text);
		setTimeout(() => setToast(null), 3000);
	};

	return (
		<>
			{stage.flashSale && (
				<FlashSaleBanner sale={stage.flashSale} product={stage.products.find((p) => p.id === stage.flashSale?.productId)} now={now} />
			)}
			<div className="stage-counters">
				<span className="badge" data-testid="stage-viewers">
					{t('viewers', { n: stage.viewers })}
				</span>
				<span className="badge" data-testid="stage-likes">
					♥ {stage.likes}
				</span>
			</div>
			<FloatingHearts count={feed.hearts} />
			{isHost && <WhisperCue whisper={feed.whisper} />}
			{feed.lastGift && (
				<div className="gift-toast" key={feed.lastGift.at}>
					🎁 {t('gift', feed.lastGift)}
				</div>
			)}
			{toast && (
				<div className="toast" role="status" data-testid="toast">
					{toast}
				</div>
			)}
			<div className="overlay-bottom">
				<CommentFeed
					comments={feed.comments}
					pinnedComment={stage.pinnedComment}
					{...(isHost
						? {
								onMarkAnswered: (id: string) => void session.request('stage:markAnswered', { commentId: id }),
								onPinComment: (id: string | null) => void session.request('stage:pinComment', { commentId: id }),
							}
						: {})}
				/>
				<div className="product-row">
					{pinned ? (
						<PinnedProductCard
							product={pinned}
							flashSale={stage.flashSale}
							now={now}
							{...(canBuy ? { onTap: () => openProduct(pinned.id) } : {})}
						/>
					) : (
						<span />
					)}
					<button type="button" className="bag-button" data-testid="open-bag" aria-label={t('bag')} onClick={() => setSheet({ kind: 'bag' })}>
						🛒<span className="bag-count">{stage.products.length}</span>
					</button>
				</div>
				<CommentComposer
					onSend={async (text) => {
						await session.request('stage:comment', { text });
					}}
					{...(role !== 'host' ? { onLike: () => void session.request('stage:like', { count: 1 }).catch(() => undefined) } : {})}
				/>
				{controls}
			</div>
			{sheet?.kind === 'bag' && (
				<BagSheet
					products={stage.products}
					pinnedProductId={stage.pinnedProductId}
					flashSale={stage.flashSale}
					now={now}
					onClose={() => setSheet(null)}
					{...(isHost
						? {
								onPin: (productId: string) => {
									void session.request('stage:pin', { productId });
									setSheet(null);
								},
								onUnpin: () => void session.request('stage:unpin', {}),
							}
						: {})}
					{...(canBuy ? { onBuy: openProduct } : {})}
				/>
			)}
			{buying && (
				<BuySheet
					product={buying}
					flashSale={stage.flashSale}
					now={now}
					onClose={() => setSheet(null)}
					onOrder={async (variantId, quantity) => {
						const { order } = await session.request('stage:order', { productId: buying.id, variantId, quantity });
						setSheet(null);
						showToast(t('orderPlaced', { product: order.productName, variant: variantLabel(buying.variants.find((v) => v.id === variantId) ?? { size: null, color: null }) }));
					}}
				/>
			)}
		</>
	);
}
