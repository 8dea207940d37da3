/*
 * A host's live stream without a browser, for benchmarks that need many of
 * them on a 2-core machine (a live VP8 encoder costs about a core here):
 * FFmpeg encodes a few seconds of test picture and tone once (VP8 1280x720
 * at 30 fps, 1.5 Mbit/s as the client's top simulcast layer, a key frame
 * every second; Opus mono 20 ms frames), its RTP packets are kept in memory,
 * and every stream added to the player replays them in a loop with its own
 * SSRCs, sequence numbers and timestamps over its own SRTP leg. One video
 * layer (no simulcast). A key frame request (PLI/FIR from the server, when a
 * viewer starts consuming) is answered as an encoder would, with a key frame
 * as the next frame: the loop skips ahead to its next key frame (the picture
 * jumps by up to a second; timestamps go on evenly).
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';

export const VIDEO_FPS = 30;
export const VIDEO_WIDTH = 1280;
export const VIDEO_HEIGHT = 720;
export const VIDEO_KBPS = 1500;
/** Frames from one key frame to the next. */
export const KEY_FRAME_INTERVAL = 30;
const VIDEO_CLOCK = 90_000;
const AUDIO_CLOCK = 48_000;
const AUDIO_FRAME_MS = 20;

interface Packet {
	/** RTP timestamp from the start of the loop. */
	offset: number;
	marker: boolean;
	payload: Buffer;
}

export interface LoopStreamIds {
	audio: { ssrc: number; payloadType: number };
	video: { ssrc: number; payloadType: number };
}

/**
 * Where a stream is played to: an SRTP leg, over ICE + DTLS to a WebRTC
 * transport (rtpReceiver.ts) or to a plain transport (mediaClients.ts).
 */
export interface RtpSendLeg {
	/** Send one RTP packet; resolves once handed to the kernel. */
	sendRtp(packet: Buffer): Promise<void>;
	/** Set by the player: the server asked for a key frame (PLI or FIR). */
	onKeyFrameRequest: (() => void) | null;
}

/** Totals of what a player has sent. */
export interface PlayerTotals {
	streams: number;
	packets: number;
	bytes: number;
	/** Of those bytes, video's (the rest is audio). */
	videoBytes: number;
	/** Packets sent later than 50 ms after their time (this process fell behind). */
	late: number;
	/** Key frames the server asked for (PLI, FIR), and those sent (requested or the loop's own). */
	keyFrameRequests: number;
	keyFrames: number;
}

function rtpPayload(msg: Buffer): { pt: number; seq: number; ts: number; marker: boolean; payload: Buffer } | null {
	if (msg.length < 12 || msg[0]! >> 6 !== 2) return null;
	const pt = msg[1]! & 0x7f;
	if (pt >= 72 && pt <= 76) return null; // RTCP (200-204)
	let start = 12 + 4 * (msg[0]! & 0x0f);
	if (msg[0]! & 0x10) start += 4 + 4 * msg.readUInt16BE(start + 2);
	const end = msg[0]! & 0x20 ? msg.length - msg[msg.length - 1]! : msg.length;
	return { pt, seq: msg.readUInt16BE(2), ts: msg.readUInt32BE(4), marker: (msg[1]! & 0x80) !== 0, payload: Buffer.from(msg.subarray(start, end)) };
}

/** A VP8 RTP payload (RFC 7741) that starts a key frame. */
function startsKeyFrame(payload: Buffer): boolean {
	const b0 = payload[0]!;
	if (!(b0 & 0x10) || (b0 & 0x07) !== 0) return false; // not the start of partition 0
	let i = 1;
	if (b0 & 0x80) {
		const x = payload[i++]!;
		if (x & 0x80) i += payload[i]! & 0x80 ? 2 : 1; // picture id
		if (x & 0x40) i++; // TL0PICIDX
		if (x & 0x30) i++; // TID / KEYIDX
	}
	return (payload[i]! & 0x01) === 0;
}

async function bindUdp(): Promise<dgram.Socket> {
	const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 * 2 ** 20 });
	await new Promise<void>((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(0, '127.0.0.1', () => {
			socket.off('error', reject);
			resolve();
		});
	});
	return socket;
}

/** The captured loop and a player replaying it to any number of legs. */
export class LoopSource {
	/** Video frames (each its packets), the first one a key frame. */
	readonly #frames: Packet[][];
	/** Which of those are key frames. */
	readonly #keyFrames: boolean[];
	readonly #audio: Packet[];
	readonly #seconds: number;
	readonly #streams = new Set<{ tick: (now: number) => void }>();
	#timer: NodeJS.Timeout | null = null;
	readonly totals: PlayerTotals = { streams: 0, packets: 0, bytes: 0, videoBytes: 0, late: 0, keyFrameRequests: 0, keyFrames: 0 };

	private constructor(frames: Packet[][], audio: Packet[], seconds: number) {
		this.#frames = frames;
		this.#keyFrames = frames.map((f) => startsKeyFrame(f[0]!.payload));
		this.#audio = audio;
		this.#seconds = seconds;
	}

	/** Encode `seconds` (a whole number, at least 2) with FFmpeg and keep its packets; about a core for that long. */
	static async capture(seconds: number, ffmpeg = process.env['GLADI_FFMPEG'] ?? 'ffmpeg'): Promise<LoopSource> {
		// One key frame more than the loop needs: the loop ends just before it.
		const encodeSeconds = seconds + 1;
		const videoSocket = await bindUdp();
		const audioSocket = await bindUdp();
		const received = { video: [] as ReturnType<typeof rtpPayload>[], audio: [] as ReturnType<typeof rtpPayload>[] };
		videoSocket.on('message', (msg) => received.video.push(rtpPayload(msg)));
		audioSocket.on('message', (msg) => received.audio.push(rtpPayload(msg)));
		const out = (socket: dgram.Socket) => {
			const port = socket.address().port;
			// RTCP to the same socket (ignored): nothing else of ours is on port + 1.
			return `rtp://127.0.0.1:${port}?pkt_size=1200&rtcpport=${port}`;
		};
		const args = [
			'-hide_banner',
			'-loglevel',
			'error',
			'-nostdin',
			'-t',
			String(encodeSeconds),
			'-f',
			'lavfi',
			'-i',
			`testsrc2=size=${VIDEO_WIDTH}x${VIDEO_HEIGHT}:rate=${VIDEO_FPS}`,
			'-t',
			String(encodeSeconds),
			'-f',
			'lavfi',
			'-i',
			`sine=frequency=440:sample_rate=${AUDIO_CLOCK}`,
			'-map',
			'0:v',
			'-c:v',
			'libvpx',
			'-deadline',
			'realtime',
			'-cpu-used',
			'8',
			'-b:v',
			`${VIDEO_KBPS}k`,
			'-maxrate',
			`${VIDEO_KBPS}k`,
			'-bufsize',
			`${VIDEO_KBPS}k`,
			'-g',
			String(KEY_FRAME_INTERVAL),
			'-keyint_min',
			String(KEY_FRAME_INTERVAL),
			'-auto-alt-ref',
			'0',
			'-lag-in-frames',
			'0',
			'-f',
			'rtp',
			out(videoSocket),
			'-map',
			'1:a',
			'-c:a',
			'libopus',
			'-ac',
			'1',
			'-b:a',
			'32k',
			'-frame_duration',
			String(AUDIO_FRAME_MS),
			'-f',
			'rtp',
			out(audioSocket),
		];
		try {
			const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
			let stderr = '';
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const code = await new Promise<number | null>((resolve, reject) => {
				const timer = setTimeout(() => {
					child.kill('SIGKILL');
					reject(new Error(`the loop source's FFmpeg did not finish within 60 s`));
				}, 60_000);
				child.once('error', reject);
				child.once('exit', (c) => {
					clearTimeout(timer);
					resolve(c);
				});
			});
			if (code !== 0) throw new Error(`the loop source's FFmpeg exited with ${code}: ${stderr.trim()}`);
			await new Promise((r) => setTimeout(r, 200)); // the last datagrams
		} finally {
			videoSocket.close();
			audioSocket.close();
		}
		const packets = (list: typeof received.video, what: string) => {
			const rtp = list.filter((p) => p !== null);
			for (let i = 1; i < rtp.length; i++) {
				if (((rtp[i - 1]!.seq + 1) & 0xffff) !== rtp[i]!.seq) throw new Error(`the loop source lost ${what} packets on capture`);
			}
			if (rtp.length === 0) throw new Error(`the loop source captured no ${what}`);
			return rtp;
		};
		const video = packets(received.video, 'video');
		const audio = packets(received.audio, 'audio');
		const frames: Packet[][] = [];
		for (const p of video) {
			const offset = (p.ts - video[0]!.ts) >>> 0;
			const last = frames.at(-1);
			if (last && last[0]!.offset === offset) last.push({ offset, marker: p.marker, payload: p.payload });
			else frames.push([{ offset, marker: p.marker, payload: p.payload }]);
		}
		const loopFrames = seconds * VIDEO_FPS;
		if (frames.length <= loopFrames || !startsKeyFrame(frames[0]![0]!.payload) || !startsKeyFrame(frames[loopFrames]![0]!.payload)) {
			throw new Error(`the loop source's capture does not hold ${seconds} s between key frames (${frames.length} frames)`);
		}
		const audioLoop = audio
			.map((p) => ({ offset: (p.ts - audio[0]!.ts) >>> 0, marker: p.marker, payload: p.payload }))
			.filter((p) => p.offset < seconds * AUDIO_CLOCK);
		return new LoopSource(frames.slice(0, loopFrames), audioLoop, seconds);
	}

	/**
	 * Replay the loop to `leg` from now on (a timer shared by every stream of
	 * this process); returns what stops it. Sequence numbers and timestamps
	 * start at random values, as a browser's do.
	 */
	play(leg: RtpSendLeg, ids: LoopStreamIds): () => void {
		const started = performance.now();
		const random16 = () => Math.floor(Math.random() * 0x10000);
		const random32 = () => Math.floor(Math.random() * 0x1_0000_0000);
		const state = {
			/** Frames sent, and the loop's frame to send next (it skips ahead to answer a key frame request). */
			video: { sent: 0, next: 0, keyFrameWanted: false, seq: random16(), ts: random32() },
			audio: { next: 0, seq: random16(), ts: random32() },
		};
		leg.onKeyFrameRequest = () => {
			this.totals.keyFrameRequests++;
			state.video.keyFrameWanted = true;
		};
		const send = (kind: 'audio' | 'video', packet: Packet, ts: number, due: number, now: number) => {
			const s = state[kind];
			const rtp = Buffer.alloc(12 + packet.payload.length);
			rtp[0] = 0x80;
			rtp[1] = (packet.marker ? 0x80 : 0) | ids[kind].payloadType;
			rtp.writeUInt16BE(s.seq, 2);
			s.seq = (s.seq + 1) & 0xffff;
			rtp.writeUInt32BE((s.ts + ts) >>> 0, 4);
			rtp.writeUInt32BE(ids[kind].ssrc, 8);
			packet.payload.copy(rtp, 12);
			this.totals.packets++;
			this.totals.bytes += rtp.length;
			if (kind === 'video') this.totals.videoBytes += rtp.length;
			if (now - due > 50) this.totals.late++;
			leg.sendRtp(rtp).catch(() => undefined);
		};
		const frames = this.#frames.length;
		const stream = {
			tick: (now: number) => {
				const elapsed = now - started;
				const v = state.video;
				while ((v.sent * 1000) / VIDEO_FPS <= elapsed) {
					if (v.keyFrameWanted) {
						v.keyFrameWanted = false;
						while (!this.#keyFrames[v.next]) v.next = (v.next + 1) % frames; // the loop's first frame is one
					}
					if (this.#keyFrames[v.next]) this.totals.keyFrames++;
					const ts = (v.sent * VIDEO_CLOCK) / VIDEO_FPS;
					for (const packet of this.#frames[v.next % frames]!) send('video', packet, ts, (v.sent * 1000) / VIDEO_FPS, elapsed);
					v.sent++;
					v.next = (v.next + 1) % frames;
				}
				const a = state.audio;
				for (;;) {
					const loop = Math.floor(a.next / this.#audio.length);
					const packet = this.#audio[a.next % this.#audio.length]!;
					const ts = loop * this.#seconds * AUDIO_CLOCK + packet.offset;
					const due = (ts / AUDIO_CLOCK) * 1000;
					if (due > elapsed) break;
					send('audio', packet, ts, due, elapsed);
					a.next++;
				}
			},
		};
		this.#streams.add(stream);
		this.totals.streams++;
		this.#timer ??= setInterval(() => {
			const now = performance.now();
			for (const s of this.#streams) s.tick(now);
		}, 5);
		return () => {
			leg.onKeyFrameRequest = null;
			if (!this.#streams.delete(stream)) return;
			this.totals.streams--;
			if (this.#streams.size === 0 && this.#timer) {
				clearInterval(this.#timer);
				this.#timer = null;
			}
		};
	}
}
