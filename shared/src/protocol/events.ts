import { z } from 'zod';
import type { Action } from '../domain/roles.ts';
import { DISPLAY_NAME_INPUT_MAX, normalizeDisplayName } from '../domain/displayName.ts';
import { DISPLAY_NAME_MAX, type RoomState, type SelfInfo } from '../domain/room.ts';
import { MAX_ROOM_PRODUCTS } from '../domain/catalog.ts';
import {
	COMMENT_MAX,
	FLASH_COUNTDOWN_MAX_S,
	FLASH_COUNTDOWN_MIN_S,
	FLASH_DURATION_MAX_S,
	FLASH_DURATION_MIN_S,
	FLASH_LIMIT_MAX,
	ORDER_QUANTITY_MAX,
	type CrowdSettings,
	type StageComment,
	type StageOrder,
	type StageState,
} from '../domain/stage.ts';
import { DIFFICULTIES, INJECT_KINDS, PERSONA_IDS } from '../crowd/types.ts';
import { NOTE_TAGS, RUBRIC_CRITERIA, type MentorNote } from '../report/types.ts';
import type { Ack, ErrorBody } from './errors.ts';
import { qosReportSchema, type QosState } from './qos.ts';
import {
	dtlsParametersSchema,
	mediaIdSchema,
	rtpCapabilitiesSchema,
	rtpParametersSchema,
	type DtlsParametersWire,
	type RtpCapabilitiesWire,
	type RtpParametersWire,
} from './media.ts';

export const WHISPER_MAX = 80;
export const NOTE_MAX = 500;

/**
 * A person's name as shown to others (the socket handshake; a mentor's name
 * on notes and scores): normalised (domain/displayName.ts), then limited.
 */
export const displayNameSchema = z
	.string()
	.max(DISPLAY_NAME_INPUT_MAX)
	.transform(normalizeDisplayName)
	.pipe(z.string().min(1, 'the name is empty').max(DISPLAY_NAME_MAX));

/** A mentor's note: live over the socket, or afterwards over HTTP (shared/src/protocol/http.ts). */
export const mentorNoteShape = {
	text: z.string().trim().max(NOTE_MAX),
	tags: z.array(z.enum(NOTE_TAGS)).max(NOTE_TAGS.length),
	/** The moment the note is about (epoch ms); default: now. */
	at: z.int().positive().optional(),
};
export const noteHasContent = (n: { text: string; tags: readonly unknown[] }): boolean => n.text.length > 0 || n.tags.length > 0;
export const NOTE_NEEDS_CONTENT = 'a note needs text or a tag';

/** A mentor's rubric score for one criterion, live or afterwards. */
export const mentorScoreShape = {
	criterion: z.enum(RUBRIC_CRITERIA),
	level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
};

/** Largest socket.io message the server accepts (bytes); larger ones are refused. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export const MEDIA_SOURCES = ['camera', 'mic'] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

const empty = z.strictObject({});
const entityId = z.string().min(1).max(64);

export const crowdSettingsSchema = z.strictObject({
	difficulty: z.enum(DIFFICULTIES).optional(),
	commentsPerMinute: z.number().min(0).max(600).optional(),
	personaMix: z.partialRecord(z.enum(PERSONA_IDS), z.number().min(0).max(100)).optional(),
	lang: z.enum(['id', 'en']).optional(),
});

/**
 * When a request may be sent on a connection: `joined` (most) once its
 * room:join is through; `unjoined` only before that; `prepared` once
 * room:prepare (or the join) is through, so that a viewer's transport
 * connects and its consumers are made (paused: nothing flows before the
 * join, which resuming needs) while the person types their name.
 */
export type RequestOrder = 'joined' | 'unjoined' | 'prepared';

/**
 * Every client -> server request: its payload schema, the action the
 * sender's role must be allowed (see domain/roles.ts) and, when it is not
 * `joined`, its order. Each is sent with an acknowledgement callback that
 * receives an Ack of the matching response.
 */
export const requests = {
	/**
	 * Before the join (the person may still be typing their name): the
	 * room's RTP capabilities to load a device with and, for those who watch,
	 * a receive transport; the join is then a single round trip.
	 */
	'room:prepare': { schema: empty, action: 'join', order: 'unjoined' },
	/**
	 * `name`: the display name, when the handshake had none (it wins over the
	 * handshake's). Requests sent behind it on the same connection are handled
	 * once it is answered, so a client may resume or consume right after it.
	 */
	'room:join': { schema: z.strictObject({ name: displayNameSchema.optional() }), action: 'join', order: 'unjoined' },
	'media:createTransport': {
		schema: z.strictObject({ direction: z.enum(['send', 'recv']) }),
		action: 'consume',
	},
	'media:connectTransport': {
		schema: z.strictObject({ transportId: mediaIdSchema, dtlsParameters: dtlsParametersSchema }),
		action: 'consume',
		order: 'prepared',
	},
	'media:restartIce': { schema: z.strictObject({ transportId: mediaIdSchema }), action: 'consume', order: 'prepared' },
	'media:produce': {
		schema: z.strictObject({
			transportId: mediaIdSchema,
			kind: z.enum(['audio', 'video']),
			source: z.enum(MEDIA_SOURCES),
			rtpParameters: rtpParametersSchema,
			paused: z.boolean().optional(),
		}),
		action: 'produce',
	},
	'media:setProducerPaused': {
		schema: z.strictObject({ producerId: mediaIdSchema, paused: z.boolean() }),
		action: 'produce',
	},
	'media:closeProducer': { schema: z.strictObject({ producerId: mediaIdSchema }), action: 'produce' },
	/** Consumers start paused; before the join (a prepared connection) they can only wait for it. */
	'media:consume': {
		schema: z.strictObject({ transportId: mediaIdSchema, rtpCapabilities: rtpCapabilitiesSchema }),
		action: 'consume',
		order: 'prepared',
	},
	'media:resumeConsumer': { schema: z.strictObject({ consumerId: mediaIdSchema }), action: 'consume' },
	'live:start': { schema: empty, action: 'controlLive' },
	'live:end': { schema: empty, action: 'controlLive' },
	'stage:pin': { schema: z.strictObject({ productId: entityId }), action: 'manageStage' },
	'stage:unpin': { schema: empty, action: 'manageStage' },
	'stage:startFlashSale': {
		schema: z.strictObject({
			productId: entityId,
			salePrice: z.int().min(100),
			countdownSeconds: z.int().min(FLASH_COUNTDOWN_MIN_S).max(FLASH_COUNTDOWN_MAX_S),
			durationSeconds: z.int().min(FLASH_DURATION_MIN_S).max(FLASH_DURATION_MAX_S),
			perBuyerLimit: z.int().min(1).max(FLASH_LIMIT_MAX),
		}),
		action: 'manageStage',
	},
	'stage:endFlashSale': { schema: empty, action: 'manageStage' },
	'stage:markAnswered': { schema: z.strictObject({ commentId: entityId }), action: 'manageStage' },
	'stage:pinComment': { schema: z.strictObject({ commentId: entityId.nullable() }), action: 'manageStage' },
	'stage:comment': {
		schema: z.strictObject({ text: z.string().trim().min(1, 'comment is empty').max(COMMENT_MAX) }),
		action: 'comment',
	},
	'stage:like': { schema: z.strictObject({ count: z.int().min(1).max(20).default(1) }), action: 'like' },
	'stage:order': {
		schema: z.strictObject({
			productId: entityId,
			variantId: entityId,
			quantity: z.int().min(1).max(ORDER_QUANTITY_MAX),
		}),
		action: 'buy',
	},
	'stage:setProducts': {
		schema: z.strictObject({ productIds: z.array(entityId).min(1).max(MAX_ROOM_PRODUCTS) }),
		action: 'manageProducts',
	},
	'stage:setCrowd': { schema: crowdSettingsSchema, action: 'steerCrowd' },
	/** A viewer opened a product (the pinned card or a basket item): counted for the report's click-through. */
	'stage:viewProduct': { schema: z.strictObject({ productId: entityId }), action: 'like' },
	/** A short cue shown only on the host's screen for a few seconds. */
	'mentor:whisper': {
		schema: z.strictObject({ text: z.string().trim().min(1, 'whisper is empty').max(WHISPER_MAX) }),
		action: 'coach',
	},
	/** A timestamped note on the current (or, after the live, the last) session. */
	'mentor:note': {
		schema: z.strictObject(mentorNoteShape).refine(noteHasContent, NOTE_NEEDS_CONTENT),
		action: 'coach',
	},
	'mentor:score': {
		schema: z.strictObject(mentorScoreShape),
		action: 'coach',
	},
	'mentor:inject': { schema: z.strictObject({ kind: z.enum(INJECT_KINDS) }), action: 'coach' },
	/**
	 * How this browser's own link is doing, every QOS_REPORT_INTERVAL_MS: a
	 * host reports what it sends (`send`), a viewer what it receives (`receive`).
	 */
	'qos:report': { schema: qosReportSchema, action: 'reportQuality' },
} as const satisfies Record<string, { schema: z.ZodType; action: Action; order?: RequestOrder }>;

export type RequestName = keyof typeof requests;

export function requestOrder(name: RequestName): RequestOrder {
	const spec = requests[name];
	return 'order' in spec ? spec.order : 'joined';
}
export type RequestPayload<E extends RequestName> = z.infer<(typeof requests)[E]['schema']>;
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];

export function isRequestName(name: string): name is RequestName {
	return Object.hasOwn(requests, name);
}

export interface TransportInfo {
	id: string;
	iceParameters: { usernameFragment: string; password: string; iceLite?: boolean };
	iceCandidates: Array<{
		foundation: string;
		priority: number;
		address: string;
		ip?: string;
		protocol: 'udp' | 'tcp';
		port: number;
		type: 'host' | 'srflx' | 'prflx' | 'relay';
		tcpType?: 'active' | 'passive' | 'so';
	}>;
	dtlsParameters: DtlsParametersWire;
}

export interface ConsumerInfo {
	id: string;
	producerId: string;
	kind: 'audio' | 'video';
	source: MediaSource;
	rtpParameters: RtpParametersWire;
}

export interface JoinResponse {
	self: SelfInfo;
	/**
	 * This person's signed id in the studio: the client keeps it (it is
	 * sent back as `person` in the next handshakes) so that limits follow the
	 * person across reconnects and names. The same one that was sent, or a new one.
	 */
	person: string;
	room: RoomState;
	routerRtpCapabilities: RtpCapabilitiesWire;
	stage: StageState;
	/** The most recent comments, oldest first. */
	comments: StageComment[];
	/** Recent orders (the host's activity feed), oldest first. */
	orders: StageOrder[];
}

/** What a connection sets up before its person has joined (room:prepare). */
export interface PrepareResponse {
	/** As JoinResponse.person: kept, so that a reconnection while the form is open is not a new person. */
	person: string;
	routerRtpCapabilities: RtpCapabilitiesWire;
	/** For those who watch (mentors, buyers): their receive transport, ready to consume on once joined; null for the host. */
	recvTransport: TransportInfo | null;
}

/** What the server answers to each request (inside Ack.data). */
export interface ResponseMap {
	'room:prepare': PrepareResponse;
	'room:join': JoinResponse;
	'media:createTransport': TransportInfo;
	'media:connectTransport': Record<string, never>;
	'media:restartIce': { iceParameters: TransportInfo['iceParameters'] };
	'media:produce': { producerId: string };
	'media:setProducerPaused': Record<string, never>;
	'media:closeProducer': Record<string, never>;
	'media:consume': { consumers: ConsumerInfo[] };
	'media:resumeConsumer': Record<string, never>;
	'live:start': { room: RoomState };
	'live:end': { room: RoomState };
	'stage:pin': Record<string, never>;
	'stage:unpin': Record<string, never>;
	'stage:startFlashSale': Record<string, never>;
	'stage:endFlashSale': Record<string, never>;
	'stage:markAnswered': Record<string, never>;
	'stage:pinComment': Record<string, never>;
	'stage:comment': { comment: StageComment };
	'stage:like': { likes: number };
	'stage:order': { order: StageOrder };
	'stage:setProducts': Record<string, never>;
	'stage:setCrowd': { crowd: CrowdSettings };
	'stage:viewProduct': Record<string, never>;
	'mentor:whisper': Record<string, never>;
	'mentor:note': { note: MentorNote };
	'mentor:score': Record<string, never>;
	'mentor:inject': Record<string, never>;
	'qos:report': Record<string, never>;
}

/** Why the server closes a connection; `link_revoked`: the invite link it opened with no longer works (for good). */
/** `moved`: the room runs on another server node now (being drained, or it took over): connect again, where the invite lookup says. */
export type RoomClosedReason = 'media_failure' | 'room_closed' | 'replaced' | 'turn_over' | 'link_revoked' | 'moved';

/** Server -> client notifications. */
export interface ServerEvents {
	/** The room's public state changed (live started/ended, the host came or went; viewer counts at most once a second). */
	'room:state': (state: RoomState) => void;
	/** A consumer was closed by the server (its producer went away). */
	'media:consumerClosed': (payload: { consumerId: string }) => void;
	/** The room's media was closed; the client should rejoin after a moment (reason tells why). */
	'room:closed': (payload: { reason: RoomClosedReason; message: string }) => void;
	/** The stage changed (pin, flash sale, products, stock, crowd settings). */
	'stage:state': (state: StageState) => void;
	/** New comments, oldest first (batched). */
	'stage:comments': (comments: StageComment[]) => void;
	/** A comment was marked answered. */
	'stage:answered': (payload: { commentId: string }) => void;
	/** Counters that change often, sent without the whole state. */
	'stage:counters': (payload: { likes: number; viewers: number; likesDelta: number }) => void;
	'stage:order': (order: StageOrder) => void;
	'stage:gift': (payload: { name: string; gift: string; count: number }) => void;
	/** To the host only: a mentor's short cue. */
	'stage:whisper': (payload: { text: string; from: string; at: number }) => void;
	/** To mentors only, every QOS_REPORT_INTERVAL_MS: everyone's connection quality (protocol/qos.ts). */
	'qos:state': (state: QosState) => void;
	/** A message the server could not route to an ack (unknown event without callback, etc). */
	'protocol:error': (payload: ErrorBody & { event?: string }) => void;
}

export type ClientEvents = {
	[E in RequestName]: (payload: RequestPayload<E>, ack: (result: Ack<ResponseMap[E]>) => void) => void;
};

/** A person credential as the server issues it (JoinResponse.person); anything else gets a new one. */
export const PERSON_CREDENTIAL_MAX = 128;

/**
 * Handshake auth: the invite token decides room and role; the name is only
 * a label. Without a name the connection can prepare (room:prepare) while
 * its person types one, and names itself in room:join.
 */
export const handshakeAuthSchema = z.strictObject({
	token: z.string().min(16).max(128),
	name: displayNameSchema.optional(),
	/** The person credential from an earlier join, if this device has one. */
	person: z.string().max(PERSON_CREDENTIAL_MAX).optional(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;
