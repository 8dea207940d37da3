import type { InviteInfo, Role } from '@gladi/shared';
import { DISPLAY_NAME_MAX, normalizeDisplayName } from '@gladi/shared';
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { takeInvite } from '../api.ts';
import { markJoin } from '../joinMarks.ts';
import { savedDisplayName, saveDisplayName } from '../displayName.ts';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { loadStudioPage } from './roomChunks.ts';
import { useWatchView } from './useWatchView.ts';
// The host's studio is only downloaded by hosts; viewers get the watch page (useWatchView).
const StudioPage = lazy(() => loadStudioPage().then((m) => ({ default: m.StudioPage })));

const markFormShown = (form: HTMLElement | null) => {
	if (form) markJoin('form');
};

const ROLE_NAME: Record<Role, StringKey> = { host: 'roleHost', mentor: 'roleMentor', buyer: 'roleBuyer' };

/**
 * An invite link: ask for a display name, then open the page of the role the
 * token grants. Those who watch are connected while the form is on screen
 * (useWatchView) and join the moment they press Join. A name the studio
 * refuses (the host's, a mentor's...) brings the form back, saying why. The
 * name last used on this device is filled in, and Join has the focus: a
 * returning viewer sees who they will be and joins with one press, or
 * changes it.
 */
export function RoomPage({ token }: { token: string | null }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const [invite, setInvite] = useState<InviteInfo | null>(null);
	const [invalid, setInvalid] = useState(!token);
	const [remembered] = useState(savedDisplayName);
	const [name, setName] = useState(remembered);
	const [joinedAs, setJoinedAs] = useState<string | null>(null);
	const [nameRefused, setNameRefused] = useState<unknown>(null);
	const watch = useWatchView(token, invite);
	const session = watch && 'session' in watch ? watch.session : null;

	// Join pressed before the session was made: it gets the name once it is.
	useEffect(() => {
		if (joinedAs && session) session.enter(joinedAs);
	}, [joinedAs, session]);

	useEffect(() => {
		if (!token) return;
		let cancelled = false;
		takeInvite(token)
			.then((info) => {
				markJoin('invite');
				if (!cancelled) setInvite(info);
			})
			.catch(() => !cancelled && setInvalid(true));
		return () => {
			cancelled = true;
		};
	}, [token]);

	if (invalid || !token) return <p className="card error">{t('inviteInvalid')}</p>;
	if (!invite) return <p className="card">{t('loading')}</p>;

	if (joinedAs && invite.role === 'host') {
		return (
			<Suspense fallback={<p className="card">{t('loading')}</p>}>
				<StudioPage token={token} name={joinedAs} server={invite.server} />
			</Suspense>
		);
	}
	if (watch && 'error' in watch) return <p className="card error">{errorText(watch.error)}</p>;
	if (joinedAs) {
		if (!watch) return <p className="card">{t('loading')}</p>;
		const { WatchPage } = watch;
		return (
			<WatchPage
				token={token}
				session={watch.session}
				onNameRefused={(error) => {
					setNameRefused(error);
					setJoinedAs(null);
				}}
			/>
		);
	}

	// What the studio will show: the name as the server normalises it (no invisible characters, single spaces).
	const normalized = normalizeDisplayName(name);
	const onSubmit = (e: FormEvent) => {
		e.preventDefault();
		if (!normalized) return;
		markJoin('join-click');
		saveDisplayName(normalized);
		// At once, not in an effect: the watch page must not mount on the refusal of the name before.
		session?.enter(normalized);
		setNameRefused(null);
		setJoinedAs(normalized);
	};

	return (
		<section className="card join" ref={markFormShown}>
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
					autoFocus={!remembered || nameRefused !== null}
					placeholder={t('displayNamePlaceholder')}
					aria-invalid={nameRefused !== null}
					aria-describedby={nameRefused !== null ? 'display-name-error' : undefined}
					onChange={(e) => setName(e.target.value)}
				/>
				{nameRefused !== null && (
					<p className="error" role="alert" id="display-name-error" data-testid="display-name-error">
						{errorText(nameRefused)}
					</p>
				)}
				<button type="submit" className="primary" data-testid="join" disabled={!normalized} autoFocus={Boolean(remembered) && nameRefused === null}>
					{t('join')}
				</button>
			</form>
		</section>
	);
}
