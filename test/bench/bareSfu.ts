/*
 * The bare mediasoup reference of the fan-out benchmark: one Worker and one
 * Router in a child process of their own, with nothing of Gladi's around
 * them (no socket.io, rooms, people, crowd, audio level observer, logging or
 * key frame merging). The host's loop comes in over a PlainTransport (SRTP,
 * no ICE or DTLS); viewers make the requests Gladi's viewers make
 * (media:createTransport recv, media:connectTransport, media:consume,
 * media:resumeConsumer, with Gladi's payloads) over plain HTTP on loopback,
 * one POST each (and /close when they give up or leave), and receive over a
 * WebRtcTransport. fanoutCapacity.ts forks
 * it and drives it over IPC (BenchChild); the clients are mediaClients.ts's.
 *
 * Matched to Gladi, so that the streams on the wire are the same: the
 * router's codecs (MEDIA_CODECS) and capabilities as Gladi announces them
 * (announcedCapabilities), and the receive transports' shape (on a
 * WebRtcServer, one UDP and one TCP port on 127.0.0.1 with Gladi's socket
 * buffers, UDP preferred). Everything else is mediasoup's defaults.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { requests, type Ack, type ConsumerInfo, type MediaSource, type RtpParametersWire, type TransportInfo } from '@gladi/shared';
import { MEDIA_CODECS } from '../../server/src/media/codecs.ts';
import { announcedCapabilities } from '../../server/src/media/roomMedia.ts';
import { SOCKET_BUFFERS, webRtcServerListenInfos } from '../../server/src/media/workerPool.ts';
import { BARE_REQUESTS, type BarePublishAnswer, type BarePublishRequest, type BareRequestName } from './mediaClients.ts';

export type BareCommand = { type: 'health' } | { type: 'close' };

export type BareReply =
	| { type: 'ready'; url: string; workerPid: number }
	| { type: 'health'; consumers: number; producers: number }
	| { type: 'error'; message: string };

/** What a request body may weigh (a consume's capabilities are a few KiB). */
const MAX_BODY_BYTES = 64 * 1024;

async function main(): Promise<void> {
	const send = (reply: BareReply): void => {
		process.send!(reply);
	};
	const worker = await mediasoup.createWorker();
	const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
	const webRtcServer = await worker.createWebRtcServer({ listenInfos: webRtcServerListenInfos('127.0.0.1', 0) });
	const transports = new Map<string, types.WebRtcTransport>();
	const consumers = new Map<string, types.Consumer>();
	const producers: Array<types.Producer<{ source: MediaSource }>> = [];

	/** The media:* requests, answered as Gladi's handlers answer them (without rooms or roles: one router, everyone a viewer). */
	const handle = async (event: BareRequestName, body: unknown): Promise<unknown> => {
		const parsed = requests[event].schema.safeParse(body);
		if (!parsed.success) throw new Error(`invalid ${event} payload: ${parsed.error.message}`);
		const payload = parsed.data as Record<string, unknown>;
		const transport = (id: unknown): types.WebRtcTransport => {
			const t = transports.get(String(id));
			if (!t) throw new Error('no such transport');
			return t;
		};
		switch (event) {
			case 'media:createTransport': {
				if (payload['direction'] !== 'recv') throw new Error('the bare reference only sends to viewers');
				const t = await router.createWebRtcTransport({ webRtcServer, enableUdp: true, enableTcp: true, preferUdp: true });
				transports.set(t.id, t);
				t.observer.once('close', () => transports.delete(t.id));
				return {
					id: t.id,
					iceParameters: t.iceParameters,
					iceCandidates: t.iceCandidates as TransportInfo['iceCandidates'],
					dtlsParameters: t.dtlsParameters as TransportInfo['dtlsParameters'],
				} satisfies TransportInfo;
			}
			case 'media:connectTransport':
				await transport(payload['transportId']).connect({ dtlsParameters: payload['dtlsParameters'] as types.DtlsParameters });
				return {};
			case 'media:consume': {
				const t = transport(payload['transportId']);
				const created: ConsumerInfo[] = [];
				for (const producer of producers) {
					const consumer = await t.consume({ producerId: producer.id, rtpCapabilities: payload['rtpCapabilities'] as types.RtpCapabilities, paused: true });
					consumers.set(consumer.id, consumer);
					consumer.observer.once('close', () => consumers.delete(consumer.id));
					created.push({
						id: consumer.id,
						producerId: producer.id,
						kind: consumer.kind,
						source: producer.appData.source,
						rtpParameters: consumer.rtpParameters as RtpParametersWire,
					});
				}
				return { consumers: created };
			}
			case 'media:resumeConsumer': {
				const consumer = consumers.get(String(payload['consumerId']));
				if (!consumer) throw new Error('no such consumer');
				// A video consumer's resume asks the producer for a key frame itself.
				await consumer.resume();
				return {};
			}
		}
	};

	/** The host's loop: a plain transport sending to (and SRTP-keyed by) the host's leg, and its producers. */
	const publish = async (request: BarePublishRequest): Promise<BarePublishAnswer> => {
		const plain = await router.createPlainTransport({
			listenInfo: { protocol: 'udp', ip: '127.0.0.1', ...SOCKET_BUFFERS },
			rtcpMux: true,
			comedia: false,
			enableSrtp: true,
			srtpCryptoSuite: request.srtpParameters.cryptoSuite,
		});
		await plain.connect({ ip: request.ip, port: request.port, srtpParameters: request.srtpParameters });
		for (const p of request.producers) {
			producers.push(
				await plain.produce({ kind: p.kind, rtpParameters: p.rtpParameters as types.RtpParameters, appData: { source: p.source } }),
			);
		}
		return { ip: plain.tuple.localAddress, port: plain.tuple.localPort };
	};

	const server = createServer((req, res) => {
		void answer(req, res).catch((error: unknown) => reply(res, failure('internal', error)));
	});
	const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		if (req.method === 'GET' && req.url === '/rtpCapabilities') {
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(announcedCapabilities(router.rtpCapabilities)));
			return;
		}
		const body = await readJson(req);
		try {
			if (req.method === 'POST' && req.url === '/ask') {
				const { event, payload } = body as { event: BareRequestName; payload: unknown };
				if (!(BARE_REQUESTS as readonly string[]).includes(event)) throw new Error(`the bare reference does not answer ${String(event)}`);
				reply(res, { ok: true, data: await handle(event, payload) });
			} else if (req.method === 'POST' && req.url === '/close') {
				// A viewer that gave up (or left): its transport and consumers go, as with Gladi when its socket goes.
				transports.get(String((body as { transportId?: unknown } | null)?.transportId))?.close();
				reply(res, { ok: true, data: {} });
			} else if (req.method === 'POST' && req.url === '/publish') {
				reply(res, { ok: true, data: await publish(body as BarePublishRequest) });
			} else {
				res.writeHead(404).end();
			}
		} catch (error) {
			reply(res, failure('bad_request', error));
		}
	};
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

	process.on('message', (command: BareCommand) => {
		if (command.type === 'health') {
			send({ type: 'health', consumers: consumers.size, producers: producers.length });
		} else if (command.type === 'close') {
			server.close();
			worker.close();
			process.exit(0);
		}
	});
	// The benchmark is gone (it crashed, or was killed): so is the reference.
	process.on('disconnect', () => {
		worker.close();
		process.exit(0);
	});
	worker.on('died', (error) => {
		send({ type: 'error', message: `the bare reference's worker died: ${String(error)}` });
		process.exit(1);
	});
	send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, workerPid: worker.pid });
}

function failure(code: 'bad_request' | 'internal', error: unknown): Ack<never> {
	return { ok: false, error: { code, kind: code, message: error instanceof Error ? error.message : String(error) } };
}

function reply(res: ServerResponse, ack: Ack<unknown>): void {
	if (res.headersSent) return;
	res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ack));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let bytes = 0;
	for await (const chunk of req) {
		bytes += (chunk as Buffer).length;
		if (bytes > MAX_BODY_BYTES) throw new Error('request body too large');
		chunks.push(chunk as Buffer);
	}
	return chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
}

if (process.send) {
	main().catch((error: unknown) => {
		process.send!({ type: 'error', message: String(error) } satisfies BareReply);
		process.exit(1);
	});
}
