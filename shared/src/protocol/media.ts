import { z } from 'zod';

/*
 * Shapes of the mediasoup parameters that cross the wire. They bound sizes and
 * check the fields Gladi relies on; mediasoup validates the rest deeply, and
 * its errors are answered as bad_request.
 */
const id = z.string().min(1).max(64);
const shortString = z.string().max(256);
const params = z.record(z.string().max(64), z.union([z.string().max(256), z.number(), z.boolean()]));

const codecParameters = z.looseObject({
	mimeType: z.string().min(3).max(64),
	payloadType: z.int().min(0).max(127),
	clockRate: z.int().positive(),
	channels: z.int().min(1).max(8).optional(),
	parameters: params.optional(),
	rtcpFeedback: z.array(z.looseObject({ type: z.string().max(32), parameter: z.string().max(32).optional() })).max(16).optional(),
});

const encoding = z.looseObject({
	ssrc: z.int().nonnegative().optional(),
	rid: z.string().max(16).optional(),
	scalabilityMode: z.string().max(16).optional(),
	maxBitrate: z.number().positive().optional(),
	active: z.boolean().optional(),
});

const headerExtension = z.looseObject({
	uri: z.string().max(256),
	id: z.int().min(1).max(255),
	encrypt: z.boolean().optional(),
	parameters: params.optional(),
});

export const rtpParametersSchema = z.looseObject({
	mid: z.string().max(32).optional(),
	codecs: z.array(codecParameters).min(1).max(16),
	headerExtensions: z.array(headerExtension).max(32).optional(),
	encodings: z.array(encoding).max(8).optional(),
	rtcp: z.looseObject({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional() }).optional(),
});

const capabilityCodec = z.looseObject({
	kind: z.enum(['audio', 'video']),
	mimeType: z.string().min(3).max(64),
	preferredPayloadType: z.int().min(0).max(127).optional(),
	clockRate: z.int().positive(),
	channels: z.int().min(1).max(8).optional(),
	parameters: params.optional(),
	rtcpFeedback: z.array(z.looseObject({ type: z.string().max(32), parameter: z.string().max(32).optional() })).max(16).optional(),
});

export const rtpCapabilitiesSchema = z.looseObject({
	codecs: z.array(capabilityCodec).max(64).optional(),
	headerExtensions: z
		.array(z.looseObject({ kind: z.enum(['audio', 'video']), uri: z.string().max(256), preferredId: z.int() }))
		.max(64)
		.optional(),
});

export const dtlsParametersSchema = z.looseObject({
	role: z.enum(['auto', 'client', 'server']).optional(),
	fingerprints: z
		.array(z.looseObject({ algorithm: z.string().max(16), value: z.string().max(256) }))
		.min(1)
		.max(8),
});

export const mediaIdSchema = id;
export { shortString };

export type RtpParametersWire = z.infer<typeof rtpParametersSchema>;
export type RtpCapabilitiesWire = z.infer<typeof rtpCapabilitiesSchema>;
export type DtlsParametersWire = z.infer<typeof dtlsParametersSchema>;
