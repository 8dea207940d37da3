import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serialQueue.ts';

describe('SerialQueue', () => {
	it('runs a task at once when idle, and later ones after it in order, a failure included', async () => {
		const queue = new SerialQueue();
		const log: string[] = [];
		let release!: () => void;
		const first = queue.run(async () => {
			log.push('first starts');
			await new Promise<void>((resolve) => (release = resolve));
			log.push('first ends');
			return 1;
		});
		expect(log).toEqual(['first starts']);
		expect(queue.busy).toBe(true);
		const failing = queue.run(() => {
			log.push('second');
			throw new Error('second fails');
		});
		const third = queue.run(() => {
			log.push('third');
			return 3;
		});
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(log).toEqual(['first starts']);
		release();
		await expect(first).resolves.toBe(1);
		await expect(failing).rejects.toThrow('second fails');
		await expect(third).resolves.toBe(3);
		expect(log).toEqual(['first starts', 'first ends', 'second', 'third']);
		await queue.idle();
		expect(queue.busy).toBe(false);
	});

	it('finishes a synchronous task given while idle within the call', async () => {
		const queue = new SerialQueue();
		let ran = false;
		const result = queue.run(() => (ran = true));
		expect(ran).toBe(true);
		expect(queue.busy).toBe(false);
		await expect(result).resolves.toBe(true);
	});
});
