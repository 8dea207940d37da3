/*
 * Rooms in memory are the rooms in use: looking up an invite reads the
 * store, and a room nobody is in leaves memory soon after its media closes.
 */
import type { InviteInfo } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { eventually, publish, studioSuite } from './harness.ts';

const suite = studioSuite();

const inMemory = (code: string) => [...suite.studio.studio.registry.rooms()].some((r) => r.code === code);
const roomsInMemory = () => [...suite.studio.studio.registry.rooms()].length;

describe('rooms in memory', () => {
	it('are not made by creating rooms or looking up their invites', { timeout: 60_000 }, async () => {
		await eventually(() => roomsInMemory() === 0, 'earlier rooms to leave memory', 10_000);
		const started = Date.now();
		for (let i = 0; i < 200; i++) {
			const room = await suite.studio.createRoom(`Ruang ${i}`);
			for (const role of ['host', 'mentor', 'buyer'] as const) {
				const res = await suite.studio.fetch(`/api/invites/${room.tokens[role]}`);
				expect(res.status).toBe(200);
				expect((await res.json()) as InviteInfo).toMatchObject({ code: room.code, title: `Ruang ${i}`, role });
			}
		}
		console.log(`[measure] 200 rooms created and 600 invites looked up in ${Date.now() - started} ms: ${roomsInMemory()} rooms in memory`);
		expect(roomsInMemory()).toBe(0);
	});

	it('a room that was used leaves memory after its grace, and comes back as it was saved on the next use', async () => {
		const room = await suite.studio.createRoom('Dipakai lalu ditinggal');
		const host = await suite.studio.join(room, 'host', 'Bu Rina');
		await publish(host);
		const { room: live } = await host.client.ok('live:start', {});
		const buyer = await suite.studio.join(room, 'buyer', 'Sari');
		expect(inMemory(room.code)).toBe(true);
		host.client.close();
		buyer.client.close();
		const left = Date.now();
		// Media after the (1 s) empty grace, then the room itself after one more.
		await eventually(() => !inMemory(room.code), 'the room to leave memory', 5_000);
		console.log(`[measure] an emptied room left memory ${Date.now() - left} ms after its last peer (grace 1 s)`);

		const back = await suite.studio.join(room, 'buyer', 'Sari');
		expect(back.join.room).toMatchObject({ code: room.code, title: 'Dipakai lalu ditinggal', status: 'waiting' });
		// Its last session (the report's link) is read back from the store.
		expect(back.join.room.sessionId).toBe(live.sessionId);
	});

	it('are one Room per code, however many connections arrive at once while it is read from the store', async () => {
		const { registry } = suite.studio.studio;
		const room = await suite.studio.createRoom('Serbu');
		expect(inMemory(room.code)).toBe(false);
		// 50 at once, each from an address of its own: all are admitted to the same Room.
		const clients = await Promise.all(
			Array.from({ length: 50 }, (_, i) => suite.studio.connect(room.tokens.buyer, `Pembeli ${i}`, {}, { from: `10.30.0.${i + 1}` })),
		);
		expect([...registry.rooms()].filter((r) => r.code === room.code)).toHaveLength(1);
		expect(suite.studio.room(room.code).peerCount).toBe(50);
		const other = await suite.studio.createRoom('Serbu lagi');
		const loaded = await Promise.all(Array.from({ length: 50 }, () => registry.get(other.code)));
		expect(new Set(loaded).size).toBe(1);
		expect(loaded[0]?.code).toBe(other.code);
		for (const client of clients) client.close();
	});

	it('a connection that never joins holds its room only while it is open', async () => {
		const room = await suite.studio.createRoom('Mampir');
		const visitor = await suite.studio.connect(room.tokens.buyer, 'Lewat');
		expect(inMemory(room.code)).toBe(true);
		visitor.close();
		await eventually(() => !inMemory(room.code), 'the room to leave memory', 5_000);
	});
});
