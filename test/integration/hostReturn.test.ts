/*
 * A live whose host drops out waits for them (GLADI_HOST_RETURN_SECONDS):
 * the session goes on when they come back and go live again, and ends if
 * they do not come back in time. Ending the live, or a class turn, ends it
 * at once.
 */
import { describe, expect, it } from 'vitest';
import { eventually, publish, sleep, studioSuite } from './harness.ts';

const suite = studioSuite({ GLADI_HOST_RETURN_SECONDS: '1.5' });

async function liveHost(title: string) {
	const room = await suite.studio.createRoom(title);
	const host = await suite.studio.join(room, 'host', 'Rina');
	await publish(host);
	const { room: state } = await host.client.ok('live:start', {});
	const buyer = await suite.studio.join(room, 'buyer', 'Sari');
	return { room, host, buyer, sessionId: state.sessionId! };
}

describe('a live whose host drops out', () => {
	it('goes on in the same session when the host comes back and goes live again', async () => {
		const { room, host, buyer, sessionId } = await liveHost('Putus sebentar');
		suite.studio.drop(host.client);
		await buyer.client.waitFor('room:state', (s) => s.hostName === null);
		expect(suite.studio.room(room.code).state()).toMatchObject({ status: 'live', sessionId });

		const back = await suite.studio.join(room, 'host', 'Rina');
		expect(back.join.room).toMatchObject({ status: 'live', sessionId });
		await publish(back);
		const { room: again } = await back.client.ok('live:start', {});
		expect(again).toMatchObject({ status: 'live', sessionId });
		await sleep(2_000);
		expect(suite.studio.room(room.code).state()).toMatchObject({ status: 'live', sessionId });
		await back.client.ok('live:end', {});
		expect((await suite.studio.studio.store.sessions.sessionsOfRoom(room.code)).map((s) => s.id)).toEqual([sessionId]);
	});

	it('ends when the host is not back in time', async () => {
		const { room, host, buyer } = await liveHost('Tidak kembali');
		host.client.close();
		const ended = await buyer.client.waitFor('room:state', (s) => s.status === 'ended', 5_000);
		expect(ended.liveSince).toBeNull();
		// Nobody waits for the end to be written (on PostgreSQL a read can come before it): once it is, the session has ended.
		await suite.studio.room(room.code).live.timeline.flushed();
		expect((await suite.studio.studio.store.sessions.sessionsOfRoom(room.code))[0]?.endedAt).not.toBeNull();
	});

	it('ends at once when the host ends it, or when their class turn is over', async () => {
		const first = await liveHost('Selesai');
		const { room: ended } = await first.host.client.ok('live:end', {});
		expect(ended.status).toBe('ended');

		const second = await liveHost('Giliran habis');
		suite.studio.room(second.room.code).endTurn();
		expect(suite.studio.room(second.room.code).status).toBe('ended');
		await eventually(() => suite.studio.room(second.room.code).state().hostName === null, 'the host to be sent away');
	});
});
