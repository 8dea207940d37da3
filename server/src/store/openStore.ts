import path from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { PostgresStore } from './postgresStore.ts';
import { SqliteStore } from './sqliteStore.ts';
import type { OpenStore } from './store.ts';

/** Where the store is: a PostgreSQL database if the configuration names one, else `gladi.db` in the data directory. */
export type StoreConfig = Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePoolSize'>>;

/** Open the configured store, its schema brought up to date. */
export async function openStore(config: StoreConfig, log: Logger): Promise<OpenStore> {
	if (!config.databaseUrl) return SqliteStore.open(path.join(config.dataDir, 'gladi.db'), { log });
	const url = new URL(config.databaseUrl);
	// Which database, without the password.
	log.info({ database: `${url.host}${url.pathname}` }, 'opening the PostgreSQL store');
	return PostgresStore.open(config.databaseUrl, { log, poolSize: config.databasePoolSize });
}
