import { Column, PrimaryColumn } from 'typeorm';
import { fenColumn, jsonColumn } from '../common/transformers';

// The column shapes every entity repeats, so an entity reads as its column names. Each helper must map exactly
// what the migrations create: synchronize is off, the migrations are the schema.

type Nullable = { nullable?: boolean };

/** A varchar primary key: a UUID unless a length says otherwise. */
export const IdColumn = (name = 'id', length = 36) => PrimaryColumn({ name, type: 'varchar', length });

/** Another row's UUID. */
export const RefColumn = (name: string, options: Nullable = {}) =>
  Column({ name, type: 'varchar', length: 36, ...options });

export const StringColumn = (name: string, length: number, options: Nullable = {}) =>
  Column({ name, type: 'varchar', length, ...options });

/** BIGINT read as an exact safe integer (points, ledger account ids). */
export const BigIntColumn = (name: string) => Column({ name, type: 'bigint', transformer: fenColumn });

/** Money: BIGINT integer fen. */
export const FenColumn = BigIntColumn;

export const IntColumn = (name: string, options: Nullable = {}) => Column({ name, type: 'int', ...options });

export const BoolColumn = (name: string) => Column({ name, type: 'boolean' });

/** Microsecond DATETIME, UTC. */
export const TimeColumn = (name: string, options: Nullable = {}) =>
  Column({ name, type: 'datetime', precision: 6, ...options });

/** JSON in TEXT, or in a varchar when the migration gave it a length. */
export const JsonColumn = (name: string, options: Nullable & { length?: number } = {}) => {
  const { length, ...rest } = options;
  const type = length === undefined ? { type: 'text' as const } : { type: 'varchar' as const, length };
  return Column({ name, ...type, ...rest, transformer: jsonColumn });
};
