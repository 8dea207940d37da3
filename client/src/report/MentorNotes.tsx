import { NOTE_MAX, NOTE_TAG_LABELS, NOTE_TAGS, type NoteBody, type NoteTag, type SessionReport } from '@gladi/shared';
import { useId, useState, type FormEvent } from 'react';
import { Link } from '../catalog/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { formatOffset, parseOffset } from './format.ts';
import { mentorTimeline } from './timeline.ts';

/** The mentor's notes and whispers on a timeline (mm:ss into the live, each a link into the replay), tags as chips. */
export function MentorTimeline({ report, replayAt }: { report: SessionReport; replayAt: (offsetMs: number) => string }) {
	const { t, lang } = useI18n();
	const items = mentorTimeline(report.notes, report.whispers);
	return (
		<section className="report-section" data-testid="report-notes" aria-labelledby="rep-notes-title">
			<h2 id="rep-notes-title">{t('repNotesTitle')}</h2>
			{items.length === 0 ? (
				<p className="muted">{t('repNotesEmpty')}</p>
			) : (
				<ol className="report-timeline" data-testid="mentor-timeline">
					{items.map((item) => (
						<li key={item.key} className={`timeline-item is-${item.kind}`} data-testid="timeline-item">
							<Link
								className="timeline-at replay-at"
								href={replayAt(item.offsetMs)}
								data-testid="timeline-replay"
								aria-label={t('repReplayAt', { time: formatOffset(item.offsetMs) })}
							>
								<span className="replay-glyph" aria-hidden="true">
									▶{' '}
								</span>
								{formatOffset(item.offsetMs)}
							</Link>
							<div className="timeline-body">
								<p className="timeline-meta">
									<span className={`kind-badge is-${item.kind}`}>{t(item.kind === 'note' ? 'repNote' : 'repWhisper')}</span>
									<span className="timeline-mentor">{item.mentorName}</span>
								</p>
								<p className="timeline-text">{item.text}</p>
								{item.tags.length > 0 && (
									<ul className="tag-chips">
										{item.tags.map((tag) => (
											<li key={tag} className="tag-chip">
												{NOTE_TAG_LABELS[tag]?.[lang] ?? tag}
											</li>
										))}
									</ul>
								)}
							</div>
						</li>
					))}
				</ol>
			)}
		</section>
	);
}

/** The quick tags as toggle chips (the report's note form and the replay's). */
export function NoteTagChips({
	tags,
	onToggle,
	labelledBy,
	testIdPrefix,
}: {
	tags: readonly NoteTag[];
	onToggle(tag: NoteTag): void;
	labelledBy: string;
	testIdPrefix: string;
}) {
	const { lang } = useI18n();
	return (
		<div className="chip-group" role="group" aria-labelledby={labelledBy}>
			{NOTE_TAGS.map((tag) => (
				<button
					key={tag}
					type="button"
					className="chip"
					aria-pressed={tags.includes(tag)}
					data-testid={`${testIdPrefix}-${tag}`}
					onClick={() => onToggle(tag)}
				>
					{NOTE_TAG_LABELS[tag][lang]}
				</button>
			))}
		</div>
	);
}

/** Add a tag that is not there, remove one that is. */
export function toggleTag(tags: readonly NoteTag[], tag: NoteTag): NoteTag[] {
	return tags.includes(tag) ? tags.filter((x) => x !== tag) : [...tags, tag];
}

interface FormProps {
	durationMs: number;
	/** Store the note; resolves when the server has it, rejects with the reason otherwise. */
	onSubmit(body: Omit<NoteBody, 'at' | 'mentorName'> & { offsetMs: number | null }): Promise<void>;
}

/** A mentor adds a note after the live, optionally about a moment in it. */
export function NoteForm({ durationMs, onSubmit }: FormProps) {
	const { t } = useI18n();
	const ids = useId();
	const [text, setText] = useState('');
	const [tags, setTags] = useState<NoteTag[]>([]);
	const [moment, setMoment] = useState('');
	const [problem, setProblem] = useState<{ key: StringKey; vars?: Record<string, string> } | null>(null);
	const [busy, setBusy] = useState(false);
	const [saved, setSaved] = useState(false);

	const toggle = (tag: NoteTag) => setTags((list) => toggleTag(list, tag));

	const submit = async (e: FormEvent) => {
		e.preventDefault();
		setSaved(false);
		const trimmed = text.trim();
		if (!trimmed && tags.length === 0) return setProblem({ key: 'repNoteEmpty' });
		let offsetMs: number | null = null;
		if (moment.trim()) {
			offsetMs = parseOffset(moment);
			if (offsetMs === null || (durationMs > 0 && offsetMs > durationMs)) {
				return setProblem({ key: 'repNoteAtInvalid', vars: { max: formatOffset(durationMs) } });
			}
		}
		setProblem(null);
		setBusy(true);
		try {
			await onSubmit({ text: trimmed, tags, offsetMs });
			setText('');
			setTags([]);
			setMoment('');
			setSaved(true);
		} catch {
			// The page shows why; keep what the mentor typed.
		} finally {
			setBusy(false);
		}
	};

	return (
		<form className="report-section note-form no-print" data-testid="note-form" onSubmit={(e) => void submit(e)} noValidate>
			<h2>{t('repNoteFormTitle')}</h2>
			<div className="field">
				<label htmlFor={`${ids}-text`}>{t('repNoteText')}</label>
				<textarea
					id={`${ids}-text`}
					data-testid="note-text"
					value={text}
					maxLength={NOTE_MAX}
					placeholder={t('repNoteTextPlaceholder')}
					aria-invalid={problem?.key === 'repNoteEmpty' ? true : undefined}
					onChange={(e) => setText(e.target.value)}
				/>
			</div>
			<div className="field">
				<span className="field-label" id={`${ids}-tags`}>
					{t('repNoteTags')}
				</span>
				<NoteTagChips tags={tags} onToggle={toggle} labelledBy={`${ids}-tags`} testIdPrefix="note-tag" />
			</div>
			<div className="field note-moment">
				<label htmlFor={`${ids}-at`}>{t('repNoteAt')}</label>
				<input
					id={`${ids}-at`}
					data-testid="note-at"
					inputMode="numeric"
					value={moment}
					placeholder={t('repNoteAtPlaceholder')}
					aria-invalid={problem?.key === 'repNoteAtInvalid' ? true : undefined}
					onChange={(e) => setMoment(e.target.value)}
				/>
			</div>
			{problem && (
				<p className="field-error" role="alert">
					{t(problem.key, problem.vars)}
				</p>
			)}
			{saved && (
				<p className="report-ok" role="status">
					{t('repNoteSaved')}
				</p>
			)}
			<div>
				<button type="submit" className="primary" data-testid="note-save" disabled={busy}>
					{busy ? t('repNoteSaving') : t('repNoteSave')}
				</button>
			</div>
		</form>
	);
}
