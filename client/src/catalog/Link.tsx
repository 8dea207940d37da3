import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../router.ts';

/** A plain click on an in-app link navigates without a reload; a click with a modifier (new tab...) is left to the browser. */
export function followInApp(e: MouseEvent<Element>, href: string): void {
	if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
	e.preventDefault();
	navigate(href);
	window.scrollTo({ top: 0 });
}

/** An in-app link: a real <a href> (open in new tab works) that navigates without a reload on a plain click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
	const handle = (e: MouseEvent<HTMLAnchorElement>) => {
		onClick?.(e);
		followInApp(e, href);
	};
	return <a href={href} {...rest} onClick={handle} />;
}
