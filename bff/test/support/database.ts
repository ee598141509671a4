import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';

export function testDataSource(): DataSource {
  return new DataSource(dataSourceOptions(loadConfig()));
}

/** Drops every table of the test database and runs the migrations, so each test run starts from the real schema. */
export async function resetDatabase(): Promise<void> {
  const ds = testDataSource();
  await ds.initialize();
  try {
    if (ds.options.type === 'mysql') {
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
