import { useI18n } from '../i18n/i18n.tsx';
import type { StageSession } from '../media/stageSession.ts';
import { SignalIcon } from './icons.tsx';
import { BARS, useLinkQuality } from './useLinkQuality.ts';

/** A viewer's own reception, shown only when it is weak. */
export function ViewerNetwork({ session }: { session: StageSession }) {
	const { t } = useI18n();
	const receive = useLinkQuality(session).receive;
	if (!receive || receive.quality === 'good') return null;
	return (
		<div
			className={`network-indicator viewer ${receive.quality}`}
			data-testid="viewer-network"
			data-quality={receive.quality}
			data-issue={receive.issue ?? undefined}
			role="status"
			title={t('viewerWeakHint')}
		>
			<SignalIcon level={BARS[receive.quality]} />
			<span>{t('viewerWeak')}</span>
		</div>
	);
}
