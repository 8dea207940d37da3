import { Link } from '../catalog/Link.tsx';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { QueryProvider } from '../query/QueryProvider.tsx';
import { useLocation } from '../router.ts';
import { DASHBOARD_PATH } from './nextPath.ts';
import { useLogout, useMe } from './useAccount.ts';
import './accounts.css';

/** The signed-in mentor's name in the header, opening their pages and sign-out; nothing when nobody is signed in. */
function AccountMenu() {
	const { t } = useI18n();
	const errorText = useErrorText();
	const location = useLocation();
	const account = useMe().data;
	const logout = useLogout();
	if (!account) return null;
	return (
		// A new page closes the menu (keyed on the location).
		<details key={location} className="account-menu" data-testid="account-menu">
			<summary data-testid="account-menu-toggle" aria-label={t('accMenuLabel', { name: account.displayName })}>
				<span className="account-menu-name">{account.displayName}</span>
			</summary>
			<div className="account-menu-list">
				<span className="account-menu-who muted">
					{account.username} · {account.role === 'admin' ? t('admRoleAdmin') : t('admRoleMentor')}
				</span>
				<Link href={DASHBOARD_PATH} data-testid="account-dashboard">
					{t('accDashboard')}
				</Link>
				{account.role === 'admin' && (
					<Link href="/admin" data-testid="account-admin">
						{t('accAdmin')}
					</Link>
				)}
				<Link href="/akun/sandi" data-testid="account-password">
					{t('accChangePassword')}
				</Link>
				<button type="button" data-testid="logout" disabled={logout.isPending} onClick={() => logout.mutate()}>
					{t('accLogout')}
				</button>
				{logout.error !== null && (
					<span className="error" role="alert">
						{errorText(logout.error)}
					</span>
				)}
			</div>
		</details>
	);
}

/** Its own chunk, loaded by the header on data pages only (a buyer's watch page never asks who is signed in). */
export default function AccountMenuWithData() {
	return (
		<QueryProvider>
			<AccountMenu />
		</QueryProvider>
	);
}
