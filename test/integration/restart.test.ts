import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CreateRoomResponse, InviteInfo, JoinResponse, SessionReport } from '@gladi/shared';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, expect, it } from 'vitest';
import { startStudioProcess, type StudioProcess } from '../bench/studioProcess.ts';
import { freePort } from '../freePort.ts';
import { TestPostgres } from '../postgres.ts';
import { opusRtpParameters, vp8SimulcastRtpParameters } from './harness.ts';

const dataDirs: string[] = [];
const running: StudioProcess[] = [];
const sockets: Socket[] = [];
let postgres: TestPostgres | null = null;

afterAll(async () => {
	for (const s of sockets) s.disconnect();
	for (const p of running) await p.kill();
	await postgres?.stop();
	for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** Where the killed studio keeps what it acknowledged, and how the test reads it back without the studio. */
interface Storage {
	name: string;
	/** The studio's environment (with its data directory) for this store. */
	env(dataDir: string): Promise<Record<string, string>>;
	/** The texts of a session's comments, straight from the database. */
	comments(dataDir: string, sessionId: string): Promise<string[]>;
}

const sqlite: Storage = {
	name: 'SQLite',
	// Empty is unset: SQLite, whatever the environment running the tests says.
	env: async () => ({ GLADI_DATABASE_URL: '' }),
	comments: async (dataDir, sessionId) => {
		expect(statSync(path.join(dataDir, 'gladi.db')).size).toBeGreaterThan(0);
		const db = new DatabaseSync(path.join(dataDir, 'gladi.db'), { readOnly: true });
		try {
			const rows = db.prepare("SELECT data FROM session_events WHERE session_id = ? AND type = 'comment'").all(sessionId) as Array<{ data: string }>;
			return rows.map((r) => (JSON.parse(r.data) as { text: string }).text);
		} finally {
			db.close();
		}
	},
};

/** A new database of a throwaway PostgreSQL server (GLADI_DATABASE_URL); it remembers which. */
function postgresStorage(): Storage {
	let url = '';
	return {
		name: 'PostgreSQL',
		env: async () => {
			postgres ??= await TestPostgres.start();
			url = await postgres.createDatabase();
			// A studio on a shared database is a node: it knows the address it is reached at (the same port after the restart).
			const port = await freePort();
			return { GLADI_DATABASE_URL: url, GLADI_PORT: String(port), GLADI_PUBLIC_URL: `http://127.0.0.1:${port}` };
		},
		comments: async (dataDir, sessionId) => {
			// Everything went to the server: no SQLite file beside it.
			expect(existsSync(path.join(dataDir, 'gladi.db'))).toBe(false);
			const client = new Client({ connectionString: url });
			await client.connect();
			try {
				const { rows } = await client.query<{ text: string }>("SELECT data->>'text' AS text FROM session_events WHERE session_id = $1 AND type = 'comment'", [sessionId]);
				return rows.map((r) => r.text);
			} finally {
				await client.end();
			}
		},
	};
}

function connect(url: string, link: string, name: string): Promise<Socket> {
	const token = new URL(link, url).searchParams.get('t')!;
	return new Promise((resolve, reject) => {
		const socket = io(url, { auth: { token, name }, transports: ['websocket'], forceNew: true, reconnection: false });
		sockets.push(socket);
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

async function ask<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
	const ack = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean; data: T; error?: { message: string } };
	if (!ack.ok) throw new Error(`${event}: ${ack.error?.message}`);
	return ack.data;
}

it.each([sqlite, postgresStorage()])(
	'$name: a server killed mid-session loses nothing it acknowledged; links and the report work after the restart',
	{ timeout: 60_000 },
	async (storage) => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gladi-crash-'));
		dataDirs.push(dataDir);
		const env = { GLADI_RECORDINGS: 'off', ...(await storage.env(dataDir)) };
		const first = await startStudioProcess(env, { dataDir });
		running.push(first);
		const room = (await (
			await first.fetch(`/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Crash test' }) })
		).json()) as CreateRoomResponse;

		const host = await connect(first.url, room.links.host, 'Bu Rina');
		const joined = await ask<JoinResponse>(host, 'room:join', {});
		const send = await ask<{ id: string }>(host, 'media:createTransport', { direction: 'send' });
		const caps = joined.routerRtpCapabilities;
		await ask(host, 'media:produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: opusRtpParameters(caps) });
		await ask(host, 'media:produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: vp8SimulcastRtpParameters(caps) });
		await ask(host, 'stage:setCrowd', { commentsPerMinute: 0 });
		const { room: liveState } = await ask<{ room: { sessionId: string } }>(host, 'live:start', {});
		const sessionId = liveState.sessionId;

		const buyers = await Promise.all([0, 1, 2].map((i) => connect(first.url, room.links.buyer, `Pembeli ${i}`)));
		for (const b of buyers) await ask(b, 'room:join', {});
		const mentor = await connect(first.url, room.links.mentor, 'Pak Mentor');
		await ask(mentor, 'room:join', {});

		// Acknowledged actions, as fast as the server answers them.
		const acked: string[] = [];
		for (let round = 0; round < 3; round++) {
			await Promise.all(
				buyers.map(async (b, i) => {
					const text = `komentar ${round}-${i}`;
					await ask(b, 'stage:comment', { text });
					acked.push(text);
				}),
			);
		}
		const product = joined.stage.products[0]!;
		await ask(host, 'stage:pin', { productId: product.id });
		const { order } = await ask<{ order: { id: string } }>(buyers[0]!, 'stage:order', { productId: product.id, variantId: product.variants[0]!.id, quantity: 1 });
		await ask(mentor, 'mentor:note', { text: 'sebelum crash', tags: ['goodGreeting'] });
		await ask(mentor, 'mentor:score', { criterion: 'productKnowledge', level: 3 });

		await first.kill(); // SIGKILL: no shutdown, no flush

		// Straight from the database: every acknowledged comment is in the session's timeline.
		const stored = await storage.comments(dataDir, sessionId);
		expect(acked).toHaveLength(9);
		for (const text of acked) expect(stored).toContain(text);

		const second = await startStudioProcess(env, { dataDir });
		running.push(second);
		const hostToken = new URL(room.links.host, second.url).searchParams.get('t')!;
		const invite = (await (await fetch(`${second.url}/api/invites/${hostToken}`)).json()) as InviteInfo;
		// On a shared database the lookup names the node running the room: this one, again.
		expect(invite).toEqual({ code: room.code, title: 'Crash test', role: 'host', recorded: false, ...(storage.name === 'PostgreSQL' ? { server: second.url } : {}) });

		const res = await fetch(`${second.url}/api/sessions/${sessionId}/report?t=${hostToken}`);
		expect(res.status).toBe(200);
		const report = (await res.json()) as SessionReport;
		// The interrupted session was closed at its last recorded event.
		expect(report.session.endedAt).not.toBeNull();
		expect(report.sales.humanOrders).toBe(1);
		expect(report.products.find((p) => p.productId === product.id)?.pins).toBe(1);
		expect(report.notes.map((n) => n.text)).toEqual(['sebelum crash']);
		expect(report.rubric.scores.productKnowledge).toBe(3);
		expect(order.id).toBeTruthy();

		expect(report.audience.commentsPerMinute).toBeGreaterThan(0);
		const mentorToken = new URL(room.links.mentor, second.url).searchParams.get('t')!;
		const again = await connect(second.url, room.links.host, 'Bu Rina');
		const rejoined = await ask<JoinResponse>(again, 'room:join', {});
		expect(rejoined.room.sessionId).toBe(sessionId);
		expect(mentorToken).toBeTruthy();
	},
);
