/*
 * Sending what socket.io-client cannot: payloads nested deeper than
 * JSON.stringify goes. An attacker writes socket.io frames by hand; so does
 * this, over the client's own engine.io connection, and the answer comes
 * back to an ack registered under the frame's id.
 */
import { nestedDeeperThan } from '@gladi/shared';
import type { Socket } from 'socket.io-client';

/** Deeper than JSON.stringify (and socket.io-client, which uses it) safely goes: a few thousand levels overflow its stack. */
export function tooDeepForJson(value: unknown): boolean {
	return nestedDeeperThan(value, 1_000);
}

/** JSON text of any JSON-like value, however deep (an explicit stack instead of recursion). */
export function deepJson(value: unknown): string {
	if (!tooDeepForJson(value)) return JSON.stringify(value) ?? 'null';
	const out: string[] = [];
	// Popped from the end: text to write as it is, or a value to write.
	const work: Array<{ text: string } | { value: unknown }> = [{ value }];
	while (work.length > 0) {
		const item = work.pop()!;
		if ('text' in item) {
			out.push(item.text);
			continue;
		}
		const v = item.value;
		if (Array.isArray(v)) {
			out.push('[');
			work.push({ text: ']' });
			for (let i = v.length - 1; i >= 0; i--) {
				work.push({ value: v[i] });
				if (i > 0) work.push({ text: ',' });
			}
		} else if (v !== null && typeof v === 'object') {
			const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
			out.push('{');
			work.push({ text: '}' });
			for (let i = entries.length - 1; i >= 0; i--) {
				const [key, x] = entries[i]!;
				work.push({ value: x });
				work.push({ text: `${JSON.stringify(key)}:` });
				if (i > 0) work.push({ text: ',' });
			}
		} else {
			out.push(JSON.stringify(v) ?? 'null');
		}
	}
	return out.join('');
}

/** Ack ids for hand-written frames, far from the ones socket.io-client hands out. */
let nextFrameId = 1_000_000_000;

/** Emit `event` with the payload's JSON text written by hand; `onAck` gets the server's answer. */
export function emitFrame(socket: Socket, event: string, payloadJson: string, onAck: (ack: unknown) => void): void {
	const id = nextFrameId++;
	// socket.io keeps pending acks in `acks` (by id); the server's ACK packet for this id lands here.
	(socket as unknown as { acks: Record<number, (ack: unknown) => void> }).acks[id] = onAck;
	// A socket.io EVENT packet (type 2) on the main namespace, with its ack id, inside an engine.io message.
	socket.io.engine.send(`2${id}[${JSON.stringify(event)},${payloadJson}]`);
}
