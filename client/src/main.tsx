// First: how zod runs under the studio's CSP (no eval), before any schema is made.
import '@gladi/shared/browser';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import './styles.css';
import { markJoin } from './joinMarks.ts';
import { preloadRoom } from './pages/roomChunks.ts';
import { matchRoute } from './router.ts';

markJoin('page-start');
preloadRoom(matchRoute(window.location.pathname + window.location.search));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
	<StrictMode>
		<I18nProvider>
			<App />
		</I18nProvider>
	</StrictMode>,
);
