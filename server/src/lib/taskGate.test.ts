import { describe, expect, it } from 'vitest';
import { TaskGate } from './taskGate.ts';

/** A task that finishes (or fails) when the test says so. */
function deferred() {
	let finish!: () => void;
	let fail!: (error: Error) => void;
	const done = new Promise<void>((resolve, reject) => {
		finish = resolve;
		fail = reject;
	});
	return { done, finish, fail };
}

const busy = () => new Error('busy');
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskGate', () => {
	it('runs at most maxRunning at once, the rest in order, and refuses beyond maxWaiting', async () => {
		const gate = new TaskGate(2, 2);
		const started: number[] = [];
		const tasks = [0, 1, 2, 3].map(() => deferred());
		const runs = tasks.map((t, i) =>
			gate.run(async () => {
				started.push(i);
				await t.done;
				return i;
			}, busy),
		);
		const settled = Promise.allSettled(runs);
		await tick();
		expect(started).toEqual([0, 1]);
		expect([gate.running, gate.waiting]).toEqual([2, 2]);
		await expect(gate.run(async () => 'never', busy)).rejects.toThrow('busy');

		tasks[1]!.finish();
		await tick();
		expect(started).toEqual([0, 1, 2]);
		tasks[0]!.fail(new Error('task failed'));
		await tick();
		expect(started).toEqual([0, 1, 2, 3]);
		tasks[2]!.finish();
		tasks[3]!.finish();
		expect(await settled).toEqual([
			{ status: 'rejected', reason: new Error('task failed') },
			{ status: 'fulfilled', value: 1 },
			{ status: 'fulfilled', value: 2 },
			{ status: 'fulfilled', value: 3 },
		]);
		expect([gate.running, gate.waiting]).toEqual([0, 0]);
	});
});
