import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases, type Fence } from '../jobs/leases';
import { LedgerRollupRepository, RollupConflict, type RollupSide } from './ledger-rollup.repository';

const BATCH = 5000;
/** Batches read again after another rollup got there first, before the run gives up until the next tick. */
const MAX_CONFLICTS = 5;

/**
 * Applies the transfers of hot accounts (merchant payable, clearing, pools) to their running totals in batches.
 * Rows are marked with the rollup that applied them rather than tracked by a sequence watermark: a lower `seq`
 * can commit after a higher one, and a watermark would skip it. One instance rolls up at a time (the lease), and
 * correctness needs neither the lease nor row locks: a batch claims its transfers by a guarded UPDATE and rolls
 * back if any was applied meanwhile (TiDB ignores SKIP LOCKED, pingcap/tidb#69720).
 */
@Injectable()
export class LedgerRollupService extends LeasedJobProvider {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    config: AppConfig,
    // optional so the rollup can be built by hand (test factories, benches): then it runs unleased
    @Optional() leases?: Leases,
    // defaulted for the same reason
    private readonly repository: LedgerRollupRepository = new LedgerRollupRepository(),
  ) {
    super('ledger-rollup', tx, leases, () => config.LEDGER_ROLLUP_INTERVAL_MS);
  }

  protected async work(fence: Fence): Promise<number> {
    let applied = 0;
    for (const side of ['debit', 'credit'] as const) {
      for (let conflicts = 0; ; ) {
        const count = await fence.run((em) => this.rollupBatch(em, side)).catch((error: unknown) => {
          // another rollup applied part of this batch first: nothing was written; read the batch again
          if (error instanceof RollupConflict && ++conflicts <= MAX_CONFLICTS) return -1;
          throw error;
        });
        if (count === -1) continue;
        applied += count;
        if (count < BATCH) break;
      }
    }
    return applied;
  }

  private async rollupBatch(em: EntityManager, side: RollupSide): Promise<number> {
    const rows = await this.repository.pendingSides(em, side, BATCH);
    if (rows.length === 0) return 0;

    const byAccount = new Map<number, { sum: number; seqs: number[] }>();
    for (const row of rows) {
      const group = byAccount.get(row.accountId) ?? { sum: 0, seqs: [] };
      group.sum += row.amount;
      group.seqs.push(row.seq);
      byAccount.set(row.accountId, group);
    }
    // accounts in ascending id order, so two rollups never wait on each other in opposite orders
    for (const [accountId, group] of [...byAccount.entries()].sort((a, b) => a[0] - b[0])) {
      await this.repository.applyRollup(em, side, accountId, group.sum, group.seqs, this.clock.now());
    }
    return rows.length;
  }
}
