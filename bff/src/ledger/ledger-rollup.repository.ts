import { Injectable } from '@nestjs/common';
import type { Fen } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { execute, insertReturningId } from '../database/transaction-runner';
import { placeholders, readInt, sqlTime } from '../database/sql-values';

export type RollupSide = 'debit' | 'credit';

/** One side of a transfer waiting for the rollup of its hot account. */
export interface PendingSide {
  seq: number;
  accountId: number;
  amount: Fen;
}

/** Some of a batch's transfers were applied by another rollup meanwhile: the batch's transaction must roll back. */
export class RollupConflict extends Error {
  override name = 'RollupConflict';
}

/** The rollup's SQL: transfers still owed to hot accounts, the rollup rows that apply them, the running totals. */
@Injectable()
export class LedgerRollupRepository {
  /** The oldest sides not yet rolled up: a plain read; applyRollup claims them, so no row lock is relied on. */
  async pendingSides(em: EntityManager, side: RollupSide, limit: number): Promise<PendingSide[]> {
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT seq, ${side}_account_id AS account_id, amount FROM ledger_transfers WHERE ${side}_rollup_id IS NULL ORDER BY seq LIMIT ${limit}`,
    );
    return rows.map((row) => ({ seq: readInt(row.seq), accountId: readInt(row.account_id), amount: readInt(row.amount) }));
  }

  /**
   * Records one rollup, claims the transfers it applies and adds their sum to the account, in the caller's
   * transaction. The claim is guarded (`rollup_id IS NULL`): if another rollup took any of them first, fewer rows
   * match and RollupConflict rolls everything back, so a transfer is never added twice.
   */
  async applyRollup(em: EntityManager, side: RollupSide, accountId: number, sum: Fen, seqs: number[], at: Date): Promise<void> {
    const rollupId = await insertReturningId(
      em,
      'INSERT INTO ledger_rollups (account_id, side, amount, transfer_count, created_at) VALUES (?, ?, ?, ?, ?)',
      [accountId, side === 'debit' ? 'D' : 'C', sum, seqs.length, sqlTime(at)],
    );
    for (let i = 0; i < seqs.length; i += 1000) {
      const chunk = seqs.slice(i, i + 1000);
      const claimed = await execute(em, `UPDATE ledger_transfers SET ${side}_rollup_id = ? WHERE seq IN (${placeholders(chunk.length)}) AND ${side}_rollup_id IS NULL`, [
        rollupId,
        ...chunk,
      ]);
      if (claimed !== chunk.length) throw new RollupConflict(`${chunk.length - claimed} of ${chunk.length} transfers were rolled up by another rollup`);
    }
    const column = side === 'debit' ? 'debits_posted' : 'credits_posted';
    await em.query(`UPDATE ledger_accounts SET ${column} = ${column} + ?, version = version + 1 WHERE id = ?`, [sum, accountId]);
  }
}
