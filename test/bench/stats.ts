/** Percentile (nearest rank) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank]!;
}

export function median(samples: readonly number[]): number {
	return percentile(samples, 50);
}

export function round(n: number, digits = 1): number {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
}

/** Least-squares line through (x, y); slope 0 for fewer than two distinct x. */
export function fit(points: ReadonlyArray<readonly [number, number]>): { slope: number; intercept: number } {
	const n = points.length;
	if (n === 0) return { slope: 0, intercept: 0 };
	const mx = points.reduce((a, [x]) => a + x, 0) / n;
	const my = points.reduce((a, [, y]) => a + y, 0) / n;
	const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
	if (sxx === 0) return { slope: 0, intercept: my };
	const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx;
	return { slope, intercept: my - slope * mx };
}
