import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** A destination that keeps what was written. */
function sink(): { stream: Writable; text: () => string } {
	const chunks: string[] = [];
	const stream = new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(chunk.toString());
			done();
		},
	});
	return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
	it('writes one JSON object per line, with the bindings of child loggers', () => {
		const out = sink();
		const log = createLogger({ level: 'info', format: 'json', destination: out.stream });
		log.child({ room: 'ABC123' }).child({ peer: 'p1', role: 'host' }).info({ event: 'live:start' }, 'request');
		const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
		expect(line).toMatchObject({ level: 30, room: 'ABC123', peer: 'p1', role: 'host', event: 'live:start', msg: 'request' });
	});

	it('logs an error with its stack and cause', () => {
		const out = sink();
		const log = createLogger({ level: 'info', format: 'json', destination: out.stream });
		log.error({ err: new Error('disk full', { cause: new Error('ENOSPC') }) }, 'request failed');
		const line = JSON.parse(out.text().trim()) as { err: { type: string; message: string; stack: string } };
		expect(line.err.type).toBe('Error');
		// pino's serializer folds the cause chain into the message and the stack.
		expect(line.err.message).toBe('disk full: ENOSPC');
		expect(line.err.stack).toContain('logger.test.ts');
		expect(line.err.stack).toContain('caused by: Error: ENOSPC');
	});

	it('keeps its level per instance: a silent logger beside a verbose one', () => {
		const quiet = sink();
		const loud = sink();
		const silent = createLogger({ level: 'silent', format: 'json', destination: quiet.stream });
		const debug = createLogger({ level: 'debug', format: 'json', destination: loud.stream });
		silent.error('never shown');
		debug.debug('shown');
		expect(quiet.text()).toBe('');
		expect(loud.text()).toContain('"msg":"shown"');
	});

	it('prints readable lines for a person', () => {
		const out = sink();
		const log = createLogger({ level: 'info', format: 'pretty', destination: out.stream });
		log.child({ room: 'ABC123' }).warn('live ended');
		expect(out.text()).toMatch(/WARN.*live ended/);
		expect(out.text()).toContain('room: "ABC123"');
		expect(() => JSON.parse(out.text())).toThrow();
	});
});
