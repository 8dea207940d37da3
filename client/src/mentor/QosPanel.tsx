import { hostVerdict, QOS_REPORT_STALE_MS, qosSummary, viewerVerdict, type QosHost, type QosSummary, type QosVerdict, type QosViewer } from '@gladi/shared';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import type { StageSession } from '../media/stageSession.ts';
import { formatNumber } from '../report/format.ts';
import { useFeed } from '../stage/useFeed.ts';
import { useNow } from '../stage/useNow.ts';
import { hostLayers, hostTotals, summaryVerdict, viewerLayerLabel, viewersWithoutRow } from './qosView.ts';

const SUMMARY_TEXT: Record<QosSummary['kind'], StringKey> = {
	host_weak: 'qosHostWeak',
	viewers_weak: 'qosViewersWeak',
	no_host: 'qosNoHost',
	waiting: 'qosWaiting',
	all_good: 'qosAllGood',
};

/**
 * The mentor's view of everyone's connection (the server's `qos:state`):
 * one line that tells "the seller's signal is weak" from "some viewers'
 * connections are weak", the host's layers and figures, then one row per
 * viewer, the worst first. Collapses to that one line.
 */
export function QosPanel({ session }: { session: StageSession }) {
	const { t, lang } = useI18n();
	const { qos } = useFeed(session);
	const [open, setOpen] = useState(true);
	// A state the server stopped sending (the connection dropped) is not shown as current.
	const now = useNow(qos !== null, 1_000);
	const state = qos && now - qos.receivedAt <= QOS_REPORT_STALE_MS ? qos.state : null;
	const summary: QosSummary = state ? qosSummary(state) : { kind: 'waiting' };
	const hidden = state ? viewersWithoutRow(state) : 0;
	const num = (n: number, digits = 0) => formatNumber(n, lang, digits);

	return (
		<details className="panel-section qos-panel" data-testid="qos-panel" data-summary={summary.kind} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
			<summary>
				<span className="qos-title">{t('qosTitle')}</span>
				<span className="qos-summary" data-testid="qos-summary">
					<QualityDot verdict={state ? summaryVerdict(state, summary) : 'unknown'} />
					{t(SUMMARY_TEXT[summary.kind], summary.kind === 'viewers_weak' ? { n: summary.count } : undefined)}
				</span>
			</summary>
			{state && (
				<>
					{state.host && <HostRow host={state.host} num={num} />}
					<ul className="qos-viewers" aria-label={t('qosViewers')}>
						{state.viewers.map((viewer) => (
							<ViewerRow key={viewer.peerId} viewer={viewer} host={state.host} num={num} />
						))}
					</ul>
					{state.viewers.length === 0 && <p className="muted">{t('qosNoViewers')}</p>}
					{hidden > 0 && <p className="muted">{t('qosMore', { n: hidden })}</p>}
				</>
			)}
		</details>
	);
}

function QualityDot({ verdict }: { verdict: QosVerdict }) {
	const { t } = useI18n();
	const label = t(`qosVerdict_${verdict}` as StringKey);
	return <span className="qos-dot" data-quality={verdict} role="img" aria-label={label} title={label} />;
}

type Num = (n: number, digits?: number) => string;

function HostRow({ host, num }: { host: QosHost; num: Num }) {
	const { t } = useI18n();
	const verdict = hostVerdict(host);
	const totals = hostTotals(host);
	const send = host.send;
	const figures = [
		totals && t('qosSending', { kbps: num(totals.kbps), fps: num(totals.fps) }),
		send?.rttMs !== undefined && t('qosRtt', { ms: num(send.rttMs) }),
		send?.lossPct !== undefined && t('qosLoss', { pct: num(send.lossPct, 1) }),
		send && send.limitation !== 'none' && t(`qosLimit_${send.limitation}` as StringKey),
	].filter((f): f is string => typeof f === 'string');
	return (
		<div className="qos-host" data-testid="qos-host" data-quality={verdict}>
			<div className="qos-line">
				<QualityDot verdict={verdict} />
				<strong>{t('qosHost')}</strong>
				<span className="qos-name">{host.name}</span>
				{send?.choice === 'saver' && <span className="qos-tag">{t('qosSaver')}</span>}
			</div>
			<div className="qos-layers" data-testid="qos-host-layers">
				{hostLayers(host).map((layer, i) => (
					<span
						key={i}
						className={layer.through ? 'qos-layer on' : 'qos-layer off'}
						title={layer.score !== null ? t('qosLayerScore', { score: layer.score }) : undefined}
					>
						{layer.label} {layer.through ? '✓' : '✗'}
						{layer.through && layer.kbps !== null && (
							<small>
								{' '}
								{num(layer.kbps)}k·{num(layer.fps ?? 0)}
							</small>
						)}
					</span>
				))}
			</div>
			{figures.length > 0 && <div className="qos-figures muted">{figures.join(' · ')}</div>}
		</div>
	);
}

function ViewerRow({ viewer, host, num }: { viewer: QosViewer; host: QosHost | null; num: Num }) {
	const { t } = useI18n();
	const verdict = viewerVerdict(viewer);
	const rx = viewer.receive;
	return (
		<li className="qos-viewer" data-testid="qos-viewer" data-peer-id={viewer.peerId} data-quality={verdict}>
			<QualityDot verdict={verdict} />
			<span className="qos-name">
				{viewer.name}
				{viewer.role === 'mentor' && <span className="muted"> · {t('qosMentorTag')}</span>}
			</span>
			<span className="qos-layer" data-testid="qos-viewer-layer">
				{viewerLayerLabel(viewer, host)}
			</span>
			<span className="qos-loss">{rx ? t('qosLoss', { pct: num(rx.lossPct, 1) }) : ''}</span>
			<span className="qos-freezes">{rx && rx.freezeCount > 0 ? t('qosFreezes', { n: num(rx.freezeCount), s: num(rx.freezeMs / 1000, 1) }) : ''}</span>
		</li>
	);
}
