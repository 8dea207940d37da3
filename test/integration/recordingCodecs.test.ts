/*
 * The recorder with each video codec a host may send: VP8 (browsers) and
 * H.264 (some phones). A real worker's router receives real RTP from an
 * FFmpeg test source through plain transports (as a host's producers), the
 * real recorder writes it, and the joined file is in a container browsers
 * play: VP8 in WebM, H.264 in MP4.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/src/logger.ts';
import { MEDIA_CODECS } from '../../server/src/media/codecs.ts';
import type { ProducerAppData } from '../../server/src/media/peerMedia.ts';
import { RouterSite } from '../../server/src/media/routerSite.ts';
import { assemble } from '../../server/src/recording/assemble.ts';
import { probe, run } from '../../server/src/recording/ffmpeg.ts';
import { SessionRecording } from '../../server/src/recording/sessionRecording.ts';
import { sleep, studioSuite } from './harness.ts';

const suite = studioSuite();
const dirs: string[] = [];
const sources: ChildProcess[] = [];
afterAll(() => {
	for (const s of sources) s.kill('SIGKILL');
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const VIDEO = {
	vp8: { codec: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }, encoder: ['-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '400k'] },
	h264: {
		codec: { mimeType: 'video/H264', payloadType: 102, clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } },
		encoder: ['-c:v', 'libx264', '-profile:v', 'baseline', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-bsf:v', 'h264_mp4toannexb'],
	},
} as const;

/** A producer on `router` fed by plain RTP that `ffmpeg` will send to the returned port. */
async function plainProducer(router: types.Router, kind: 'audio' | 'video', rtpParameters: types.RtpParameters) {
	const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
	const producer = await transport.produce<ProducerAppData>({ kind, rtpParameters, appData: { peerId: 'source', source: kind === 'video' ? 'camera' : 'mic' } });
	return { producer, port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple?.localPort ?? transport.tuple.localPort };
}

describe('the recorder with each video codec', () => {
	for (const [name, video] of Object.entries(VIDEO)) {
		it(`writes ${name} and Opus into a file browsers play`, { timeout: 30_000 }, async () => {
			const slot = suite.studio.studio.pool.slots[0]!;
			const router = await slot.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
			const site = new RouterSite(slot, router);
			const dir = mkdtempSync(path.join(os.tmpdir(), `gladi-codec-${name}-`));
			dirs.push(dir);
			try {
				const cam = await plainProducer(router, 'video', { codecs: [video.codec], encodings: [{ ssrc: 22_222_222 }] });
				const mic = await plainProducer(router, 'audio', {
					codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
					encodings: [{ ssrc: 11_111_111 }],
				});
				const recording = new SessionRecording({ sessionId: `s_${name}`, dir, site, producers: () => [cam.producer, mic.producer], ffmpeg: 'ffmpeg', log: silentLogger });
				// The source starts once the recorder listens and its consumers flow: its first frame is the key frame
				// the recorder waits for (an FFmpeg source ignores key frame requests, so a missed one costs a second).
				await recording.settled();
				const source = spawn(
					'ffmpeg',
					[
						'-hide_banner', '-loglevel', 'error', '-re',
						'-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30',
						'-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
						'-t', '4',
						'-map', '0:v', ...video.encoder, '-g', '30', '-f', 'rtp', '-ssrc', '22222222', '-payload_type', String(video.codec.payloadType),
						`rtp://127.0.0.1:${cam.port}?rtcpport=${cam.rtcpPort}`,
						'-map', '1:a', '-c:a', 'libopus', '-f', 'rtp', '-ssrc', '11111111', '-payload_type', '100',
						`rtp://127.0.0.1:${mic.port}?rtcpport=${mic.rtcpPort}`,
					],
					{ stdio: 'ignore' },
				);
				sources.push(source);
				await sleep(3_500);
				const parts = await recording.stop();
				source.kill('SIGKILL');
				const joined = await assemble({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', parts, dir, log: silentLogger });
				expect(joined).not.toBeNull();
				const expected = name === 'h264' ? { ext: '.mp4', mime: 'video/mp4', codec: 'h264' } : { ext: '.webm', mime: 'video/webm', codec: 'vp8' };
				expect(path.extname(joined!.file)).toBe(expected.ext);
				expect(joined!.mimeType).toBe(expected.mime);
				const info = await probe('ffprobe', joined!.file);
				expect(info?.streams.map((s) => s.codecName).sort()).toEqual([expected.codec, 'opus'].sort());
				expect(joined!.durationMs).toBeGreaterThan(2_000);
				expect(joined!.durationMs).toBeLessThan(4_500);
				// Audio and video were made together at the source: they start together in the file.
				const firstPacket = async (stream: 'a' | 'v') =>
					Number((await run('ffprobe', ['-v', 'error', '-select_streams', stream, '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', joined!.file])).stdout.trim().split('\n')[0]);
				expect(Math.abs((await firstPacket('v')) - (await firstPacket('a')))).toBeLessThan(0.3);
			} finally {
				router.close();
			}
		});
	}
});
