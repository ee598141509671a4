import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { insertReturningId } from '../database/transaction-runner';
import { placeholders, readInt, sqlTime } from '../database/sql-values';

export type RollupSide = 'debit' | 'credit';

/** One side of a transfer waiting for the rollup of its hot account. */
export interface PendingSide {
  seq: number;
  accountId: number;
  amount: Fen;
}

/** The rollup's SQL: transfers still owed to hot accounts, the rollup rows that apply them, the running totals. */
@Injectable()
export class LedgerRollupRepository {
  /** The oldest sides not yet rolled up; `skipLocked` (MySQL only) lets several instances take disjoint batches. */
  async pendingSides(em: EntityManager, side: RollupSide, limit: number, skipLocked: boolean): Promise<PendingSide[]> {
    const lock = skipLocked ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT seq, ${side}_account_id AS account_id, amount FROM ledger_transfers WHERE ${side}_rollup_id IS NULL ORDER BY seq LIMIT ${limit}${lock}`,
    );
    return rows.map((row) => ({ seq: readInt(row.seq), accountId: readInt(row.account_id), amount: readInt(row.amount) }));
  }

  /** Records one rollup, marks the transfers it applied and adds their sum to the account, in the caller's transaction. */
  async applyRollup(em: EntityManager, side: RollupSide, accountId: number, sum: Fen, seqs: number[], at: Date): Promise<void> {
    const rollupId = await insertReturningId(
      em,
      'INSERT INTO ledger_rollups (account_id, side, amount, transfer_count, created_at) VALUES (?, ?, ?, ?, ?)',
      [accountId, side === 'debit' ? 'D' : 'C', sum, seqs.length, sqlTime(at)],
    );
    for (let i = 0; i < seqs.length; i += 1000) {
      const chunk = seqs.slice(i, i + 1000);
      await em.query(`UPDATE ledger_transfers SET ${side}_rollup_id = ? WHERE seq IN (${placeholders(chunk.length)})`, [rollupId, ...chunk]);
    }
    const column = side === 'debit' ? 'debits_posted' : 'credits_posted';
    await em.query(`UPDATE ledger_accounts SET ${column} = ${column} + ?, version = version + 1 WHERE id = ?`, [sum, accountId]);
  }
}
