import type { types } from 'mediasoup';

/** One RTP stream the recorder receives: where, and what codec. */
export interface RecorderStream {
	kind: 'audio' | 'video';
	/** RTP port; RTCP goes to port + 1 (FFmpeg has no rtcp-mux). */
	port: number;
	rtpParameters: types.RtpParameters;
}

/**
 * The SDP FFmpeg reads to receive a session's streams on loopback: one
 * m-line per stream with its codec as mediasoup sends it (the consumer's
 * payload type, clock rate, channels and format parameters).
 */
export function recorderSdp(streams: readonly RecorderStream[]): string {
	const lines = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=Gladi recording', 'c=IN IP4 127.0.0.1', 't=0 0'];
	for (const { kind, port, rtpParameters } of streams) {
		const codec = rtpParameters.codecs[0];
		if (!codec) throw new Error(`the ${kind} stream has no codec`);
		const name = codec.mimeType.split('/')[1]!;
		const pt = codec.payloadType;
		lines.push(`m=${kind} ${port} RTP/AVP ${pt}`);
		lines.push(`a=rtpmap:${pt} ${name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ''}`);
		const fmtp = Object.entries(codec.parameters ?? {})
			.filter(([key]) => !key.startsWith('x-google'))
			.map(([key, value]) => `${key}=${String(value)}`);
		if (fmtp.length > 0) lines.push(`a=fmtp:${pt} ${fmtp.join(';')}`);
		lines.push('a=recvonly');
	}
	return `${lines.join('\r\n')}\r\n`;
}

/** The container a finished recording is written in, by its video codec: what browsers play. */
export function containerFor(videoMimeType: string | undefined): { ext: 'webm' | 'mp4'; mimeType: string; format: string; options: string[] } {
	if (videoMimeType?.toLowerCase() === 'video/h264') {
		// FFmpeg 5.1 cannot put VP8 in MP4, and WebM cannot hold H.264: H.264 (some phones) goes to MP4.
		return { ext: 'mp4', mimeType: 'video/mp4', format: 'mp4', options: ['-movflags', '+faststart'] };
	}
	return { ext: 'webm', mimeType: 'video/webm', format: 'webm', options: [] };
}
