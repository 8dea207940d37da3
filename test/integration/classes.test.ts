import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ClassCreatedResponse, ClassMemberView, ClassOverview, HttpErrorBody, SessionReport } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/src/store/postgresStore.ts';
import { publish, studioSuite } from './harness.ts';

const suite = studioSuite();

/** POST as the signed-in test admin (creating a class), or with only the link's token (advancing a turn). */
async function post<T>(path: string, body: unknown, forwardedFor = '192.0.2.77'): Promise<{ status: number; body: T }> {
	const res = await (path === '/api/classes' ? suite.studio.fetchAs.bind(suite.studio) : suite.studio.fetch.bind(suite.studio))(path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as T };
}

async function get<T>(path: string): Promise<{ status: number; body: T }> {
	const res = await suite.studio.fetch(path);
	return { status: res.status, body: (await res.json()) as T };
}

const tokenIn = (link: string) => new URL(link, 'http://x').searchParams.get('t')!;

/** Rows of each table a class writes, read from the studio's own database (its SQLite file, or PostgreSQL). */
async function classRows(): Promise<Record<string, number>> {
	const tables = ['classes', 'class_members', 'class_turns', 'rooms', 'invites'];
	const { store } = suite.studio.studio;
	if (store instanceof PostgresStore) {
		const counts = await Promise.all(tables.map(async (t) => [t, Number((await store.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${t}`)).rows[0]!.n)] as const));
		return Object.fromEntries(counts);
	}
	const db = new DatabaseSync(path.join(suite.studio.dataDir, 'gladi.db'), { readOnly: true });
	try {
		return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
	} finally {
		db.close();
	}
}

describe('classes', () => {
	it('creates nothing at all when a product in the list is unknown', async () => {
		const before = await classRows();
		const { products } = (await (await suite.studio.fetchAs('/api/products')).json()) as { products: Array<{ id: string }> };
		const bad = await post<HttpErrorBody>('/api/classes', {
			name: 'Kelas Rusak',
			members: ['Ani', 'Budi', 'Citra', 'Dewi'],
			rooms: 2,
			productIds: [products[0]!.id, 'p_tidak_ada'],
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatchObject({ code: 'bad_request', kind: 'unknown_products' });
		expect(await classRows()).toEqual(before);
	});

	it('refuses a bad roster', async () => {
		for (const bad of [{ name: '', members: ['A'] }, { name: 'K', members: [] }, { name: 'K', members: ['Sari', 'sari'] }, { name: 'K', members: ['A'], rooms: 0 }]) {
			expect((await post('/api/classes', bad)).status, JSON.stringify(bad)).toBe(400);
		}
	});

	it('splits members into practice rooms, rotates the host turn, and keeps each member’s sessions and reports', async () => {
		const created = await post<ClassCreatedResponse>('/api/classes', {
			name: 'Kelas Tanah Abang A',
			members: ['Rina', 'Sari', 'Dewi', 'Budi'],
			rooms: 2,
			turnMinutes: 3,
		});
		expect(created.status).toBe(201);
		const cls = created.body;
		expect(cls.members.map((m) => m.name)).toEqual(['Rina', 'Sari', 'Dewi', 'Budi']);
		const mentorToken = tokenIn(cls.mentorLink);
		const memberToken = (name: string) => tokenIn(cls.members.find((m) => m.name === name)!.link);

		const overview = (await get<ClassOverview>(`/api/classes/${cls.id}?t=${mentorToken}`)).body;
		expect(overview.kind).toBe('mentor');
		expect(overview.turnSeconds).toBe(180);
		expect(overview.rooms).toHaveLength(2);
		expect(overview.rooms.map((r) => r.members.map((m) => m.name))).toEqual([
			['Rina', 'Dewi'],
			['Sari', 'Budi'],
		]);
		const [roomA] = overview.rooms;

		// Rina's turn: her link opens the room as host; Dewi's as a buyer.
		const rina = (await get<ClassMemberView>(`/api/classes/${cls.id}?t=${memberToken('Rina')}`)).body;
		expect(rina).toMatchObject({ kind: 'member', myTurn: true, room: { code: roomA!.code } });
		expect(rina.joinLink).toMatch(new RegExp(`^/r/${roomA!.code}/host\\?t=`));
		const dewi = (await get<ClassMemberView>(`/api/classes/${cls.id}?t=${memberToken('Dewi')}`)).body;
		expect(dewi.myTurn).toBe(false);
		expect(dewi.joinLink).toMatch(/\/watch\?t=/);
		// Other people's tokens do not open the class.
		expect((await get(`/api/classes/${cls.id}?t=nope`)).status).toBe(403);

		// Rina goes live in her turn: the session is hers.
		const host = await suite.studio.connect(tokenIn(rina.joinLink), 'Rina');
		const joined = await host.ok('room:join', {});
		await publish({ client: host, join: joined } as never);
		await host.ok('stage:setCrowd', { commentsPerMinute: 0 });
		const { room: liveRoom } = await host.ok('live:start', {});

		// Only the mentor advances; the next turn ends the live, sends Rina away and gives Dewi the host link.
		expect((await post(`/api/classes/${cls.id}/rooms/${roomA!.code}/advance?t=${memberToken('Rina')}`, {})).status).toBe(403);
		const advanced = await post<ClassOverview>(`/api/classes/${cls.id}/rooms/${roomA!.code}/advance?t=${mentorToken}`, {});
		expect(advanced.status).toBe(200);
		expect(advanced.body.rooms[0]!.turnIndex).toBe(1);
		expect((await host.waitFor('room:closed')).reason).toBe('turn_over');
		const oldHostLink = rina.joinLink;
		expect((await get(`/api/invites/${tokenIn(oldHostLink)}`)).status).toBe(404);
		const dewiNow = (await get<ClassMemberView>(`/api/classes/${cls.id}?t=${memberToken('Dewi')}`)).body;
		expect(dewiNow.myTurn).toBe(true);
		expect(dewiNow.joinLink).toMatch(/\/host\?t=/);
		const rinaNow = (await get<ClassMemberView>(`/api/classes/${cls.id}?t=${memberToken('Rina')}`)).body;
		expect(rinaNow.myTurn).toBe(false);

		// Rina's turn became a session with its own report, which she (and the mentor) can open.
		expect(rinaNow.sessions).toHaveLength(1);
		const sessionId = rinaNow.sessions[0]!.sessionId;
		expect(sessionId).toBe(liveRoom.sessionId);
		const report = await get<SessionReport>(`/api/sessions/${sessionId}/report?t=${memberToken('Rina')}`);
		expect(report.status).toBe(200);
		expect(report.body.session).toMatchObject({ hostName: 'Rina', classId: cls.id, memberId: cls.members[0]!.id });
		expect((await get(`/api/sessions/${sessionId}/report?t=${memberToken('Dewi')}`)).status).toBe(403);
		const mentorView = (await get<ClassOverview>(`/api/classes/${cls.id}?t=${mentorToken}`)).body;
		const rinaRow = mentorView.members.find((m) => m.name === 'Rina')!;
		expect(rinaRow.sessions.map((s) => s.sessionId)).toEqual([sessionId]);
		expect((await get(rinaRow.sessions[0]!.reportLink.replace('/laporan/', '/api/sessions/').replace('?', '/report?'))).status).toBe(200);
		const progress = await get<{ sessions: unknown[] }>(`/api/progress?t=${memberToken('Rina')}`);
		expect(progress.body.sessions).toHaveLength(1);

		// Dewi now holds the room's host link: it opens her sessions only, never Rina's report, notes, rubric or
		// recording, and her progress lists no classmate.
		const dewiHost = tokenIn(dewiNow.joinLink);
		for (const path of ['report', 'report.csv', 'timeline', 'recording']) {
			const res = await get<HttpErrorBody>(`/api/sessions/${sessionId}/${path}?t=${dewiHost}`);
			expect(res.status, path).toBe(403);
			expect(res.body.error.kind).toBe('report_of_other_trainee');
		}
		const dewiProgress = await get<{ sessions: unknown[] }>(`/api/progress?t=${dewiHost}`);
		expect(dewiProgress.body.sessions).toEqual([]);
		// The room's mentor link still opens every member's session in it.
		expect((await get(`/api/sessions/${sessionId}/report?t=${tokenIn(mentorView.rooms[0]!.mentorLink)}`)).status).toBe(200);
	});
});
