import { formatRupiah, NOTE_TAG_LABELS } from '@gladi/shared';
import { countUntil, type ReplayMoment } from '@gladi/shared/replay';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { formatDuration, formatOffset } from '../report/format.ts';
import { FILTER_LABEL_KEY, filterCounts, inFilter, MOMENT_FILTERS, type MomentFilter } from './filters.ts';
import { useClock, type VideoClock } from './videoClock.ts';

interface Props {
	moments: readonly ReplayMoment[];
	clock: VideoClock;
	/** The recording's time 0 (epoch ms); null without a recording: the moments are listed, not playable. */
	recordingStartedAt: number | null;
	onSeek(moment: ReplayMoment): void;
	/** The moment a link pointed at: scrolled to and marked. */
	focusKey: string | null;
}

/** The session's moments beside (or under) the video: filter chips, then one row per moment; the one playing now is marked. */
export function MomentList({ moments, clock, recordingStartedAt, onSeek, focusKey }: Props) {
	const { t } = useI18n();
	const [filter, setFilter] = useState<MomentFilter>('all');
	const counts = useMemo(() => filterCounts(moments), [moments]);
	const shown = useMemo(() => moments.filter((m) => inFilter(m, filter)), [moments, filter]);
	const current = useClock(clock, (ms) => (recordingStartedAt === null ? -1 : countUntil(shown, recordingStartedAt + ms) - 1));
	const listRef = useRef<HTMLOListElement>(null);
	// The moment last tapped (else the one a link pointed at) stays outlined: the video lands a little before it.
	const [chosen, setChosen] = useState<string | null>(null);
	const marked = chosen ?? focusKey;
	const choose = useCallback(
		(m: ReplayMoment) => {
			setChosen(m.key);
			onSeek(m);
		},
		[onSeek],
	);

	// Bring the linked moment into view: inside the list where it scrolls by itself (laptop), else on the page (phone).
	useEffect(() => {
		const list = listRef.current;
		const item = focusKey ? list?.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`) : null;
		if (!list || !item) return;
		if (list.scrollHeight > list.clientHeight) {
			const offset = item.getBoundingClientRect().top - list.getBoundingClientRect().top;
			list.scrollTop += offset - (list.clientHeight - item.offsetHeight) / 2;
		} else {
			item.scrollIntoView({ block: 'nearest' });
		}
	}, [focusKey]);

	return (
		<section className="replay-moments" aria-labelledby="replay-moments-title">
			<h2 id="replay-moments-title">{t('rpTimelineTitle')}</h2>
			{recordingStartedAt !== null && moments.length > 0 && <p className="muted replay-hint">{t('rpTimelineHint')}</p>}
			<div className="replay-filters" role="group" aria-label={t('rpFilters')}>
				{MOMENT_FILTERS.map((f) => (
					<button
						key={f}
						type="button"
						className="chip"
						aria-pressed={filter === f}
						data-testid={`replay-filter-${f}`}
						disabled={f !== 'all' && counts[f] === 0}
						onClick={() => setFilter(f)}
					>
						{t(FILTER_LABEL_KEY[f])} <span className="chip-count">{counts[f]}</span>
					</button>
				))}
			</div>
			{shown.length === 0 ? (
				<p className="muted">{t(moments.length === 0 ? 'rpNoMoments' : 'rpNoMomentsFilter')}</p>
			) : (
				<ol className="moment-list" ref={listRef} data-testid="replay-timeline">
					{shown.map((m, i) => (
						<MomentRow key={m.key} moment={m} current={i === current} focused={m.key === marked} playable={recordingStartedAt !== null} onSeek={choose} />
					))}
				</ol>
			)}
		</section>
	);
}

const MomentRow = memo(function MomentRow({
	moment,
	current,
	focused,
	playable,
	onSeek,
}: {
	moment: ReplayMoment;
	current: boolean;
	focused: boolean;
	playable: boolean;
	onSeek(moment: ReplayMoment): void;
}) {
	const className = `moment is-${moment.kind}${moment.kind === 'comment' && moment.isQuestion ? ' is-question' : ''}${current ? ' is-current' : ''}${focused ? ' is-focus' : ''}`;
	const attributes = { className, 'data-testid': 'replay-moment', 'data-at-ms': moment.offsetMs, 'data-kind': moment.kind };
	const body = (
		<>
			<time className="timeline-at">{formatOffset(moment.offsetMs)}</time>
			<MomentText moment={moment} />
		</>
	);
	return (
		<li data-key={moment.key}>
			{playable ? (
				<button type="button" {...attributes} aria-current={current ? 'time' : undefined} onClick={() => onSeek(moment)}>
					{body}
				</button>
			) : (
				<div {...attributes}>{body}</div>
			)}
		</li>
	);
});

function MomentText({ moment: m }: { moment: ReplayMoment }) {
	const { t, lang } = useI18n();
	switch (m.kind) {
		case 'comment':
			return (
				<span className="moment-body">
					<span className="moment-text">
						<strong className={`comment-name source-${m.source}`}>{m.name}</strong> {m.text}
					</span>
					{m.isQuestion && m.source !== 'host' && (
						<span className={`moment-status ${m.answeredAt === null ? 'is-open' : 'is-answered'}`}>
							{m.answeredAt === null ? t('rpUnanswered') : t('rpAnsweredAfter', { time: formatDuration(m.answeredAt - m.at, lang) })}
						</span>
					)}
				</span>
			);
		case 'pin':
			return <span className="moment-body">{t('rpPin', { product: m.productName })}</span>;
		case 'flashSale':
			return (
				<span className="moment-body">
					{t('rpFlashSale', { product: m.productName, price: formatRupiah(m.salePrice), duration: formatDuration(m.durationMs, lang) })}
				</span>
			);
		case 'order':
			return (
				<span className="moment-body">
					<span className="moment-text">{t('rpOrder', { name: m.buyerName, product: m.productName })}</span>
					<span className="moment-detail">
						{t('rpOrderDetail', { variant: m.variantLabel || '–', n: m.quantity })}
						{m.simulated && ` · ${t('rpSimulated')}`}
					</span>
				</span>
			);
		case 'whisper':
			return (
				<span className="moment-body">
					<span className="moment-detail">{t('rpWhisper', { mentor: m.mentorName })}</span>
					<span className="moment-text">{m.text}</span>
				</span>
			);
		case 'surprise':
			return (
				<span className="moment-body">{t('rpSurprise', { mentor: m.mentorName, kind: t(`inject_${m.inject}` as StringKey) })}</span>
			);
		case 'note':
			return (
				<span className="moment-body">
					<span className="moment-detail">{t('rpNote', { mentor: m.mentorName })}</span>
					{m.text && <span className="moment-text">{m.text}</span>}
					{m.tags.length > 0 && (
						<span className="moment-tags">{m.tags.map((tag) => NOTE_TAG_LABELS[tag]?.[lang] ?? tag).join(' · ')}</span>
					)}
				</span>
			);
		case 'silence':
			return <span className="moment-body">{t('rpSilence', { duration: formatDuration(m.durationMs, lang) })}</span>;
	}
}
