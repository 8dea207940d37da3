/**
 * fast-check generators for what clients send Gladi: valid socket request
 * payloads and HTTP bodies built from the schemas' shapes, and garbage
 * (any JSON, corner values, valid payloads with a few things broken). Test
 * support for the schema properties here and the fuzz tests in
 * test/integration/fuzz/; the app never imports it.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { MAX_PRICE, MAX_ROOM_PRODUCTS, MAX_VARIANTS, PRODUCT_DESCRIPTION_MAX, PRODUCT_NAME_MAX } from '../domain/catalog.ts';
import { productInputSchema } from './catalog.ts';
import { DISPLAY_NAME_MAX, TITLE_MAX } from '../domain/room.ts';
import {
	COMMENT_MAX,
	FLASH_COUNTDOWN_MAX_S,
	FLASH_COUNTDOWN_MIN_S,
	FLASH_DURATION_MAX_S,
	FLASH_DURATION_MIN_S,
	FLASH_LIMIT_MAX,
	ORDER_QUANTITY_MAX,
} from '../domain/stage.ts';
import { DIFFICULTIES, INJECT_KINDS, PERSONA_IDS } from '../crowd/types.ts';
import { NOTE_TAGS, RUBRIC_CRITERIA } from '../report/types.ts';
import {
	ACCOUNT_ROLES,
	changePasswordBodySchema,
	createAccountBodySchema,
	loginBodySchema,
	PASSWORD_MAX,
	PASSWORD_MIN,
	setupBodySchema,
	updateAccountBodySchema,
	USERNAME_MAX,
} from './accounts.ts';
import { CLASS_MEMBERS_MAX, CLASS_ROOMS_MAX, createClassBodySchema } from './classes.ts';
import { handshakeAuthSchema, MEDIA_SOURCES, NOTE_MAX, WHISPER_MAX, type requests, type RequestName } from './events.ts';
import { createRoomBodySchema, NODE_STATES, nodeStateBodySchema, noteBodySchema, rubricUpdateBodySchema } from './http.ts';
import { HOST_QUALITY_CHOICES, LINK_QUALITIES, SEND_LIMITATIONS, type QosReport } from './qos.ts';

// ---------------------------------------------------------------- running

const DEFAULT_SEED = 20_260_601;

// shared has no Node types: read the environment only where there is one.
const env = (name: string) => (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name];

/** The seed of every fuzz property: fixed so a run repeats; GLADI_FUZZ_SEED picks another. */
export function fuzzSeed(): number {
	const seed = Number(env('GLADI_FUZZ_SEED') ?? DEFAULT_SEED);
	return Number.isSafeInteger(seed) ? seed : DEFAULT_SEED;
}

/**
 * fc.assert parameters: the fuzz seed and a bounded number of runs
 * (GLADI_FUZZ_SCALE multiplies them for a longer hunt). fast-check prints
 * the seed and path of a failure, to replay it.
 */
export function fuzzRuns<T>(numRuns: number): fc.Parameters<T> {
	return { seed: fuzzSeed(), numRuns: Math.max(1, Math.round(numRuns * fuzzScale())) };
}

/** GLADI_FUZZ_SCALE (default 1): how many times the usual number of runs (and time) a fuzz run takes. */
export function fuzzScale(): number {
	const scale = Number(env('GLADI_FUZZ_SCALE') ?? 1);
	return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

// ---------------------------------------------------------------- text

/** Characters people type: letters, digits, punctuation, accents, CJK, emoji (one code unit or a pair). */
const typedChar = fc.oneof(
	{ arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 },
	{ arbitrary: fc.constantFrom('é', 'ñ', 'ü', 'ß', 'ç', 'ø', '中', 'ー', 'ก', 'ạ', '🎉', '👍🏽', '∑'), weight: 1 },
);

/** A string of at most `max` UTF-16 code units that is not blank once trimmed (what `.trim().min(1).max(max)` accepts). */
export function text(max: number, min = 1): fc.Arbitrary<string> {
	return fc
		.array(typedChar, { minLength: min, maxLength: max })
		.map((chars) => chars.join(''))
		.filter((s) => s.length <= max && s.trim().length >= min);
}

/** An id as the schemas take them (1–64 characters). */
export const anyId = fc.string({ minLength: 1, maxLength: 64 });

// ---------------------------------------------------------------- media parameters

const mediaParams = fc.dictionary(fc.string({ maxLength: 16 }), fc.oneof(fc.string({ maxLength: 32 }), fc.integer(), fc.boolean()), { maxKeys: 4 });
const rtcpFeedback = fc.array(fc.record({ type: fc.string({ maxLength: 32 }), parameter: fc.string({ maxLength: 32 }) }, { requiredKeys: ['type'] }), {
	maxLength: 4,
});
const mimeType = (kind: 'audio' | 'video') =>
	fc.oneof(
		fc.constantFrom(...(kind === 'audio' ? ['audio/opus', 'audio/PCMU', 'audio/G722'] : ['video/VP8', 'video/VP9', 'video/H264', 'video/rtx'])),
		fc.string({ minLength: 3, maxLength: 64 }),
	);

/** RTP parameters shaped as the schema wants (mediasoup may still refuse them). */
export function rtpParametersShape(kind: 'audio' | 'video'): fc.Arbitrary<unknown> {
	const codec = fc.record(
		{
			mimeType: mimeType(kind),
			payloadType: fc.integer({ min: 0, max: 127 }),
			clockRate: fc.integer({ min: 1 }),
			channels: fc.integer({ min: 1, max: 8 }),
			parameters: mediaParams,
			rtcpFeedback,
		},
		{ requiredKeys: ['mimeType', 'payloadType', 'clockRate'] },
	);
	const encoding = fc.record(
		{
			ssrc: fc.nat(),
			rid: fc.string({ maxLength: 16 }),
			scalabilityMode: fc.constantFrom('L1T1', 'L1T3', 'L3T3', 'S3T3'),
			maxBitrate: fc.integer({ min: 1, max: 10_000_000 }),
			active: fc.boolean(),
		},
		{ requiredKeys: [] },
	);
	const headerExtension = fc.record(
		{ uri: fc.string({ maxLength: 256 }), id: fc.integer({ min: 1, max: 255 }), encrypt: fc.boolean(), parameters: mediaParams },
		{ requiredKeys: ['uri', 'id'] },
	);
	return fc.record(
		{
			mid: fc.string({ maxLength: 32 }),
			codecs: fc.array(codec, { minLength: 1, maxLength: 3 }),
			headerExtensions: fc.array(headerExtension, { maxLength: 3 }),
			encodings: fc.array(encoding, { maxLength: 3 }),
			rtcp: fc.record({ cname: fc.string({ maxLength: 256 }), reducedSize: fc.boolean() }, { requiredKeys: [] }),
		},
		{ requiredKeys: ['codecs'] },
	);
}

export const rtpCapabilitiesShape: fc.Arbitrary<unknown> = fc.record(
	{
		codecs: fc.array(
			fc.constantFrom('audio' as const, 'video' as const).chain((kind) =>
				fc.record(
					{
						kind: fc.constant(kind),
						mimeType: mimeType(kind),
						preferredPayloadType: fc.integer({ min: 0, max: 127 }),
						clockRate: fc.integer({ min: 1 }),
						channels: fc.integer({ min: 1, max: 8 }),
						parameters: mediaParams,
						rtcpFeedback,
					},
					{ requiredKeys: ['kind', 'mimeType', 'clockRate'] },
				),
			),
			{ maxLength: 4 },
		),
		headerExtensions: fc.array(fc.record({ kind: fc.constantFrom('audio', 'video'), uri: fc.string({ maxLength: 256 }), preferredId: fc.integer() }), {
			maxLength: 4,
		}),
	},
	{ requiredKeys: [] },
);

export const dtlsParametersShape: fc.Arbitrary<unknown> = fc.record(
	{
		role: fc.constantFrom('auto', 'client', 'server'),
		fingerprints: fc.array(
			fc.record({ algorithm: fc.constantFrom('sha-1', 'sha-256', 'sha-512', 'md5', 'x'), value: fc.oneof(fc.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), fc.string({ maxLength: 256 })) }),
			{ minLength: 1, maxLength: 3 },
		),
	},
	{ requiredKeys: ['fingerprints'] },
);

// ---------------------------------------------------------------- socket requests

/**
 * Where a payload names something that exists (a transport, a product...):
 * random ids by default; the socket fuzz passes placeholders it resolves
 * against the room at send time.
 */
export interface PayloadRefs {
	transportId: fc.Arbitrary<string>;
	producerId: fc.Arbitrary<string>;
	consumerId: fc.Arbitrary<string>;
	productId: fc.Arbitrary<string>;
	variantId: fc.Arbitrary<string>;
	commentId: fc.Arbitrary<string>;
	rtpParameters(kind: 'audio' | 'video'): fc.Arbitrary<unknown>;
	rtpCapabilities: fc.Arbitrary<unknown>;
	dtlsParameters: fc.Arbitrary<unknown>;
}

export const randomRefs: PayloadRefs = {
	transportId: anyId,
	producerId: anyId,
	consumerId: anyId,
	productId: anyId,
	variantId: anyId,
	commentId: anyId,
	rtpParameters: rtpParametersShape,
	rtpCapabilities: rtpCapabilitiesShape,
	dtlsParameters: dtlsParametersShape,
};

type RequestInput<E extends RequestName> = z.input<(typeof requests)[E]['schema']>;
export type RequestArbitraries = { [E in RequestName]: fc.Arbitrary<RequestInput<E>> };

const empty = fc.constant({});
const noteShape = {
	text: text(NOTE_MAX, 0),
	tags: fc.subarray([...NOTE_TAGS]),
	at: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
};
const withContent = <T extends { text?: string; tags?: readonly unknown[] }>(n: T) => (n.text?.trim().length ?? 0) > 0 || (n.tags?.length ?? 0) > 0;

// ---------------------------------------------------------------- connection reports

const kbps = fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.double({ min: 0, max: 100_000, noNaN: true }));
const pct = fc.double({ min: 0, max: 100, noNaN: true });
const ms = fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.double({ min: 0, max: 600_000, noNaN: true }));
const px = fc.constantFrom(0, 180, 320, 360, 640, 720, 1280, 1920, 8192);
const fps = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 240, noNaN: true }));

/** What a host's browser sends about its camera's layers. */
export const sendReport: fc.Arbitrary<NonNullable<QosReport['send']>> = fc.record(
	{
		layers: fc.array(fc.record({ rid: fc.string({ maxLength: 16 }), active: fc.boolean(), width: px, height: px, fps, kbps }), { maxLength: 8 }),
		limitation: fc.constantFrom(...SEND_LIMITATIONS),
		availableKbps: kbps,
		rttMs: ms,
		lossPct: pct,
		choice: fc.constantFrom(...HOST_QUALITY_CHOICES),
	},
	{ requiredKeys: ['layers', 'limitation', 'choice'] },
);

/** What a viewer's browser sends about the video it receives. */
export const receiveReport: fc.Arbitrary<NonNullable<QosReport['receive']>> = fc.record(
	{
		width: px,
		height: px,
		fps,
		kbps,
		lossPct: pct,
		freezeCount: fc.nat({ max: 1_000_000 }),
		freezeMs: fc.oneof(fc.nat({ max: 60_000 }), fc.double({ min: 0, max: 86_400_000, noNaN: true })),
		jitterMs: ms,
		rttMs: ms,
		audioConcealedPct: pct,
	},
	{ requiredKeys: ['width', 'height', 'fps', 'kbps', 'lossPct', 'freezeCount', 'freezeMs'] },
);

/**
 * A `qos:report`: a verdict with one side (a host's or a viewer's), alone,
 * or now and then with both (the server refuses the side that is not the sender's).
 */
const quality = fc.constantFrom(...LINK_QUALITIES);
export const qosReport: fc.Arbitrary<QosReport> = fc.oneof(
	{ arbitrary: fc.record({ quality, send: sendReport }), weight: 2 },
	{ arbitrary: fc.record({ quality, receive: receiveReport }), weight: 2 },
	{ arbitrary: fc.record({ quality }), weight: 1 },
	{ arbitrary: fc.record({ quality, send: sendReport, receive: receiveReport }), weight: 1 },
);

/** A valid payload of every request (schema-valid: the server may still refuse it for the room's state). */
export function requestPayloads(refs: PayloadRefs = randomRefs): RequestArbitraries {
	return {
		'room:prepare': empty,
		'room:join': fc.oneof(empty, fc.record({ name: accountName })),
		'media:createTransport': fc.record({ direction: fc.constantFrom('send', 'recv') }),
		'media:connectTransport': fc.record({ transportId: refs.transportId, dtlsParameters: refs.dtlsParameters }) as fc.Arbitrary<RequestInput<'media:connectTransport'>>,
		'media:restartIce': fc.record({ transportId: refs.transportId }),
		'media:produce': fc
			.tuple(fc.constantFrom('audio' as const, 'video' as const), fc.constantFrom(...MEDIA_SOURCES), fc.boolean())
			// Mostly a source with its own kind; sometimes the wrong one (the server refuses it).
			.map(([kind, source, matched]) => [kind, matched ? (kind === 'audio' ? 'mic' : 'camera') : source] as const)
			.chain(([kind, source]) =>
				fc.record(
					{ transportId: refs.transportId, kind: fc.constant(kind), source: fc.constant(source), rtpParameters: refs.rtpParameters(kind), paused: fc.boolean() },
					{ requiredKeys: ['transportId', 'kind', 'source', 'rtpParameters'] },
				),
			) as fc.Arbitrary<RequestInput<'media:produce'>>,
		'media:setProducerPaused': fc.record({ producerId: refs.producerId, paused: fc.boolean() }),
		'media:closeProducer': fc.record({ producerId: refs.producerId }),
		'media:consume': fc.record({ transportId: refs.transportId, rtpCapabilities: refs.rtpCapabilities }) as fc.Arbitrary<RequestInput<'media:consume'>>,
		'media:resumeConsumer': fc.record({ consumerId: refs.consumerId }),
		'live:start': empty,
		'live:end': empty,
		'stage:pin': fc.record({ productId: refs.productId }),
		'stage:unpin': empty,
		'stage:startFlashSale': fc.record({
			productId: refs.productId,
			salePrice: fc.oneof(fc.integer({ min: 100, max: 200_000 }), fc.integer({ min: 100, max: MAX_PRICE * 2 })),
			countdownSeconds: fc.integer({ min: FLASH_COUNTDOWN_MIN_S, max: FLASH_COUNTDOWN_MAX_S }),
			durationSeconds: fc.integer({ min: FLASH_DURATION_MIN_S, max: FLASH_DURATION_MAX_S }),
			perBuyerLimit: fc.integer({ min: 1, max: FLASH_LIMIT_MAX }),
		}),
		'stage:endFlashSale': empty,
		'stage:markAnswered': fc.record({ commentId: refs.commentId }),
		'stage:pinComment': fc.record({ commentId: fc.option(refs.commentId, { nil: null }) }),
		'stage:comment': fc.record({ text: text(COMMENT_MAX) }),
		'stage:like': fc.record({ count: fc.integer({ min: 1, max: 20 }) }, { requiredKeys: [] }),
		'stage:order': fc.record({ productId: refs.productId, variantId: refs.variantId, quantity: fc.integer({ min: 1, max: ORDER_QUANTITY_MAX }) }),
		'stage:setProducts': fc.record({ productIds: fc.array(refs.productId, { minLength: 1, maxLength: 6 }) }),
		'stage:setCrowd': fc.record(
			{
				difficulty: fc.constantFrom(...DIFFICULTIES),
				commentsPerMinute: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.double({ min: 0, max: 600, noNaN: true })),
				personaMix: fc.dictionary(fc.constantFrom(...PERSONA_IDS), fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }))),
				lang: fc.constantFrom('id' as const, 'en' as const),
			},
			{ requiredKeys: [] },
		),
		'stage:viewProduct': fc.record({ productId: refs.productId }),
		'mentor:whisper': fc.record({ text: text(WHISPER_MAX) }),
		'mentor:note': fc.record(noteShape, { requiredKeys: ['text', 'tags'] }).filter(withContent),
		'mentor:score': fc.record({ criterion: fc.constantFrom(...RUBRIC_CRITERIA), level: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const) }),
		'mentor:inject': fc.record({ kind: fc.constantFrom(...INJECT_KINDS) }),
		'qos:report': qosReport,
	};
}

// ---------------------------------------------------------------- HTTP bodies

const username = fc
	.stringMatching(/^[a-z0-9][a-z0-9._-]{2,31}$/)
	// The schema lower-cases and trims: upper case and spaces around are fine.
	.chain((name) => fc.tuple(fc.constant(name), fc.boolean(), fc.constantFrom('', ' ', '  ')))
	.map(([name, upper, pad]) => `${pad}${upper ? name.toUpperCase() : name}${pad}`);
const password = fc.string({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX });
const accountName = text(DISPLAY_NAME_MAX);
const productIds = fc.array(anyId, { minLength: 1, maxLength: Math.min(MAX_ROOM_PRODUCTS, 8) });

/** Variants a product may have: one without options, or several told apart by size and colour. */
const variants = fc.oneof(
	fc.record({ size: fc.constant(null), color: fc.constant(null), stock: fc.integer({ min: 0, max: 100_000 }) }).map((v) => [v]),
	fc.uniqueArray(
		fc
			.record({
				size: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,20}$/), { nil: null }),
				color: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,28}[A-Za-z]$/), { nil: null }),
				stock: fc.integer({ min: 0, max: 100_000 }),
			})
			.filter((v) => v.size !== null || v.color !== null),
		{ minLength: 1, maxLength: Math.min(MAX_VARIANTS, 6), selector: (v) => `${v.size?.toLowerCase() ?? ''}|${v.color?.toLowerCase() ?? ''}` },
	),
);

export const productInput: fc.Arbitrary<z.input<typeof productInputSchema>> = fc.record(
	{
		name: text(PRODUCT_NAME_MAX),
		description: text(PRODUCT_DESCRIPTION_MAX, 0),
		price: fc.integer({ min: 100, max: MAX_PRICE }),
		category: text(40, 0),
		material: text(60, 0),
		variants,
	},
	{ requiredKeys: ['name', 'price', 'variants'] },
);

/** Every HTTP JSON body Gladi takes: its schema and valid bodies. */
export const httpBodies = {
	createRoom: { schema: createRoomBodySchema, valid: fc.record({ title: text(TITLE_MAX), productIds }, { requiredKeys: ['title'] }) },
	createClass: {
		schema: createClassBodySchema,
		valid: fc.record(
			{
				name: text(80),
				members: fc.uniqueArray(text(DISPLAY_NAME_MAX), { minLength: 1, maxLength: CLASS_MEMBERS_MAX, selector: (n) => n.trim().toLowerCase() }),
				rooms: fc.integer({ min: 1, max: CLASS_ROOMS_MAX }),
				turnMinutes: fc.integer({ min: 1, max: 60 }),
				productIds,
			},
			{ requiredKeys: ['name', 'members'] },
		),
	},
	product: { schema: productInputSchema, valid: productInput },
	rubric: {
		schema: rubricUpdateBodySchema,
		valid: fc.record(
			{ criterion: fc.constantFrom(...RUBRIC_CRITERIA), level: fc.constantFrom(1, 2, 3, 4), mentorName: accountName },
			{ requiredKeys: ['criterion', 'level'] },
		),
	},
	note: { schema: noteBodySchema, valid: fc.record({ ...noteShape, mentorName: accountName }, { requiredKeys: ['text', 'tags'] }).filter(withContent) },
	login: { schema: loginBodySchema, valid: fc.record({ username: text(USERNAME_MAX), password: fc.string({ minLength: 1, maxLength: PASSWORD_MAX }) }) },
	changePassword: { schema: changePasswordBodySchema, valid: fc.record({ currentPassword: fc.string({ minLength: 1, maxLength: PASSWORD_MAX }), newPassword: password }) },
	setup: {
		schema: setupBodySchema,
		valid: fc.record({ token: fc.string({ minLength: 1, maxLength: 200 }), username, password, displayName: accountName }, { requiredKeys: ['token', 'username', 'password'] }),
	},
	createAccount: {
		schema: createAccountBodySchema,
		valid: fc.record({ username, password, displayName: accountName, role: fc.constantFrom(...ACCOUNT_ROLES) }, { requiredKeys: ['username', 'password'] }),
	},
	updateAccount: {
		schema: updateAccountBodySchema,
		valid: fc
			.record({ disabled: fc.boolean(), role: fc.constantFrom(...ACCOUNT_ROLES), password, displayName: accountName }, { requiredKeys: [] })
			.filter((b) => Object.keys(b).length > 0),
	},
	nodeState: { schema: nodeStateBodySchema, valid: fc.record({ state: fc.constantFrom(...NODE_STATES) }) },
	handshakeAuth: { schema: handshakeAuthSchema, valid: fc.record({ token: fc.string({ minLength: 16, maxLength: 128 }), name: accountName }) },
} satisfies Record<string, { schema: z.ZodType; valid: fc.Arbitrary<unknown> }>;

// ---------------------------------------------------------------- garbage

/** Longest string the garbage holds: well past every schema limit, well under the socket's 16 KiB payload cap. */
const HUGE_STRING = 12_000;

/** Values no schema expects: corner numbers, odd strings, empty containers, a huge string. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constantFrom<unknown>(
		null,
		true,
		false,
		0,
		-0,
		-1,
		0.5,
		Number.NaN,
		Number.POSITIVE_INFINITY,
		Number.NEGATIVE_INFINITY,
		Number.MAX_SAFE_INTEGER + 2,
		Number.MIN_SAFE_INTEGER - 2,
		1e308,
		-1e308,
		Number.MIN_VALUE,
		'',
		' ',
		'\u0000',
		'\u200b\u200e\u202e',
		'\ud800',
		'\udfff\ud800',
		'null',
		'true',
		'0',
		'-1',
		'1e999',
		'__proto__',
		'<script>alert(1)</script>',
		"'; DROP TABLE rooms; --",
		'../../etc/passwd',
		'%00',
		[],
		{},
		[null],
		{ '': null },
	),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.double(),
	fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
	fc.nat({ max: HUGE_STRING }).map((n) => 'x'.repeat(n)),
	fc.jsonValue({ maxDepth: 2 }),
);

/** A value `depth` levels down nested arrays or objects (deep nesting: what a recursive walk chokes on). */
export function nest(value: unknown, depth: number, as: 'array' | 'object'): unknown {
	if (depth < 1) return value;
	let out = value;
	for (let i = 0; i < depth; i++) out = as === 'array' ? [out] : { a: out };
	// fast-check prints a failing input recursively: show this one short (hidden from zod, JSON and spreads).
	Object.defineProperty(out, fc.toStringMethod, { value: () => `nest(${fc.stringify(value).slice(0, 60)}, ${depth}, '${as}')`, enumerable: false });
	return out;
}

const nesting = fc.record({
	// Shallow, or deep enough to break recursive code (a few thousand levels fit in 16 KiB as arrays, not always as objects).
	depth: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 500, max: 5_000 })),
	as: fc.constantFrom('array' as const, 'object' as const),
});

/** Keys an attacker or a confused client may add. */
const oddKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'then'), fc.string({ maxLength: 20 }));

/** Where in a value something can be changed: the value itself and everything inside (bounded). */
function pathsOf(value: unknown, limit = 200, maxDepth = 12): Array<Array<string | number>> {
	const paths: Array<Array<string | number>> = [[]];
	const walk = (v: unknown, path: Array<string | number>) => {
		if (paths.length >= limit || path.length >= maxDepth || v === null || typeof v !== 'object') return;
		for (const [key, child] of Object.entries(v)) {
			const at = [...path, Array.isArray(v) ? Number(key) : key];
			paths.push(at);
			walk(child, at);
		}
	};
	walk(value, []);
	return paths;
}

/** Set an own property (a plain assignment of `__proto__` would change the prototype instead). */
function setOwn(target: object, key: string | number, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export type Mutation =
	| { op: 'drop'; at: number }
	| { op: 'replace'; at: number; value: unknown }
	| { op: 'add'; at: number; key: string; value: unknown }
	| { op: 'nest'; at: number; depth: number; as: 'array' | 'object' };

const DROP = Symbol('drop');

/** `value` with what is at `path` replaced by `update(it)` (or removed); containers on the way are copied, nothing else. */
function updateAt(value: unknown, path: ReadonlyArray<string | number>, update: (current: unknown) => unknown): unknown {
	if (path.length === 0) return update(value);
	const [key, ...rest] = path as [string | number, ...Array<string | number>];
	const container = value as Record<string | number, unknown>;
	const next = updateAt(container[key], rest, update);
	if (Array.isArray(container)) {
		const copy = [...container];
		if (next === DROP) copy.splice(Number(key), 1);
		else copy[Number(key)] = next;
		return copy;
	}
	const copy = { ...container };
	if (next === DROP) delete copy[key];
	else setOwn(copy, key, next);
	return copy;
}

/** `value` with one thing changed at its `at`-th path (modulo the number of paths); the input is not changed. */
export function mutate(value: unknown, mutation: Mutation): unknown {
	const paths = pathsOf(value);
	const path = paths[mutation.at % paths.length]!;
	const changed = updateAt(value, path, (current) => {
		switch (mutation.op) {
			case 'drop':
				return path.length === 0 ? undefined : DROP;
			case 'replace':
				return mutation.value;
			case 'nest':
				return nest(current, mutation.depth, mutation.as);
			case 'add': {
				if (current === null || typeof current !== 'object') return { [mutation.key]: mutation.value };
				if (Array.isArray(current)) return [...current, mutation.value];
				const copy = { ...current };
				setOwn(copy, mutation.key, mutation.value);
				return copy;
			}
		}
	});
	return changed;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
	fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: oddValue }),
	fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: oddKey, value: oddValue }),
	fc.record({ op: fc.constant('nest' as const), at: fc.nat() }).chain((m) => nesting.map((n) => ({ ...m, ...n }))),
);

/** Valid payloads with one to three things broken: a key dropped or added, a value of the wrong type or size, deep nesting. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
	return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => mutations.reduce(mutate, value));
}

/** Anything a client could send: any JSON, odd values, deeply nested ones. */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
	fc.jsonValue({ maxDepth: 4 }),
	oddValue,
	fc.tuple(oddValue, nesting).map(([v, n]) => nest(v, n.depth, n.as)),
	fc.dictionary(oddKey, oddValue, { maxKeys: 4 }),
);

/** A payload for one schema: mostly valid or nearly valid, sometimes garbage (relative weights). */
export function payloadFor(valid: fc.Arbitrary<unknown>, weights = { valid: 3, mutated: 3, garbage: 1 }): fc.Arbitrary<unknown> {
	return fc.oneof(
		{ arbitrary: valid, weight: weights.valid },
		{ arbitrary: mutated(valid), weight: weights.mutated },
		{ arbitrary: garbage, weight: weights.garbage },
	);
}
