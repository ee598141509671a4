import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { IntervalJob } from '../common/interval-job';
import { insertReturningId, TransactionRunner } from '../database/transaction-runner';
import { placeholders, readInt, sqlTime } from '../database/sql-values';

const BATCH = 5000;
type Side = 'debit' | 'credit';

/**
 * Applies the transfers of hot accounts (merchant payable, clearing, pools) to their running totals in batches.
 * Rows are marked with the rollup that applied them rather than tracked by a sequence watermark: a lower `seq`
 * can commit after a higher one, and a watermark would skip it. `SKIP LOCKED` lets several instances share the work.
 */
@Injectable()
export class LedgerRollupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job = new IntervalJob('ledger rollup', () => this.rollupAll(), new Logger(LedgerRollupService.name));

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.LEDGER_ROLLUP_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Rolls up everything pending now; returns how many transfer sides were applied. */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  private async rollupAll(): Promise<number> {
    let applied = 0;
    for (const side of ['debit', 'credit'] as const) {
      for (;;) {
        const count = await this.tx.run((em) => this.rollupBatch(em, side));
        applied += count;
        if (count < BATCH) break;
      }
    }
    return applied;
  }

  private async rollupBatch(em: EntityManager, side: Side): Promise<number> {
    const lock = this.tx.isSqlite ? '' : ' FOR UPDATE SKIP LOCKED';
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT seq, ${side}_account_id AS account_id, amount FROM ledger_transfers WHERE ${side}_rollup_id IS NULL ORDER BY seq LIMIT ${BATCH}${lock}`,
    );
    if (rows.length === 0) return 0;

    const byAccount = new Map<number, { sum: number; seqs: number[] }>();
    for (const row of rows) {
      const accountId = readInt(row.account_id);
      const group = byAccount.get(accountId) ?? { sum: 0, seqs: [] };
      group.sum += readInt(row.amount);
      group.seqs.push(readInt(row.seq));
      byAccount.set(accountId, group);
    }
    const column = side === 'debit' ? 'debits_posted' : 'credits_posted';
    for (const [accountId, group] of [...byAccount.entries()].sort((a, b) => a[0] - b[0])) {
      const rollupId = await insertReturningId(
        em,
        'INSERT INTO ledger_rollups (account_id, side, amount, transfer_count, created_at) VALUES (?, ?, ?, ?, ?)',
        [accountId, side === 'debit' ? 'D' : 'C', group.sum, group.seqs.length, sqlTime(this.clock.now())],
      );
      for (let i = 0; i < group.seqs.length; i += 1000) {
        const chunk = group.seqs.slice(i, i + 1000);
        await em.query(`UPDATE ledger_transfers SET ${side}_rollup_id = ? WHERE seq IN (${placeholders(chunk.length)})`, [
          rollupId,
          ...chunk,
        ]);
      }
      await em.query(`UPDATE ledger_accounts SET ${column} = ${column} + ?, version = version + 1 WHERE id = ?`, [
        group.sum,
        accountId,
      ]);
    }
    return rows.length;
  }
}
