import type { StageComment } from '@gladi/shared';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

interface Props {
	comments: StageComment[];
	pinnedComment: StageComment | null;
	/** The host can tap a comment to mark it answered or pin it. */
	onMarkAnswered?: (id: string) => void;
	onPinComment?: (id: string | null) => void;
	/** Each comment's test id (the replay's synced feed has its own). */
	commentTestId?: string;
}

/** Comments scrolling at the bottom left, newest last, like a live-selling app. Text is rendered as text, never HTML. */
export function CommentFeed({ comments, pinnedComment, onMarkAnswered, onPinComment, commentTestId = 'comment' }: Props) {
	const { t } = useI18n();
	const listRef = useRef<HTMLOListElement>(null);
	const [selected, setSelected] = useState<string | null>(null);
	const hostTools = Boolean(onMarkAnswered);

	useEffect(() => {
		const list = listRef.current;
		if (list) list.scrollTop = list.scrollHeight;
	}, [comments]);

	return (
		<div className="comment-area">
			{pinnedComment && (
				<div className="pinned-comment" data-testid="pinned-comment">
					<span className="comment-name">📌 {pinnedComment.name}</span> {pinnedComment.text}
					{onPinComment && (
						<button type="button" className="link" onClick={() => onPinComment(null)}>
							{t('unpinComment')}
						</button>
					)}
				</div>
			)}
			<ol className="comment-feed" data-testid="comment-feed" ref={listRef} aria-live="polite">
				{comments.map((c) => (
					<li
						key={c.id}
						data-testid={commentTestId}
						data-comment-id={c.id}
						className={`comment source-${c.source}${c.isQuestion && !c.answered && hostTools ? ' open-question' : ''}${c.answered ? ' answered' : ''}`}
						onClick={hostTools ? () => setSelected(selected === c.id ? null : c.id) : undefined}
					>
						<span className="comment-name">{c.name}</span> <span className="comment-text">{c.text}</span>
						{c.answered && <span className="comment-tag">✓ {t('answered')}</span>}
						{hostTools && selected === c.id && (
							<span className="comment-actions">
								{!c.answered && (
									<button
										type="button"
										data-testid="mark-answered"
										onClick={(e) => {
											e.stopPropagation();
											onMarkAnswered?.(c.id);
											setSelected(null);
										}}
									>
										{t('markAnswered')}
									</button>
								)}
								<button
									type="button"
									data-testid="pin-comment"
									onClick={(e) => {
										e.stopPropagation();
										onPinComment?.(c.id);
										setSelected(null);
									}}
								>
									{t('pinComment')}
								</button>
							</span>
						)}
					</li>
				))}
			</ol>
		</div>
	);
}
