import { MINUTE_MS, type ChartMarker, type SessionReport } from '@gladi/shared';
import { useId } from 'react';
import { followInApp } from '../catalog/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { formatDuration, formatNumber, formatOffset } from './format.ts';
import { buildMinuteChart, LANES, MINUTE_CHART_PAD, type LaneId } from './minuteChart.ts';
import { useWidth } from './useWidth.ts';

const LANE_LABEL: Record<LaneId, StringKey> = { viewers: 'repMinViewers', comments: 'repMinComments', orders: 'repMinOrders' };
const MARKER_LABEL: Record<ChartMarker['kind'], StringKey> = {
	pin: 'repMarkPin',
	flashSale: 'repMarkFlashSale',
	whisper: 'repMarkWhisper',
	silence: 'repMarkSilence',
};
const MARKER_KINDS: ReadonlyArray<ChartMarker['kind']> = ['pin', 'flashSale', 'whisper', 'silence'];

function MarkerShape({ kind, x, y, width = 0 }: { kind: ChartMarker['kind']; x: number; y: number; width?: number }) {
	switch (kind) {
		case 'pin':
			return <circle cx={x} cy={y} r={4.5} />;
		case 'flashSale':
			return <path d={`M${x} ${y - 6}L${x + 5} ${y}L${x} ${y + 6}L${x - 5} ${y}Z`} />;
		case 'whisper':
			return <rect x={x - 4} y={y - 4} width={8} height={8} rx={2} />;
		case 'silence':
			return <rect x={x} y={y - 3} width={Math.max(6, width)} height={6} rx={3} />;
	}
}

/**
 * Viewers, comments and orders minute by minute, with the moments that
 * explain them (pins, flash sales, whispers, long silences); every minute is a
 * link into the replay at that minute. Inline SVG, no chart library.
 */
export function MinuteChart({ report, replayAt }: { report: SessionReport; replayAt: (offsetMs: number) => string }) {
	const { t, lang } = useI18n();
	const ids = useId();
	const [ref, width] = useWidth<HTMLDivElement>(640);
	const chart = buildMinuteChart(report.minutes, report.session.durationMs, Math.max(280, width));
	const right = chart.width - MINUTE_CHART_PAD.right;
	const markerY = chart.plotTop / 2;
	// Figures are written on a minute wide enough for them; the tooltips always have them.
	const valued = (minute: number) => chart.columns[minute]!.width >= 18;
	const viewersTop = chart.lanes[0]!.top;
	const markerText = (m: ChartMarker) =>
		`${formatOffset(m.offsetMs)} · ${t(MARKER_LABEL[m.kind])}${m.kind === 'silence' ? ` ${formatDuration(m.durationMs, lang)}` : m.label ? `: ${m.label}` : ''}`;

	return (
		<figure className="minute-chart" data-testid="minute-chart">
			<div ref={ref} className="minute-chart-canvas">
				<svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`} role="group" aria-labelledby={`${ids}-desc`}>
					<desc id={`${ids}-desc`}>{t('repMinutesDesc')}</desc>
					{chart.markers
						.filter((m) => m.kind === 'silence')
						.map((m) => (
							<rect key={`band-${m.offsetMs}`} className="silence-band" x={m.x} y={chart.plotTop} width={m.width} height={chart.plotBottom - chart.plotTop} />
						))}
					{chart.lanes.map((lane) => (
						<g key={lane.id} className={`minute-lane lane-${lane.id}`}>
							<line className="lane-zero" x1={MINUTE_CHART_PAD.left} x2={right} y1={lane.bottom} y2={lane.bottom} />
							<text className="lane-label" x={MINUTE_CHART_PAD.left} y={lane.top - 5}>
								{t(LANE_LABEL[lane.id])}
							</text>
							<text className="lane-max" x={right} y={lane.top - 5} textAnchor="end">
								{formatNumber(lane.max, lang)}
							</text>
						</g>
					))}
					<g className="lane-viewers">
						<path className="viewers-line" d={chart.viewersPath} fill="none" />
						{chart.viewerPoints.map((p) => (
							<g key={p.minute}>
								<circle className="viewers-point" cx={p.x} cy={p.y} r={2.5} />
								{valued(p.minute) && (
									// Under the line near the lane's top, where the lane's name is.
									<text className="minute-value" x={p.x} y={p.y - viewersTop < 14 ? p.y + 13 : p.y - 5} textAnchor="middle">
										{formatNumber(chart.columns[p.minute]!.viewers, lang)}
									</text>
								)}
							</g>
						))}
					</g>
					{(['comments', 'orders'] as const).map((id) => (
						<g key={id} className={`lane-${id}`}>
							{chart.bars[id].map(
								(b) =>
									b.height > 0 && (
										<g key={b.minute}>
											<rect className="minute-bar" x={b.x} y={b.y} width={b.width} height={b.height} rx={1.5} />
											{valued(b.minute) && (
												<text className="minute-value" x={b.x + b.width / 2} y={b.y - 3} textAnchor="middle">
													{formatNumber(b.value, lang)}
												</text>
											)}
										</g>
									),
							)}
						</g>
					))}
					<g className="chart-markers">
						{chart.markers.map((m, i) => (
							<g key={i} className={`chart-marker marker-${m.kind}`}>
								<MarkerShape kind={m.kind} x={m.x} y={markerY} width={m.width} />
								<title>{markerText(m)}</title>
							</g>
						))}
					</g>
					<g className="minute-axis">
						{chart.labelled.map((i) => {
							const c = chart.columns[i];
							return (
								c && (
									<text key={i} x={c.x + c.width / 2} y={chart.plotBottom + 15} textAnchor="middle" className="chart-axis-label">
										{i === 0 ? `${t('repMinuteAxis')} 1` : i + 1}
									</text>
								)
							);
						})}
					</g>
					{chart.columns.map((c) => {
						const href = replayAt(c.minute * MINUTE_MS);
						const tip = t('repMinuteTip', {
							n: c.minute + 1,
							viewers: formatNumber(c.viewers, lang),
							comments: formatNumber(c.comments, lang),
							orders: formatNumber(c.orders, lang),
						});
						return (
							<a key={c.minute} href={href} className="minute-link" data-testid="minute-link" data-minute={c.minute} aria-label={tip} onClick={(e) => followInApp(e, href)}>
								<rect x={c.x} y={0} width={c.width} height={chart.plotBottom} />
								<title>{tip}</title>
							</a>
						);
					})}
				</svg>
			</div>
			<figcaption>
				<ul className="chart-legend minute-legend">
					{LANES.map((id) => (
						<li key={id} className={`legend-${id}`}>
							<span className="legend-swatch" aria-hidden="true" />
							{t(LANE_LABEL[id])}
						</li>
					))}
					{MARKER_KINDS.map((kind) => (
						<li key={kind} className={`chart-marker marker-${kind}`}>
							<svg width="16" height="14" viewBox="0 0 16 14" aria-hidden="true">
								<MarkerShape kind={kind} x={kind === 'silence' ? 2 : 8} y={7} width={12} />
							</svg>
							{t(MARKER_LABEL[kind])}
						</li>
					))}
				</ul>
				<p className="muted chart-desc">{t('repMinutesIntro')}</p>
			</figcaption>
		</figure>
	);
}
