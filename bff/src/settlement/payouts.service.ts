import { Inject, Injectable, Optional } from '@nestjs/common';
import { formatYuan, type StatementView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases, unfenced, type Fence } from '../jobs/leases';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { RiskService } from '../risk/risk.service';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { PAYOUT_PORT, type PayoutPort, type PayoutState } from './payout.port';
import { PayoutsRepository, type PayoutDue } from './payouts.repository';

/** Why a payout failed, for its log line: the bank refused it, risk control blocked it, or it had nowhere to go. */
type FailedBy = 'bank' | 'risk' | 'payee';

const FAILED_BY: Record<FailedBy, string> = {
  bank: 'refused by the bank',
  risk: 'blocked by risk control',
  payee: 'not sent: the merchant has no settlement account',
};

const RETRY_WHEN: Record<FailedBy, string> = {
  bank: 'the account is fixed',
  risk: 'the risk case is resolved',
  payee: 'the merchant has registered its settlement account',
};

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
 * A payout is numbered only while the custody reserve holds its money, else held (AWAITING_FUNDS, claimFromReserve).
 * PAID posts payout clearing → reserve in the same transaction that marks the statement paid. The job runs under
 * the `payouts` lease (a settlement run's payouts under its own): every write is fenced by the lease's token.
 */
@Injectable()
export class PayoutsService extends LeasedJobProvider {
  constructor(
    private readonly repository: PayoutsRepository,
    private readonly merchants: MerchantsRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    config: AppConfig,
    private readonly clock: Clock,
    @Inject(PAYOUT_PORT) private readonly bank: PayoutPort,
    private readonly risk: RiskService,
    private readonly outbox: WebhookOutbox,
    @Optional() leases?: Leases,
  ) {
    super('payouts', tx, leases, () => config.PAYOUT_INTERVAL_MS);
  }

  /** Sends every statement of a run still waiting for its payout; returns how many were paid. */
  async payRun(runId: number, fence: Fence): Promise<number> {
    let paid = 0;
    for (const id of await this.repository.pendingOfRun(runId)) if ((await this.pay(id, fence)) === 'PAID') paid += 1;
    return paid;
  }

  /** An operator retries a payout the bank refused (after the merchant fixed its account): a new payout number. */
  async retry(operatorId: string, statementId: number): Promise<void> {
    const changed = await this.tx.run(async (em) => {
      const reopened = await this.repository.reopenFailed(em, statementId, this.clock.now());
      if (reopened) {
        await this.audit.record(em, { actorType: 'operator', actorId: operatorId, action: 'settlement.payout_retried', targetType: 'settlement_statement', targetId: String(statementId) });
      }
      return reopened;
    });
    if (!changed) throw new DomainError('PAYOUT_NOT_RETRYABLE');
    // an operator's request, not a job: the statement's guarded status and the bank's payout number keep it single
    await this.pay(statementId, unfenced(this.tx));
  }

  protected async work(fence: Fence): Promise<number> {
    let paid = 0;
    for (const id of await this.repository.due(this.clock.now(), 200)) if ((await this.pay(id, fence)) === 'PAID') paid += 1;
    return paid;
  }

  private async pay(statementId: number, fence: Fence): Promise<StatementView['status'] | 'WAITING'> {
    const statement = await this.repository.find(statementId);
    if (!statement || (statement.status !== 'PENDING_PAYOUT' && statement.status !== 'AWAITING_FUNDS')) return 'WAITING';
    const merchant = (await this.merchants.profiles([statement.merchantId])).get(statement.merchantId);
    if (!merchant) return 'WAITING';
    const payoutFen = statement.payoutFen;
    if (merchant.status === 'FROZEN') {
      await this.postpone(fence, statementId, statement.payoutAttempts, 'MERCHANT_FROZEN: 商户已冻结，暂停打款');
      return 'WAITING';
    }
    if (payoutFen === 0) return (await this.markPaid(fence, statement, 'NO_PAYOUT', this.clock.now())) ? 'PAID' : 'WAITING';
    const payee = statement.payee;
    if (!payee) {
      await this.markFailed(fence, statement, 'payee', 'NO_SETTLEMENT_ACCOUNT', '商户未登记结算账户');
      return 'PAYOUT_FAILED';
    }

    if (statement.payoutNo === null && (await this.riskStops(fence, statement))) return 'WAITING';
    const attempts = statement.payoutAttempts + 1;
    // a new number only when none is outstanding: `JCS<statement>N<attempt>`, and only while the reserve holds the money
    const payoutNo = statement.payoutNo ?? (await this.claimFromReserve(fence, statement, `JCS${statementId}N${attempts}`));
    if (payoutNo === null) return 'AWAITING_FUNDS';

    const state: PayoutState = await this.bank.pay({
      outPayoutNo: payoutNo,
      amountFen: payoutFen,
      accountNo: payee.accountNo,
      accountName: payee.accountName,
      bankName: payee.bankName,
      remark: `聚卡结算 ${statement.businessDate}`,
    });
    switch (state.kind) {
      case 'PAID':
        return (await this.markPaid(fence, statement, state.bankReference, state.paidAt)) ? 'PAID' : 'WAITING';
      case 'FAILED':
        await this.markFailed(fence, statement, 'bank', state.code, state.reason);
        return 'PAYOUT_FAILED';
      case 'PROCESSING':
        await this.postpone(fence, statementId, attempts, null);
        return 'WAITING';
      case 'UNKNOWN':
        await this.postpone(fence, statementId, attempts, `UNKNOWN: ${state.reason}`);
        return 'WAITING';
      default:
        return unreachable(state);
    }
  }

  /**
   * The custody reserve is a real bank account and never goes negative: a payout gets its number only if the reserve,
   * less the payouts already numbered and not yet paid, holds it. Otherwise it is held (AWAITING_FUNDS) until the
   * channels' settlement into the reserve (reconciliation's sweep) covers it; the payouts job asks again every tick.
   * Claimers take the reserve's row lock first (MySQL; SQLite runs one transaction at a time), so two payouts can
   * never both count the same money.
   */
  private async claimFromReserve(fence: Fence, statement: PayoutDue, payoutNo: string): Promise<string | null> {
    const { id: statementId, payoutFen } = statement;
    const reserve = await this.accounts.reserve();
    const claimed = await fence.run(async (em) => {
      await this.ledger.lockAccounts(em, [reserve]);
      const reserveFen = -(await this.ledger.balance(reserve, em)); // an asset: debits − credits
      const availableFen = reserveFen - (await this.repository.committedFen(em));
      if (availableFen >= payoutFen) return this.repository.claimPayoutNo(em, statementId, payoutNo, this.clock.now());
      const reason = `AWAITING_FUNDS: 等待渠道资金到账（备付金可用 ${formatYuan(Math.max(0, availableFen))}，本笔打款 ${formatYuan(payoutFen)}）`;
      await this.repository.holdForFunds(em, statementId, reason, this.clock.now());
      return null;
    });
    if (claimed === null && statement.status !== 'AWAITING_FUNDS') this.logger.warn(`statement ${statementId}: payout of ${payoutFen} fen held until the custody reserve covers it`);
    return claimed;
  }

  /**
   * Risk control before a payout gets its number (once it has one the bank may already be paying it): a block fails
   * the payout (an operator may retry it), a hold keeps it unpaid — the money stays in payout clearing — and the job
   * asks again each minute until an operator releases (it is paid) or rejects (it fails) the case.
   */
  private async riskStops(fence: Fence, statement: PayoutDue): Promise<boolean> {
    try {
      await this.risk.decide({ kind: 'PAYOUT', id: `payout:statement:${statement.id}`, consumerId: null, cardId: null, merchantId: statement.merchantId, productId: null, amountFen: statement.payoutFen });
      return false;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'RISK_HELD') await this.postpone(fence, statement.id, statement.payoutAttempts, 'RISK_HELD: 风控审核中，放行后打款');
      else if (error.code === 'RISK_BLOCKED') await this.markFailed(fence, statement, 'risk', 'RISK_BLOCKED', '风控拒绝本次打款');
      else throw error;
      return true;
    }
  }

  /** PAID with its posting and its payout.paid event, in one transaction; false when it was no longer waiting. */
  private async markPaid(fence: Fence, statement: PayoutDue, reference: string, paidAt: Date): Promise<boolean> {
    const { id: statementId, payoutFen } = statement;
    const reserve = await this.accounts.reserve();
    const clearing = await this.accounts.payoutClearing();
    const paid = await fence.run(async (em) => {
      if (!(await this.repository.markPaid(em, statementId, reference, paidAt, this.clock.now()))) return false;
      await this.outbox.record(em, {
        merchantId: statement.merchantId,
        type: 'payout.paid',
        subjectId: String(statementId),
        occurredAt: paidAt,
        data: { statementId, businessDate: statement.businessDate, payoutFen, bankReference: reference, paidAt: paidAt.toISOString() },
      });
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

  /**
   * PAYOUT_FAILED with its payout.failed event, in one transaction. Each failure is its own event: the statement's
   * attempts only grow (this one included), so a retry that fails again is told again.
   */
  private async markFailed(fence: Fence, statement: PayoutDue, by: FailedBy, code: string, reason: string): Promise<void> {
    const error = `${code}: ${reason}`;
    const attempt = statement.payoutAttempts + 1;
    const now = this.clock.now();
    const failed = await fence.run(async (em) => {
      if (!(await this.repository.markFailed(em, statement.id, error.slice(0, 200), now))) return false;
      await this.outbox.record(em, {
        merchantId: statement.merchantId,
        type: 'payout.failed',
        subjectId: `${statement.id}:${attempt}`,
        occurredAt: now,
        data: { statementId: statement.id, businessDate: statement.businessDate, payoutFen: statement.payoutFen, code, reason, attempt, failedAt: now.toISOString() },
      });
      return true;
    });
    if (failed) this.logger.error(`statement ${statement.id}: payout ${FAILED_BY[by]} (${error}); an operator can retry once ${RETRY_WHEN[by]}`);
  }

  private async postpone(fence: Fence, statementId: number, attempts: number, error: string | null): Promise<void> {
    const next = new Date(this.clock.now().getTime() + backoffMs(attempts));
    await fence.run((em) => this.repository.postpone(em, statementId, attempts, error?.slice(0, 200) ?? null, next, this.clock.now()));
    if (error) this.logger.warn(`statement ${statementId}: payout not confirmed (${error}); asking again at ${next.toISOString()}`);
  }
}
