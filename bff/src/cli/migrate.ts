import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/app-config';
import { readEnvFile } from '../config/env-file';
import { dataSourceOptions } from '../database/data-source-options';

/** `npm run migrate` applies pending migrations; `npm run migrate -- --revert` undoes the last one. */
async function main(): Promise<void> {
  readEnvFile();
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  try {
    if (process.argv.includes('--revert')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
      return;
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const target = config.isEmbedded ? `SQLite ${config.SQLITE_PATH}` : 'MySQL/MariaDB';
    console.log(
      applied.length === 0
        ? `migrations: schema is up to date (${target})`
        : `migrations: applied ${applied.map((m) => m.name).join(', ')} (${target})`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
