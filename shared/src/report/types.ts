import type { CommentSource, CrowdSettings } from '../domain/stage.ts';
import type { InjectKind, PersonaId } from '../crowd/types.ts';

/**
 * A rehearsal session's timeline: everything that happened on stage, in time
 * order, as the server records it (one row per event, written before the
 * server acknowledges the action). `at` is epoch ms (server clock).
 */
export type TimelineEvent =
	| { type: 'liveStarted'; at: number }
	| { type: 'liveEnded'; at: number }
	| {
			type: 'comment';
			at: number;
			id: string;
			name: string;
			text: string;
			source: CommentSource;
			isQuestion: boolean;
			personaId?: PersonaId;
	  }
	| { type: 'answered'; at: number; commentId: string }
	| { type: 'commentPinned'; at: number; commentId: string | null }
	| { type: 'pinned'; at: number; productId: string; productName: string }
	| { type: 'unpinned'; at: number }
	| {
			type: 'flashSaleStarted';
			at: number;
			productId: string;
			productName: string;
			salePrice: number;
			startsAt: number;
			endsAt: number;
			perBuyerLimit: number;
	  }
	| { type: 'flashSaleEnded'; at: number; productId: string }
	| {
			type: 'order';
			at: number;
			orderId: string;
			buyerName: string;
			productId: string;
			productName: string;
			variantLabel: string;
			quantity: number;
			unitPrice: number;
			simulated: boolean;
			flashSale: boolean;
	  }
	/** Viewer count (people + simulated) whenever it changes, at most about once a second. */
	| { type: 'viewers'; at: number; count: number }
	| { type: 'likes'; at: number; total: number }
	/** The host's microphone went above / below the speaking threshold. */
	| { type: 'speaking'; at: number; speaking: boolean }
	/** A viewer opened a product (tapped the pinned card or a basket item). */
	| { type: 'productView'; at: number; productId: string; name: string; simulated: boolean }
	| { type: 'whisper'; at: number; mentorName: string; text: string }
	| { type: 'inject'; at: number; mentorName: string; kind: InjectKind }
	| { type: 'crowdChanged'; at: number; settings: CrowdSettings };

export type TimelineEventType = TimelineEvent['type'];

export interface SessionInfo {
	id: string;
	roomCode: string;
	title: string;
	hostName: string;
	startedAt: number;
	/** null while the live is still running. */
	endedAt: number | null;
	classId: string | null;
	memberId: string | null;
}

export const NOTE_TAGS = [
	'goodGreeting',
	'missedQuestion',
	'clearCallToAction',
	'tooQuiet',
	'productNotVisible',
	'goodProductKnowledge',
	'goodEnergy',
	'talksTooFast',
] as const;
export type NoteTag = (typeof NOTE_TAGS)[number];

export interface MentorNote {
	id: string;
	sessionId: string;
	/** Epoch ms the note is about (the moment in the live). */
	at: number;
	mentorName: string;
	text: string;
	tags: NoteTag[];
}

export const RUBRIC_CRITERIA = ['opening', 'productKnowledge', 'answeringBuyers', 'callToAction', 'energyPacing'] as const;
export type RubricCriterion = (typeof RUBRIC_CRITERIA)[number];
export type RubricLevel = 1 | 2 | 3 | 4;

export interface RubricScore {
	criterion: RubricCriterion;
	level: RubricLevel;
	mentorName: string;
	updatedAt: number;
}

/** A dashboard figure like the ones sellers see on their platform, with the target it is judged against. */
export interface DashboardMetric {
	key: 'entryRate' | 'productCtr' | 'clickToOrder' | 'gpm' | 'answeredShare' | 'talkShare' | 'commentRate' | 'averageViewers';
	value: number;
	/** 'perMinute', 'percent' (0-100), 'rupiah', 'count'. */
	unit: 'perMinute' | 'percent' | 'rupiah' | 'count';
	target: number;
	/** value / target, capped at 2: how close to the target. */
	score: number;
	/** One of the three weakest (lowest score) metrics. */
	weak: boolean;
}

/** A session's recording on the server (one file per session). */
export interface RecordingInfo {
	/** GET serves the file with byte ranges; DELETE removes it (root-relative, carries the reader's token). */
	url: string;
	mimeType: string;
	durationMs: number;
	sizeBytes: number;
	/** Epoch ms (server clock) that the file's time 0 corresponds to. */
	startedAt: number;
}

/** One minute of the live, for the report's per-minute chart (minute 0 starts with the live). */
export interface MinuteBucket {
	/** The most viewers at any moment of the minute. */
	viewers: number;
	/** Comments from anyone but the host. */
	comments: number;
	orders: number;
}

/** A moment drawn over the per-minute chart; offsetMs from the live's start. */
export interface ChartMarker {
	kind: 'pin' | 'flashSale' | 'whisper' | 'silence';
	offsetMs: number;
	/** A silence's length (the others are instants: 0). */
	durationMs: number;
	/** The product pinned or on sale; the whisper's text; empty for a silence. */
	label: string;
}

export interface SessionReport {
	session: SessionInfo & { durationMs: number };
	/** Filled by the server from its recordings (computeReport leaves it null). */
	recording: RecordingInfo | null;
	talk: { talkMs: number; talkShare: number; longestSilenceMs: number };
	questions: {
		asked: number;
		answered: number;
		/** 0-1, or null when nothing was asked. */
		answeredShare: number | null;
		medianTimeToAnswerMs: number | null;
		unanswered: Array<{ id: string; at: number; name: string; text: string }>;
	};
	products: Array<{ productId: string; productName: string; pins: number; pinnedMs: number; orders: number; units: number; gmv: number }>;
	sales: { orders: number; units: number; gmv: number; humanOrders: number; simulatedOrders: number; flashSales: number };
	audience: { peakViewers: number; averageViewers: number; commentsPerMinute: number; likes: number; entries: number };
	dashboard: DashboardMetric[];
	rubric: { scores: Partial<Record<RubricCriterion, RubricLevel>>; total: number; max: number };
	notes: Array<MentorNote & { offsetMs: number }>;
	whispers: Array<{ at: number; offsetMs: number; mentorName: string; text: string }>;
	/** Per-minute figures and the moments over them: one bucket per started minute of the live (at least one). */
	minutes: { buckets: MinuteBucket[]; markers: ChartMarker[] };
}
