import { inspect } from 'node:util';
import type { Statement } from './statements';
import { toFen } from '@jucard/shared';

/** UTC "YYYY-MM-DD HH:MM:SS.mmm": binds the same way on MySQL DATETIME(6) and SQLite (which cannot bind Date). */
export function sqlTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** DATETIME as read back: mysql2 gives a Date (timezone 'Z'), SQLite the stored string. */
export function readTime(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string') return new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
  throw new TypeError(`not a datetime: ${inspect(value)}`);
}

/** BIGINT/INT as read back (string on MySQL, number on SQLite), exactly. */
export function readInt(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return toFen(value);
  if (value === null || value === undefined) return 0;
  throw new TypeError(`not an integer: ${inspect(value)}`);
}

/** A nullable column as read back: null stays null. */
export function readTimeOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : readTime(value);
}

export function readIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : readInt(value);
}

/** Text or an id column (BIGINT ids come back as a string on MySQL, a number on SQLite). */
export function readTextOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  // an object here is a wrong column (JSON, BLOB): fail rather than store "[object Object]"
  throw new TypeError(`not a text column: ${inspect(value)}`);
}

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/**
 * One multi-row INSERT of rows given as column → SQL value (dates already through sqlTime, JSON as text), for
 * inserts on a hot path, where the ORM's query builder costs more than the statement. Every row has the columns of
 * the first.
 */
export function rowsInsert(table: string, rows: Array<Record<string, unknown>>): Statement {
  const columns = Object.keys(rows[0]!);
  const tuple = `(${placeholders(columns.length)})`;
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`,
    parameters: rows.flatMap((row) => columns.map((column) => row[column])),
  };
}
