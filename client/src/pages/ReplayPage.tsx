import { reportPath, type NoteTag, type SessionReport } from '@gladi/shared';
import { buildReplay, momentIndexFrom, replayMoments, seekSeconds, type ReplayMoment } from '@gladi/shared/replay';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from '../catalog/Link.tsx';
import { useErrorText } from '../i18n/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { formatDateTime, formatDuration } from '../report/format.ts';
import { NotLoaded, NoToken } from '../report/LoadError.tsx';
import { mentorName } from '../report/mentorName.ts';
import { useAddNote, useDeleteRecording, useMentorAccess, useReport, useTimeline } from '../report/useReport.ts';
import { MomentList } from '../replay/MomentList.tsx';
import { RecordingDelete } from '../replay/RecordingDelete.tsx';
import { ReplayNoteForm } from '../replay/ReplayNoteForm.tsx';
import { ReplayStage } from '../replay/ReplayStage.tsx';
import { VideoClock } from '../replay/videoClock.ts';
import { StageFrame } from '../stage/StageFrame.tsx';
import '../report/report.css';
import '../replay/replay.css';

/** How long after a live ends the page keeps asking for its recording (the server finishes the file first). */
const PREPARING_MS = 60_000;
const PREPARING_POLL_MS = 2_000;

function preparing(report: SessionReport | undefined): boolean {
	const endedAt = report?.session.endedAt ?? null;
	return report?.recording === null && endedAt !== null && Date.now() - endedAt < PREPARING_MS;
}

/** Why there is no video: the live still runs, its file is being finished, it was just deleted here, or there is none. */
function noVideoText(endedAt: number | null, deleted: boolean, report: SessionReport): StringKey {
	if (endedAt === null) return 'rpStillLive';
	if (deleted) return 'rpDeleted';
	return preparing(report) ? 'rpPreparing' : 'rpNoRecording';
}

/** /laporan/:sessionId/putar?t=TOKEN[&at=MS]: the live's recording in sync with its moments. */
export function ReplayPage({ sessionId, token, atMs }: { sessionId: string; token: string | null; atMs: number | null }) {
	if (!token) return <NoToken testId="replay-error" />;
	return <ReplayView sessionId={sessionId} token={token} atMs={atMs} />;
}

function ReplayView({ sessionId, token, atMs }: { sessionId: string; token: string; atMs: number | null }) {
	const { t, lang } = useI18n();
	const errorText = useErrorText();
	const [deleted, setDeleted] = useState(false);
	const report = useReport(sessionId, token, (r) => (!deleted && preparing(r) ? PREPARING_POLL_MS : false));
	const timeline = useTimeline(sessionId, token);
	const { access, editing, setEditing, refused } = useMentorAccess(token);
	const [noteError, setNoteError] = useState<unknown>(null);
	const note = useAddNote(sessionId, token, {
		onFailed: (err) => {
			refused(err);
			setNoteError(err);
		},
	});
	const [deleteError, setDeleteError] = useState<unknown>(null);
	const removal = useDeleteRecording(sessionId, token, { onSaved: () => setDeleted(true), onFailed: setDeleteError });
	const [clock] = useState(() => new VideoClock());
	const videoRef = useRef<HTMLVideoElement>(null);

	const data = timeline.data;
	// A note added here replaces the cached timeline but keeps its events: the index is not rebuilt.
	const [liveSession, events, notes] = [data?.session, data?.events, data?.notes];
	const replay = useMemo(() => (liveSession && events ? buildReplay(liveSession, events) : null), [liveSession, events]);
	const moments = useMemo(() => (replay && notes ? replayMoments(replay, notes) : []), [replay, notes]);
	const recording = report.data?.recording ?? null;

	const seekTo = useCallback(
		(at: number, play: boolean) => {
			const video = videoRef.current;
			if (!video || !recording) return;
			video.currentTime = seekSeconds(at, recording);
			if (play) void video.play().catch(() => undefined);
		},
		[recording],
	);
	const onSeek = useCallback((m: ReplayMoment) => seekTo(m.at, true), [seekTo]);

	// A link to a moment (?at=): the video opens there, once (no autoplay: the browser wants a tap first).
	const focusKey = atMs !== null && moments.length > 0 ? (moments[momentIndexFrom(moments, atMs)]?.key ?? null) : null;
	const opened = useRef(false);
	useEffect(() => {
		if (opened.current || atMs === null || !replay || !recording) return;
		opened.current = true;
		seekTo(replay.start + atMs, false);
	}, [atMs, replay, recording, seekTo]);

	if (!report.data || !data || !replay) {
		const failed = report.error ? report : timeline;
		return <NotLoaded query={failed} title="rpKicker" testId="replay-error" loading="rpLoading" />;
	}
	const { session } = report.data;

	const saveNote = async ({ text, tags, at }: { text: string; tags: NoteTag[]; at: number }) => {
		setNoteError(null);
		await note.mutateAsync({ text, tags, at, ...mentorName() });
	};

	return (
		<article className="replay-page" data-testid="replay">
			<header className="replay-header">
				<div className="replay-heading">
					<p className="report-kicker">{t('rpKicker')}</p>
					<h1 data-testid="replay-title">{session.title}</h1>
					<p className="muted replay-meta">
						{session.hostName} · {formatDateTime(session.startedAt, lang)} · {formatDuration(session.durationMs, lang)}
					</p>
				</div>
				<div className="replay-header-actions">
					<Link className="button-like" href={reportPath(session.id, token)} data-testid="replay-report-link">
						{t('rpBackToReport')}
					</Link>
					{recording && (
						<RecordingDelete
							busy={removal.isPending}
							onDelete={() => {
								setDeleteError(null);
								removal.mutate(recording.url);
							}}
						/>
					)}
				</div>
				{deleteError !== null && (
					<p className="form-error replay-header-error" role="alert" data-testid="replay-delete-error">
						{errorText(deleteError)}
					</p>
				)}
			</header>

			<div className="replay-layout">
				<div className="replay-stage">
					{recording ? (
						<ReplayStage recording={recording} title={session.title} replay={replay} products={data.products} clock={clock} videoRef={videoRef} />
					) : (
						<StageFrame className="replay-no-video" role="status" data-testid="replay-no-recording">
							<p>{t(noVideoText(session.endedAt, deleted, report.data))}</p>
						</StageFrame>
					)}
				</div>

				<div className="replay-side">
					{recording && access === 'maybe' && !editing && (
						<button type="button" className="replay-mentor-switch" data-testid="mentor-edit" onClick={() => setEditing(true)}>
							{t('repMentorTools')}
						</button>
					)}
					{noteError !== null && (
						<p className="form-error" role="alert" data-testid="edit-error">
							{access === 'denied' ? t('repEditForbidden') : errorText(noteError)}
						</p>
					)}
					{recording && editing && (
						<ReplayNoteForm
							clock={clock}
							recordingStartedAt={recording.startedAt}
							liveStartedAt={replay.start}
							onWriting={() => videoRef.current?.pause()}
							onSave={saveNote}
						/>
					)}
					<MomentList
						moments={moments}
						clock={clock}
						recordingStartedAt={recording?.startedAt ?? null}
						onSeek={onSeek}
						focusKey={focusKey}
					/>
				</div>
			</div>
		</article>
	);
}
