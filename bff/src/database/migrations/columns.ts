import type { QueryRunner, TableColumnOptions } from 'typeorm';

// The column shapes the migrations build tables from (the entities' decorators are ../columns.ts). Portable: the
// same migration runs on MariaDB and on the embedded SQLite file. Committed migrations use these, so a change here
// changes their schema: test/integration/migrated-schema.int-spec.ts holds it to the committed snapshot.

/** A varchar primary key: a UUID unless a length says otherwise. */
export const id = (name = 'id', length = 36): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true });

/** Another row's UUID. */
export const uuid = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });

export const text = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

export const longText = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

/** A business day, `YYYY-MM-DD` in Asia/Shanghai. */
export const day = (name = 'business_date'): TableColumnOptions => text(name, 10);

/** Integer fen (or points): BIGINT, 0 unless set; a nullable one has no default. */
export const money = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable, ...(nullable ? {} : { default: 0 }) });

/** A BIGINT that starts at 0 and only goes up (a version, a fencing token). */
export const counter = (name: string): TableColumnOptions => ({ name, type: 'bigint', default: 0 });

/** A BIGINT with no default (a sequence number, an account id). */
export const bigint = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

/** An INT with no default. */
export const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });

/** A NOT NULL INT that starts at `fallback` (a counter, a limit). */
export const defaultInt = (name: string, fallback = 0): TableColumnOptions => ({ name, type: 'int', default: fallback });

export const bool = (name: string, fallback: boolean): TableColumnOptions => ({ name, type: 'boolean', default: fallback });

/** Microsecond DATETIME, UTC. */
export const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 6, isNullable: nullable });

/** An auto-increment primary key. SQLite only auto-increments an INTEGER PRIMARY KEY (64-bit there); MariaDB gets BIGINT. */
export const serial = (q: QueryRunner, name: string): TableColumnOptions => ({
  name,
  type: q.connection.options.type === 'better-sqlite3' ? 'integer' : 'bigint',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
