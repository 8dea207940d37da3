/**
 * Gladi's one error model, used by socket acks, HTTP responses and services.
 *
 * `code` is the stable category a client may switch on; each code has one
 * HTTP status. `kind` names the precise reason (a closed set too); each kind
 * belongs to one code. Clients turn the kind (or, failing that, the code) into
 * a sentence in the user's language; `message` is English for logs and
 * developers only and never shown as it is.
 */
export const ERROR_STATUS = {
	bad_request: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	invalid_state: 409,
	payload_too_large: 413,
	unsupported_media_type: 415,
	unknown_event: 400,
	rate_limited: 429,
	internal: 500,
	/** Nothing wrong with the request: the studio cannot serve it right now (a server node is down or full). */
	unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Every reason the server can give, and the code it is sent under. */
export const ERROR_KINDS = {
	// A kind per code, for errors with nothing more precise to say.
	bad_request: 'bad_request',
	unauthorized: 'unauthorized',
	forbidden: 'forbidden',
	not_found: 'not_found',
	invalid_state: 'invalid_state',
	payload_too_large: 'payload_too_large',
	unsupported_media_type: 'unsupported_media_type',
	unknown_event: 'unknown_event',
	rate_limited: 'rate_limited',
	internal: 'internal',
	unavailable: 'unavailable',

	// Requests and bodies.
	body_not_json: 'bad_request',
	missing_ack: 'bad_request',
	route_not_found: 'not_found',

	// Invite links and who may do what.
	invite_invalid: 'not_found',
	role_forbidden: 'forbidden',
	report_link_invalid: 'forbidden',
	report_of_other_trainee: 'forbidden',
	mentor_only: 'forbidden',
	class_link_invalid: 'forbidden',
	class_mentor_only: 'forbidden',
	/** The display name is the host's, a mentor's or a staff word ("Pendamping", "Admin"...). */
	name_reserved: 'forbidden',
	/** This link (or this address in this room) has as many connections open as it may. */
	too_many_connections: 'rate_limited',
	/** This address asked for too many new person ids in this room lately. */
	person_rate_limited: 'rate_limited',

	// Being in a room.
	not_joined: 'invalid_state',
	already_joined: 'invalid_state',
	left_room: 'invalid_state',
	/** The room's media worker is being replaced: rejoin after a moment. */
	media_restarting: 'invalid_state',
	/** Another server node runs this room. params: { url } — connect there (the invite lookup says so too). */
	room_elsewhere: 'invalid_state',
	/** No server node can take the room now (all draining or down). */
	no_node_available: 'unavailable',

	// Media.
	transport_not_found: 'not_found',
	transport_connected: 'invalid_state',
	wrong_transport: 'invalid_state',
	producer_not_found: 'not_found',
	consumer_not_found: 'not_found',
	codec_unsupported: 'bad_request',
	/** The camera (or mic) is already published: close its producer before publishing it again. */
	source_taken: 'invalid_state',
	media_mismatch: 'bad_request',
	/** A connection report of the wrong side: a host reports what it sends, a viewer what it receives. */
	qos_wrong_side: 'bad_request',

	// The live and the stage.
	nothing_published: 'invalid_state',
	not_live: 'invalid_state',
	no_session: 'invalid_state',
	product_not_in_room: 'not_found',
	variant_not_found: 'not_found',
	comment_not_found: 'not_found',
	comment_empty: 'bad_request',
	sold_out: 'invalid_state',
	/** params: { left } */
	stock_short: 'invalid_state',
	/** params: { limit } */
	flash_sale_limit: 'invalid_state',
	flash_sale_running: 'invalid_state',
	sale_price_too_high: 'bad_request',
	comment_rate_limited: 'rate_limited',
	like_rate_limited: 'rate_limited',
	request_rate_limited: 'rate_limited',

	// Catalog, rooms, classes, reports.
	product_not_found: 'not_found',
	unknown_products: 'bad_request',
	image_type: 'unsupported_media_type',
	/** More pixels than a product photo may have. params: { maxPixels, maxMegapixels } */
	image_too_large: 'payload_too_large',
	session_not_found: 'not_found',
	recording_not_found: 'not_found',
	recording_in_progress: 'invalid_state',
	/** The recording is kept by a server node that is down now. */
	recording_unavailable: 'unavailable',
	/** No server node by that id. */
	node_not_found: 'not_found',
	class_room_not_found: 'not_found',
	write_rate_limited: 'rate_limited',

	// Accounts (mentors and admins) and what they own.
	/** No signed-in mentor: sign in first. */
	not_logged_in: 'unauthorized',
	/** Wrong username or password, or a disabled account (the answer does not say which). */
	login_failed: 'unauthorized',
	/** params: { retryAfterSeconds } */
	login_locked: 'rate_limited',
	admin_only: 'forbidden',
	password_wrong: 'forbidden',
	setup_link_invalid: 'forbidden',
	username_taken: 'invalid_state',
	/** Disabling or demoting the last active admin (or yourself) would lock everyone out. */
	last_admin: 'invalid_state',
	account_not_found: 'not_found',
	room_not_found: 'not_found',
	class_not_found: 'not_found',
	invite_expired: 'not_found',
	/** params: { limit } — rooms one mentor may create per day. */
	room_limit: 'rate_limited',
	// The HTTP edge.
	/** The request's Host is not a name this studio is known by (DNS rebinding). */
	host_not_allowed: 'forbidden',
	/** A state-changing request or a connection from a page on another origin. */
	origin_not_allowed: 'forbidden',
	/** The URL's percent-escapes do not decode. */
	malformed_url: 'bad_request',
} as const satisfies Record<string, ErrorCode>;

export type ErrorKind = keyof typeof ERROR_KINDS;
export const ERROR_KIND_NAMES = Object.keys(ERROR_KINDS) as ErrorKind[];

/** Numbers a message needs ("only 2 left"); kept small and flat so every client can format them. */
export type ErrorParams = Record<string, string | number>;

/** An error as it crosses the wire: in a socket ack, and as `error` in an HTTP body. */
export interface ErrorBody {
	code: ErrorCode;
	kind: ErrorKind;
	message: string;
	params?: ErrorParams;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function isErrorKind(value: unknown): value is ErrorKind {
	return typeof value === 'string' && Object.hasOwn(ERROR_KINDS, value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/**
 * The error every Gladi service throws for a failure the caller can act on.
 * Anything else that reaches the edge (a storage failure, a bug) is answered
 * as `internal` (500) and logged with its stack.
 */
export class GladiError extends Error {
	readonly kind: ErrorKind;
	readonly params: ErrorParams | undefined;

	constructor(kind: ErrorKind, message: string, params?: ErrorParams, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'GladiError';
		this.kind = kind;
		this.params = params;
	}

	get code(): ErrorCode {
		return ERROR_KINDS[this.kind];
	}

	get status(): number {
		return ERROR_STATUS[this.code];
	}

	toBody(): ErrorBody {
		return { code: this.code, kind: this.kind, message: this.message, ...(this.params ? { params: this.params } : {}) };
	}
}
