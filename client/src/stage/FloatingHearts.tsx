import { useEffect, useState } from 'react';

interface Heart {
	id: number;
	left: number;
	hue: number;
}

/** Hearts float up the right edge, one per like (capped), like on a real live. */
export function FloatingHearts({ count }: { count: number }) {
	const [hearts, setHearts] = useState<Heart[]>([]);
	const [seen, setSeen] = useState(count);

	if (count !== seen) {
		const fresh = Math.min(count - seen, 8);
		setSeen(count);
		if (fresh > 0) {
			setHearts((old) => [
				...old.slice(-24),
				...Array.from({ length: fresh }, (_, i) => ({ id: count - i, left: 10 + ((count - i) * 37) % 40, hue: ((count - i) * 47) % 360 })),
			]);
		}
	}

	useEffect(() => {
		if (hearts.length === 0) return;
		const timer = setTimeout(() => setHearts((old) => old.slice(1)), 1600);
		return () => clearTimeout(timer);
	}, [hearts]);

	return (
		<div className="hearts" aria-hidden="true">
			{hearts.map((h) => (
				<span key={h.id} className="heart" style={{ left: `${h.left}px`, color: `hsl(${h.hue} 90% 65%)` }}>
					♥
				</span>
			))}
		</div>
	);
}
