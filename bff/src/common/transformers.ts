import { toFen, type Fen } from '@jucard/shared';
import type { ValueTransformer } from 'typeorm';

/** BIGINT money columns: MySQL returns strings, SQLite numbers; both become exact safe-integer fen. */
export const fenColumn: ValueTransformer = {
  to: (value: Fen | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : toFen(value)),
};

/** JSON kept in a TEXT column, portable across MariaDB and SQLite. */
export const jsonColumn: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};
