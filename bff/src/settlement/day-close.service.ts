import { Injectable, Optional } from '@nestjs/common';
import { businessDayOf, previousBusinessDay, RECON_CHANNELS, shanghaiTimeOfDay, type DayCloseView } from '@jucard/shared';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases } from '../jobs/leases';
import { LedgerRollupService } from '../ledger/ledger-rollup.service';
import { LedgerVerifier } from '../ledger/ledger-verifier';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { RiskScanService } from '../risk/risk-scan.service';
import { SettlementService } from './settlement.service';

/**
 * The nightly close of yesterday (Asia/Shanghai), once the channels' bills are out (DAY_CLOSE_AFTER): reconcile
 * every channel, check the ledger's invariants, let risk control scan the day, then settle — but only a reconciled day; an unreconciled one waits
 * for an operator (resolve the differences, or settle with a recorded override reason). One instance closes at a
 * time (the `day-close` lease); the settlement it starts runs under its own lease, with fenced writes.
 */
@Injectable()
export class DayCloseService extends LeasedJobProvider {
  constructor(
    private readonly reconciliation: ReconciliationService,
    private readonly settlement: SettlementService,
    private readonly rollup: LedgerRollupService,
    private readonly verifier: LedgerVerifier,
    private readonly riskScan: RiskScanService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    tx: TransactionRunner,
    @Optional() leases?: Leases,
  ) {
    super('day-close', tx, leases, () => config.DAY_CLOSE_INTERVAL_MS);
  }

  /** Applies pending rollups and checks the ledger; the result is kept with the day. */
  async verifyLedger(day: string): Promise<{ ok: boolean; violations: number }> {
    await this.rollup.runOnce();
    const report = await this.verifier.verify();
    await this.verifier.record(day, report, this.clock.now());
    if (report.ok) this.logger.log(`ledger:verify for ${day}: all ${report.checks.length} invariants hold (${report.counts.transfers} transfers)`);
    else this.logger.error(`ledger:verify for ${day}: ${report.violations.map((v) => v.check).join(', ')} violated`);
    return { ok: report.ok, violations: report.violations.length };
  }

  async view(day: string): Promise<DayCloseView> {
    const check = await this.verifier.latestCheck(day);
    return {
      businessDate: day,
      reconciliation: await this.reconciliation.day(day),
      settlement: await this.settlement.latestRun(day),
      ledgerVerified: check ? { ok: check.ok, violations: check.violations, checkedAt: check.checkedAt.toISOString() } : null,
    };
  }

  /**
   * Risk control's nightly scan of the day, once its reconciliation has run (docs/risk.md): once per day (a scan made
   * while the day was still running is made again). A failure is logged and tried at the next tick; it never holds
   * up the settlement.
   */
  private async scanForRisk(day: string): Promise<void> {
    await this.riskScan.scanIfDue(day).catch((error: unknown) => this.logger.error(`day close ${day}: the risk scan failed (${(error as Error).message}); it is tried again at the next run`));
  }

  protected async work(): Promise<number> {
    const now = this.clock.now();
    if (shanghaiTimeOfDay(now) < this.config.DAY_CLOSE_AFTER) return 0;
    const day = previousBusinessDay(businessDayOf(now));
    const state = await this.view(day);
    const incomplete = state.reconciliation.runs.length < RECON_CHANNELS.length || state.reconciliation.runs.some((r) => r.status !== 'COMPLETED');
    if (state.settlement?.status === 'COMPLETED') {
      if (!incomplete) await this.scanForRisk(day);
      return 0;
    }

    if (incomplete) {
      await this.reconciliation.reconcileDay(day);
      await this.verifyLedger(day);
    }
    const recon = await this.reconciliation.day(day);
    await this.scanForRisk(day);
    if (!recon.reconciled) {
      if (state.settlement === null) this.logger.warn(`day close ${day}: not reconciled (${recon.openDifferences} open differences); settlement waits for an operator`);
      return 0;
    }
    const running = state.settlement?.status === 'RUNNING';
    const { completion } = await this.settlement.start({ day, trigger: 'SCHEDULED', requestedBy: null, overrideReason: null }).catch((error: unknown) => {
      if (running) return { completion: Promise.resolve() };
      throw error;
    });
    await completion;
    return 1;
  }
}
