import { can, ProtocolError, type RequestName, type RequestPayload, type ResponseMap } from '@gladi/shared';
import type { Participant, Room } from '../rooms/room.ts';
import { roomChannel } from './socketNotifier.ts';
import type { GladiSocket, SocketData } from './types.ts';

export interface RequestContext {
	socket: GladiSocket;
	room: Room;
	peer: SocketData;
}

type Handlers = {
	[E in RequestName]: (ctx: RequestContext, payload: RequestPayload<E>) => Promise<ResponseMap[E]> | ResponseMap[E];
};

/** One function per request; permissions and payloads were checked before these run. */
export const handlers: Handlers = {
	'room:join': async ({ socket, room, peer }) => {
		const response = await room.join({ peerId: peer.peerId, name: peer.name, role: peer.role });
		if (socket.disconnected) {
			// The connection went while the join waited for the room's router; its disconnect handler
			// saw a socket that had not joined yet, so undo the join here.
			room.leave(peer.peerId);
			throw new ProtocolError('invalid_state', 'disconnected while joining');
		}
		peer.joined = true;
		await socket.join(roomChannel(room.code));
		return response;
	},

	'media:createTransport': ({ room, peer }, { direction }) => {
		if (direction === 'send' && !can(peer.role, 'produce')) {
			throw new ProtocolError('forbidden', 'only the host can send media');
		}
		return room.requireMedia(peer.peerId).createTransport(peer.peerId, direction);
	},

	'media:connectTransport': async ({ room, peer }, { transportId, dtlsParameters }) => {
		await room.requireMedia(peer.peerId).connectTransport(peer.peerId, transportId, dtlsParameters);
		return {};
	},

	'media:restartIce': async ({ room, peer }, { transportId }) => ({
		iceParameters: await room.requireMedia(peer.peerId).restartIce(peer.peerId, transportId),
	}),

	'media:produce': async ({ room, peer }, { transportId, kind, source, rtpParameters, paused }) => {
		if ((source === 'camera') !== (kind === 'video')) {
			throw new ProtocolError('bad_request', 'camera must be video and mic must be audio');
		}
		// mediasoup matches codecs by MIME type alone and would take VP8 as an "audio" producer.
		if (!rtpParameters.codecs.every((codec) => codec.mimeType.toLowerCase().startsWith(`${kind}/`))) {
			throw new ProtocolError('bad_request', `${kind} must be sent with ${kind} codecs`);
		}
		const media = room.requireMedia(peer.peerId);
		const producer = await media.produce(peer.peerId, transportId, kind, source, rtpParameters, paused ?? false);
		room.producersChanged();
		return { producerId: producer.id };
	},

	'media:setProducerPaused': async ({ room, peer }, { producerId, paused }) => {
		const producer = room.requireMedia(peer.peerId).producerOf(peer.peerId, producerId);
		if (paused) await producer.pause();
		else await producer.resume();
		return {};
	},

	'media:closeProducer': ({ room, peer }, { producerId }) => {
		room.requireMedia(peer.peerId).producerOf(peer.peerId, producerId).close();
		return {};
	},

	'media:consume': async ({ room, peer }, { transportId, rtpCapabilities }) => {
		const media = room.requireMedia(peer.peerId);
		const producers = room.liveProducers().filter((p) => p.appData['peerId'] !== peer.peerId);
		return { consumers: await media.consume(peer.peerId, transportId, rtpCapabilities, producers) };
	},

	'media:resumeConsumer': async ({ room, peer }, { consumerId }) => {
		await room.requireMedia(peer.peerId).resumeConsumer(peer.peerId, consumerId);
		return {};
	},

	'live:start': ({ room, peer }) => ({ room: room.startLive(peer.peerId) }),

	'live:end': ({ room, peer }) => ({ room: room.endLive(peer.peerId) }),

	'stage:pin': ({ room }, { productId }) => {
		room.live.pin(productId);
		return {};
	},

	'stage:unpin': ({ room }) => {
		room.live.unpin();
		return {};
	},

	'stage:startFlashSale': ({ room }, input) => {
		if (room.status !== 'live') throw new ProtocolError('invalid_state', 'go live before starting a flash sale');
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

	'stage:comment': ({ room, peer }, { text }) => ({ comment: room.live.comment(participantOf(room, peer), text) }),

	'stage:like': ({ room, peer }, { count }) => ({ likes: room.live.like(participantOf(room, peer), count) }),

	'stage:order': ({ room, peer }, input) => ({ order: room.live.order(participantOf(room, peer), input) }),

	'stage:setProducts': ({ room }, { productIds }) => {
		room.live.setProducts(productIds);
		return {};
	},

	'stage:setCrowd': ({ room }, patch) => ({ crowd: room.live.setCrowd(withoutUndefined(patch)) }),

	'stage:viewProduct': ({ room, peer }, { productId }) => {
		room.live.viewProduct(participantOf(room, peer), productId);
		return {};
	},

	'mentor:whisper': ({ room, peer }, { text }) => {
		room.live.whisper(participantOf(room, peer), text);
		return {};
	},

	'mentor:note': ({ room, peer }, input) => ({ note: room.live.note(participantOf(room, peer), input) }),

	'mentor:score': ({ room, peer }, { criterion, level }) => {
		room.live.score(participantOf(room, peer), criterion, level);
		return {};
	},

	'mentor:inject': ({ room, peer }, { kind }) => {
		room.live.inject(participantOf(room, peer), kind);
		return {};
	},
};

function participantOf(room: Room, peer: SocketData): Participant {
	const participant = room.participant(peer.peerId);
	if (!participant) throw new ProtocolError('invalid_state', 'join the room first');
	return participant;
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
