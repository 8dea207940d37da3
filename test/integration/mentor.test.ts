import type { MentorNote, SessionReport } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { publish, sleep, studioSuite, type Joined, type TestRoom } from './harness.ts';

const suite = studioSuite();

async function liveRoom(): Promise<{ room: TestRoom; host: Joined; mentor: Joined; buyer: Joined }> {
	const room = await suite.studio.createRoom('Mentor test');
	const host = await suite.studio.join(room, 'host', 'Bu Rina');
	const mentor = await suite.studio.join(room, 'mentor', 'Pak Mentor');
	const buyer = await suite.studio.join(room, 'buyer', 'Sari');
	await publish(host);
	await host.client.ok('stage:setCrowd', { commentsPerMinute: 0 });
	await host.client.ok('live:start', {});
	return { room, host, mentor, buyer };
}

async function getJson<T>(path: string): Promise<{ status: number; body: T }> {
	const res = await suite.studio.fetch(path);
	return { status: res.status, body: (await res.json()) as T };
}

describe('mentor actions', () => {
	it('are for mentors only', async () => {
		const { host, buyer } = await liveRoom();
		for (const who of [host, buyer]) {
			await who.client.fails('mentor:whisper', { text: 'senyum!' }, 'forbidden');
			await who.client.fails('mentor:note', { text: 'x', tags: [] }, 'forbidden');
			await who.client.fails('mentor:score', { criterion: 'opening', level: 3 }, 'forbidden');
			await who.client.fails('mentor:inject', { kind: 'troll' }, 'forbidden');
		}
	});

	it('whisper reaches the host only, during the live', async () => {
		const { host, mentor, buyer } = await liveRoom();
		await mentor.client.ok('mentor:whisper', { text: 'Sapa penonton baru!' });
		const cue = await host.client.waitFor('stage:whisper');
		expect(cue).toMatchObject({ text: 'Sapa penonton baru!', from: 'Pak Mentor' });
		await sleep(200);
		expect(buyer.client.all('stage:whisper')).toEqual([]);
		expect(mentor.client.all('stage:whisper')).toEqual([]);
		await mentor.client.fails('mentor:whisper', { text: '' }, 'bad_request');
		await mentor.client.fails('mentor:whisper', { text: 'x'.repeat(81) }, 'bad_request');
		await host.client.ok('live:end', {});
		await mentor.client.fails('mentor:whisper', { text: 'telat' }, 'invalid_state');
	});

	it('validates notes, scores and injects', async () => {
		const { mentor } = await liveRoom();
		await mentor.client.fails('mentor:note', { text: '', tags: [] }, 'bad_request');
		await mentor.client.fails('mentor:note', { text: 'x', tags: ['nonsense' as never] }, 'bad_request');
		await mentor.client.fails('mentor:score', { criterion: 'opening', level: 5 as never }, 'bad_request');
		await mentor.client.fails('mentor:score', { criterion: 'charisma' as never, level: 2 }, 'bad_request');
		await mentor.client.fails('mentor:inject', { kind: 'earthquake' as never }, 'bad_request');
		await mentor.client.ok('mentor:inject', { kind: 'viewerSpike' });
	});
});

describe('the report', () => {
	it('records the live and shows the mentor feedback, to the trainee and mentors only', async () => {
		const { room, host, mentor, buyer } = await liveRoom();
		const product = host.join.stage.products[0]!;
		await host.client.ok('stage:pin', { productId: product.id });
		const { comment: q } = await buyer.client.ok('stage:comment', { text: 'kak ready size L?' });
		await buyer.client.ok('stage:comment', { text: 'bisa COD?' });
		await host.client.ok('stage:markAnswered', { commentId: q.id });
		await buyer.client.ok('stage:order', { productId: product.id, variantId: product.variants[0]!.id, quantity: 2 });
		await mentor.client.ok('mentor:whisper', { text: 'Jawab soal COD' });
		await mentor.client.ok('mentor:note', { text: 'Sapaan hangat', tags: ['goodGreeting'] });
		await mentor.client.ok('mentor:score', { criterion: 'opening', level: 3 });
		await mentor.client.ok('mentor:score', { criterion: 'opening', level: 4 });
		await sleep(300);
		const { room: ended } = await host.client.ok('live:end', {});
		const sessionId = ended.sessionId!;
		expect(sessionId).toBeTruthy();

		const url = (token: string) => `/api/sessions/${sessionId}/report?t=${encodeURIComponent(token)}`;
		const { status, body: report } = await getJson<SessionReport>(url(room.tokens.host));
		expect(status).toBe(200);
		expect(report.session).toMatchObject({ id: sessionId, roomCode: room.code, hostName: 'Bu Rina' });
		expect(report.session.durationMs).toBeGreaterThan(200);
		expect(report.questions).toMatchObject({ asked: 2, answered: 1 });
		expect(report.questions.unanswered.map((u) => u.text)).toEqual(['bisa COD?']);
		expect(report.sales).toMatchObject({ humanOrders: 1 });
		expect(report.sales.units).toBeGreaterThanOrEqual(2);
		expect(report.products.find((p) => p.productId === product.id)?.pins).toBe(1);
		expect(report.rubric.scores.opening).toBe(4);
		expect(report.notes.map((n) => [n.text, n.tags])).toEqual([['Sapaan hangat', ['goodGreeting']]]);
		expect(report.whispers.map((w) => w.text)).toEqual(['Jawab soal COD']);
		expect(report.dashboard.filter((m) => m.weak)).toHaveLength(3);

		expect((await getJson(url(room.tokens.mentor))).status).toBe(200);
		expect((await getJson(url(room.tokens.buyer))).status).toBe(403);
		const other = await suite.studio.createRoom('Trainee lain');
		expect((await getJson(url(other.tokens.host))).status).toBe(403);
		expect((await getJson(url('not-a-token'))).status).toBe(403);
		expect((await getJson(`/api/sessions/s_nope/report?t=${room.tokens.host}`)).status).toBe(404);

		const csv = await suite.studio.fetch(`/api/sessions/${sessionId}/report.csv?t=${room.tokens.host}`);
		expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
		expect(await csv.text()).toContain('bisa COD?');

		// After the live: the mentor can still score and note over HTTP; the trainee cannot.
		const rubricUrl = (token: string) => `/api/sessions/${sessionId}/rubric?t=${encodeURIComponent(token)}`;
		const put = (token: string, body: unknown) =>
			suite.studio.fetch(rubricUrl(token), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect((await put(room.tokens.host, { criterion: 'energyPacing', level: 4 })).status).toBe(403);
		expect((await put(room.tokens.mentor, { criterion: 'energyPacing', level: 9 })).status).toBe(400);
		const afterPut = (await (await put(room.tokens.mentor, { criterion: 'energyPacing', level: 2, mentorName: '  Bu Sari ' })).json()) as SessionReport;
		expect(afterPut.rubric.scores).toMatchObject({ opening: 4, energyPacing: 2 });
		// Mentors share one link: the body says who is writing (trimmed); without it, a generic name.
		expect((await suite.studio.studio.store.sessions.scores(sessionId)).find((e) => e.criterion === 'energyPacing')?.mentorName).toBe('Bu Sari');
		expect((await put(room.tokens.mentor, { criterion: 'energyPacing', level: 2, mentorName: 'x'.repeat(33) })).status).toBe(400);
		const postNote = (body: unknown) =>
			suite.studio.fetch(`/api/sessions/${sessionId}/notes?t=${room.tokens.mentor}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const note = await postNote({ text: 'Latih ajakan beli', tags: ['clearCallToAction'], mentorName: 'Bu Sari' });
		expect(note.status).toBe(201);
		expect(((await note.json()) as MentorNote).mentorName).toBe('Bu Sari');
		expect((await postNote({ text: '', tags: [], mentorName: 'Bu Sari' })).status).toBe(400);
		expect((await postNote({ text: 'x', tags: [], mentorName: '' })).status).toBe(400);
		// The mentor can also note over the socket after the live: it goes to the last session.
		await mentor.client.ok('mentor:note', { text: 'Catatan susulan', tags: [] });
		const final = (await getJson<SessionReport>(url(room.tokens.host))).body;
		expect(final.notes.map((n) => n.text)).toEqual(['Sapaan hangat', 'Latih ajakan beli', 'Catatan susulan']);

		const progress = await getJson<{ sessions: Array<{ sessionId: string }> }>(`/api/progress?t=${room.tokens.host}`);
		expect(progress.body.sessions.map((s) => s.sessionId)).toEqual([sessionId]);
		expect((await getJson(`/api/progress?t=${room.tokens.buyer}`)).status).toBe(403);
	});
});
