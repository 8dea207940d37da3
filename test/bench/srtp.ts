/*
 * SRTP protection of outgoing RTP (RFC 3711, SRTP_AES128_CM_HMAC_SHA1_80,
 * the profile every WebRTC stack offers) for a load generator that publishes
 * to mediasoup as a browser would, with keys from its own DTLS handshake.
 * Sending only: nothing here decrypts.
 */
import { createCipheriv, createHmac } from 'node:crypto';

/** The DTLS-SRTP profile this implements (RFC 5764's SRTP_AES128_CM_HMAC_SHA1_80). */
export const SRTP_AES128_CM_HMAC_SHA1_80 = 1;
export const SRTP_MASTER_KEY_BYTES = 16;
export const SRTP_MASTER_SALT_BYTES = 14;
const AUTH_TAG_BYTES = 10;

/** RFC 3711 4.3.1, with a key derivation rate of 0: AES-CM over zeros from IV = (salt XOR label at byte 7) || 0x0000. */
export function deriveSessionKey(masterKey: Buffer, masterSalt: Buffer, label: number, length: number): Buffer {
	const iv = Buffer.alloc(16);
	masterSalt.copy(iv, 0);
	iv[7]! ^= label;
	return createCipheriv('aes-128-ctr', masterKey, iv).update(Buffer.alloc(length));
}

/** One sending SRTP context: any number of SSRCs, each with its own rollover counter. */
export class SrtpSender {
	readonly #key: Buffer;
	readonly #salt: Buffer;
	readonly #authKey: Buffer;
	/** Per SSRC: rollover counter and the last sequence number sent. */
	readonly #streams = new Map<number, { roc: number; lastSeq: number }>();

	constructor(masterKey: Buffer, masterSalt: Buffer) {
		this.#key = deriveSessionKey(masterKey, masterSalt, 0, 16);
		this.#authKey = deriveSessionKey(masterKey, masterSalt, 1, 20);
		this.#salt = deriveSessionKey(masterKey, masterSalt, 2, 14);
	}

	/** The SRTP packet for one RTP packet (header in clear, payload encrypted, 10-byte tag appended). */
	protect(rtp: Buffer): Buffer {
		const ssrc = rtp.readUInt32BE(8);
		const seq = rtp.readUInt16BE(2);
		const stream = this.#streams.get(ssrc) ?? { roc: 0, lastSeq: seq };
		// Sent in order: a smaller sequence number than the last one means it wrapped.
		if (seq < stream.lastSeq && stream.lastSeq - seq > 0x8000) stream.roc = (stream.roc + 1) >>> 0;
		stream.lastSeq = seq;
		this.#streams.set(ssrc, stream);

		let headerBytes = 12 + 4 * (rtp[0]! & 0x0f);
		if (rtp[0]! & 0x10) headerBytes += 4 + 4 * rtp.readUInt16BE(headerBytes + 2);
		// IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), index = ROC * 2^16 + SEQ.
		const iv = Buffer.alloc(16);
		this.#salt.copy(iv, 0);
		iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
		iv.writeUInt32BE((iv.readUInt32BE(8) ^ stream.roc) >>> 0, 8);
		iv.writeUInt16BE(iv.readUInt16BE(12) ^ seq, 12);
		const out = Buffer.alloc(rtp.length + AUTH_TAG_BYTES);
		rtp.copy(out, 0, 0, headerBytes);
		createCipheriv('aes-128-ctr', this.#key, iv).update(rtp.subarray(headerBytes)).copy(out, headerBytes);
		const roc = Buffer.alloc(4);
		roc.writeUInt32BE(stream.roc, 0);
		createHmac('sha1', this.#authKey).update(out.subarray(0, rtp.length)).update(roc).digest().copy(out, rtp.length, 0, AUTH_TAG_BYTES);
		return out;
	}
}
