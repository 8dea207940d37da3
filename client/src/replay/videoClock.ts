import { useSyncExternalStore } from 'react';

/** What the clock needs of a <video> (a fake in tests). */
export interface ClockVideo {
	readonly currentTime: number;
	addEventListener(type: string, listener: () => void): void;
	removeEventListener(type: string, listener: () => void): void;
	requestVideoFrameCallback?(callback: (now: number, metadata: { mediaTime: number }) => void): number;
	cancelVideoFrameCallback?(handle: number): void;
}

/** Events after which the video shows another moment (a seek, a load) or reports its time. */
const TIME_EVENTS = ['timeupdate', 'seeking', 'seeked', 'loadedmetadata', 'emptied'] as const;

/**
 * The replay's clock: the recording's time (ms) on screen. It follows every
 * shown frame while the video plays (requestVideoFrameCallback, where the
 * browser has it; timeupdate, every 15-250 ms, elsewhere) and every seek.
 * Parts of the page subscribe to what they need of it, so a frame re-renders
 * only what changes with it.
 */
export class VideoClock {
	#ms = 0;
	readonly #listeners = new Set<() => void>();

	get ms(): number {
		return this.#ms;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** Follow a video until the returned function is called. */
	follow(video: ClockVideo): () => void {
		const set = (seconds: number) => {
			const ms = Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0;
			if (ms === this.#ms) return;
			this.#ms = ms;
			for (const l of this.#listeners) l();
		};
		const onTime = () => set(video.currentTime);
		let frame: number | null = null;
		const onFrame = (_now: number, metadata: { mediaTime: number }) => {
			set(metadata.mediaTime);
			frame = video.requestVideoFrameCallback?.(onFrame) ?? null;
		};
		for (const type of TIME_EVENTS) video.addEventListener(type, onTime);
		frame = video.requestVideoFrameCallback?.(onFrame) ?? null;
		onTime();
		return () => {
			for (const type of TIME_EVENTS) video.removeEventListener(type, onTime);
			if (frame !== null) video.cancelVideoFrameCallback?.(frame);
			frame = null;
		};
	}
}

/** A value derived from the clock; the component re-renders only when it changes (return primitives). */
export function useClock<T>(clock: VideoClock, select: (ms: number) => T): T {
	return useSyncExternalStore(clock.subscribe, () => select(clock.ms));
}
