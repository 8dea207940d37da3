import { lazy, Suspense, type ComponentType } from 'react';
import { useI18n } from './i18n/i18n.tsx';
import { AppShell } from './pages/AppShell.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { matchRoute, needsAccount, useLocation } from './router.ts';

// Each page is its own chunk: a buyer opening an invite on a phone downloads the
// join and watch code, not the catalog, reports or class pages.
const RoomPage = lazy(() => import('./pages/RoomPage.tsx').then((m) => ({ default: m.RoomPage })));

/**
 * A page that reads the HTTP API: its chunk and the data layer (TanStack Query
 * and its provider) load side by side. The room pages live on socket.io and
 * never load it, which keeps the buyer's watch page light.
 */
function dataPage<P extends object>(load: () => Promise<ComponentType<P>>) {
	return lazy(async () => {
		const [{ QueryProvider }, Page] = await Promise.all([import('./query/QueryProvider.tsx'), load()]);
		return {
			default: (props: P) => (
				<QueryProvider>
					<Page {...props} />
				</QueryProvider>
			),
		};
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
// Mentors' pages show once an account is signed in; others are sent to sign in first.
const RequireAccount = lazy(() => import('./accounts/RequireAccount.tsx'));

function Loading() {
	const { t } = useI18n();
	return <p className="card">{t('loading')}</p>;
}

export function App() {
	const route = matchRoute(useLocation());
	const page = (
		<>
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
		</>
	);
	return (
		<AppShell>
			<Suspense fallback={<Loading />}>{needsAccount(route) ? <RequireAccount>{page}</RequireAccount> : page}</Suspense>
		</AppShell>
	);
}
