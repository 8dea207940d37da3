import { COMMENT_MAX } from '@gladi/shared';
import { useState, type FormEvent } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The comment field, and for viewers the like button, at the bottom of the stage. */
export function CommentComposer({ onSend, onLike }: { onSend: (text: string) => Promise<void>; onLike?: () => void }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const [text, setText] = useState('');
	const [error, setError] = useState<string | null>(null);

	const submit = async (e: FormEvent) => {
		e.preventDefault();
		const value = text.trim();
		if (!value) return;
		try {
			await onSend(value);
			// Only what was sent is cleared: a next comment typed while this one was on its way stays.
			setText((current) => (current.trim() === value ? '' : current));
			setError(null);
		} catch (err) {
			setError(errorText(err));
		}
	};

	return (
		<form className="composer" onSubmit={(e) => void submit(e)}>
			<input
				data-testid="comment-input"
				value={text}
				maxLength={COMMENT_MAX}
				placeholder={t('commentPlaceholder')}
				aria-label={t('commentPlaceholder')}
				onChange={(e) => setText(e.target.value)}
			/>
			<button type="submit" data-testid="comment-send" disabled={!text.trim()}>
				{t('send')}
			</button>
			{onLike && (
				<button type="button" className="like-button" data-testid="like" aria-label={t('like')} onClick={onLike}>
					♥
				</button>
			)}
			{error && (
				<span className="composer-error" role="alert">
					{error}
				</span>
			)}
		</form>
	);
}
