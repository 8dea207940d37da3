import type { LiveStatus } from '@gladi/shared';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { StringKey } from '../i18n/strings.ts';
import { useNow } from '../stage/useNow.ts';
import { absoluteLink, formatClock, roomTitleNumber, shortRoomTitle, turnClock, turnQueue, type QueueEntry } from './classModel.ts';
import { copyText } from './clipboard.ts';

/** Small pieces shared by the class pages. */

const STATUS_KEY: Record<LiveStatus, StringKey> = { live: 'clsStatusLive', waiting: 'clsStatusWaiting', ended: 'clsStatusEnded' };

export function StatusBadge({ status }: { status: LiveStatus }) {
	const { t } = useI18n();
	return (
		<span className={`cls-status is-${status}`} data-testid="room-status" data-status={status}>
			{t(STATUS_KEY[status])}
		</span>
	);
}

/** The turn timer: time used against the turn's length; red once over time. */
export function TurnTimer({ turnStartedAt, turnSeconds, clockOffsetMs }: { turnStartedAt: number; turnSeconds: number; clockOffsetMs: number }) {
	const { t } = useI18n();
	const now = useNow(true, 500) + clockOffsetMs;
	const clock = turnClock(turnStartedAt, turnSeconds, now);
	const total = formatClock(turnSeconds * 1000);
	return (
		<div className={`cls-timer${clock.over ? ' is-over' : ''}`} role="timer" data-testid="turn-timer" data-over={clock.over}>
			<div className="cls-timer-row">
				<span className="cls-timer-label">{t('clsTimerLabel')}</span>
				<span className="cls-timer-value">
					<strong>{formatClock(clock.elapsedMs)}</strong>
					<span className="muted"> / {total}</span>
				</span>
				<span className="cls-timer-left">
					{clock.over ? t('clsTimerOver', { over: formatClock(-clock.remainingMs) }) : t('clsTimerLeft', { left: formatClock(clock.remainingMs) })}
				</span>
			</div>
			<div className="cls-timer-bar" aria-hidden="true">
				<span style={{ width: `${Math.round(clock.fraction * 1000) / 10}%` }} />
			</div>
		</div>
	);
}

/** The room's members in turn order, the current host highlighted and the next one marked. */
export function TurnQueue({ room, me }: { room: { members: Array<{ id: string; name: string }>; turnIndex: number }; me?: string }) {
	const { t } = useI18n();
	const entries = turnQueue(room);
	return (
		<ol className="cls-queue" data-testid="turn-queue">
			{entries.map((e: QueueEntry) => (
				<li
					key={e.id}
					className={`cls-queue-item is-${e.state}${e.id === me ? ' is-me' : ''}`}
					data-testid="queue-member"
					data-state={e.state}
					aria-current={e.state === 'host' ? 'step' : undefined}
				>
					<span className="cls-queue-pos">{e.position}</span>
					<span className="cls-queue-name">
						{e.name}
						{e.id === me && <span className="muted"> ({t('clsYou')})</span>}
					</span>
					{e.state === 'host' && <span className="cls-chip is-host">{t('clsNowHosting')}</span>}
					{e.state === 'next' && <span className="cls-chip">{t('clsNext')}</span>}
				</li>
			))}
		</ol>
	);
}

/** A button that copies text and says so for a moment. */
export function CopyButton({ text, label, testId }: { text: string; label?: string; testId?: string }) {
	const { t } = useI18n();
	const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
	const onClick = () => {
		void copyText(text).then((ok) => {
			setState(ok ? 'copied' : 'failed');
			setTimeout(() => setState('idle'), ok ? 1500 : 4000);
		});
	};
	return (
		<>
			<button type="button" className="cls-copy" data-testid={testId} onClick={onClick} aria-live="polite">
				{state === 'copied' ? t('clsCopied') : (label ?? t('clsCopy'))}
			</button>
			{state === 'failed' && (
				<span className="cls-copy-failed error" role="alert">
					{t('clsCopyFailed')}
				</span>
			)}
		</>
	);
}

/** A read-only link field with a copy button. */
export function LinkField({ label, href, testId, id }: { label: string; href: string; testId: string; id: string }) {
	const absolute = absoluteLink(href, window.location.origin);
	return (
		<div className="cls-link-row">
			<label className="cls-link-label" htmlFor={id}>
				{label}
			</label>
			<input id={id} readOnly value={absolute} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
			<CopyButton text={absolute} />
		</div>
	);
}

/** A room's name in the page's language: "Ruang 2" / "Room 2", or its own title; null when it is just the class name. */
export function useRoomName(): (title: string, className: string) => string | null {
	const { t } = useI18n();
	return (title, className) => {
		const short = shortRoomTitle(title, className);
		const n = roomTitleNumber(short);
		return n !== null ? t('clsRoomN', { n }) : short;
	};
}
