import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** Page chrome: brand and the language switch (Bahasa Indonesia first, English second). */
export function AppShell({ children }: { children: ReactNode }) {
	const { t, lang, setLang } = useI18n();
	return (
		<div className="app">
			<header className="app-header">
				<a href="/" className="brand">
					{t('appName')}
				</a>
				<button
					type="button"
					className="lang-switch"
					data-testid="lang-switch"
					aria-label={t('switchLanguageLabel')}
					onClick={() => setLang(lang === 'id' ? 'en' : 'id')}
				>
					{t('switchLanguage')}
				</button>
			</header>
			<main className="app-main">{children}</main>
		</div>
	);
}
