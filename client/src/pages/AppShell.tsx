import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from '../catalog/Link.tsx';
import '../catalog/catalog.css';
import { useI18n } from '../i18n/i18n.tsx';
import { isDataPage, matchRoute, useLocation } from '../router.ts';

// Loaded on data pages only: asking who is signed in needs the data layer, which the room pages never load.
const AccountMenu = lazy(() => import('../accounts/AccountMenu.tsx'));

/** Page chrome: brand, the signed-in mentor's menu and the language switch (Bahasa Indonesia first, English second). */
export function AppShell({ children }: { children: ReactNode }) {
	const { t, lang, setLang } = useI18n();
	const route = matchRoute(useLocation());
	const page = route.page;
	const onCatalog = page === 'catalog';
	const onClasses = page === 'createClass' || page === 'class';
	return (
		<div className="app">
			<header className="app-header">
				<nav className="app-nav">
					<a href="/" className="brand">
						{t('appName')}
					</a>
					<Link href="/katalog" className="nav-link" data-testid="nav-catalog" aria-current={onCatalog ? 'page' : undefined}>
						{t('catNav')}
					</Link>
					<Link href="/kelas/baru" className="nav-link" data-testid="nav-classes" aria-current={onClasses ? 'page' : undefined}>
						{t('clsNav')}
					</Link>
				</nav>
				<div className="header-end">
					{isDataPage(route) && (
						<Suspense fallback={null}>
							<AccountMenu />
						</Suspense>
					)}
					<button
						type="button"
						className="lang-switch"
						data-testid="lang-switch"
						aria-label={t('switchLanguageLabel')}
						onClick={() => setLang(lang === 'id' ? 'en' : 'id')}
					>
						{t('switchLanguage')}
					</button>
				</div>
			</header>
			<main className="app-main">{children}</main>
		</div>
	);
}
