/*
 * A link that stops working stops working everywhere: a socket keeps the
 * token it authenticated with, its join checks that the token still opens
 * the same room and role, and revoking tokens (a class turn handing the host
 * link on) drops every connection opened with them.
 */
import type { ClassCreatedResponse, ClassOverview } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { studioSuite } from './harness.ts';

const suite = studioSuite();

const tokenIn = (link: string) => new URL(link, 'http://x').searchParams.get('t')!;

async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
	const res = await suite.studio.fetchAs(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.88' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as T };
}

/** A one-room class of Rina then Dewi: the mentor's token, the room and its current host token. */
async function classRoom(): Promise<{ cls: ClassCreatedResponse; mentorToken: string; code: string; hostToken: () => Promise<string> }> {
	const cls = (await post<ClassCreatedResponse>('/api/classes', { name: 'Kelas Giliran', members: ['Rina', 'Dewi'], rooms: 1, turnMinutes: 3 })).body;
	const mentorToken = tokenIn(cls.mentorLink);
	const overview = (await (await suite.studio.fetch(`/api/classes/${cls.id}?t=${mentorToken}`)).json()) as ClassOverview;
	const code = overview.rooms[0]!.code;
	const hostToken = async () => (await suite.studio.studio.store.rooms.invitesOf(code)).find((i) => i.role === 'host')!.token;
	return { cls, mentorToken, code, hostToken };
}

describe('a host link revoked by the next class turn', () => {
	it('no longer opens the studio on a socket opened before the turn passed', async () => {
		const { cls, mentorToken, code, hostToken } = await classRoom();
		const oldToken = await hostToken();
		const early = await suite.studio.connect(oldToken, 'Rina');
		const joinedOld = await suite.studio.connect(oldToken, 'Rina');
		await joinedOld.ok('room:join', {});

		expect((await post(`/api/classes/${cls.id}/rooms/${code}/advance?t=${mentorToken}`, {})).status).toBe(200);
		// Every connection made with the old link goes at once: the joined one told its turn is over.
		expect((await joinedOld.waitFor('room:closed')).reason).toBe('turn_over');
		await joinedOld.waitForDisconnect();
		await early.waitForDisconnect();
		const dewi = await suite.studio.connect(await hostToken(), 'Dewi');
		expect((await dewi.ok('room:join', {})).self.role).toBe('host');

		expect(suite.studio.room(code).state().hostName).toBe('Dewi');
		expect(dewi.all('room:closed')).toEqual([]);
		expect(dewi.socket.connected).toBe(true);
		const refused = await suite.studio.connectError({ token: oldToken, name: 'Rina' });
		expect((refused as Error & { data?: { kind: string } }).data?.kind).toBe('invite_invalid');
	});

	it('is refused at join however it was revoked, and that socket is dropped', async () => {
		const room = await suite.studio.createRoom('Tautan diganti');
		const buyer = await suite.studio.join(room, 'buyer', 'Sari');
		const host = await suite.studio.connect(room.tokens.host, 'Rina');
		// The store alone changes (no one told the sockets): the join still finds out.
		await suite.studio.studio.registry.replaceInvites(room.code, ['host']);
		expect(await host.request('room:join', {})).toMatchObject({ ok: false, error: { code: 'not_found', kind: 'invite_invalid' } });
		await host.waitForDisconnect();
		expect(suite.studio.room(room.code).state().hostName).toBeNull();
		expect(buyer.client.socket.connected).toBe(true);
	});
});

describe('registry.revokeTokens', () => {
	it('drops every connection opened with the given tokens, joined or not, and no other', async () => {
		const room = await suite.studio.createRoom('Rotasi tautan');
		const joined = await suite.studio.join(room, 'buyer', 'Sari');
		const waiting = await suite.studio.connect(room.tokens.buyer, 'Dewi');
		const mentor = await suite.studio.join(room, 'mentor', 'Pak Budi');
		const other = await suite.studio.createRoom('Ruang lain');
		const elsewhere = await suite.studio.join(other, 'buyer', 'Ayu');

		await suite.studio.studio.registry.replaceInvites(room.code, ['buyer']);
		await suite.studio.studio.registry.revokeTokens(room.code, [room.tokens.buyer]);
		await joined.client.waitForDisconnect();
		await waiting.waitForDisconnect();
		expect(mentor.client.socket.connected).toBe(true);
		expect(elsewhere.client.socket.connected).toBe(true);
		expect(suite.studio.room(room.code).state().viewers).toEqual({ mentors: 1, buyers: 0 });
	});
});
