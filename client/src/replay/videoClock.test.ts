import { describe, expect, test } from 'vitest';
import { VideoClock, type ClockVideo } from './videoClock.ts';

/** A video that plays when told: frames through requestVideoFrameCallback (when it has it), events on demand. */
class FakeVideo extends EventTarget implements ClockVideo {
	currentTime = 0;
	callbacks = new Map<number, (now: number, metadata: { mediaTime: number }) => void>();
	#next = 1;
	constructor(withFrames: boolean) {
		super();
		if (!withFrames) {
			this.requestVideoFrameCallback = undefined;
			this.cancelVideoFrameCallback = undefined;
		}
	}
	requestVideoFrameCallback?: ClockVideo['requestVideoFrameCallback'] = (callback) => {
		const handle = this.#next++;
		this.callbacks.set(handle, callback);
		return handle;
	};
	cancelVideoFrameCallback?: ClockVideo['cancelVideoFrameCallback'] = (handle) => {
		this.callbacks.delete(handle);
	};
	/** Present a frame at `seconds`. */
	frame(seconds: number): void {
		this.currentTime = seconds;
		const pending = [...this.callbacks.values()];
		this.callbacks.clear();
		for (const cb of pending) cb(0, { mediaTime: seconds });
	}
	emit(type: string, seconds: number): void {
		this.currentTime = seconds;
		this.dispatchEvent(new Event(type));
	}
}

describe('VideoClock', () => {
	test('follows every shown frame, and tells subscribers only when the time changes', () => {
		const clock = new VideoClock();
		const video = new FakeVideo(true);
		const seen: number[] = [];
		clock.subscribe(() => seen.push(clock.ms));
		const stop = clock.follow(video);
		video.frame(0.04);
		video.frame(0.08);
		video.frame(0.08);
		expect(seen).toEqual([40, 80]);
		stop();
		video.frame(1);
		expect(clock.ms).toBe(80);
		expect(video.callbacks.size).toBe(0);
	});

	test('without frame callbacks: time updates and seeks', () => {
		const clock = new VideoClock();
		const video = new FakeVideo(false);
		const stop = clock.follow(video);
		video.emit('timeupdate', 1.25);
		expect(clock.ms).toBe(1250);
		video.emit('seeked', 30);
		expect(clock.ms).toBe(30_000);
		stop();
		video.emit('seeked', 40);
		expect(clock.ms).toBe(30_000);
	});

	test('starts from where the video already is', () => {
		const clock = new VideoClock();
		const video = new FakeVideo(true);
		video.currentTime = 12.5;
		clock.follow(video);
		expect(clock.ms).toBe(12_500);
	});
});
