import { describe, expect, it } from 'vitest';
import { containerFor, recorderSdp } from './sdp.ts';

describe('recorderSdp', () => {
	it('describes each stream with its consumer codec, on loopback', () => {
		const sdp = recorderSdp([
			{ kind: 'video', port: 20000, rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } }] } },
			{ kind: 'audio', port: 20002, rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }] } },
		]);
		expect(sdp.split('\r\n')).toEqual([
			'v=0',
			'o=- 0 0 IN IP4 127.0.0.1',
			's=Gladi recording',
			'c=IN IP4 127.0.0.1',
			't=0 0',
			'm=video 20000 RTP/AVP 101',
			'a=rtpmap:101 VP8/90000',
			'a=recvonly',
			'm=audio 20002 RTP/AVP 100',
			'a=rtpmap:100 opus/48000/2',
			'a=fmtp:100 useinbandfec=1',
			'a=recvonly',
			'',
		]);
	});

	it('keeps H.264 format parameters', () => {
		const sdp = recorderSdp([
			{
				kind: 'video',
				port: 20004,
				rtpParameters: { codecs: [{ mimeType: 'video/H264', payloadType: 107, clockRate: 90000, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } }] },
			},
		]);
		expect(sdp).toContain('a=fmtp:107 packetization-mode=1;profile-level-id=42e01f\r\n');
	});

	it('refuses a stream without a codec', () => {
		expect(() => recorderSdp([{ kind: 'audio', port: 1, rtpParameters: { codecs: [] } }])).toThrow(/no codec/);
	});
});

describe('containerFor', () => {
	it('puts VP8 in WebM and H.264 in MP4', () => {
		expect(containerFor('video/VP8')).toMatchObject({ ext: 'webm', mimeType: 'video/webm' });
		expect(containerFor(undefined)).toMatchObject({ ext: 'webm' });
		expect(containerFor('video/H264')).toMatchObject({ ext: 'mp4', mimeType: 'video/mp4' });
	});
});
