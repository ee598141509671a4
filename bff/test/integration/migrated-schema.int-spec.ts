import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { MIGRATIONS } from '../../src/database/migrations';

// Committed migrations are never rewritten, and a refactoring of them (shared column helpers, say) must leave the
// schema they produce exactly as it was. This spec runs the migrations a snapshot covers on an empty database and
// compares the result with that snapshot: SHOW CREATE TABLE of every table on MariaDB, sqlite_master on SQLite.
// A new migration does not touch the snapshot (it covers the migrations it names); to extend it to every migration,
// run this spec with SCHEMA_WRITE=1 and review the diff of schema/*.sql.txt like any other change.

const DIR = join(__dirname, 'schema');
const WRITE = process.env.SCHEMA_WRITE === '1';

interface Snapshot {
  migrations: string[];
  schema: string;
}

function readSnapshot(file: string): Snapshot | undefined {
  const path = join(DIR, file);
  if (!existsSync(path)) return undefined;
  const [head = '', ...rest] = readFileSync(path, 'utf8').split('\n');
  return { migrations: head.replace(/^-- migrations: /, '').split(' '), schema: rest.join('\n') };
}

function writeSnapshot(file: string, snapshot: Snapshot): void {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, file), `-- migrations: ${snapshot.migrations.join(' ')}\n${snapshot.schema}`);
}

/** The migrations a snapshot names, in their order; every one must still exist. */
function migrationsOf(snapshot: Snapshot | undefined): typeof MIGRATIONS {
  if (!snapshot || WRITE) return MIGRATIONS;
  const byName = new Map(MIGRATIONS.map((m) => [m.name, m]));
  return snapshot.migrations.map((name) => {
    const migration = byName.get(name);
    if (!migration) throw new Error(`The schema snapshot names migration ${name}, which no longer exists`);
    return migration;
  });
}

async function migrate(options: DataSourceOptions, migrations: typeof MIGRATIONS, dump: (ds: DataSource) => Promise<string>): Promise<string> {
  const ds = new DataSource({ ...options, migrations });
  await ds.initialize();
  try {
    await ds.runMigrations();
    return await dump(ds);
  } finally {
    await ds.destroy();
  }
}

async function mariadbSchema(ds: DataSource): Promise<string> {
  const tables: Array<{ name: string }> = await ds.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const statements: string[] = [];
  for (const { name } of tables) {
    const [row] = await ds.query<Array<Record<string, string>>>(`SHOW CREATE TABLE \`${name}\``);
    statements.push(`${(row?.['Create Table'] ?? '').replace(/ AUTO_INCREMENT=\d+/, '')};\n`);
  }
  return statements.join('\n');
}

async function sqliteSchema(ds: DataSource): Promise<string> {
  const rows: Array<{ sql: string }> = await ds.query(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
  );
  return rows.map((r) => `${r.sql};\n`).join('\n');
}

async function expectSchema(file: string, run: (migrations: typeof MIGRATIONS) => Promise<string>): Promise<void> {
  const snapshot = readSnapshot(file);
  const migrations = migrationsOf(snapshot);
  const schema = await run(migrations);
  if (WRITE || !snapshot) {
    writeSnapshot(file, { migrations: migrations.map((m) => m.name), schema });
    if (!WRITE) throw new Error(`No schema snapshot ${file} yet: written now, review and commit it`);
    return;
  }
  expect(schema).toBe(snapshot.schema);
}

describe('the schema the committed migrations produce', () => {
  it('should be the snapshot on SQLite', async () => {
    const options = dataSourceOptions({ DATABASE_URL: undefined, SQLITE_PATH: ':memory:', DB_POOL_SIZE: 1 });
    await expectSchema('sqlite.sql.txt', (migrations) => migrate(options, migrations, sqliteSchema));
  });

  const onMysql = process.env.TEST_DATABASE_URL ? it : it.skip;
  onMysql('should be the snapshot on MariaDB', async () => {
    const testUrl = process.env.TEST_DATABASE_URL ?? '';
    // an empty database of its own: the test database already holds every migration, this one only the snapshot's
    const name = `${decodeURIComponent(new URL(testUrl).pathname.slice(1))}_schema`;
    const url = testUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    const admin = new DataSource({ type: 'mysql', url: testUrl });
    await admin.initialize();
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      const options = dataSourceOptions({ DATABASE_URL: url, SQLITE_PATH: '', DB_POOL_SIZE: 2 });
      await expectSchema('mariadb.sql.txt', (migrations) => migrate(options, migrations, mariadbSchema));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    }
  }, 120_000);
});
