import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Gladi's logs: pino, one root logger per studio (so each instance has its
 * own level: tests run quiet beside a verbose one), with child loggers bound
 * to a room and a peer. Errors go under `err` so their stack is kept.
 */
export type Logger = PinoLogger;

export const LOG_LEVELS = ['silent', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
	level: LogLevel;
	/** `json` for log collectors, `pretty` for a person; `auto`: pretty on a terminal, else JSON. */
	format?: LogFormat;
	/** Where the lines go (default stdout); tests pass a buffer. */
	destination?: NodeJS.WritableStream;
}

export function createLogger({ level, format = 'auto', destination }: LoggerOptions): Logger {
	const human = format === 'pretty' || (format === 'auto' && destination === undefined && process.stdout.isTTY === true);
	const options = { level, base: { pid: process.pid }, serializers: { err: pino.stdSerializers.err } };
	if (human) {
		// Synchronous pretty printing (no worker thread): fine for a person watching a terminal.
		return pino(options, pretty({ destination: destination ?? 1, colorize: destination === undefined, sync: true, ignore: 'pid,hostname' }));
	}
	return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (unit tests, helpers used outside a studio). */
export const silentLogger: Logger = pino({ level: 'silent' });
