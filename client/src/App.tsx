import { lazy, Suspense } from 'react';
import { useI18n } from './i18n/i18n.tsx';
import { AppShell } from './pages/AppShell.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { matchRoute, useLocation } from './router.ts';

// Each page is its own chunk: a buyer opening an invite on a phone downloads the
// join and watch code, not the catalog, reports or class pages.
const LobbyPage = lazy(() => import('./pages/LobbyPage.tsx').then((m) => ({ default: m.LobbyPage })));
const CatalogPage = lazy(() => import('./pages/CatalogPage.tsx').then((m) => ({ default: m.CatalogPage })));
const RoomPage = lazy(() => import('./pages/RoomPage.tsx').then((m) => ({ default: m.RoomPage })));
const ReportPage = lazy(() => import('./pages/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const ProgressPage = lazy(() => import('./pages/ProgressPage.tsx').then((m) => ({ default: m.ProgressPage })));
const CreateClassPage = lazy(() => import('./pages/CreateClassPage.tsx').then((m) => ({ default: m.CreateClassPage })));
const ClassPage = lazy(() => import('./pages/ClassPage.tsx').then((m) => ({ default: m.ClassPage })));

function Loading() {
	const { t } = useI18n();
	return <p className="card">{t('loading')}</p>;
}

export function App() {
	const route = matchRoute(useLocation());
	return (
		<AppShell>
			<Suspense fallback={<Loading />}>
				{route.page === 'lobby' && <LobbyPage />}
				{route.page === 'catalog' && <CatalogPage />}
				{route.page === 'room' && <RoomPage key={route.token ?? ''} token={route.token} />}
				{route.page === 'report' && (
					<ReportPage key={`${route.sessionId} ${route.token ?? ''}`} sessionId={route.sessionId} token={route.token} />
				)}
				{route.page === 'progress' && <ProgressPage key={route.token ?? ''} token={route.token} />}
				{route.page === 'createClass' && <CreateClassPage />}
				{route.page === 'class' && <ClassPage key={`${route.id} ${route.token ?? ''}`} classId={route.id} token={route.token} />}
				{route.page === 'notFound' && <NotFoundPage />}
			</Suspense>
		</AppShell>
	);
}
