import type { Product } from '@gladi/shared';
import { useCallback, useEffect, useState } from 'react';
import { listProducts } from './catalogApi.ts';
import { isAbort } from '../http.ts';

export interface ProductsState {
	/** null while loading (or after a failed load). */
	products: Product[] | null;
	error: unknown;
	reload(): void;
	/** Replace the local list after a change the server confirmed. */
	update(fn: (products: Product[]) => Product[]): void;
}

/** The catalog, loaded once per mount, with a retry. */
export function useProducts(): ProductsState {
	const [state, setState] = useState<{ products: Product[] | null; error: unknown }>({ products: null, error: null });
	const [attempt, setAttempt] = useState(0);

	useEffect(() => {
		const ac = new AbortController();
		listProducts(ac.signal).then(
			(products) => setState({ products, error: null }),
			(error: unknown) => {
				if (!ac.signal.aborted && !isAbort(error)) setState({ products: null, error });
			},
		);
		return () => ac.abort();
	}, [attempt]);

	const reload = useCallback(() => {
		setState({ products: null, error: null });
		setAttempt((n) => n + 1);
	}, []);
	const update = useCallback((fn: (products: Product[]) => Product[]) => {
		setState((s) => (s.products ? { ...s, products: fn(s.products) } : s));
	}, []);
	return { ...state, reload, update };
}
