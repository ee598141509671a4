import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { StatementView } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IntervalJob } from '../common/interval-job';
import { AppConfig } from '../config/app-config';
import { execute, TransactionRunner } from '../database/transaction-runner';
import { readInt, readTextOrNull, sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { PAYOUT_PORT, type PayoutPort, type PayoutState } from './payout.port';

function unreachable(state: never): never {
  throw new Error(`unexpected payout state ${JSON.stringify(state)}`);
}

/** Waits before asking about a payout again: 1 min, 2, 4, … capped at an hour. */
function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Pays statements out through the custody bank. The payout number is stored BEFORE the bank is called, and the
 * bank treats a repeated number as the same payout, so a crash or a timeout is retried with the same number and
 * can never pay twice. Only after the bank definitively refuses (FAILED) may an operator retry with a new number.
 * PAID posts payout clearing → reserve in the same transaction that marks the statement paid.
 */
@Injectable()
export class PayoutsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PayoutsService.name);
  private readonly job = new IntervalJob('payouts', () => this.payDue(), this.logger);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(PAYOUT_PORT) private readonly bank: PayoutPort,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.PAYOUT_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Sends every statement of a run still waiting for its payout; returns how many were paid. */
  async payRun(runId: number): Promise<number> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id FROM settlement_statements WHERE run_id = ? AND status = 'PENDING_PAYOUT' ORDER BY id",
      [runId],
    );
    let paid = 0;
    for (const row of rows) if ((await this.pay(readInt(row.id))) === 'PAID') paid += 1;
    return paid;
  }

  /** Statements whose payout is under way or due a retry (the background job; tests call it directly). */
  runOnce(): Promise<number> {
    return this.job.runOnce();
  }

  /** An operator retries a payout the bank refused (after the merchant fixed its account): a new payout number. */
  async retry(operatorId: string, statementId: number): Promise<void> {
    const changed = await this.tx.run(async (em) => {
      const n = await execute(
        em,
        "UPDATE settlement_statements SET status = 'PENDING_PAYOUT', payout_no = NULL, payout_error = NULL, next_payout_at = NULL, updated_at = ? WHERE id = ? AND status = 'PAYOUT_FAILED'",
        [sqlTime(this.clock.now()), statementId],
      );
      if (n === 1) {
        await this.audit.record(em, { actorType: 'operator', actorId: operatorId, action: 'settlement.payout_retried', targetType: 'settlement_statement', targetId: String(statementId) });
      }
      return n;
    });
    if (changed !== 1) throw new DomainError('PAYOUT_NOT_RETRYABLE');
    await this.pay(statementId);
  }

  private async payDue(): Promise<number> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id FROM settlement_statements WHERE status = 'PENDING_PAYOUT' AND (next_payout_at IS NULL OR next_payout_at <= ?) ORDER BY id LIMIT 200",
      [sqlTime(this.clock.now())],
    );
    let paid = 0;
    for (const row of rows) if ((await this.pay(readInt(row.id))) === 'PAID') paid += 1;
    return paid;
  }

  private async pay(statementId: number): Promise<StatementView['status'] | 'WAITING'> {
    const [row] = (await this.dataSource.query(
      'SELECT s.*, m.status AS merchant_status FROM settlement_statements s JOIN merchants m ON m.id = s.merchant_id WHERE s.id = ?',
      [statementId],
    )) as Array<Record<string, unknown>>;
    if (!row || row.status !== 'PENDING_PAYOUT') return 'WAITING';
    const payoutFen = readInt(row.payout_fen);
    if (row.merchant_status === 'FROZEN') {
      await this.postpone(statementId, readInt(row.payout_attempts), 'MERCHANT_FROZEN: 商户已冻结，暂停打款');
      return 'WAITING';
    }
    if (payoutFen === 0) return (await this.markPaid(statementId, 0, 'NO_PAYOUT', this.clock.now())) ? 'PAID' : 'WAITING';
    const payee = JSON.parse(String(row.payee)) as { accountNo: string; accountName: string; bankName: string } | null;
    if (!payee) {
      await this.markFailed(statementId, 'NO_SETTLEMENT_ACCOUNT: 商户未登记结算账户');
      return 'PAYOUT_FAILED';
    }

    const attempts = readInt(row.payout_attempts) + 1;
    let payoutNo = readTextOrNull(row.payout_no);
    if (!payoutNo) {
      // a new number only when none is outstanding: `JCS<statement>N<attempt>`
      payoutNo = `JCS${statementId}N${attempts}`;
      await this.dataSource.query('UPDATE settlement_statements SET payout_no = ?, updated_at = ? WHERE id = ? AND payout_no IS NULL', [
        payoutNo,
        sqlTime(this.clock.now()),
        statementId,
      ]);
      const [stored] = (await this.dataSource.query('SELECT payout_no FROM settlement_statements WHERE id = ?', [statementId])) as Array<Record<string, unknown>>;
      payoutNo = String(stored?.payout_no);
    }

    const state: PayoutState = await this.bank.pay({
      outPayoutNo: payoutNo,
      amountFen: payoutFen,
      accountNo: payee.accountNo,
      accountName: payee.accountName,
      bankName: payee.bankName,
      remark: `聚卡结算 ${String(row.business_date)}`,
    });
    switch (state.kind) {
      case 'PAID':
        return (await this.markPaid(statementId, payoutFen, state.bankReference, state.paidAt)) ? 'PAID' : 'WAITING';
      case 'FAILED':
        await this.markFailed(statementId, `${state.code}: ${state.reason}`);
        return 'PAYOUT_FAILED';
      case 'PROCESSING':
        await this.postpone(statementId, attempts, null);
        return 'WAITING';
      case 'UNKNOWN':
        await this.postpone(statementId, attempts, `UNKNOWN: ${state.reason}`);
        return 'WAITING';
      default:
        return unreachable(state);
    }
  }

  private async markPaid(statementId: number, payoutFen: number, reference: string, paidAt: Date): Promise<boolean> {
    const reserve = await this.accounts.reserve();
    const clearing = await this.accounts.payoutClearing();
    const paid = await this.tx.run(async (em) => {
      const changed = await execute(
        em,
        "UPDATE settlement_statements SET status = 'PAID', payout_reference = ?, payout_error = NULL, paid_at = ?, payout_attempts = payout_attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYOUT'",
        [reference, sqlTime(paidAt), sqlTime(this.clock.now()), statementId],
      );
      if (changed !== 1) return false;
      if (payoutFen > 0) {
        await this.ledger.postInTransaction(em, {
          operationId: `payout:${statementId}`,
          kind: 'PAYOUT',
          platformInternal: true,
          legs: [{ debitAccountId: clearing, creditAccountId: reserve, amount: payoutFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.PAYOUT }],
        });
      }
      return true;
    });
    if (paid) this.logger.log(`statement ${statementId}: paid out ${payoutFen} fen (${reference})`);
    return paid;
  }

  private async markFailed(statementId: number, error: string): Promise<void> {
    await this.dataSource.query(
      "UPDATE settlement_statements SET status = 'PAYOUT_FAILED', payout_error = ?, payout_attempts = payout_attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING_PAYOUT'",
      [error.slice(0, 200), sqlTime(this.clock.now()), statementId],
    );
    this.logger.error(`statement ${statementId}: payout refused by the bank (${error}); an operator can retry once the account is fixed`);
  }

  private async postpone(statementId: number, attempts: number, error: string | null): Promise<void> {
    const next = new Date(this.clock.now().getTime() + backoffMs(attempts));
    await this.dataSource.query(
      'UPDATE settlement_statements SET payout_attempts = ?, payout_error = ?, next_payout_at = ?, updated_at = ? WHERE id = ? AND status = ?',
      [attempts, error?.slice(0, 200) ?? null, sqlTime(next), sqlTime(this.clock.now()), statementId, 'PENDING_PAYOUT'],
    );
    if (error) this.logger.warn(`statement ${statementId}: payout not confirmed (${error}); asking again at ${next.toISOString()}`);
  }
}
