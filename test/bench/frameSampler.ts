/**
 * Reading frame codes (frameCode.ts) off a page's video element on every
 * shown frame, for the glass-to-glass benchmark and the replay's end-to-end
 * test: a requestVideoFrameCallback loop in the page, read back from Node.
 */
import type { Page } from 'playwright-core';
import { CODE_LAYOUT, decodeCells, type CodeSample } from './frameCode.ts';

export interface RawFrame {
	means: number[];
	/** expectedDisplayTime on the page's clock (ms since its timeOrigin). */
	shown: number;
	/** The frame's place in the media (s): for a file, where in it. */
	mediaTime: number;
	captureTime: number | null;
	receiveTime: number | null;
	width: number;
	height: number;
	/** How the code strip was read: from the decoded frame's luma, or (fallback) via a canvas. */
	via: 'videoframe' | 'canvas';
	/** The element had already moved on to a newer frame than the callback described (not read). */
	raced: boolean;
}

export interface Sampler {
	timeOrigin: number;
	offset: number;
	frames: RawFrame[];
}

/**
 * Start reading frame codes from the page's video element `testId` on every
 * shown frame. The strip's luma is copied straight out of the decoded I420
 * frame (new VideoFrame(video).copyTo with a rect: ~0.1 ms); a canvas
 * drawImage + getImageData converts the whole frame to RGB in software
 * (~15 ms a frame here), which on 2 cores would distort what is measured, so
 * the canvas is only the fallback for frames that are not YUV.
 */
export function startSampler(page: Page, testId: string): Promise<void> {
	return page.evaluate(
		({ testId, layout }) => {
			const video = document.querySelector(`[data-testid="${testId}"]`) as HTMLVideoElement | null;
			if (!video) throw new Error(`no ${testId}`);
			const cell = 8;
			const canvas = document.createElement('canvas');
			canvas.width = layout.cells * cell;
			canvas.height = cell;
			const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
			const state = { stop: false, frames: [] as RawFrame[] };
			(window as unknown as { __g2g: typeof state }).__g2g = state;
			const even = (v: number) => 2 * Math.floor(v / 2);

			// Mean luma of the middle half (horizontally) of every cell, over a band through the middle of the strip.
			const fromFrame = async (frame: VideoFrame, w: number, h: number): Promise<number[] | null> => {
				if (!frame.format || !['I420', 'I420A', 'NV12', 'I422', 'I444'].includes(frame.format)) return null;
				const stripH = (layout.y1 - layout.y0) * h;
				const rect = {
					x: even(layout.x0 * w),
					y: even(layout.y0 * h + 0.375 * stripH),
					width: Math.max(2, even((layout.x1 - layout.x0) * w)),
					height: Math.max(2, even(0.25 * stripH)),
				};
				const buf = new Uint8Array(frame.allocationSize({ rect }));
				const [yPlane] = await frame.copyTo(buf, { rect });
				const stride = yPlane!.stride;
				const means: number[] = [];
				for (let c = 0; c < layout.cells; c++) {
					const x0 = Math.round(((c + 0.25) * rect.width) / layout.cells);
					const x1 = Math.round(((c + 0.75) * rect.width) / layout.cells);
					let sum = 0;
					for (let y = 0; y < rect.height; y++) for (let x = x0; x < x1; x++) sum += buf[yPlane!.offset + y * stride + x]!;
					means.push(sum / ((x1 - x0) * rect.height));
				}
				return means;
			};
			const fromCanvas = (w: number, h: number): number[] => {
				ctx.drawImage(video, layout.x0 * w, layout.y0 * h, (layout.x1 - layout.x0) * w, (layout.y1 - layout.y0) * h, 0, 0, canvas.width, cell);
				const px = ctx.getImageData(0, 0, canvas.width, cell).data;
				const means: number[] = [];
				for (let c = 0; c < layout.cells; c++) {
					let sum = 0;
					for (let y = cell / 4; y < (3 * cell) / 4; y++) {
						for (let x = cell / 4; x < (3 * cell) / 4; x++) {
							const i = (y * canvas.width + c * cell + x) * 4;
							sum += 0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!;
						}
					}
					means.push(sum / (cell / 2) ** 2);
				}
				return means;
			};

			const onFrame = (_now: number, m: VideoFrameCallbackMetadata) => {
				if (state.stop) return;
				video.requestVideoFrameCallback(onFrame);
				const base = {
					shown: m.expectedDisplayTime,
					mediaTime: m.mediaTime,
					captureTime: m.captureTime ?? null,
					receiveTime: m.receiveTime ?? null,
					width: m.width,
					height: m.height,
				};
				// Take the element's current frame now, read it after. On a busy machine it can already be the next
				// frame: its timestamp then differs from the callback's mediaTime, and it is not read.
				const frame = new VideoFrame(video);
				if (Math.abs(frame.timestamp - m.mediaTime * 1e6) > 1000) {
					frame.close();
					state.frames.push({ ...base, means: [], via: 'videoframe', raced: true });
					return;
				}
				fromFrame(frame, m.width, m.height)
					.then((means) => {
						if (means) state.frames.push({ ...base, means, via: 'videoframe', raced: false });
						else state.frames.push({ ...base, means: fromCanvas(m.width, m.height), via: 'canvas', raced: false });
					})
					.catch(() => state.frames.push({ ...base, means: [], via: 'videoframe', raced: false }))
					.finally(() => frame.close());
			};
			video.requestVideoFrameCallback(onFrame);
		},
		{ testId, layout: { ...CODE_LAYOUT } },
	);
}

/** The frames sampled so far (optionally stopping), and the page clock's offset to Date.now(). */
export function readSampler(page: Page, stop: boolean): Promise<Sampler> {
	return page.evaluate((stop) => {
		const state = (window as unknown as { __g2g: { stop: boolean; frames: RawFrame[] } }).__g2g;
		if (stop) state.stop = true;
		// Date.now() has 1 ms steps: average readings over 20 ms (+0.5 for the truncation).
		let sum = 0;
		let n = 0;
		const end = performance.now() + 20;
		while (performance.now() < end) {
			sum += Date.now() - (performance.timeOrigin + performance.now());
			n++;
		}
		return { timeOrigin: performance.timeOrigin, offset: sum / n + 0.5, frames: state.frames };
	}, stop);
}

/**
 * The frames whose code was read, on the common clock. Code 0 is left out:
 * Chromium's y4m reader delivers the first frame twice at each loop (it
 * rewinds and reads frame 0 without stepping past it), so a 0 is ambiguous.
 */
export function decoded(s: Sampler, time: (f: RawFrame) => number | null): CodeSample[] {
	const out: CodeSample[] = [];
	for (const f of s.frames) {
		const code = decodeCells(f.means);
		const t = time(f);
		if (code !== null && code !== 0 && t !== null) out.push({ code, t: s.timeOrigin + t + s.offset });
	}
	return out;
}

/** The frames whose code was read (code 0 left out, as above), at their place in the media (ms): a recording's frames. */
export function decodedByMediaTime(s: Sampler): CodeSample[] {
	const out: CodeSample[] = [];
	for (const f of s.frames) {
		const code = decodeCells(f.means);
		if (code !== null && code !== 0) out.push({ code, t: f.mediaTime * 1000 });
	}
	return out;
}
