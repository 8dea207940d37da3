/** A tiny leveled logger: one line per event, `level scope message {json}`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: LogLevel = 'info';
export function setLogLevel(level: LogLevel): void {
	threshold = level;
}

export interface Logger {
	debug(message: string, data?: object): void;
	info(message: string, data?: object): void;
	warn(message: string, data?: object): void;
	error(message: string, data?: object): void;
}

export function createLogger(scope: string): Logger {
	const write = (level: LogLevel, message: string, data?: object): void => {
		if (ORDER[level] < ORDER[threshold]) return;
		const line = `${new Date().toISOString()} ${level.padEnd(5)} ${scope}: ${message}${data ? ` ${JSON.stringify(data)}` : ''}`;
		(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
	};
	return {
		debug: (m, d) => write('debug', m, d),
		info: (m, d) => write('info', m, d),
		warn: (m, d) => write('warn', m, d),
		error: (m, d) => write('error', m, d),
	};
}
