/**
 * Frame codes for the glass-to-glass benchmark: every frame of a synthetic
 * camera file (.y4m, which Chromium loops as its fake camera) carries its
 * frame index as a row of big black/white blocks. The blocks survive VP8
 * compression and simulcast downscaling (the smallest layer, a quarter of
 * the width, still has ~12 px blocks), so a page can read the index back from
 * any video element that shows the stream.
 *
 * Pure helpers only (no browser, no server): the code layout, the encoder
 * (a y4m writer), the decoder (from per-block mean brightness), and the
 * matching of host and viewer samples into latencies.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Bits of frame index (up to 1024 frames per loop of the file). */
export const CODE_BITS = 10;
/** Check bits: popcount(index) mod 4, so a misread block is caught. */
const CHECK_BITS = 2;
const PAIRS = CODE_BITS + CHECK_BITS;

/**
 * Where the code sits, as fractions of the frame: a strip near the top, split
 * into 2 x PAIRS equal cells. Each bit is a pair of cells, white-black for 1
 * and black-white for 0 (Manchester), so every pair carries its own reference
 * and no global threshold is needed.
 */
export const CODE_LAYOUT = { x0: 0.04, x1: 0.96, y0: 0.06, y1: 0.22, cells: 2 * PAIRS } as const;

/** Limited-range luma of black and white (what a camera would send). */
const Y_BLACK = 16;
const Y_WHITE = 235;
/** A pair whose cells differ by less than this (0-255 scale) is unreadable. */
const MIN_PAIR_CONTRAST = 60;

function popcount(n: number): number {
	let c = 0;
	for (let v = n; v > 0; v >>= 1) c += v & 1;
	return c;
}

/** The cell colours (true = white) that encode `index`. */
export function encodeCells(index: number): boolean[] {
	if (!Number.isInteger(index) || index < 0 || index >= 2 ** CODE_BITS) throw new RangeError(`frame index ${index} out of range`);
	const check = popcount(index) & (2 ** CHECK_BITS - 1);
	const word = (index << CHECK_BITS) | check;
	const cells: boolean[] = [];
	for (let b = PAIRS - 1; b >= 0; b--) {
		const one = ((word >> b) & 1) === 1;
		cells.push(one, !one);
	}
	return cells;
}

/**
 * Decode the frame index from the mean brightness (0-255) of each cell, in
 * layout order; null when a pair has too little contrast or the check bits
 * disagree (a frame caught mid-change, or damaged by compression).
 */
export function decodeCells(means: readonly number[]): number | null {
	if (means.length !== 2 * PAIRS) return null;
	let word = 0;
	for (let p = 0; p < PAIRS; p++) {
		const diff = means[2 * p]! - means[2 * p + 1]!;
		if (!(Math.abs(diff) >= MIN_PAIR_CONTRAST)) return null;
		word = (word << 1) | (diff > 0 ? 1 : 0);
	}
	const index = word >> CHECK_BITS;
	const check = word & (2 ** CHECK_BITS - 1);
	return check === (popcount(index) & (2 ** CHECK_BITS - 1)) ? index : null;
}

/** Pixel bounds of cell `i` in a frame of width x height. */
export function cellRect(i: number, width: number, height: number): { x0: number; x1: number; y0: number; y1: number } {
	const { x0, x1, y0, y1, cells } = CODE_LAYOUT;
	const cw = (x1 - x0) / cells;
	return {
		x0: Math.round((x0 + i * cw) * width),
		x1: Math.round((x0 + (i + 1) * cw) * width),
		y0: Math.round(y0 * height),
		y1: Math.round(y1 * height),
	};
}

/**
 * Mean luma of the middle half of every cell, read from a luma plane (the
 * reference the browser-side sampler mirrors with a canvas).
 */
export function sampleCells(luma: Uint8Array, width: number, height: number): number[] {
	const out: number[] = [];
	for (let i = 0; i < CODE_LAYOUT.cells; i++) {
		const r = cellRect(i, width, height);
		const qx = (r.x1 - r.x0) / 4;
		const qy = (r.y1 - r.y0) / 4;
		let sum = 0;
		let n = 0;
		for (let y = Math.round(r.y0 + qy); y < Math.round(r.y1 - qy); y++) {
			for (let x = Math.round(r.x0 + qx); x < Math.round(r.x1 - qx); x++) {
				sum += luma[y * width + x]!;
				n++;
			}
		}
		out.push(n ? sum / n : 0);
	}
	return out;
}

/**
 * One I420 frame of the synthetic camera: a moving background (a sliding
 * gradient and a coloured box, so the encoder has real work) with the frame
 * code on top. Writes into `frame` (width*height*3/2 bytes).
 */
export function renderFrame(frame: Uint8Array, width: number, height: number, index: number, frames: number): void {
	const ySize = width * height;
	const cw = width / 2;
	const ch = height / 2;
	const shift = Math.round((index / frames) * width);
	const wave = new Uint8Array(width);
	for (let x = 0; x < width; x++) wave[x] = Math.round(60 * (0.5 + 0.5 * Math.sin((((x + shift) % width) / width) * 2 * Math.PI * 3)));
	for (let y = 0; y < height; y++) {
		const row = y * width;
		const vy = 40 + Math.round((y / height) * 60);
		for (let x = 0; x < width; x++) frame[row + x] = vy + wave[x]!;
	}
	frame.fill(128, ySize, ySize + 2 * cw * ch);
	// A box bouncing across the lower part of the picture.
	const box = Math.round(height / 5);
	const travel = width - box;
	const t = index / frames;
	const bx = Math.round(travel * (t < 0.5 ? 2 * t : 2 - 2 * t));
	const by = Math.round(height * 0.55);
	for (let y = by; y < by + box; y++) frame.fill(170, y * width + bx, y * width + bx + box);
	for (let y = by >> 1; y < (by + box) >> 1; y++) {
		frame.fill(90, ySize + y * cw + (bx >> 1), ySize + y * cw + ((bx + box) >> 1));
		frame.fill(200, ySize + cw * ch + y * cw + (bx >> 1), ySize + cw * ch + y * cw + ((bx + box) >> 1));
	}
	// The code: a mid-grey band with the black/white cells on it.
	const cells = encodeCells(index);
	const band = cellRect(0, width, height);
	const margin = Math.round(height * 0.02);
	for (let y = band.y0 - margin; y < band.y1 + margin; y++) {
		frame.fill(128, y * width + Math.round(CODE_LAYOUT.x0 * width) - margin, y * width + Math.round(CODE_LAYOUT.x1 * width) + margin);
	}
	for (let i = 0; i < cells.length; i++) {
		const r = cellRect(i, width, height);
		const v = cells[i] ? Y_WHITE : Y_BLACK;
		for (let y = r.y0; y < r.y1; y++) frame.fill(v, y * width + r.x0, y * width + r.x1);
	}
}

export interface Y4mOptions {
	width: number;
	height: number;
	fps: number;
	frames: number;
}

/**
 * Write a .y4m (YUV4MPEG2: one text header, then "FRAME\n" + raw I420 per
 * frame) whose frame i carries code i. Chromium's file camera reads exactly
 * this layout (no per-frame parameters) and loops it at `fps`.
 */
export function writeCodedY4m(file: string, o: Y4mOptions): { bytes: number } {
	if (o.width % 2 || o.height % 2) throw new RangeError('width and height must be even');
	if (o.frames > 2 ** CODE_BITS) throw new RangeError(`at most ${2 ** CODE_BITS} frames`);
	const fd = openSync(file, 'w');
	const frame = new Uint8Array((o.width * o.height * 3) / 2);
	const delimiter = Buffer.from('FRAME\n');
	let bytes = writeSync(fd, Buffer.from(`YUV4MPEG2 W${o.width} H${o.height} F${o.fps}:1 Ip A1:1 C420jpeg\n`));
	try {
		for (let i = 0; i < o.frames; i++) {
			renderFrame(frame, o.width, o.height, i, o.frames);
			bytes += writeSync(fd, delimiter);
			bytes += writeSync(fd, frame);
		}
	} finally {
		closeSync(fd);
	}
	return { bytes };
}

/** Box-filter downscale of a luma plane by an integer factor (simulcast layers, for the self-check). */
export function downscaleLuma(luma: Uint8Array, width: number, height: number, factor: number): Uint8Array {
	const w = Math.floor(width / factor);
	const h = Math.floor(height / factor);
	const out = new Uint8Array(w * h);
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			let sum = 0;
			for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) sum += luma[(y * factor + dy) * width + x * factor + dx]!;
			out[y * w + x] = Math.round(sum / (factor * factor));
		}
	}
	return out;
}

/** A frame seen on a page: its decoded code and when it was (to be) displayed, in ms on the common clock. */
export interface CodeSample {
	code: number;
	t: number;
}

export interface MatchResult {
	/** Viewer display time minus host display time of the same frame, ms. */
	latencies: number[];
	/** Viewer samples with no host display of the same code within `maxMs` before them. */
	unmatched: number;
}

/**
 * Pair every viewer sample with the host's latest display of the same code
 * before it. Codes repeat once per loop of the file, so this is right for
 * latencies under a loop; a pair further apart than `maxMs` (set a little
 * under the loop: the host's display of that code in this loop was missed, so
 * the match is the previous loop's) is dropped as unmatched rather than
 * counted as a loop-long latency.
 */
export function matchSamples(host: readonly CodeSample[], viewer: readonly CodeSample[], maxMs: number): MatchResult {
	const byCode = new Map<number, number[]>();
	for (const s of [...host].sort((a, b) => a.t - b.t)) {
		const list = byCode.get(s.code) ?? [];
		list.push(s.t);
		byCode.set(s.code, list);
	}
	const latencies: number[] = [];
	let unmatched = 0;
	for (const v of viewer) {
		const times = byCode.get(v.code);
		let best: number | undefined;
		if (times) {
			// Latest host time <= viewer time (binary search).
			let lo = 0;
			let hi = times.length - 1;
			while (lo <= hi) {
				const mid = (lo + hi) >> 1;
				if (times[mid]! <= v.t) {
					best = times[mid];
					lo = mid + 1;
				} else hi = mid - 1;
			}
		}
		if (best === undefined || v.t - best > maxMs) unmatched++;
		else latencies.push(v.t - best);
	}
	return { latencies, unmatched };
}

/**
 * Round trip of the encoder and decoder (every code at full size, every 9th
 * and the last also at the 1/2 and 1/4 simulcast downscales), of the check
 * bits, and of the matcher on a synthetic timeline; throws on failure.
 */
export function selfCheck(o: { width: number; height: number; frames: number }): { codesChecked: number; scales: number[] } {
	if (o.frames > 2 ** CODE_BITS) throw new RangeError(`at most ${2 ** CODE_BITS} frames`);
	const frame = new Uint8Array((o.width * o.height * 3) / 2);
	const scales = [1, 2, 4];
	for (let i = 0; i < o.frames; i++) {
		renderFrame(frame, o.width, o.height, i, o.frames);
		const luma = frame.subarray(0, o.width * o.height);
		// Every code at full size; the downscaled layers for a spread of codes (the geometry is the same for all).
		for (const s of i % 9 === 0 || i === o.frames - 1 ? scales : [1]) {
			const plane = s === 1 ? luma : downscaleLuma(luma, o.width, o.height, s);
			const got = decodeCells(sampleCells(plane, Math.floor(o.width / s), Math.floor(o.height / s)));
			if (got !== i) throw new Error(`frame code self-check: frame ${i} at 1/${s} scale decoded as ${got}`);
		}
	}
	// A uniform or low-contrast strip must not decode.
	if (decodeCells(new Array<number>(CODE_LAYOUT.cells).fill(128)) !== null) throw new Error('frame code self-check: grey decoded');
	// A single flipped pair must be caught by the check bits.
	const good: number[] = encodeCells(5).map((w) => (w ? Y_WHITE : Y_BLACK));
	const bad = [...good];
	[bad[2], bad[3]] = [bad[3]!, bad[2]!];
	if (decodeCells(good) !== 5 || decodeCells(bad) !== null) throw new Error('frame code self-check: check bits');
	// Matcher: host shows code k at 33.3k ms over two loops; the viewer 120 ms later, one host frame missed.
	const period = 1000 / 30;
	const host: CodeSample[] = [];
	for (let n = 0; n < 2 * o.frames; n++) if (n !== o.frames + 3) host.push({ code: n % o.frames, t: n * period });
	const viewer = Array.from({ length: 2 * o.frames }, (_, n) => ({ code: n % o.frames, t: n * period + 120 }));
	const m = matchSamples(host, viewer, (o.frames * period) / 2);
	if (m.unmatched !== 1 || m.latencies.length !== 2 * o.frames - 1 || m.latencies.some((l) => Math.abs(l - 120) > 1e-6)) {
		throw new Error('frame code self-check: matcher');
	}
	return { codesChecked: o.frames, scales };
}
