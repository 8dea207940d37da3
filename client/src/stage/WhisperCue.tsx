import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** How long a whisper stays on the host's screen: one short cue, then gone (a dense display distracts). */
const SHOW_MS = 6000;

/** The mentor's cue, big and brief, on the host's screen only. */
export function WhisperCue({ whisper }: { whisper: { text: string; from: string; at: number } | null }) {
	const { t } = useI18n();
	const [hiddenAt, setHiddenAt] = useState<number | null>(null);
	useEffect(() => {
		if (!whisper) return;
		const timer = setTimeout(() => setHiddenAt(whisper.at), SHOW_MS);
		return () => clearTimeout(timer);
	}, [whisper]);
	if (!whisper || hiddenAt === whisper.at) return null;
	return (
		<div className="whisper" data-testid="whisper" role="alert" key={whisper.at}>
			<span className="whisper-from">💬 {t('whisperFrom', { name: whisper.from })}</span>
			<strong>{whisper.text}</strong>
		</div>
	);
}
