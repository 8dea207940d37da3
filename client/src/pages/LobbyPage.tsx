import type { CreateRoomResponse } from '@gladi/shared';
import { useState, type FormEvent } from 'react';
import { createRoom } from '../api.ts';
import { Link } from '../catalog/Link.tsx';
import { defaultRoomSelection, RoomProductPicker, roomProductIds } from '../catalog/RoomProductPicker.tsx';
import { useProducts } from '../catalog/useProducts.ts';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { InviteLinks } from '../rooms/InviteLinks.tsx';
import { navigate } from '../router.ts';

export function LobbyPage() {
	const { t } = useI18n();
	const errorText = useErrorText();
	const [title, setTitle] = useState('');
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>(null);
	const [room, setRoom] = useState<CreateRoomResponse | null>(null);
	const [roomProducts, setRoomProducts] = useState<number | null>(null);
	const catalog = useProducts();
	// null: untouched, i.e. the default (the whole catalog, up to 100).
	const [picked, setPicked] = useState<Set<string> | null>(null);
	const selected = picked ?? (catalog.products ? defaultRoomSelection(catalog.products) : new Set<string>());
	const productIds = roomProductIds(catalog.products, selected);
	const noProducts = productIds !== undefined && productIds.length === 0;

	const onSubmit = async (e: FormEvent) => {
		e.preventDefault();
		if (noProducts) return;
		setBusy(true);
		setError(null);
		try {
			setRoom(await createRoom(title.trim(), productIds));
			setRoomProducts(productIds?.length ?? null);
		} catch (err) {
			setError(err);
		} finally {
			setBusy(false);
		}
	};

	return (
		<section className="card lobby">
			<h1>{t('lobbyTitle')}</h1>
			<p className="muted">{t('tagline')}</p>
			<p>{t('lobbyIntro')}</p>
			<form onSubmit={(e) => void onSubmit(e)} className="stack">
				<label htmlFor="room-title">{t('roomTitleLabel')}</label>
				<input
					id="room-title"
					data-testid="room-title"
					value={title}
					maxLength={80}
					required
					placeholder={t('roomTitlePlaceholder')}
					onChange={(e) => setTitle(e.target.value)}
				/>
				<RoomProductPicker catalog={catalog} selected={selected} onChange={setPicked} disabled={busy} />
				<button type="submit" className="primary" data-testid="create-room" disabled={busy || !title.trim() || noProducts}>
					{busy ? t('creating') : t('createRoom')}
				</button>
			</form>
			<p>
				<Link href="/kelas/baru" data-testid="lobby-create-class">
					{t('clsLobbyLink')}
				</Link>
			</p>
			{error !== null && (
				<p className="error" role="alert">
					{t('createFailed', { message: errorText(error) })}
				</p>
			)}
			{room && (
				<div className="invites" data-testid="invite-links">
					<p>{t('roomCreated', { code: room.code })}</p>
					{roomProducts !== null && <p className="muted">{t('catPickerRoomHas', { n: roomProducts })}</p>}
					<InviteLinks links={room.links} testId={(role) => `invite-${role}`} />
					<button type="button" className="primary" onClick={() => navigate(room.links.host)}>
						{t('openStudio')}
					</button>
					<Link href="/saya" data-testid="lobby-dashboard">
						{t('lobbyDashboardLink')}
					</Link>
				</div>
			)}
		</section>
	);
}
