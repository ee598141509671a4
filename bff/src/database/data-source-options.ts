import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

type DbConfig = Pick<AppConfig, 'DATABASE_URL' | 'SQLITE_PATH' | 'DB_POOL_SIZE'>;

/** MySQL/MariaDB when DATABASE_URL is set, otherwise the embedded SQLite file. Schema only through migrations. */
export function dataSourceOptions(config: DbConfig): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false };
  if (config.DATABASE_URL) {
    return {
      ...common,
      type: 'mysql',
      url: config.DATABASE_URL,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      // lets a transaction send several writes in one round trip (database/statements.ts); every value is still
      // bound through a placeholder, never spliced into SQL text
      multipleStatements: true,
      poolSize: config.DB_POOL_SIZE,
      extra: { connectionLimit: config.DB_POOL_SIZE, maxIdle: config.DB_POOL_SIZE },
    };
  }
  const file = config.SQLITE_PATH === ':memory:' ? ':memory:' : resolve(config.SQLITE_PATH);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    enableWAL: true,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
