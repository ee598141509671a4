import { inspect } from 'node:util';
import type { Statement } from './statements';
import { toFen } from '@jucard/shared';

let lastTimeMs = Number.NaN;
let lastTime = '';

/** UTC "YYYY-MM-DD HH:MM:SS.mmm": binds the same way on MySQL DATETIME(6) and SQLite (which cannot bind Date). */
export function sqlTime(date: Date): string {
  // the rows of one batch share their instant: format it once
  const ms = date.getTime();
  if (ms !== lastTimeMs) {
    lastTime = date.toISOString().replace('T', ' ').replace('Z', '');
    lastTimeMs = ms;
  }
  return lastTime;
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

/** A BOOLEAN column: true/false from MySQL's driver, 1/0 from SQLite. */
export function readBool(value: unknown): boolean {
  return value === true || Number(value) === 1;
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

/**
 * The optional filters of a list query: ` WHERE a = ? AND b < ?` over the conditions whose value is given (not
 * undefined, null or empty), with those values as its parameters in order; no filter given, no WHERE at all.
 */
export function whereGiven(conditions: ReadonlyArray<readonly [sql: string, value: unknown]>): { sql: string; params: unknown[] } {
  const given = conditions.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return { sql: given.length ? ` WHERE ${given.map(([sql]) => sql).join(' AND ')}` : '', params: given.map(([, value]) => value) };
}

/** Whole rows of `table` by id in one read, as a map by id: each id asked once, a missing id absent from the map. */
export async function rowsByIds<T extends { id: string }>(
  db: { query(sql: string, parameters?: unknown[]): Promise<unknown> },
  table: string,
  ids: readonly string[],
  toRow: (raw: unknown) => T,
): Promise<Map<string, T>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = (await db.query(`SELECT * FROM ${table} WHERE id IN (${placeholders(unique.length)})`, unique)) as unknown[];
  return new Map(rows.map((raw) => toRow(raw)).map((row) => [row.id, row]));
}

export function placeholders(count: number): string {
  return count <= 0 ? '' : '?' + ', ?'.repeat(count - 1);
}

/** SQL text of a multi-row INSERT by table, columns and row count: a batch shape seen once is built once. */
const insertTemplates = new Map<string, string>();
const TEMPLATES_KEPT = 2_000;

/** `INSERT INTO table (columns) VALUES (?, …), …` for `rows` rows, built once per shape. */
export function insertSql(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}(${columns.join(', ')})${rows}`;
  let sql = insertTemplates.get(key);
  if (sql === undefined) {
    const tuple = `(${placeholders(columns.length)})`;
    sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuple}${`, ${tuple}`.repeat(rows - 1)}`;
    if (insertTemplates.size >= TEMPLATES_KEPT) insertTemplates.clear();
    insertTemplates.set(key, sql);
  }
  return sql;
}

/**
 * One multi-row INSERT of rows given as column → SQL value (dates already through sqlTime, JSON as text), for
 * inserts on a hot path, where the ORM's query builder costs more than the statement. Every row has the columns of
 * the first. (row-mapping.ts's rowsInserter does the same from typed rows without the column objects.)
 */
export function rowsInsert(table: string, rows: Array<Record<string, unknown>>): Statement {
  const columns = Object.keys(rows[0]!);
  const parameters: unknown[] = [];
  for (const row of rows) for (const column of columns) parameters.push(row[column]);
  return { sql: insertSql(table, columns, rows.length), parameters };
}
