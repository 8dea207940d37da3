import { lazy, Suspense, type ComponentType } from 'react';
import { useI18n } from './i18n/i18n.tsx';
import { AppShell } from './pages/AppShell.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RoomPage } from './pages/RoomPage.tsx';
import { matchRoute, needsAccount, useLocation } from './router.ts';

// Each page is its own chunk: a buyer opening an invite on a phone downloads the
// join and watch code, not the catalog, reports or class pages. The join form
// itself (small) comes with the entry: behind a Suspense fallback, React would
// show it no sooner than 300 ms after the fallback.

/**
 * A page that reads the HTTP API: its chunk and the data layer (TanStack Query
 * and its provider) load side by side. The room pages live on socket.io and
 * never load it, which keeps the buyer's watch page light. A mentor's page
 * (needsAccount) shows once the account is known; the sign-in check loads
 * with the page rather than before it.
 */
function dataPage<P extends object>(load: () => Promise<ComponentType<P>>) {
	return lazy(async () => {
		const [{ QueryProvider }, { RequireAccount }, Page] = await Promise.all([
			import('./query/QueryProvider.tsx'),
			import('./accounts/RequireAccount.tsx'),
			load(),
		]);
		function DataPage(props: P) {
			const gated = needsAccount(matchRoute(useLocation()));
			return <QueryProvider>{gated ? <RequireAccount><Page {...props} /></RequireAccount> : <Page {...props} />}</QueryProvider>;
		}
		return { default: DataPage };
	});
}

const LobbyPage = dataPage(() => import('./pages/LobbyPage.tsx').then((m) => m.LobbyPage));
const CatalogPage = dataPage(() => import('./pages/CatalogPage.tsx').then((m) => m.CatalogPage));
const ReportPage = dataPage(() => import('./pages/ReportPage.tsx').then((m) => m.ReportPage));
const ReplayPage = dataPage(() => import('./pages/ReplayPage.tsx').then((m) => m.ReplayPage));
const ProgressPage = dataPage(() => import('./pages/ProgressPage.tsx').then((m) => m.ProgressPage));
const CreateClassPage = dataPage(() => import('./pages/CreateClassPage.tsx').then((m) => m.CreateClassPage));
const ClassPage = dataPage(() => import('./pages/ClassPage.tsx').then((m) => m.ClassPage));
const LoginPage = dataPage(() => import('./pages/LoginPage.tsx').then((m) => m.LoginPage));
const SetupPage = dataPage(() => import('./pages/SetupPage.tsx').then((m) => m.SetupPage));
const DashboardPage = dataPage(() => import('./pages/DashboardPage.tsx').then((m) => m.DashboardPage));
const PasswordPage = dataPage(() => import('./pages/PasswordPage.tsx').then((m) => m.PasswordPage));
const AdminPage = dataPage(() => import('./pages/AdminPage.tsx').then((m) => m.AdminPage));

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
				{route.page === 'replay' && (
					<ReplayPage key={`${route.sessionId} ${route.token ?? ''} ${route.atMs ?? ''}`} sessionId={route.sessionId} token={route.token} atMs={route.atMs} />
				)}
				{route.page === 'progress' && <ProgressPage key={route.token ?? ''} token={route.token} />}
				{route.page === 'createClass' && <CreateClassPage />}
				{route.page === 'class' && <ClassPage key={`${route.id} ${route.token ?? ''}`} classId={route.id} token={route.token} />}
				{route.page === 'login' && <LoginPage next={route.next} />}
				{route.page === 'setup' && <SetupPage key={route.token ?? ''} token={route.token} />}
				{route.page === 'dashboard' && <DashboardPage />}
				{route.page === 'password' && <PasswordPage />}
				{route.page === 'admin' && <AdminPage />}
				{route.page === 'notFound' && <NotFoundPage />}
			</Suspense>
		</AppShell>
	);
}
