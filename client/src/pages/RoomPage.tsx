import type { InviteInfo, Role } from '@gladi/shared';
import { DISPLAY_NAME_MAX } from '@gladi/shared';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { getInvite } from '../api.ts';
import { savedDisplayName, saveDisplayName } from '../displayName.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
// The host's studio is only downloaded by hosts; viewers get the watch page.
const StudioPage = lazy(() => import('./StudioPage.tsx').then((m) => ({ default: m.StudioPage })));
const WatchPage = lazy(() => import('./WatchPage.tsx').then((m) => ({ default: m.WatchPage })));

const ROLE_NAME: Record<Role, StringKey> = { host: 'roleHost', mentor: 'roleMentor', buyer: 'roleBuyer' };

/** An invite link: ask for a display name, then open the page of the role the token grants. */
export function RoomPage({ token }: { token: string | null }) {
	const { t } = useI18n();
	const [invite, setInvite] = useState<InviteInfo | null>(null);
	const [invalid, setInvalid] = useState(!token);
	const [name, setName] = useState(savedDisplayName);
	const [joinedAs, setJoinedAs] = useState<string | null>(null);

	useEffect(() => {
		if (!token) return;
		let cancelled = false;
		getInvite(token)
			.then((info) => !cancelled && setInvite(info))
			.catch(() => !cancelled && setInvalid(true));
		return () => {
			cancelled = true;
		};
	}, [token]);

	if (invalid || !token) return <p className="card error">{t('inviteInvalid')}</p>;
	if (!invite) return <p className="card">{t('loading')}</p>;

	if (joinedAs) {
		return (
			<Suspense fallback={<p className="card">{t('loading')}</p>}>
				{invite.role === 'host' ? <StudioPage token={token} name={joinedAs} /> : <WatchPage token={token} name={joinedAs} />}
			</Suspense>
		);
	}

	const onSubmit = (e: FormEvent) => {
		e.preventDefault();
		const trimmed = name.trim();
		if (!trimmed) return;
		saveDisplayName(trimmed);
		setJoinedAs(trimmed);
	};

	return (
		<section className="card join">
			<h1>{invite.title}</h1>
			<p className="muted">{t('joinAs', { role: t(ROLE_NAME[invite.role]) })}</p>
			{invite.recorded && (
				<p className="recording-notice" data-testid="recording-notice">
					<span className="rec-dot" aria-hidden="true" /> {t('recNotice')}
				</p>
			)}
			<form onSubmit={onSubmit} className="stack">
				<label htmlFor="display-name">{t('displayName')}</label>
				<input
					id="display-name"
					data-testid="display-name"
					value={name}
					maxLength={DISPLAY_NAME_MAX}
					required
					autoFocus
					placeholder={t('displayNamePlaceholder')}
					onChange={(e) => setName(e.target.value)}
				/>
				<button type="submit" className="primary" data-testid="join" disabled={!name.trim()}>
					{t('join')}
				</button>
			</form>
		</section>
	);
}
