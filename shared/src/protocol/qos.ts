import { z } from 'zod';

/*
 * Connection quality ("QoS"): what each participant's browser measures about
 * its own link, reported to the server every few seconds (`qos:report`), and
 * what the server sends the room's mentors (`qos:state`), merged with what
 * mediasoup sees on its side (producer and consumer stats, current layers).
 */

/** How a link is doing, as the indicators show it. */
export const LINK_QUALITIES = ['good', 'fair', 'poor'] as const;
export type LinkQuality = (typeof LINK_QUALITIES)[number];

/** Why the host's browser sends less than asked (RTCOutboundRtpStreamStats.qualityLimitationReason). */
export const SEND_LIMITATIONS = ['none', 'bandwidth', 'cpu', 'other'] as const;
export type SendLimitation = (typeof SEND_LIMITATIONS)[number];

/** The host's choice of top quality: `saver` ("Hemat data") sends at most 360p, `standard` everything. */
export const HOST_QUALITY_CHOICES = ['standard', 'saver'] as const;
export type HostQualityChoice = (typeof HOST_QUALITY_CHOICES)[number];
/** Hemat data: the camera sends the simulcast layers up to this index (r0 180p, r1 360p). */
export const SAVER_TOP_LAYER = 1;

const kbps = z.number().min(0).max(100_000);
const ms = z.number().min(0).max(600_000);
const pct = z.number().min(0).max(100);
const px = z.int().min(0).max(8192);
const fps = z.number().min(0).max(240);

/** One simulcast layer as the host's browser sends it (outbound-rtp by rid). */
export const sentLayerSchema = z.strictObject({
	rid: z.string().max(16),
	/** false: paused by the browser (bandwidth/CPU) or by the host's quality choice. */
	active: z.boolean(),
	width: px,
	height: px,
	fps,
	kbps,
});
export type SentLayer = z.infer<typeof sentLayerSchema>;

/** The host's sending side, over the last report window. */
export const sendReportSchema = z.strictObject({
	/** Lowest first, in the order of the camera producer's encodings (r0, r1, r2): index i is mediasoup's spatial layer i. */
	layers: z.array(sentLayerSchema).max(8),
	limitation: z.enum(SEND_LIMITATIONS),
	/** The congestion controller's estimate (candidate-pair availableOutgoingBitrate). */
	availableKbps: kbps.optional(),
	/** Round trip to the server (remote-inbound-rtp / candidate pair). */
	rttMs: ms.optional(),
	/** Share of sent video packets the server reported lost. */
	lossPct: pct.optional(),
	choice: z.enum(HOST_QUALITY_CHOICES),
});
export type SendReport = z.infer<typeof sendReportSchema>;

/** A viewer's receiving side (the host's video), over the last report window. */
export const receiveReportSchema = z.strictObject({
	width: px,
	height: px,
	fps,
	kbps,
	lossPct: pct,
	/** Freezes since the video started (inbound-rtp freezeCount) and their total duration. */
	freezeCount: z.int().min(0).max(1_000_000),
	// Not `ms.max(...)`: zod keeps both maxima, and a long live can freeze for more than 10 minutes in all.
	freezeMs: z.number().min(0).max(86_400_000),
	jitterMs: ms.optional(),
	rttMs: ms.optional(),
	/** Audio concealment share over the window (concealedSamples / totalSamplesReceived). */
	audioConcealedPct: pct.optional(),
});
export type ReceiveReport = z.infer<typeof receiveReportSchema>;

/** `qos:report` payload: the sender's own verdict plus the figures behind it. */
export const qosReportSchema = z.strictObject({
	quality: z.enum(LINK_QUALITIES),
	send: sendReportSchema.optional(),
	receive: receiveReportSchema.optional(),
});
export type QosReport = z.infer<typeof qosReportSchema>;

/** How often a client reports, and how stale a report may be before the mentor panel shows it as unknown. */
export const QOS_REPORT_INTERVAL_MS = 2_000;
export const QOS_REPORT_STALE_MS = 7_000;

/** A link as the mentor panel sorts and colours it: its quality, or unknown (no fresh report, no media figures). */
export type QosVerdict = LinkQuality | 'unknown';

/** Most viewer rows one `qos:state` carries (problems first); `viewerTotals` still counts everyone. */
export const QOS_MAX_VIEWER_ROWS = 50;

/** What the server sends mentors about one viewer (a buyer or another mentor). */
export interface QosViewer {
	peerId: string;
	name: string;
	role: 'mentor' | 'buyer';
	/** The viewer's own verdict, or null without a fresh report. */
	quality: LinkQuality | null;
	/** The simulcast layer mediasoup forwards to this viewer now (0 = lowest), null when not consuming video. */
	spatialLayer: number | null;
	/** mediasoup's consumer score (0-10), null when not consuming video. */
	score: number | null;
	receive: ReceiveReport | null;
}

/** What the server sends mentors about the host. */
export interface QosHost {
	peerId: string;
	name: string;
	quality: LinkQuality | null;
	send: SendReport | null;
	/** mediasoup's producer scores per received layer (0-10), lowest layer first. */
	scores: number[];
}

/** `qos:state`, to mentors only, every QOS_REPORT_INTERVAL_MS while a mentor is in the room. */
export interface QosState {
	at: number;
	/** The joined host, or null while there is none. */
	host: QosHost | null;
	/** Everyone else joined, the worst links first, at most QOS_MAX_VIEWER_ROWS of them. */
	viewers: QosViewer[];
	/** Every viewer by verdict (domain/qosState.ts), the ones without a row too. */
	viewerTotals: Record<QosVerdict, number>;
}
