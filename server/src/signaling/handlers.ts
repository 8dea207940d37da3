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

/** One function per request; permissions and payloads were checked before these run. */
export const handlers: Handlers = {
	'room:join': ({ room, peer }) => room.join(peer),

	'media:createTransport': ({ room, peer }, { direction }) => {
		if (direction === 'send' && !can(peer.role, 'produce')) {
			throw new GladiError('role_forbidden', 'only the host can send media');
		}
		return room.requireMedia(peer).createTransport(peer.media, direction);
	},

	'media:connectTransport': async ({ room, peer }, { transportId, dtlsParameters }) => {
		await room.requireMedia(peer).connectTransport(peer.media, transportId, dtlsParameters);
		return {};
	},

	'media:restartIce': async ({ room, peer }, { transportId }) => ({
		iceParameters: await room.requireMedia(peer).restartIce(peer.media, transportId),
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
		const media = room.requireMedia(peer);
		const producers = room.liveProducers().filter((p) => p.appData.peerId !== peer.id);
		return { consumers: await media.consume(peer.media, transportId, rtpCapabilities, producers) };
	},

	'media:resumeConsumer': async ({ room, peer }, { consumerId }) => {
		await room.requireMedia(peer).resumeConsumer(peer.media, consumerId);
		return {};
	},

	'live:start': ({ room, peer }) => ({ room: room.startLive(peer) }),

	'live:end': async ({ room, peer }) => ({ room: await room.endLive(peer) }),

	'stage:pin': ({ room }, { productId }) => {
		room.live.pin(productId);
		return {};
	},

	'stage:unpin': ({ room }) => {
		room.live.unpin();
		return {};
	},

	'stage:startFlashSale': ({ room }, input) => {
		if (room.status !== 'live') throw new GladiError('not_live', 'go live before starting a flash sale');
		room.live.startFlashSale(input);
		return {};
	},

	'stage:endFlashSale': ({ room }) => {
		room.live.endFlashSale();
		return {};
	},

	'stage:markAnswered': ({ room }, { commentId }) => {
		room.live.markAnswered(commentId);
		return {};
	},

	'stage:pinComment': ({ room }, { commentId }) => {
		room.live.pinComment(commentId);
		return {};
	},

	'stage:comment': ({ room, peer }, { text }) => ({ comment: room.live.comment(peer, text) }),

	'stage:like': ({ room, peer }, { count }) => ({ likes: room.live.like(peer, count) }),

	'stage:order': ({ room, peer }, input) => ({ order: room.live.order(peer, input) }),

	'stage:setProducts': ({ room }, { productIds }) => {
		room.live.setProducts(productIds);
		return {};
	},

	'stage:setCrowd': ({ room }, patch) => ({ crowd: room.live.setCrowd(withoutUndefined(patch)) }),

	'stage:viewProduct': ({ room, peer }, { productId }) => {
		room.live.viewProduct(peer, productId);
		return {};
	},

	'mentor:whisper': ({ room, peer }, { text }) => {
		room.live.whisper(peer, text);
		return {};
	},

	'mentor:note': ({ room, peer }, input) => ({ note: room.live.note(peer, input) }),

	'mentor:score': ({ room, peer }, { criterion, level }) => {
		room.live.score(peer, criterion, level);
		return {};
	},

	'mentor:inject': ({ room, peer }, { kind }) => {
		room.live.inject(peer, kind);
		return {};
	},
};

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
