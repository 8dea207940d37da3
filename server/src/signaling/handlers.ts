import { can, GladiError, type RequestName, type RequestPayload, type ResponseMap } from '@gladi/shared';
import type { Peer } from '../rooms/peer.ts';
import type { Room } from '../rooms/room.ts';

/** Who is asking, and in which room. */
export interface RequestContext {
	peer: Peer;
	room: Room;
}

type Handlers = {
	[E in RequestName]: (ctx: RequestContext, payload: RequestPayload<E>) => Promise<ResponseMap[E]> | ResponseMap[E];
};

/**
 * One function per request; permissions and payloads were checked before
 * these run. A request is acknowledged when its handler resolves: whatever
 * it wrote (timeline events included) is committed by then.
 */
export const handlers: Handlers = {
	'room:prepare': ({ room, peer }) => room.prepare(peer),

	'room:join': ({ room, peer }, { name }) => room.join(peer, name),

	'media:createTransport': ({ room, peer }, { direction }) => {
		if (direction === 'send' && !can(peer.role, 'produce')) {
			throw new GladiError('role_forbidden', 'only the host can send media');
		}
		return room.requireMedia(peer).createTransport(peer.media, direction);
	},

	'media:connectTransport': async ({ room, peer }, { transportId, dtlsParameters }) => {
		await room.requirePreparedMedia(peer).connectTransport(peer.media, transportId, dtlsParameters);
		return {};
	},

	'media:restartIce': async ({ room, peer }, { transportId }) => ({
		iceParameters: await room.requirePreparedMedia(peer).restartIce(peer.media, transportId),
	}),

	'media:produce': async ({ room, peer }, { transportId, kind, source, rtpParameters, paused }) => {
		if ((source === 'camera') !== (kind === 'video')) {
			throw new GladiError('media_mismatch', 'camera must be video and mic must be audio');
		}
		// mediasoup matches codecs by MIME type alone and would take VP8 as an "audio" producer.
		if (!rtpParameters.codecs.every((codec) => codec.mimeType.toLowerCase().startsWith(`${kind}/`))) {
			throw new GladiError('media_mismatch', `${kind} must be sent with ${kind} codecs`);
		}
		const producer = await room.requireMedia(peer).produce(peer.media, transportId, kind, source, rtpParameters, paused ?? false);
		room.producersChanged();
		return { producerId: producer.id };
	},

	'media:setProducerPaused': async ({ room, peer }, { producerId, paused }) => {
		room.requireMedia(peer);
		const producer = peer.media.producer(producerId);
		if (paused) await producer.pause();
		else await producer.resume();
		return {};
	},

	'media:closeProducer': ({ room, peer }, { producerId }) => {
		room.requireMedia(peer);
		peer.media.producer(producerId).close();
		return {};
	},

	'media:consume': async ({ room, peer }, { transportId, rtpCapabilities }) => {
		const media = room.requirePreparedMedia(peer);
		const producers = room.liveProducers().filter((p) => p.appData.peerId !== peer.id);
		return { consumers: await media.consume(peer.media, transportId, rtpCapabilities, producers) };
	},

	'media:resumeConsumer': async ({ room, peer }, { consumerId }) => {
		await room.requireMedia(peer).resumeConsumer(peer.media, consumerId);
		return {};
	},

	'live:start': async ({ room, peer }) => ({ room: await room.startLive(peer) }),

	'live:end': async ({ room, peer }) => ({ room: await room.endLive(peer) }),

	'stage:pin': async ({ room }, { productId }) => {
		await room.live.pin(productId);
		return {};
	},

	'stage:unpin': async ({ room }) => {
		await room.live.unpin();
		return {};
	},

	'stage:startFlashSale': async ({ room }, input) => {
		if (room.status !== 'live') throw new GladiError('not_live', 'go live before starting a flash sale');
		await room.live.startFlashSale(input);
		return {};
	},

	'stage:endFlashSale': async ({ room }) => {
		await room.live.endFlashSale();
		return {};
	},

	'stage:markAnswered': async ({ room }, { commentId }) => {
		await room.live.markAnswered(commentId);
		return {};
	},

	'stage:pinComment': async ({ room }, { commentId }) => {
		await room.live.pinComment(commentId);
		return {};
	},

	'stage:comment': async ({ room, peer }, { text }) => ({ comment: await room.live.comment(peer, text) }),

	'stage:like': ({ room, peer }, { count }) => ({ likes: room.live.like(peer, count) }),

	'stage:order': async ({ room, peer }, input) => ({ order: await room.live.order(peer, input) }),

	'stage:setProducts': async ({ room }, { productIds }) => {
		await room.live.setProducts(productIds);
		return {};
	},

	'stage:setCrowd': async ({ room }, patch) => ({ crowd: await room.live.setCrowd(withoutUndefined(patch)) }),

	'stage:viewProduct': async ({ room, peer }, { productId }) => {
		await room.live.viewProduct(peer, productId);
		return {};
	},

	'mentor:whisper': async ({ room, peer }, { text }) => {
		await room.live.whisper(peer, text);
		return {};
	},

	'mentor:note': async ({ room, peer }, input) => ({ note: await room.live.note(peer, input) }),

	'mentor:score': async ({ room, peer }, { criterion, level }) => {
		await room.live.score(peer, criterion, level);
		return {};
	},

	'mentor:inject': async ({ room, peer }, { kind }) => {
		await room.live.inject(peer, kind);
		return {};
	},

	'qos:report': ({ room, peer }, report) => {
		room.qos.report(peer, report);
		return {};
	},
};

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
