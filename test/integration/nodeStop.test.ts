/*
 * A node of two stopped with SIGTERM (as Docker stops a container): it
 * drains first. Its idle room moves to the other node (whose people are told
 * to reconnect there), it stops once no room is left, well before a kill,
 * and it leaves the node list at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreateRoomResponse, InviteInfo, NodeListResponse } from '@gladi/shared';
import { io } from 'socket.io-client';
import { afterAll, expect, test } from 'vitest';
import { startNodeProcess, type StudioProcess } from '../bench/studioProcess.ts';
import { TestPostgres } from '../postgres.ts';

const uploads = mkdtempSync(path.join(os.tmpdir(), 'gladi-stop-uploads-'));
const running: StudioProcess[] = [];
let pg: TestPostgres | undefined;

afterAll(async () => {
	for (const p of running) await p.kill();
	await pg?.stop();
	rmSync(uploads, { recursive: true, force: true });
});

async function startNode(id: string, databaseUrl: string): Promise<StudioProcess> {
	const node = await startNodeProcess(id, { databaseUrl, uploadsDir: uploads }, { GLADI_RECORDINGS: 'off', GLADI_DRAIN_SECONDS: '30' });
	running.push(node);
	return node;
}

test('SIGTERM drains a node: its idle room moves, it stops without waiting for a kill and leaves the node list', { timeout: 60_000 }, async () => {
	pg = await TestPostgres.start();
	const databaseUrl = await pg.createDatabase();
	const a = await startNode('a', databaseUrl);
	const b = await startNode('b', databaseUrl);
	const room = (await (await b.fetch('/api/rooms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Tutup toko' }) })).json()) as CreateRoomResponse;
	const token = new URL(room.links.buyer, b.url).searchParams.get('t')!;
	const invite = (await (await fetch(`${b.url}/api/invites/${token}`)).json()) as InviteInfo;
	expect(invite.server).toBe(a.url);

	const socket = io(a.url, { auth: { token, name: 'Ani' }, transports: ['websocket'], reconnection: false, forceNew: true });
	try {
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const joined = (await socket.timeout(5000).emitWithAck('room:join', {})) as { ok: boolean };
		expect(joined.ok).toBe(true);
		const closed = new Promise<{ reason: string }>((resolve) => socket.once('room:closed', resolve));

		const stopping = Date.now();
		const stopped = a.stop();
		expect((await closed).reason).toBe('moved');
		await stopped;
		const stopMs = Date.now() - stopping;
		// stop() kills after 5 s: a drained node exits by itself well before.
		expect(stopMs).toBeLessThan(4_500);
		const nodes = (await (await b.fetch('/api/admin/nodes')).json()) as NodeListResponse;
		expect(nodes.nodes.map((n) => n.id)).toEqual(['b']);
		expect(((await (await fetch(`${b.url}/api/invites/${token}`)).json()) as InviteInfo).server).toBe(b.url);
	} finally {
		socket.close();
	}
});
