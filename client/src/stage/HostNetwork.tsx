import { HOST_QUALITY_CHOICES, type HostQualityChoice } from '@gladi/shared';
import type { SendIssue } from '@gladi/shared/linkQuality';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import type { StageSession } from '../media/stageSession.ts';
import { SignalIcon } from './icons.tsx';
import { BARS, useLinkQuality } from './useLinkQuality.ts';

const ADVICE: Record<SendIssue, StringKey> = {
	bandwidth: 'netBandwidth',
	cpu: 'netCpu',
	loss: 'netLoss',
	rtt: 'netRtt',
	'top-layer-dropped': 'netTopLayer',
};

/**
 * The host's connection while live: a quiet signal mark when sending is
 * fine; when it is limited, a banner saying what to do (and, for a weak
 * signal on Standar, the Hemat data switch right there).
 */
export function HostNetwork({ session, choice }: { session: StageSession; choice: HostQualityChoice }) {
	const { t } = useI18n();
	const send = useLinkQuality(session).send;
	const quality = send?.quality ?? 'good';
	if (quality === 'good' || !send?.issue) {
		return (
			<div className="network-indicator good" data-testid="host-network" data-quality="good" title={t('netGood')}>
				<SignalIcon level={3} />
				<span className="visually-hidden">{t('netGood')}</span>
			</div>
		);
	}
	const weakSignal = send.issue === 'bandwidth';
	return (
		<div className={`network-indicator ${quality}`} data-testid="host-network" data-quality={quality} data-issue={send.issue} role="status">
			<SignalIcon level={BARS[quality]} />
			<span>{t(weakSignal && choice === 'saver' ? 'netBandwidthSaver' : ADVICE[send.issue])}</span>
			{weakSignal && choice === 'standard' && (
				<button type="button" data-testid="host-network-saver" onClick={() => void session.setHostQuality('saver')}>
					{t('netUseSaver')}
				</button>
			)}
		</div>
	);
}

/** Standar / Hemat data, for the studio's side panel. */
export function HostQualitySelect({ session, choice }: { session: StageSession; choice: HostQualityChoice }) {
	const { t } = useI18n();
	const label: Record<HostQualityChoice, StringKey> = { standard: 'hostQualityStandard', saver: 'qosSaver' };
	return (
		<>
			<label htmlFor="host-quality">{t('hostQuality')}</label>
			<select
				id="host-quality"
				data-testid="host-quality"
				value={choice}
				onChange={(e) => void session.setHostQuality(e.target.value === 'saver' ? 'saver' : 'standard')}
				aria-describedby="host-quality-hint"
			>
				{HOST_QUALITY_CHOICES.map((c) => (
					<option key={c} value={c}>
						{t(label[c])}
					</option>
				))}
			</select>
			<p className="muted small" id="host-quality-hint">
				{t('hostQualityHint')}
			</p>
		</>
	);
}
