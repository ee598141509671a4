import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { businessDayRange, type KycSubmission, type SettlementRunView, type StatementLineView, type StatementView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { LedgerSettlementRepository } from '../ledger/ledger-settlement.repository';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { RedemptionRepository, type SaleLabel } from '../redemption/redemption.repository';
import type { Payee } from './payouts.repository';
import { PayoutsService } from './payouts.service';
import { settlementFee } from './settlement-fee';
import { SettlementRepository, type StatementFilter } from './settlement.repository';
import { maskCardNo } from './settlement.views';

/** Transfers still being written at the cut-off of a day settled before it ended are left for the next statement. */
const PARTIAL_DAY_LAG_MS = 1_000;
/** Merchants settled at once (each in its own transaction over its own rows). */
const SETTLEMENT_CONCURRENCY = 3;

export interface RunRequest {
  day: string;
  trigger: 'SCHEDULED' | 'MANUAL';
  requestedBy: string | null;
  overrideReason: string | null;
}

class NothingToSettle extends Error {}

/**
 * T+1 settlement. For each merchant with unsettled redemptions or reversals before the day's cut-off, ONE transaction
 * marks those transfers with a new statement (each transfer can be marked once: `settlement_id IS NULL`), sums what it
 * marked, and posts payable → fee revenue + payout clearing. A statement is unique per merchant and day, so a re-run
 * or a resumed run never settles twice; a net of zero or less carries the lines forward to the next statement.
 */
@Injectable()
export class SettlementService implements OnApplicationShutdown {
  private readonly logger = new Logger(SettlementService.name);
  /** Runs executing in this process; a RUNNING run not in here was interrupted and is resumed when asked for again. */
  private readonly active = new Map<number, Promise<void>>();

  constructor(
    private readonly repository: SettlementRepository,
    private readonly ledgerSettlement: LedgerSettlementRepository,
    private readonly merchants: MerchantsRepository,
    private readonly redemptions: RedemptionRepository,
    private readonly cards: CardsRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly reconciliation: ReconciliationService,
    private readonly payouts: PayoutsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.active.values());
  }

  /** Starts (or resumes) the run for a day and returns at once; `completion` resolves when it has finished. */
  async start(request: RunRequest): Promise<{ run: SettlementRunView; completion: Promise<void> }> {
    const range = businessDayRange(request.day);
    if (!range) throw new DomainError('VALIDATION_FAILED', 'businessDate', { businessDate: ['must be a YYYY-MM-DD date'] });
    const now = this.clock.now();
    if (range[0] > now) throw new DomainError('BUSINESS_DAY_NOT_STARTED');
    const recon = await this.reconciliation.day(request.day);
    if (!recon.reconciled && !request.overrideReason) throw new DomainError('DAY_NOT_RECONCILED', `${recon.openDifferences} open differences`);

    let runId = await this.repository.runningRunId(request.day);
    if (runId !== null) {
      if (this.active.has(runId)) throw new DomainError('SETTLEMENT_RUNNING', `run ${runId}`);
      this.logger.warn(`settlement run ${runId} for ${request.day} was interrupted; resuming it`);
    } else {
      const partialDay = now < range[1];
      const cutoff = partialDay ? new Date(now.getTime() - PARTIAL_DAY_LAG_MS) : range[1];
      runId = await this.tx.run(async (em) => {
        const id = await this.repository.insertRun(em, {
          day: request.day,
          trigger: request.trigger,
          partialDay,
          cutoff,
          overrideReason: recon.reconciled ? null : request.overrideReason,
          requestedBy: request.requestedBy,
          startedAt: now,
        });
        if (!recon.reconciled) {
          await this.audit.record(em, {
            actorType: request.requestedBy ? 'operator' : 'system',
            actorId: request.requestedBy,
            action: 'settlement.override_unreconciled',
            targetType: 'settlement_run',
            targetId: String(id),
            detail: { businessDate: request.day, reason: request.overrideReason, openDifferences: recon.openDifferences },
          });
        }
        return id;
      });
    }
    const id = runId;
    const completion = this.execute(id).finally(() => this.active.delete(id));
    this.active.set(id, completion);
    return { run: await this.run(id), completion };
  }

  async run(id: number): Promise<SettlementRunView> {
    const found = await this.repository.run(id);
    if (!found) throw new DomainError('SETTLEMENT_RUN_NOT_FOUND');
    return found.run;
  }

  runs(beforeId: number | null, limit: number): Promise<SettlementRunView[]> {
    return this.repository.runs(beforeId, limit);
  }

  latestRun(day: string): Promise<SettlementRunView | null> {
    return this.repository.latestRun(day);
  }

  statements(filter: StatementFilter): Promise<StatementView[]> {
    return this.repository.statements(filter);
  }

  /** One statement; with `merchantId`, only if it is that merchant's (another tenant's id is simply not found). */
  async statement(id: number, merchantId?: string): Promise<StatementView> {
    const found = await this.repository.statement(id);
    if (!found || (merchantId !== undefined && found.merchantId !== merchantId)) throw new DomainError('STATEMENT_NOT_FOUND');
    return found;
  }

  /** The statement's lines (its redemptions and reversals), newest first, strictly before `beforeSeq`. */
  async lines(statement: StatementView, beforeSeq: number | null, limit: number): Promise<StatementLineView[]> {
    const transfers = await this.ledgerSettlement.statementTransfers(statement.merchantId, statement.id, beforeSeq, limit);
    const sales = await this.salesOf(
      statement.merchantId,
      transfers.map((t) => t.operationId),
    );
    return transfers.map((t) => {
      const reversal = t.code === TRANSFER_CODES.REVERSAL;
      const sale = sales.get(t.operationId);
      return {
        seq: t.seq,
        kind: reversal ? 'REVERSAL' : 'REDEMPTION',
        amountFen: reversal ? -t.amount : t.amount,
        merchantOrderNo: sale?.merchantOrderNo ?? null,
        storeName: sale?.storeName ?? null,
        cardNoMasked: sale ? maskCardNo(sale.cardNo) : null,
        occurredAt: t.createdAt.toISOString(),
      };
    });
  }

  /** Every line of the statement, newest first, read a page at a time (the CSV export). */
  async *allLines(statement: StatementView, pageSize = 1000): AsyncGenerator<StatementLineView, void, undefined> {
    let cursor: number | null = null;
    for (;;) {
      const lines = await this.lines(statement, cursor, pageSize);
      yield* lines;
      if (lines.length < pageSize) return;
      cursor = lines[lines.length - 1]!.seq;
    }
  }

  /** The sale behind each ledger operation (`redeem:<redemption id>` or `reverse:<reversal id>`), named by store and card. */
  private async salesOf(merchantId: string, operationIds: string[]): Promise<Map<string, { merchantOrderNo: string; storeName: string; cardNo: string }>> {
    const idsAfter = (prefix: string) => operationIds.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));
    const [sales, reversals] = await Promise.all([this.redemptions.saleLabels(idsAfter('redeem:')), this.redemptions.reversalLabels(idsAfter('reverse:'))]);
    const labels: Array<[string, SaleLabel]> = [
      ...[...sales].map(([id, label]): [string, SaleLabel] => [`redeem:${id}`, label]),
      ...[...reversals].map(([id, label]): [string, SaleLabel] => [`reverse:${id}`, label]),
    ];
    if (labels.length === 0) return new Map();
    const [stores, cardNos] = await Promise.all([this.merchants.storeNames(merchantId), this.cards.cardNos(labels.map(([, l]) => l.cardId))]);
    const found = new Map<string, { merchantOrderNo: string; storeName: string; cardNo: string }>();
    for (const [operationId, label] of labels) {
      const storeName = stores.get(label.storeId);
      const cardNo = cardNos.get(label.cardId);
      // a sale whose store or card is gone shows no label, as the inner joins did before
      if (storeName !== undefined && cardNo !== undefined) found.set(operationId, { merchantOrderNo: label.merchantOrderNo, storeName, cardNo });
    }
    return found;
  }

  private async execute(runId: number): Promise<void> {
    const started = Date.now();
    const found = await this.repository.run(runId);
    if (!found) throw new Error(`settlement run ${runId} vanished`);
    const { run, cutoff } = found;
    try {
      const merchantIds = await this.ledgerSettlement.unsettledMerchants(cutoff);
      await this.repository.setMerchantsToSettle(runId, merchantIds.length);
      this.logger.log(`settlement run ${runId} for ${run.businessDate}: ${merchantIds.length} merchants to settle (cut-off ${sqlTime(cutoff)} UTC)`);

      const platform = { fee: await this.accounts.feeRevenue(), payout: await this.accounts.payoutClearing() };
      let next = 0;
      let done = 0;
      // merchants touch disjoint rows, so a few settle at once; the run's progress row is updated after each commit
      const worker = async () => {
        while (next < merchantIds.length) {
          const merchantId = merchantIds[next++]!;
          const payable = await this.accounts.merchantPayable(merchantId);
          await this.settleMerchant(runId, run.businessDate, merchantId, cutoff, { payable, ...platform });
          await this.repository.countMerchantDone(runId);
          done += 1;
          if (done % 100 === 0 || done === merchantIds.length) this.logger.log(`settlement run ${runId}: ${done}/${merchantIds.length} merchants`);
        }
      };
      await Promise.all(Array.from({ length: this.tx.isSqlite ? 1 : SETTLEMENT_CONCURRENCY }, worker));

      const paid = await this.payouts.payRun(runId);
      await this.repository.completeRun(runId, this.clock.now());
      const finished = await this.run(runId);
      this.logger.log(
        `settlement run ${runId} for ${run.businessDate} completed in ${Date.now() - started} ms: ${finished.statements} statements, net ${finished.grossFen} fen, fee ${finished.feeFen} fen, payouts ${finished.payoutFen} fen (${paid} paid now)`,
      );
    } catch (error) {
      const message = (error as Error).message.slice(0, 480);
      this.logger.error({ err: error }, `settlement run ${runId} failed: ${message}; starting it again resumes where it stopped`);
      await this.repository.failRun(runId, message, this.clock.now());
    }
  }

  private async settleMerchant(
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
      await this.tx.run((em) => this.settleWithin(em, runId, day, merchantId, cutoff, terms, accounts));
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
    const statementId = await this.repository.insertStatement(em, { merchantId, day, runId, feeRateBps: terms.feeRateBps, payee: terms.payee, createdAt: this.clock.now() });
    await this.ledgerSettlement.markForSettlement(em, merchantId, cutoff, statementId);
    const totals = await this.ledgerSettlement.statementTotals(em, merchantId, statementId);
    const redeemed = totals.get(TRANSFER_CODES.REDEMPTION);
    const reversed = totals.get(TRANSFER_CODES.REVERSAL);
    const net = (redeemed?.totalFen ?? 0) - (reversed?.totalFen ?? 0);
    // reversals ahead of their redemptions' settlement can leave nothing owed: everything waits for the next statement
    if (net <= 0) throw new NothingToSettle();
    const fee = settlementFee(net, terms.feeRateBps);
    const payout = net - fee;

    await this.repository.setTotals(em, statementId, {
      redeemedFen: redeemed?.totalFen ?? 0,
      reversedFen: reversed?.totalFen ?? 0,
      netFen: net,
      feeFen: fee,
      payoutFen: payout,
      redemptionCount: redeemed?.count ?? 0,
      reversalCount: reversed?.count ?? 0,
    });
    const legs: TransferLeg[] = [];
    if (fee > 0) legs.push({ debitAccountId: accounts.payable, creditAccountId: accounts.fee, amount: fee, ledger: LEDGERS.CNY, code: TRANSFER_CODES.FEE });
    if (payout > 0) legs.push({ debitAccountId: accounts.payable, creditAccountId: accounts.payout, amount: payout, ledger: LEDGERS.CNY, code: TRANSFER_CODES.PAYOUT });
    await this.ledger.postInTransaction(em, { operationId: `settlement:${statementId}`, kind: 'SETTLEMENT', merchantId, legs, platformInternal: true });
  }
}

/** The settlement account from the merchant's KYC, copied onto the statement: what was instructed stays on record. */
export function payeeOf(kyc: KycSubmission | null): Payee | null {
  if (kyc === null || kyc === undefined) return null;
  const { settlementAccountNo: accountNo, settlementAccountName: accountName, settlementBankName: bankName } = kyc as Partial<KycSubmission>;
  if (typeof accountNo !== 'string' || typeof accountName !== 'string' || typeof bankName !== 'string') return null;
  return { accountNo, accountName, bankName };
}
