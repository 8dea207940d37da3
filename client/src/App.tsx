import { AppShell } from './pages/AppShell.tsx';
import { CatalogPage } from './pages/CatalogPage.tsx';
import { ClassPage } from './pages/ClassPage.tsx';
import { CreateClassPage } from './pages/CreateClassPage.tsx';
import { LobbyPage } from './pages/LobbyPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ProgressPage } from './pages/ProgressPage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { RoomPage } from './pages/RoomPage.tsx';
import { matchRoute, useLocation } from './router.ts';

export function App() {
	const route = matchRoute(useLocation());
	return (
		<AppShell>
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
		</AppShell>
	);
}
