import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { IntervalJob, IntervalJobProvider } from '../common/interval-job';
import { TransactionRunner } from '../database/transaction-runner';
import { LedgerRollupRepository, type RollupSide } from './ledger-rollup.repository';

const BATCH = 5000;

/**
 * Applies the transfers of hot accounts (merchant payable, clearing, pools) to their running totals in batches.
 * Rows are marked with the rollup that applied them rather than tracked by a sequence watermark: a lower `seq`
 * can commit after a higher one, and a watermark would skip it. `SKIP LOCKED` lets several instances share the work.
 */
@Injectable()
export class LedgerRollupService extends IntervalJobProvider {
  protected readonly job = new IntervalJob('ledger rollup', () => this.rollupAll(), new Logger(LedgerRollupService.name));

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    // defaulted so the rollup can be built by hand (test factories, benches)
    private readonly repository: LedgerRollupRepository = new LedgerRollupRepository(),
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.LEDGER_ROLLUP_INTERVAL_MS;
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

  private async rollupBatch(em: EntityManager, side: RollupSide): Promise<number> {
    const rows = await this.repository.pendingSides(em, side, BATCH, !this.tx.isSqlite);
    if (rows.length === 0) return 0;

    const byAccount = new Map<number, { sum: number; seqs: number[] }>();
    for (const row of rows) {
      const group = byAccount.get(row.accountId) ?? { sum: 0, seqs: [] };
      group.sum += row.amount;
      group.seqs.push(row.seq);
      byAccount.set(row.accountId, group);
    }
    // accounts in ascending id order, so two instances never wait on each other in opposite orders
    for (const [accountId, group] of [...byAccount.entries()].sort((a, b) => a[0] - b[0])) {
      await this.repository.applyRollup(em, side, accountId, group.sum, group.seqs, this.clock.now());
    }
    return rows.length;
  }
}
