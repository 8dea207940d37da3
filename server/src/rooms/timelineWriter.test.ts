import { defaultCrowdSettings, type TimelineEvent } from '@gladi/shared';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.ts';
import type { SessionStore } from '../store/store.ts';
import { Stage } from './stage.ts';
import { TimelineWriter } from './timelineWriter.ts';

/** A session store whose writes complete (or fail) when the test says so, one by one. */
function slowStore() {
	const writes: Array<{ what: string; settle: (error?: Error) => void }> = [];
	const write = (what: string) =>
		new Promise<void>((resolve, reject) => writes.push({ what, settle: (error) => (error ? reject(error) : resolve()) }));
	const store = {
		startSession: (s: { id: string }) => write(`start ${s.id.slice(0, 2)}`),
		endSession: () => write('end'),
		appendEvent: (_id: string, e: TimelineEvent) => write(e.type === 'comment' ? `comment ${e.text}` : e.type),
	} as unknown as SessionStore;
	/** Complete the oldest write still open (after letting the writer hand over the next one). */
	const next = async (error?: Error) => {
		await flush();
		const open = writes.shift();
		if (!open) throw new Error('no write is open');
		open.settle(error);
		await flush();
		return open.what;
	};
	return { store, next, open: () => writes.map((w) => w.what) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function writer() {
	const { store, next, open } = slowStore();
	const stage = new Stage([], defaultCrowdSettings());
	const timeline = new TimelineWriter(store, stage, null, silentLogger);
	return { stage, timeline, next, open };
}

describe('TimelineWriter', () => {
	it('settles an action once its own events are committed, writing one at a time in order', async () => {
		const { stage, timeline, next, open } = writer();
		let started = false;
		const start = timeline.committed(() => timeline.start({ roomCode: 'R1', title: 't', hostName: 'h', classId: null, memberId: null })).then(() => (started = true));
		let acked = false;
		const comment = timeline.committed(() => stage.addComment({ name: 'Sari', text: 'halo', source: 'buyer' })).then((c) => ((acked = true), c));
		// The server's own event (a crowd comment): written in its turn, nobody waits for it.
		stage.addComment({ name: 'crowd', text: 'ramai', source: 'crowd' });

		await flush();
		// One write at a time: the next is handed over only when the one before it is done.
		expect(open()).toEqual(['start s_']);
		expect(await next()).toBe('start s_');
		expect(started).toBe(false);
		expect(await next()).toBe('liveStarted');
		expect(started).toBe(true);
		expect(acked).toBe(false);
		expect(await next()).toBe('comment halo');
		expect(acked).toBe(true);
		expect((await comment).text).toBe('halo');
		expect(await next()).toBe('comment ramai');
		await start;
	});

	it('fails the action whose event could not be written, and goes on with the next events', async () => {
		const { stage, timeline, next } = writer();
		timeline.start({ roomCode: 'R1', title: 't', hostName: 'h', classId: null, memberId: null });
		await next();
		await next();
		const failed = expect(timeline.committed(() => stage.addComment({ name: 'Sari', text: 'hilang', source: 'buyer' }))).rejects.toThrow('disk full');
		const after = timeline.committed(() => stage.addComment({ name: 'Sari', text: 'lagi', source: 'buyer' }));
		expect(await next(new Error('disk full'))).toBe('comment hilang');
		await failed;
		expect(await next()).toBe('comment lagi');
		await expect(after).resolves.toMatchObject({ text: 'lagi' });
		timeline.stop();
		expect(await next()).toBe('viewers');
		expect(await next()).toBe('likes');
		expect(await next()).toBe('liveEnded');
		expect(await next()).toBe('end');
		await timeline.flushed();
	});
});
