import { ROLES, type CreateRoomResponse, type Role } from '@gladi/shared';
import { useState, type FormEvent } from 'react';
import { createRoom } from '../api.ts';
import { Link } from '../catalog/Link.tsx';
import { defaultRoomSelection, RoomProductPicker, roomProductIds } from '../catalog/RoomProductPicker.tsx';
import { useProducts } from '../catalog/useProducts.ts';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { navigate } from '../router.ts';

const LINK_LABEL: Record<Role, StringKey> = { host: 'linkHost', mentor: 'linkMentor', buyer: 'linkBuyer' };

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
			<form onSubmit={onSubmit} className="stack">
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
					{ROLES.map((role) => (
						<InviteRow key={role} label={t(LINK_LABEL[role])} role={role} href={room.links[role]} />
					))}
					<button type="button" className="primary" onClick={() => navigate(room.links.host)}>
						{t('openStudio')}
					</button>
				</div>
			)}
		</section>
	);
}

function InviteRow({ label, role, href }: { label: string; role: Role; href: string }) {
	const { t } = useI18n();
	const [copied, setCopied] = useState(false);
	const absolute = new URL(href, window.location.origin).toString();
	return (
		<div className="invite-row">
			<span className="invite-label">{label}</span>
			<input readOnly value={absolute} data-testid={`invite-${role}`} onFocus={(e) => e.currentTarget.select()} />
			<button
				type="button"
				onClick={() => {
					void navigator.clipboard?.writeText(absolute).then(() => {
						setCopied(true);
						setTimeout(() => setCopied(false), 1500);
					});
				}}
			>
				{copied ? t('copied') : t('copy')}
			</button>
		</div>
	);
}
