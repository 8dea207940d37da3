import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../http.ts';
import { getClass, type ClassView, type Timed } from './classApi.ts';

export interface ClassViewState {
	/** The latest view (kept while a later poll fails). */
	data: Timed<ClassView> | null;
	/** The last poll's failure, cleared by the next success. */
	error: unknown;
	/** Poll again now (after a failure the user wants to retry). */
	reload(): void;
	/** Show a view the server just answered with (e.g. after advancing a turn); drops older polls in flight. */
	replace(data: Timed<ClassView>): void;
}

/** Stop asking when the link itself is wrong: it will not get better. */
const hopeless = (error: unknown) => error instanceof ApiError && (error.status === 403 || error.status === 404);

/**
 * The class page's data, polled every `intervalMs` so that live status, turns
 * and sessions stay current. Polls pause while the tab is hidden and resume at
 * once when it is shown again.
 */
export function useClassView(classId: string, token: string | null, intervalMs: number): ClassViewState {
	const [state, setState] = useState<{ data: Timed<ClassView> | null; error: unknown }>({ data: null, error: null });
	const [attempt, setAttempt] = useState(0);
	// Bumped by replace(): answers to requests sent before it are stale.
	const epoch = useRef(0);

	useEffect(() => {
		if (!token) return;
		const classToken = token;
		let stopped = false;
		let inFlight = false;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const ac = new AbortController();
		const schedule = () => {
			clearTimeout(timer);
			if (!stopped) timer = setTimeout(tick, intervalMs);
		};
		function tick() {
			if (stopped || inFlight) return;
			if (document.hidden) return schedule();
			inFlight = true;
			const sentAt = epoch.current;
			getClass(classId, classToken, ac.signal).then(
				(data) => {
					inFlight = false;
					if (stopped) return;
					if (sentAt === epoch.current) setState({ data, error: null });
					schedule();
				},
				(error: unknown) => {
					inFlight = false;
					if (stopped || isAbort(error)) return;
					setState((s) => ({ data: s.data, error }));
					if (!hopeless(error)) schedule();
				},
			);
		}
		const onVisibility = () => {
			if (!document.hidden && !inFlight) {
				clearTimeout(timer);
				tick();
			}
		};
		tick();
		document.addEventListener('visibilitychange', onVisibility);
		return () => {
			stopped = true;
			clearTimeout(timer);
			ac.abort();
			document.removeEventListener('visibilitychange', onVisibility);
		};
	}, [classId, token, intervalMs, attempt]);

	const reload = useCallback(() => setAttempt((n) => n + 1), []);
	const replace = useCallback((data: Timed<ClassView>) => {
		epoch.current += 1;
		setState({ data, error: null });
	}, []);
	return { ...state, reload, replace };
}
