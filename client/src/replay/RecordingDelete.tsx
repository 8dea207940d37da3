import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

/** Delete the recording, after saying what that means: an inline confirmation, not a browser dialog. */
export function RecordingDelete({ busy, onDelete }: { busy: boolean; onDelete(): void }) {
	const { t } = useI18n();
	const [confirming, setConfirming] = useState(false);
	if (!confirming) {
		return (
			<button type="button" className="danger replay-delete" data-testid="replay-delete" onClick={() => setConfirming(true)}>
				{t('rpDelete')}
			</button>
		);
	}
	return (
		<div className="replay-delete-confirm" role="alertdialog" aria-labelledby="replay-delete-question">
			<p id="replay-delete-question">{t('rpDeleteConfirm')}</p>
			<div className="replay-delete-actions">
				<button type="button" className="danger" data-testid="replay-delete-confirm" disabled={busy} onClick={onDelete}>
					{busy ? t('rpDeleting') : t('rpDeleteYes')}
				</button>
				<button type="button" disabled={busy} onClick={() => setConfirming(false)}>
					{t('rpDeleteNo')}
				</button>
			</div>
		</div>
	);
}
