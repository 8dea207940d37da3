import type { ProgressEntry } from '@gladi/shared';
import { useId } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { buildChart, columnLabels, labelledColumns, SERIES, type ChartBox, type SeriesId } from './chart.ts';
import { formatNumber, formatShortDate, formatTime } from './format.ts';
import { useWidth } from './useWidth.ts';

export const SERIES_LABEL: Record<SeriesId, StringKey> = {
	answeredShare: 'progLegendAnswered',
	talkShare: 'progLegendTalk',
	rubric: 'progLegendRubric',
	orders: 'progLegendOrders',
};

const HEIGHT = 260;

function Marker({ series, x, y }: { series: SeriesId; x: number; y: number }) {
	const r = 4.5;
	switch (series) {
		case 'answeredShare':
			return <circle cx={x} cy={y} r={r} />;
		case 'talkShare':
			return <rect x={x - r} y={y - r} width={r * 2} height={r * 2} />;
		case 'rubric':
			return <path d={`M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z`} />;
		case 'orders':
			return <path d={`M${x} ${y - r - 1}L${x + r + 1} ${y + r}L${x - r - 1} ${y + r}Z`} />;
	}
}

/** The trainee's key figures across sessions: an inline SVG line chart (no chart library). */
export function ProgressChart({ entries }: { entries: readonly ProgressEntry[] }) {
	const { t, lang } = useI18n();
	const ids = useId();
	const [ref, width] = useWidth<HTMLDivElement>(640);
	const narrow = width < 480;
	const box: ChartBox = { width: Math.max(280, width), height: HEIGHT, left: 38, right: 34, top: 14, bottom: 30 };
	const chart = buildChart(entries, box);
	const shown = new Set(labelledColumns(chart.columns.length, box, narrow ? 52 : 64));
	const labels = columnLabels(
		chart.columns.map((c) => c.startedAt),
		(at) => formatShortDate(at, lang),
		(at) => formatTime(at, lang),
	);
	const plotRight = box.width - box.right;
	const plotBottom = box.height - box.bottom;
	const valueText = (series: SeriesId, value: number, sessionId: string) => {
		if (series === 'orders') return formatNumber(value, lang);
		if (series === 'rubric') {
			const e = entries.find((x) => x.sessionId === sessionId);
			if (e) return `${e.rubricTotal}/${e.rubricMax}`;
		}
		return `${formatNumber(value, lang)}%`;
	};

	return (
		<figure className="progress-chart" data-testid="progress-chart">
			<div ref={ref} className="progress-chart-canvas">
				<svg
					width={box.width}
					height={box.height}
					viewBox={`0 0 ${box.width} ${box.height}`}
					role="img"
					aria-labelledby={`${ids}-title ${ids}-desc`}
				>
					<title id={`${ids}-title`}>{t('progChartTitle')}</title>
					<desc id={`${ids}-desc`}>{t('progChartDesc')}</desc>
					<g className="chart-grid">
						{chart.percentTicks.map((tick) => (
							<g key={tick.value}>
								<line x1={box.left} x2={plotRight} y1={tick.y} y2={tick.y} />
								<text x={box.left - 6} y={tick.y} className="chart-axis-label" textAnchor="end" dominantBaseline="middle">
									{tick.value}%
								</text>
							</g>
						))}
						{chart.countTicks.map((tick) => (
							<text
								key={tick.value}
								x={plotRight + 6}
								y={tick.y}
								className="chart-axis-label is-orders"
								textAnchor="start"
								dominantBaseline="middle"
							>
								{formatNumber(tick.value, lang)}
							</text>
						))}
					</g>
					<g className="chart-x">
						{chart.columns.map((c, i) => (
							<g key={c.sessionId}>
								<line x1={c.x} x2={c.x} y1={plotBottom} y2={plotBottom + 4} />
								{shown.has(i) && (
									<text x={c.x} y={plotBottom + 18} className="chart-axis-label" textAnchor="middle">
										{labels[i]}
									</text>
								)}
							</g>
						))}
					</g>
					{chart.series.map((s) => (
						<g key={s.id} className={`chart-series series-${s.id}`} data-testid={`chart-series-${s.id}`}>
							<path d={s.path} className="chart-line" fill="none" />
							{s.points.map(
								(p, i) =>
									p && (
										<g key={i} className="chart-point">
											<Marker series={s.id} x={p.x} y={p.y} />
											<title>
												{`${formatShortDate(chart.columns[i]!.startedAt, lang)} ${formatTime(chart.columns[i]!.startedAt, lang)} · ${t(SERIES_LABEL[s.id])}: ${valueText(s.id, p.value, p.sessionId)}`}
											</title>
										</g>
									),
							)}
						</g>
					))}
				</svg>
			</div>
			<figcaption>
				<ul className="chart-legend" data-testid="chart-legend">
					{SERIES.map((id) => (
						<li key={id} className={`series-${id}`}>
							<svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true" className="chart-series">
								<path d="M1 6H27" className="chart-line" fill="none" />
								<g className="chart-point">
									<Marker series={id} x={14} y={6} />
								</g>
							</svg>
							{t(SERIES_LABEL[id])}
						</li>
					))}
				</ul>
				<p className="muted chart-desc">{t('progChartDesc')}</p>
			</figcaption>
		</figure>
	);
}
