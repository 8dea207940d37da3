import {
	INJECT_KINDS,
	NOTE_TAG_LABELS,
	NOTE_TAGS,
	replayPath,
	reportPath,
	RUBRIC,
	RUBRIC_CRITERIA,
	WHISPER_MAX,
	NOTE_MAX,
	type MentorNote,
	type NoteTag,
	type RubricCriterion,
	type RubricLevel,
} from '@gladi/shared';
import { useState, type FormEvent } from 'react';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import type { SessionSnapshot, StageSession } from '../media/stageSession.ts';
import { CrowdKnobs } from '../stage/HostPanel.tsx';
import { formatClock } from '../stage/useNow.ts';
import { QosPanel } from './QosPanel.tsx';

interface Props {
	session: StageSession;
	snapshot: SessionSnapshot;
	token: string;
}

/**
 * The mentor's console beside the live: everyone's connection quality at a
 * glance, whisper one short cue, surprise the
 * seller with crowd moments, steer the crowd, take timestamped notes and score
 * the rubric (during and after the live). The server refuses all of it to
 * anyone but a mentor.
 */
export function MentorConsole({ session, snapshot, token }: Props) {
	const { t } = useI18n();
	const live = snapshot.room?.status === 'live';
	const sessionId = snapshot.room?.sessionId ?? null;
	return (
		<aside className="side-panel mentor-console" data-testid="mentor-console">
			<h2>{t('mentorConsole')}</h2>
			<QosPanel session={session} />
			<WhisperForm session={session} live={live} />
			<section className="panel-section">
				<h2>{t('injectTitle')}</h2>
				<div className="inject-grid">
					{INJECT_KINDS.map((kind) => (
						<button
							key={kind}
							type="button"
							data-testid={`inject-${kind}`}
							disabled={!live}
							onClick={() => void session.request('mentor:inject', { kind }).catch(() => undefined)}
						>
							{t(`inject_${kind}` as StringKey)}
						</button>
					))}
				</div>
			</section>
			<CrowdKnobs session={session} />
			<NotesForm session={session} liveSince={snapshot.room?.liveSince ?? null} disabled={!sessionId} />
			<RubricForm session={session} disabled={!sessionId} />
			{sessionId && !live && (
				<div className="ended-links">
					<a className="button-link" data-testid="report-link" href={reportPath(sessionId, token)}>
						{t('reportLink')}
					</a>
					<a className="button-link" data-testid="mentor-replay-link" href={replayPath(sessionId, token)}>
						▶ {t('replayLink')}
					</a>
				</div>
			)}
		</aside>
	);
}

function WhisperForm({ session, live }: { session: StageSession; live: boolean }) {
	const { t } = useI18n();
	const errorText = useErrorText();
	const [text, setText] = useState('');
	const [status, setStatus] = useState<string | null>(null);
	const submit = async (e: FormEvent) => {
		e.preventDefault();
		try {
			await session.request('mentor:whisper', { text: text.trim() });
			setText('');
			setStatus(t('whisperSent'));
			setTimeout(() => setStatus(null), 2000);
		} catch (err) {
			setStatus(errorText(err));
		}
	};
	return (
		<section className="panel-section">
			<h2>{t('whisperTitle')}</h2>
			<form className="composer" onSubmit={(e) => void submit(e)}>
				<input
					data-testid="whisper-input"
					value={text}
					maxLength={WHISPER_MAX}
					placeholder={t('whisperPlaceholder')}
					aria-label={t('whisperTitle')}
					onChange={(e) => setText(e.target.value)}
				/>
				<button type="submit" className="primary" data-testid="whisper-send" disabled={!live || !text.trim()}>
					{t('whisperSend')}
				</button>
			</form>
			{status && <p className="muted" role="status">{status}</p>}
		</section>
	);
}

function NotesForm({ session, liveSince, disabled }: { session: StageSession; liveSince: number | null; disabled: boolean }) {
	const { t, lang } = useI18n();
	const errorText = useErrorText();
	const [text, setText] = useState('');
	const [tags, setTags] = useState<NoteTag[]>([]);
	const [notes, setNotes] = useState<MentorNote[]>([]);
	const [error, setError] = useState<string | null>(null);
	const submit = async (e: FormEvent) => {
		e.preventDefault();
		try {
			const { note } = await session.request('mentor:note', { text: text.trim(), tags });
			setNotes((old) => [...old, note]);
			setText('');
			setTags([]);
			setError(null);
		} catch (err) {
			setError(errorText(err));
		}
	};
	return (
		<section className="panel-section">
			<h2>{t('notesTitle')}</h2>
			<div className="tag-chips">
				{NOTE_TAGS.map((tag) => (
					<button
						key={tag}
						type="button"
						className={tags.includes(tag) ? 'chip selected' : 'chip'}
						aria-pressed={tags.includes(tag)}
						data-testid={`note-tag-${tag}`}
						onClick={() => setTags((old) => (old.includes(tag) ? old.filter((x) => x !== tag) : [...old, tag]))}
					>
						{NOTE_TAG_LABELS[tag][lang]}
					</button>
				))}
			</div>
			<form className="stack" onSubmit={(e) => void submit(e)}>
				<textarea
					data-testid="note-input"
					value={text}
					maxLength={NOTE_MAX}
					rows={2}
					placeholder={t('notePlaceholder')}
					onChange={(e) => setText(e.target.value)}
				/>
				<button type="submit" data-testid="note-save" disabled={disabled || (!text.trim() && tags.length === 0)}>
					{t('noteSave')}
				</button>
			</form>
			{error && (
				<p className="error" role="alert">
					{error}
				</p>
			)}
			<ol className="activity" data-testid="note-list">
				{notes.map((n) => (
					<li key={n.id}>
						<span className="muted">{liveSince ? formatClock(n.at - liveSince) : ''}</span> {n.tags.map((tag) => NOTE_TAG_LABELS[tag][lang]).join(', ')}
						{n.text ? ` — ${n.text}` : ''}
					</li>
				))}
			</ol>
		</section>
	);
}

function RubricForm({ session, disabled }: { session: StageSession; disabled: boolean }) {
	const { t, lang } = useI18n();
	const errorText = useErrorText();
	const [levels, setLevels] = useState<Partial<Record<RubricCriterion, RubricLevel>>>({});
	const [error, setError] = useState<string | null>(null);
	const choose = async (criterion: RubricCriterion, level: RubricLevel) => {
		setLevels((old) => ({ ...old, [criterion]: level }));
		try {
			await session.request('mentor:score', { criterion, level });
			setError(null);
		} catch (err) {
			setError(errorText(err));
		}
	};
	return (
		<section className="panel-section" data-testid="rubric">
			<h2>{t('rubricTitle')}</h2>
			{RUBRIC_CRITERIA.map((criterion) => (
				<fieldset key={criterion} className="rubric-row" disabled={disabled}>
					<legend>{RUBRIC[criterion].label[lang]}</legend>
					<div className="segmented">
						{([1, 2, 3, 4] as const).map((level) => (
							<button
								key={level}
								type="button"
								role="radio"
								aria-checked={levels[criterion] === level}
								className={levels[criterion] === level ? 'selected' : ''}
								title={RUBRIC[criterion].levels[level].descriptor[lang]}
								data-testid={`rubric-${criterion}-${level}`}
								onClick={() => void choose(criterion, level)}
							>
								{level} · {RUBRIC[criterion].levels[level].label[lang]}
							</button>
						))}
					</div>
				</fieldset>
			))}
			{error && (
				<p className="error" role="alert">
					{error}
				</p>
			)}
		</section>
	);
}
