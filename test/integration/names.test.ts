/*
 * Display names over the real handshake: normalised (no invisible or
 * direction-changing characters), and not the host's, a mentor's or a staff
 * word for those who are not them.
 */
import type { ErrorBody } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { RequestError } from '../../client/src/signaling/signalingClient.ts';
import { sleep, studioSuite, type TestClient } from './harness.ts';
import { viewerSuite } from './reconnectingViewer.ts';

const suite = studioSuite();
const viewer = viewerSuite(() => suite.studio.url);

/** The error a join under `name` gets (fails the test if it is accepted). */
async function refusedJoin(client: TestClient): Promise<ErrorBody> {
	const ack = await client.request('room:join', {});
	if (ack.ok) throw new Error(`expected the join of "${ack.data.self.name}" to be refused`);
	return ack.error;
}

describe('display names', () => {
	it('are normalised in the handshake: what others see has no invisible or direction-changing characters', async () => {
		const room = await suite.studio.createRoom('Nama aneh');
		const buyer = await suite.studio.connect(room.tokens.buyer, '\u202eS\u200ba\u200dri\u2066  \u00a0Ａｙｕ\u0000');
		const join = await buyer.ok('room:join', {});
		expect(join.self.name).toBe('Sari Ayu');
		for (const name of ['\u200b\u200c\u200d', '\u202e\u2066', '\u3164', '  \u00a0 ']) {
			const error = await suite.studio.connectError({ token: room.tokens.buyer, name });
			expect(error.message).toMatch(/^unauthorized: name/);
		}
	});

	it('keep the host’s name for the host, and mentors’ names and staff words for mentors and staff', async () => {
		const room = await suite.studio.createRoom('Nama dipakai');
		await suite.studio.join(room, 'host', 'Bu Rina');
		await suite.studio.join(room, 'mentor', 'Pak Budi');

		for (const [role, name] of [
			['buyer', 'Bu Rina'],
			['buyer', 'bu.rina'],
			['buyer', 'BU  RINA'],
			['mentor', 'Bu\u200bRina'],
			['buyer', 'Pak Budi'],
			['buyer', 'pak-budi'],
			['buyer', 'Pendamping'],
			['buyer', 'P.e.n.d.a.m.p.i.n.g'],
			['buyer', 'Mentor'],
			['buyer', 'Admin'],
			['buyer', 'ADMIN GLADI'],
			['buyer', 'Gladi'],
			['buyer', 'Penjual'],
			['buyer', 'Host'],
			['buyer', 'Seller'],
			['buyer', 'Kak Admin'],
			['buyer', 'НОЅТ'],
		] as const) {
			const client = await suite.studio.connect(room.tokens[role], name);
			expect(await refusedJoin(client), `${role} "${name}"`).toMatchObject({ code: 'forbidden', kind: 'name_reserved' });
		}
		expect(suite.studio.room(room.code).state().viewers).toEqual({ mentors: 1, buyers: 0 });

		// Names that only look a little alike are fine, and a mentor may be called what mentors are called.
		for (const [role, name] of [
			['buyer', 'Rina'],
			['buyer', 'Gladis'],
			['buyer', 'Pembeli'],
			['mentor', 'Pendamping'],
			['mentor', 'Pak Budi'],
		] as const) {
			const client = await suite.studio.connect(room.tokens[role], name);
			expect((await client.ok('room:join', {})).self.name).toBe(name);
		}
	});

	it('a buyer whose name is taken is told so once, and their client does not try again', async () => {
		const room = await suite.studio.createRoom('Nama ditolak');
		await suite.studio.join(room, 'host', 'Bu Rina');
		const impostor = viewer(room.tokens.buyer, 'Bu  Rina');
		let lastError: unknown = null;
		impostor.reconnector.on('state', (_state, error) => {
			if (error) lastError = error;
		});
		impostor.reconnector.start();
		await impostor.waitForState('failed');
		expect(lastError).toBeInstanceOf(RequestError);
		expect(lastError).toMatchObject({ code: 'forbidden', kind: 'name_reserved' });
		await sleep(1_200);
		expect(impostor.retries).toEqual([]);
		expect(impostor.signaling.socket.connected).toBe(false);
	});
});
