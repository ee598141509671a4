import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { UnsafeTestDatabaseError } from './test-env';

export function testDataSource(): DataSource {
  return new DataSource(dataSourceOptions(loadConfig()));
}

/** Drops every table of the test database and runs the migrations, so each test run starts from the real schema. */
export async function resetDatabase(): Promise<void> {
  const ds = testDataSource();
  await ds.initialize();
  try {
    if (ds.options.type === 'mysql') {
      await refuseUnlessTestDatabase(ds);
      const tables: Array<{ name: string }> = await ds.query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
      );
      await ds.query('SET FOREIGN_KEY_CHECKS = 0');
      for (const { name } of tables) await ds.query(`DROP TABLE \`${name}\``);
      await ds.query('SET FOREIGN_KEY_CHECKS = 1');
    }
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

/**
 * The last line of defence before DROP TABLE: the connected database must be the one prepareTestEnv chose as the
 * test database (TEST_DATABASE_URL), whatever a caller did to DATABASE_URL since.
 */
async function refuseUnlessTestDatabase(ds: DataSource): Promise<void> {
  const rows: Array<{ name: string | null }> = await ds.query('SELECT DATABASE() AS name');
  const current = rows[0]?.name ?? '';
  const chosen = process.env.TEST_DATABASE_URL ? decodeURIComponent(new URL(process.env.TEST_DATABASE_URL).pathname.slice(1)) : undefined;
  if (current !== chosen) {
    throw new UnsafeTestDatabaseError(
      `Refusing to drop the tables of "${current}": it is not the test database (TEST_DATABASE_URL names ${chosen ? `"${chosen}"` : 'none'}).`,
    );
  }
}
