import type { EntityManager } from 'typeorm';
import { execute } from './transaction-runner';

/** One SQL write with its bound values; `expectedRows`, when set, is the number of rows it must change. */
export interface Statement {
  sql: string;
  parameters: unknown[];
  expectedRows?: number;
}

/**
 * Runs the write statements of one transaction in order and tells whether each changed the rows it expected
 * (false: the caller must roll back). On MySQL/MariaDB they travel in ONE round trip as a multi-statement query
 * (every value is still bound through a placeholder); SQLite, in process, runs them one by one.
 */
export async function runStatements(em: EntityManager, statements: Statement[]): Promise<boolean> {
  const runner = em.queryRunner;
  if (!runner) throw new Error('runStatements needs a transaction');
  if (statements.length === 0) return true;
  if (em.connection.options.type !== 'mysql') {
    for (const statement of statements) {
      const changed = await execute(em, statement.sql, statement.parameters);
      if (statement.expectedRows !== undefined && changed !== statement.expectedRows) return false;
    }
    return true;
  }
  let sql = statements[0]!.sql;
  let parameters = statements[0]!.parameters;
  if (statements.length > 1) {
    parameters = [];
    for (let i = 0; i < statements.length; i++) {
      if (i > 0) sql += `;\n${statements[i]!.sql}`;
      for (const value of statements[i]!.parameters) parameters.push(value);
    }
  }
  const { raw } = await runner.query(sql, parameters, true);
  const results = (statements.length === 1 ? [raw] : raw) as Array<{ affectedRows?: number }>;
  return statements.every((s, i) => s.expectedRows === undefined || results[i]?.affectedRows === s.expectedRows);
}
