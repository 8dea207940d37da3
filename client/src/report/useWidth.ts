import { useLayoutEffect, useRef, useState } from 'react';

/** Width of the element in CSS pixels, so a chart's text stays readable on a phone. */
export function useWidth<T extends HTMLElement>(fallback: number) {
	const ref = useRef<T>(null);
	const [width, setWidth] = useState(fallback);
	useLayoutEffect(() => {
		const el = ref.current;
		if (!el) return;
		const measure = () => {
			const w = Math.round(el.getBoundingClientRect().width);
			if (w > 0) setWidth(w);
		};
		measure();
		const ro = new ResizeObserver(measure);
		ro.observe(el);
		return () => ro.disconnect();
	}, []);
	return [ref, width] as const;
}
