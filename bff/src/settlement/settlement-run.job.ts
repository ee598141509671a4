import { Injectable, Optional } from '@nestjs/common';
import type { KycSubmission } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { sqlTime } from '../database/sql-values';
import { LeasedJobProvider } from '../jobs/leased-job';
import { LeaseLost, Leases, type Fence } from '../jobs/leases';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { LedgerSettlementRepository } from '../ledger/ledger-settlement.repository';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import type { Payee } from './payouts.repository';
import { PayoutsService } from './payouts.service';
import { settlementFee } from './settlement-fee';
import { SettlementRepository } from './settlement.repository';

/** Merchants settled at once (each in its own transaction over its own rows). */
const SETTLEMENT_CONCURRENCY = 3;

class NothingToSettle extends Error {}

/**
 * The settlement job: executes every RUNNING run under the `settlement` lease, so one instance settles at a time.
 * A run left RUNNING by an instance that died is resumed by the next one to take the lease (its interval, or the
 * next start). Every write goes through the lease's fence: a paused old owner cannot write after a takeover.
 */
@Injectable()
export class SettlementRunJob extends LeasedJobProvider {
  constructor(
    private readonly repository: SettlementRepository,
    private readonly ledgerSettlement: LedgerSettlementRepository,
    private readonly merchants: MerchantsRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly payouts: PayoutsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: WebhookOutbox,
    @Optional() leases?: Leases,
  ) {
    super('settlement', tx, leases, () => config.SETTLEMENT_RESUME_INTERVAL_MS);
  }

  /** The settlement job: every RUNNING run, oldest first, until none is left (or the lease is lost). */
  protected async work(fence: Fence): Promise<number> {
    const done = new Set<number>();
    for (let id = await this.repository.oldestRunningRunId(); id !== null && !done.has(id); id = await this.repository.oldestRunningRunId()) {
      await this.execute(id, fence);
      done.add(id);
    }
    return done.size;
  }

  private async execute(runId: number, fence: Fence): Promise<void> {
    const started = Date.now();
    const found = await this.repository.run(runId);
    if (!found) throw new Error(`settlement run ${runId} vanished`);
    const { run, cutoff } = found;
    try {
      const merchantIds = await this.ledgerSettlement.unsettledMerchants(cutoff);
      await fence.run((em) => this.repository.setMerchantsToSettle(em, runId, merchantIds.length));
      this.logger.log(`settlement run ${runId} for ${run.businessDate}: ${merchantIds.length} merchants to settle (cut-off ${sqlTime(cutoff)} UTC)`);

      const platform = { fee: await this.accounts.feeRevenue(), payout: await this.accounts.payoutClearing() };
      let next = 0;
      let done = 0;
      // merchants touch disjoint rows, so a few settle at once; the run's progress row is updated after each commit
      const worker = async () => {
        while (next < merchantIds.length) {
          const merchantId = merchantIds[next++]!;
          const payable = await this.accounts.merchantPayable(merchantId);
          await this.settleMerchant(fence, runId, run.businessDate, merchantId, cutoff, { payable, ...platform });
          await fence.run((em) => this.repository.countMerchantDone(em, runId));
          done += 1;
          if (done % 100 === 0 || done === merchantIds.length) this.logger.log(`settlement run ${runId}: ${done}/${merchantIds.length} merchants`);
        }
      };
      await Promise.all(Array.from({ length: this.tx.isSqlite ? 1 : SETTLEMENT_CONCURRENCY }, worker));

      const paid = await this.payouts.payRun(runId, fence);
      await fence.run((em) => this.repository.completeRun(em, runId, this.clock.now()));
      const finished = (await this.repository.run(runId))?.run;
      this.logger.log(
        `settlement run ${runId} for ${run.businessDate} completed in ${Date.now() - started} ms: ${finished?.statements} statements, net ${finished?.grossFen} fen, fee ${finished?.feeFen} fen, payouts ${finished?.payoutFen} fen (${paid} paid now)`,
      );
    } catch (error) {
      // another instance took the run over (this one was paused past its lease): it is that one's to finish
      if (error instanceof LeaseLost) throw error;
      const message = (error as Error).message.slice(0, 480);
      this.logger.error({ err: error }, `settlement run ${runId} failed: ${message}; starting it again resumes where it stopped`);
      await fence.run((em) => this.repository.failRun(em, runId, message, this.clock.now()));
    }
  }

  private async settleMerchant(
    fence: Fence,
    runId: number,
    day: string,
    merchantId: string,
    cutoff: Date,
    accounts: { payable: number; fee: number; payout: number },
  ): Promise<'SETTLED' | 'ALREADY_SETTLED' | 'CARRIED_FORWARD'> {
    const merchant = await this.merchants.merchantById(merchantId);
    if (!merchant) throw new Error(`transfers name merchant ${merchantId}, which does not exist`);
    const terms = { feeRateBps: merchant.feeRateBps ?? this.config.DEFAULT_FEE_RATE_BPS, payee: payeeOf(merchant.kyc) };
    try {
      await fence.run((em) => this.settleWithin(em, runId, day, merchantId, cutoff, terms, accounts));
      return 'SETTLED';
    } catch (error) {
      if (error instanceof NothingToSettle) return 'CARRIED_FORWARD';
      if (isUniqueViolation(error)) return 'ALREADY_SETTLED';
      throw error;
    }
  }

  private async settleWithin(
    em: EntityManager,
    runId: number,
    day: string,
    merchantId: string,
    cutoff: Date,
    terms: { feeRateBps: number; payee: Payee | null },
    accounts: { payable: number; fee: number; payout: number },
  ): Promise<void> {
    const settledAt = this.clock.now();
    const statementId = await this.repository.insertStatement(em, { merchantId, day, runId, feeRateBps: terms.feeRateBps, payee: terms.payee, createdAt: settledAt });
    await this.ledgerSettlement.markForSettlement(em, merchantId, cutoff, statementId);
    const totals = await this.ledgerSettlement.statementTotals(em, merchantId, statementId);
    const redeemed = totals.get(TRANSFER_CODES.REDEMPTION);
    const reversed = totals.get(TRANSFER_CODES.REVERSAL);
    const net = (redeemed?.totalFen ?? 0) - (reversed?.totalFen ?? 0);
    // reversals ahead of their redemptions' settlement can leave nothing owed: everything waits for the next statement
    if (net <= 0) throw new NothingToSettle();
    const fee = settlementFee(net, terms.feeRateBps);
    const payout = net - fee;

    const figures = {
      redeemedFen: redeemed?.totalFen ?? 0,
      reversedFen: reversed?.totalFen ?? 0,
      netFen: net,
      feeFen: fee,
      payoutFen: payout,
      redemptionCount: redeemed?.count ?? 0,
      reversalCount: reversed?.count ?? 0,
    };
    await this.repository.setTotals(em, statementId, figures);
    const legs: TransferLeg[] = [];
    if (fee > 0) legs.push({ debitAccountId: accounts.payable, creditAccountId: accounts.fee, amount: fee, ledger: LEDGERS.CNY, code: TRANSFER_CODES.FEE });
    if (payout > 0) legs.push({ debitAccountId: accounts.payable, creditAccountId: accounts.payout, amount: payout, ledger: LEDGERS.CNY, code: TRANSFER_CODES.PAYOUT });
    await this.ledger.postInTransaction(em, { operationId: `settlement:${statementId}`, kind: 'SETTLEMENT', merchantId, legs, platformInternal: true });
    await this.outbox.record(em, {
      merchantId,
      type: 'statement.settled',
      subjectId: String(statementId),
      occurredAt: settledAt,
      data: {
        statementId,
        businessDate: day,
        redeemedPrincipalFen: figures.redeemedFen,
        reversedPrincipalFen: figures.reversedFen,
        netFen: net,
        feeRateBps: terms.feeRateBps,
        feeFen: fee,
        payoutFen: payout,
        redemptionCount: figures.redemptionCount,
        reversalCount: figures.reversalCount,
        settledAt: settledAt.toISOString(),
      },
    });
  }
}

/** The settlement account from the merchant's KYC, copied onto the statement: what was instructed stays on record. */
export function payeeOf(kyc: KycSubmission | null): Payee | null {
  if (kyc === null || kyc === undefined) return null;
  const { settlementAccountNo: accountNo, settlementAccountName: accountName, settlementBankName: bankName } = kyc as Partial<KycSubmission>;
  if (typeof accountNo !== 'string' || typeof accountName !== 'string' || typeof bankName !== 'string') return null;
  return { accountNo, accountName, bankName };
}
