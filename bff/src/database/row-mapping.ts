import { insertSql, sqlTime } from './sql-values';
import type { Statement } from './statements';

/** How one field is read from the value its column came back with (sql-values.ts has the readers). */
export type ColumnReader<T> = (value: unknown) => T;

/** A NOT NULL text or id column, as a string (a SQLite integer id included). */
export const readText: ColumnReader<string> = (value) => String(value);

/** The column a field is stored in: its name in snake_case (`createdAt` → `created_at`). */
export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * A row mapper written as a table: one reader per field of T, each reading the column of the field's snake_case
 * name. The readers' order is the order of the fields in the object it builds.
 */
export function rowReader<T>(readers: { [K in keyof T]-?: ColumnReader<T[K]> }): (raw: unknown) => T {
  const fields = Object.entries<ColumnReader<unknown>>(readers).map(([field, read]) => ({ field, column: columnOf(field), read }));
  return (raw) => {
    const row = raw as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const { field, column, read } of fields) out[field] = read(row[column]);
    return out as T;
  };
}

/**
 * The other way: the columns of the listed fields (snake_case), in that order, ready to bind — a Date through
 * sqlTime, null as null, anything else as it is. Fields not listed (an auto-increment id) are left out.
 */
export function rowWriter<T extends object>(fields: ReadonlyArray<keyof T & string>): (row: T) => Record<string, unknown> {
  const columns = fields.map((field) => ({ field, column: columnOf(field) }));
  return (row) => {
    const out: Record<string, unknown> = {};
    for (const { field, column } of columns) {
      const value: unknown = row[field];
      out[column] = value instanceof Date ? sqlTime(value) : value;
    }
    return out;
  };
}

/**
 * The multi-row INSERT of T's listed fields into `table` (their snake_case columns, a Date through sqlTime), for a
 * batch on a hot path: the SQL text is built once per row count and the values go straight into one array, with no
 * column object per row. At least one row.
 */
export function rowsInserter<T extends object>(table: string, fields: ReadonlyArray<keyof T & string>): (rows: readonly T[]) => Statement {
  const columns = fields.map(columnOf);
  return (rows) => {
    const parameters: unknown[] = [];
    for (const row of rows) {
      for (const field of fields) {
        const value: unknown = row[field];
        parameters.push(value instanceof Date ? sqlTime(value) : value);
      }
    }
    return { sql: insertSql(table, columns, rows.length), parameters };
  };
}
