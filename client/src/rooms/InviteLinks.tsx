import { ROLES, type Role } from '@gladi/shared';
import { useState } from 'react';
import { copyText } from '../classes/clipboard.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';

const LINK_LABEL: Record<Role, StringKey> = { host: 'linkHost', mentor: 'linkMentor', buyer: 'linkBuyer' };

/** A room's three invite links (seller, mentor, buyer), each with a copy button; `testId` names each link's field. */
export function InviteLinks({ links, testId }: { links: Record<Role, string>; testId: (role: Role) => string }) {
	const { t } = useI18n();
	return ROLES.map((role) => <InviteRow key={role} label={t(LINK_LABEL[role])} href={links[role]} testId={testId(role)} />);
}

function InviteRow({ label, href, testId }: { label: string; href: string; testId: string }) {
	const { t } = useI18n();
	const [copied, setCopied] = useState(false);
	const absolute = new URL(href, window.location.origin).toString();
	return (
		<div className="invite-row">
			<span className="invite-label">{label}</span>
			<input readOnly value={absolute} data-testid={testId} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
			<button
				type="button"
				onClick={() => {
					void copyText(absolute).then((ok) => {
						if (!ok) return;
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
