/*
 * What one link or one address may hold open: connections are capped per
 * invite token and per address in a room (refused in the handshake, as a
 * temporary refusal), and a connection that never joins is closed.
 */
import type { ErrorBody } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { eventually, fromAddress, sleep, studioSuite, TestStudio, type TestClient } from './harness.ts';

const suite = studioSuite();

/**
 * Open `count` connections on `token`, all of which must connect: each from
 * an address of its own, or all from `from` as one person (one address
 * gets only so many new person ids).
 */
async function openMany(token: string, count: number, from?: string): Promise<TestClient[]> {
	const person = from ? await personCredential() : undefined;
	const clients: TestClient[] = [];
	// In batches: a few dozen handshakes at a time, as a class arriving would.
	for (let start = 0; start < count; start += 25) {
		const batch = Array.from({ length: Math.min(25, count - start) }, (_, k) => {
			const i = start + k;
			return suite.studio.connect(token, `Pembeli ${i}`, {}, from ? { from, ...(person ? { person } : {}) } : { from: `10.20.${Math.floor(i / 200)}.${i % 200}` });
		});
		clients.push(...(await Promise.all(batch)));
	}
	return clients;
}

/** A person id of this studio's (from a join in a room of its own). */
async function personCredential(): Promise<string> {
	const room = await suite.studio.createRoom('Kenalan');
	const { client, join } = await suite.studio.join(room, 'buyer', 'Kenalan');
	client.close();
	return join.person;
}

/** The refusal a connection gets in its handshake (its error body). */
async function refusal(token: string, from: string): Promise<ErrorBody> {
	const error = (await suite.studio.connectError({ token, name: 'Satu lagi' }, fromAddress(from))) as Error & { data?: ErrorBody };
	expect(error.data, error.message).toBeDefined();
	return error.data!;
}

describe('connections per link', () => {
	it('a buyer link holds 200 open connections; the next is refused until one closes', { timeout: 60_000 }, async () => {
		const room = await suite.studio.createRoom('Kelas ramai');
		const clients = await openMany(room.tokens.buyer, 200);
		expect(await refusal(room.tokens.buyer, '10.99.0.1')).toMatchObject({ code: 'rate_limited', kind: 'too_many_connections' });
		// Another link of the same room is counted on its own.
		const mentor = await suite.studio.connect(room.tokens.mentor, 'Bu Ani', {}, { from: '10.99.0.2' });
		expect(mentor.socket.connected).toBe(true);

		clients[0]!.close();
		const again = await eventually(async () => {
			try {
				return await suite.studio.connect(room.tokens.buyer, 'Satu lagi', {}, { from: '10.99.0.1' });
			} catch {
				return undefined;
			}
		}, 'a slot to free up');
		expect(again.socket.connected).toBe(true);
		expect(suite.studio.room(room.code).peerCount).toBe(201);
	});

	it('a host link holds 3, a mentor link 20', async () => {
		const room = await suite.studio.createRoom('Satu host');
		await openMany(room.tokens.host, 3);
		expect((await refusal(room.tokens.host, '10.98.0.1')).kind).toBe('too_many_connections');
		await openMany(room.tokens.mentor, 20);
		expect((await refusal(room.tokens.mentor, '10.98.0.2')).kind).toBe('too_many_connections');
	});
});

describe('connections per address', () => {
	it('one address holds 50 in a room, whatever the link; other addresses and rooms are not held back', async () => {
		const room = await suite.studio.createRoom('Satu alamat');
		const from = '203.0.113.50';
		const buyers = await openMany(room.tokens.buyer, 45, from);
		await openMany(room.tokens.mentor, 5, from);
		expect(await refusal(room.tokens.buyer, from)).toMatchObject({ code: 'rate_limited', kind: 'too_many_connections' });
		expect(await refusal(room.tokens.host, from)).toMatchObject({ kind: 'too_many_connections' });
		expect((await suite.studio.connect(room.tokens.buyer, 'Tetangga', {}, { from: '203.0.113.51' })).socket.connected).toBe(true);
		const other = await suite.studio.createRoom('Ruang lain');
		expect((await suite.studio.connect(other.tokens.buyer, 'Sama', {}, { from })).socket.connected).toBe(true);

		buyers[0]!.close();
		await eventually(() => suite.studio.room(room.code).peerCount === 50, 'the closed connection to be forgotten');
		expect((await suite.studio.connect(room.tokens.host, 'Host', {}, { from, person: await personCredential() })).socket.connected).toBe(true);
	});
});

describe('connections that never join', () => {
	it('are closed after the join timeout; joined ones stay', async () => {
		const own = await TestStudio.start({ GLADI_JOIN_TIMEOUT_SECONDS: '0.5' });
		try {
			const room = await own.createRoom('Diam saja');
			const idle = await own.connect(room.tokens.buyer, 'Diam');
			const joined = await own.connect(room.tokens.buyer, 'Ikut');
			await joined.ok('room:join', {});
			const started = Date.now();
			expect(await idle.waitForDisconnect(3_000)).toBe('io server disconnect');
			const waited = Date.now() - started;
			console.log(`[measure] a socket that never joined was closed after ${waited} ms (timeout 500 ms)`);
			expect(waited).toBeGreaterThanOrEqual(300);
			await sleep(700);
			expect(joined.socket.connected).toBe(true);
			expect(own.room(room.code).peerCount).toBe(1);
		} finally {
			await own.close();
		}
	});
});
