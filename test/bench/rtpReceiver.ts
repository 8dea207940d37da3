/*
 * The media leg of a lightweight WebRTC viewer for load tests. Against
 * mediasoup (ICE-lite) it is the controlling ICE agent, completes a real DTLS
 * handshake (werift-dtls) so that mediasoup agrees SRTP keys and starts
 * sending, then counts RTP by SSRC and sequence number without decrypting:
 * SRTP leaves the RTP header in clear. It sends no RTCP, NACK or congestion
 * feedback, so what it sees is the raw loss on the way from the worker.
 * A host's leg is the same handshake on a send transport: sendRtp() then
 * publishes SRTP with the keys this end's DTLS agreed (srtp.ts).
 */
import { createHmac, randomBytes, X509Certificate } from 'node:crypto';
import dgram from 'node:dgram';
import { crc32 } from 'node:zlib';
import type { RtpSendLeg } from './loopSource.ts';
import { SRTP_AES128_CM_HMAC_SHA1_80, SRTP_MASTER_KEY_BYTES, SRTP_MASTER_SALT_BYTES, SrtpSender } from './srtp.ts';
import {
	CipherContext,
	DtlsClient,
	HashAlgorithm,
	NamedCurveAlgorithm,
	SignatureAlgorithm,
} from 'werift-dtls/lib/dtls/src/index.js';

/** What the server's createTransport answered (the parts this needs). */
export interface RemoteTransport {
	iceParameters: { usernameFragment: string; password: string };
	iceCandidates: Array<{ protocol: 'udp' | 'tcp'; address?: string; ip?: string; port: number }>;
}

export interface DtlsCertificate {
	certPem: string;
	keyPem: string;
	signatureHash: { hash: 4; signature: 1 | 3 };
	/** "sha-256" fingerprint, as the server must be told in connectTransport. */
	fingerprint: string;
}

/** One certificate for every viewer of a process: making one per viewer only costs time. */
export async function createCertificate(): Promise<DtlsCertificate> {
	const { certPem, keyPem, signatureHash } = await CipherContext.createSelfSignedCertificateWithKey(
		{ hash: HashAlgorithm.sha256_4, signature: SignatureAlgorithm.ecdsa_3 },
		NamedCurveAlgorithm.secp256r1_23,
	);
	return { certPem, keyPem, signatureHash, fingerprint: new X509Certificate(certPem).fingerprint256 };
}

/** RFC 3550 appendix A.1 style counting: extended highest sequence number, packets received. */
export class SequenceCounter {
	#base = -1;
	#max = -1;
	received = 0;
	bytes = 0;
	/** performance.now() of the first packet, or null before it. */
	firstAt: number | null = null;

	add(seq: number, size: number): void {
		this.bytes += size;
		if (this.#base < 0) {
			this.firstAt = performance.now();
			this.#base = this.#max = seq;
			this.received = 1;
			return;
		}
		// Put seq in the 16-bit cycle nearest the highest one seen (wraps and reordering).
		let ext = (this.#max & ~0xffff) | seq;
		if (ext < this.#max - 0x8000) ext += 0x10000;
		else if (ext > this.#max + 0x8000) ext -= 0x10000;
		if (ext < this.#base) return; // older than the first packet: not counted either way
		if (ext > this.#max) this.#max = ext;
		this.received++;
	}

	/** Packets that should have arrived so far (first to highest sequence number). */
	get expected(): number {
		return this.#base < 0 ? 0 : this.#max - this.#base + 1;
	}
}

const STUN_MAGIC = 0x2112a442;
const ATTR_USERNAME = 0x0006;
const ATTR_MESSAGE_INTEGRITY = 0x0008;
const ATTR_PRIORITY = 0x0024;
const ATTR_USE_CANDIDATE = 0x0025;
const ATTR_FINGERPRINT = 0x8028;
const ATTR_ICE_CONTROLLING = 0x802a;

function stunAttr(type: number, value: Buffer): Buffer {
	const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
	padded.writeUInt16BE(type, 0);
	padded.writeUInt16BE(value.length, 2);
	value.copy(padded, 4);
	return padded;
}

/** A nominating Binding request (RFC 8445 7.1), authenticated with the server's ICE password. */
export function stunBindingRequest(username: string, password: string, tieBreaker: Buffer): Buffer {
	const priority = Buffer.alloc(4);
	priority.writeUInt32BE(0x7effffff, 0);
	const body = Buffer.concat([
		stunAttr(ATTR_USERNAME, Buffer.from(username)),
		stunAttr(ATTR_PRIORITY, priority),
		stunAttr(ATTR_ICE_CONTROLLING, tieBreaker),
		stunAttr(ATTR_USE_CANDIDATE, Buffer.alloc(0)),
	]);
	const header = Buffer.alloc(20);
	header.writeUInt16BE(0x0001, 0);
	header.writeUInt32BE(STUN_MAGIC, 4);
	randomBytes(12).copy(header, 8);
	// MESSAGE-INTEGRITY covers everything before it, with the length already counting it (24 bytes).
	header.writeUInt16BE(body.length + 24, 2);
	const integrity = createHmac('sha1', password).update(header).update(body).digest();
	const withIntegrity = Buffer.concat([header, body, stunAttr(ATTR_MESSAGE_INTEGRITY, integrity)]);
	// FINGERPRINT likewise, 8 more bytes.
	withIntegrity.writeUInt16BE(body.length + 24 + 8, 2);
	const fingerprint = Buffer.alloc(4);
	fingerprint.writeUInt32BE((crc32(withIntegrity) ^ 0x5354554e) >>> 0, 0);
	return Buffer.concat([withIntegrity, stunAttr(ATTR_FINGERPRINT, fingerprint)]);
}

/**
 * An (S)RTCP packet asking the sender for a key frame: a PLI or FIR
 * (payload-specific feedback 206, format 1 or 4), which mediasoup sends on
 * its own. SRTCP leaves the first packet's 8-byte header in clear.
 */
export function isKeyFrameRequest(msg: Buffer): boolean {
	const format = msg[0]! & 0x1f;
	return msg.length >= 8 && msg[0]! >> 6 === 2 && msg[1] === 206 && (format === 1 || format === 4);
}

export interface ReceiverOptions {
	/** SSRCs to count (the consumers' own); anything else is counted apart. */
	ssrcs: Map<number, 'audio' | 'video'>;
	/** Kernel receive buffer: the 208 KiB default overflows when this process falls behind. */
	recvBufferBytes?: number;
	/** This leg publishes (a host's send transport): only the SRTP profile sendRtp() implements is offered. */
	publish?: boolean;
}

/** A viewer's UDP socket: ICE, DTLS, then RTP counting. */
export class RtpReceiver implements RtpSendLeg {
	readonly counters = new Map<number, SequenceCounter>();
	/** Packets that were not RTP of a known SSRC (RTCP sender reports, probes). */
	otherPackets = 0;
	/** A publishing leg's sender: the server asked for a key frame (PLI or FIR). */
	onKeyFrameRequest: (() => void) | null = null;
	readonly #socket: dgram.Socket;
	readonly #remote: { address: string; port: number };
	readonly #stun: Buffer;
	readonly #ssrcs: ReceiverOptions['ssrcs'];
	#dtls: DtlsClient | undefined;
	#iceUp = false;
	#iceResolve: (() => void) | undefined;
	#consentTimer: NodeJS.Timeout | undefined;
	#srtp: SrtpSender | undefined;
	#closed = false;

	private constructor(socket: dgram.Socket, remote: { address: string; port: number }, stun: Buffer, ssrcs: ReceiverOptions['ssrcs']) {
		this.#socket = socket;
		this.#remote = remote;
		this.#stun = stun;
		this.#ssrcs = ssrcs;
		for (const ssrc of ssrcs.keys()) this.counters.set(ssrc, new SequenceCounter());
	}

	/** Bind a socket on 127.0.0.1 and connect ICE + DTLS to the server's UDP candidate. */
	static async connect(transport: RemoteTransport, cert: DtlsCertificate, options: ReceiverOptions, timeoutMs = 15_000): Promise<RtpReceiver> {
		const candidate = transport.iceCandidates.find((c) => c.protocol === 'udp');
		if (!candidate) throw new Error('the server offered no UDP candidate');
		const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: options.recvBufferBytes ?? 4 * 2 ** 20 });
		await new Promise<void>((resolve, reject) => {
			socket.once('error', reject);
			socket.bind(0, '127.0.0.1', () => {
				socket.off('error', reject);
				resolve();
			});
		});
		const localUfrag = randomBytes(6).toString('hex');
		const stun = stunBindingRequest(`${transport.iceParameters.usernameFragment}:${localUfrag}`, transport.iceParameters.password, randomBytes(8));
		const receiver = new RtpReceiver(socket, { address: candidate.address ?? candidate.ip!, port: candidate.port }, stun, options.ssrcs);
		try {
			await receiver.#start(cert, timeoutMs, options.publish ?? false);
		} catch (error) {
			receiver.close();
			throw error;
		}
		return receiver;
	}

	get port(): number {
		return this.#socket.address().port;
	}

	/** Totals over the counted SSRCs (optionally one kind). */
	totals(kind?: 'audio' | 'video'): { expected: number; received: number; bytes: number } {
		let expected = 0;
		let received = 0;
		let bytes = 0;
		for (const [ssrc, c] of this.counters) {
			if (kind && this.#ssrcs.get(ssrc) !== kind) continue;
			expected += c.expected;
			received += c.received;
			bytes += c.bytes;
		}
		return { expected, received, bytes };
	}

	/** Send one RTP packet SRTP-protected (a publishing leg only); resolves once handed to the kernel. */
	sendRtp(packet: Buffer): Promise<void> {
		if (!this.#srtp) throw new Error('sendRtp: this leg was not connected to publish');
		return this.#send(this.#srtp.protect(packet));
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		clearInterval(this.#consentTimer);
		this.#dtls?.close();
		this.#socket.close();
	}

	async #start(cert: DtlsCertificate, timeoutMs: number, publish: boolean): Promise<void> {
		const transport = {
			type: 'udp',
			address: {},
			closed: false,
			onData: (_data: Buffer) => undefined as void,
			send: (data: Buffer) => this.#send(data),
			close: async () => undefined,
		};
		this.#dtls = new DtlsClient({
			transport: transport as never,
			cert: cert.certPem,
			key: cert.keyPem,
			signatureHash: cert.signatureHash,
			certificateRequest: true,
			extendedMasterSecret: true,
			srtpProfiles: publish ? [SRTP_AES128_CM_HMAC_SHA1_80] : [SRTP_AES128_CM_HMAC_SHA1_80, 7 /* AEAD_AES_128_GCM */],
		});
		const dtlsConnected = new Promise<void>((resolve) => this.#dtls!.onConnect.once(() => resolve()));
		this.#socket.on('message', (msg) => this.#onMessage(msg, transport));

		// Nominate the pair: repeat quickly until answered, then keep consent alive (mediasoup drops a silent pair after 30 s).
		const answered = new Promise<void>((resolve) => {
			this.#iceResolve = resolve;
		});
		let sent = 0;
		const retry = setInterval(() => {
			if (!this.#iceUp && sent++ < timeoutMs / 100) void this.#send(this.#stun);
		}, 100);
		void this.#send(this.#stun);
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(this.#iceUp ? 'DTLS handshake timed out' : 'ICE timed out')), timeoutMs);
		});
		try {
			await Promise.race([answered, timeout]);
			this.#consentTimer = setInterval(() => void this.#send(this.#stun), 5_000);
			void this.#dtls.connect().catch(() => undefined);
			await Promise.race([dtlsConnected, timeout]);
			if (publish) {
				const keys = this.#dtls.extractSessionKeys(SRTP_MASTER_KEY_BYTES, SRTP_MASTER_SALT_BYTES) as { localKey: Buffer; localSalt: Buffer };
				this.#srtp = new SrtpSender(keys.localKey, keys.localSalt);
			}
		} finally {
			clearInterval(retry);
			clearTimeout(timer);
		}
	}

	#send(data: Buffer): Promise<void> {
		if (this.#closed) return Promise.resolve();
		return new Promise((resolve) => this.#socket.send(data, this.#remote.port, this.#remote.address, () => resolve()));
	}

	/** RFC 7983 demultiplexing by the first byte: STUN, DTLS or RTP/RTCP. */
	#onMessage(msg: Buffer, dtlsTransport: { onData: (data: Buffer) => void }): void {
		const first = msg[0]!;
		if (first >= 128 && first <= 191 && msg.length >= 12) {
			const payloadType = msg[1]! & 0x7f;
			if (payloadType >= 64 && payloadType <= 95) {
				this.otherPackets++; // RTCP (types 192-223)
				if (isKeyFrameRequest(msg)) this.onKeyFrameRequest?.();
				return;
			}
			const counter = this.counters.get(msg.readUInt32BE(8));
			if (counter) counter.add(msg.readUInt16BE(2), msg.length);
			else this.otherPackets++;
		} else if (first >= 20 && first <= 63) {
			dtlsTransport.onData(msg);
		} else if (first <= 3 && msg.length >= 20 && msg.readUInt16BE(0) === 0x0101) {
			// A Binding success response: the pair is nominated.
			if (!this.#iceUp) {
				this.#iceUp = true;
				this.#iceResolve?.();
			}
		}
	}
}
