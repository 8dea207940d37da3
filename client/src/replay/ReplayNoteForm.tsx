import { NOTE_MAX, type NoteTag } from '@gladi/shared';
import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { formatOffset } from '../report/format.ts';
import { NoteTagChips, toggleTag } from '../report/MentorNotes.tsx';
import { useClock, type VideoClock } from './videoClock.ts';

interface Props {
	clock: VideoClock;
	/** Epoch ms of the recording's time 0, and of the live's start (the note's time is shown from it). */
	recordingStartedAt: number;
	liveStartedAt: number;
	/** The video pauses while the mentor writes, so the note lands on the moment they saw. */
	onWriting(): void;
	/** Store the note at `at` (epoch ms); resolves when the server has it, rejects otherwise (the page shows why). */
	onSave(note: { text: string; tags: NoteTag[]; at: number }): Promise<void>;
}

/** A mentor writes a note about the moment the replay is at. */
export function ReplayNoteForm({ clock, recordingStartedAt, liveStartedAt, onWriting, onSave }: Props) {
	const { t } = useI18n();
	const ids = useId();
	const [text, setText] = useState('');
	const [tags, setTags] = useState<NoteTag[]>([]);
	const [busy, setBusy] = useState(false);
	const [saved, setSaved] = useState<string | null>(null);
	const [empty, setEmpty] = useState(false);
	const second = useClock(clock, (ms) => Math.floor((recordingStartedAt + ms - liveStartedAt) / 1000));
	const time = formatOffset(second * 1000);

	const submit = async (e: FormEvent) => {
		e.preventDefault();
		const trimmed = text.trim();
		if (!trimmed && tags.length === 0) return setEmpty(true);
		setEmpty(false);
		setBusy(true);
		setSaved(null);
		try {
			await onSave({ text: trimmed, tags, at: recordingStartedAt + clock.ms });
			setText('');
			setTags([]);
			setSaved(time);
		} catch {
			// The page says why; what the mentor typed stays.
		} finally {
			setBusy(false);
		}
	};

	return (
		<form className="replay-note" data-testid="replay-note-form" onSubmit={(e) => void submit(e)} noValidate>
			<label htmlFor={`${ids}-text`} className="replay-note-title">
				{t('rpNoteTitle', { time })}
			</label>
			<div className="replay-note-row">
				<input
					id={`${ids}-text`}
					data-testid="replay-note-input"
					value={text}
					maxLength={NOTE_MAX}
					placeholder={t('rpNotePlaceholder')}
					aria-invalid={empty ? true : undefined}
					onFocus={onWriting}
					onChange={(e) => {
						setText(e.target.value);
						setSaved(null);
					}}
				/>
				<button type="submit" className="primary" data-testid="replay-note-save" disabled={busy}>
					{busy ? t('repNoteSaving') : t('repNoteSave')}
				</button>
			</div>
			<span className="field-label visually-hidden" id={`${ids}-tags`}>
				{t('repNoteTags')}
			</span>
			<NoteTagChips
				tags={tags}
				onToggle={(tag) => {
					onWriting();
					setTags((list) => toggleTag(list, tag));
				}}
				labelledBy={`${ids}-tags`}
				testIdPrefix="replay-note-tag"
			/>
			<p className="muted replay-note-hint">{t('rpNoteHint')}</p>
			{empty && (
				<p className="field-error" role="alert">
					{t('repNoteEmpty')}
				</p>
			)}
			{saved && (
				<p className="report-ok" role="status" data-testid="replay-note-saved">
					{t('rpNoteSavedAt', { time: saved })}
				</p>
			)}
		</form>
	);
}
