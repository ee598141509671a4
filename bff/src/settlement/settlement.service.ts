import { Injectable, Logger, Optional } from '@nestjs/common';
import { businessDayRange, maskCardNo, type SettlementRunView, type StatementLineView, type StatementView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { Leases } from '../jobs/leases';
import { TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerSettlementRepository } from '../ledger/ledger-settlement.repository';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { RedemptionRepository, type SaleLabel } from '../redemption/redemption.repository';
import { SettlementRunJob } from './settlement-run.job';
import { SettlementRepository, type StatementFilter } from './settlement.repository';

/** Transfers still being written at the cut-off of a day settled before it ended are left for the next statement. */
const PARTIAL_DAY_LAG_MS = 1_000;

export interface RunRequest {
  day: string;
  trigger: 'SCHEDULED' | 'MANUAL';
  requestedBy: string | null;
  overrideReason: string | null;
}

/**
 * T+1 settlement: runs are started here and executed by SettlementRunJob. For each merchant with unsettled redemptions or reversals before the day's cut-off, ONE transaction
 * marks those transfers with a new statement (each transfer can be marked once: `settlement_id IS NULL`), sums what it
 * marked, and posts payable → fee revenue + payout clearing. A statement is unique per merchant and day, so a re-run
 * or a resumed run never settles twice; a net of zero or less carries the lines forward to the next statement.
 * Runs execute under the `settlement` lease, one instance at a time: a RUNNING run whose lease is not held was
 * interrupted, and the next instance to take the lease resumes it. One RUNNING run per day (a unique key).
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly repository: SettlementRepository,
    private readonly ledgerSettlement: LedgerSettlementRepository,
    private readonly merchants: MerchantsRepository,
    private readonly redemptions: RedemptionRepository,
    private readonly cards: CardsRepository,
    private readonly tx: TransactionRunner,
    private readonly reconciliation: ReconciliationService,
    private readonly runner: SettlementRunJob,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Optional() private readonly leases?: Leases,
  ) {}

  /** Starts (or resumes) the run for a day and returns at once; `completion` resolves when it has finished. */
  async start(request: RunRequest): Promise<{ run: SettlementRunView; completion: Promise<void> }> {
    const range = businessDayRange(request.day);
    if (!range) throw new DomainError('VALIDATION_FAILED', 'businessDate', { businessDate: ['must be a YYYY-MM-DD date'] });
    const now = this.clock.now();
    if (range[0] > now) throw new DomainError('BUSINESS_DAY_NOT_STARTED');
    const recon = await this.reconciliation.day(request.day);
    if (!recon.reconciled && !request.overrideReason) throw new DomainError('DAY_NOT_RECONCILED', `${recon.openDifferences} open differences`);

    let runId = await this.repository.runningRunId(request.day);
    if (runId === null) {
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
      }).catch(async (error: unknown) => {
        // another instance started the day's run a moment ago (one RUNNING run per day, a unique key)
        if (!isUniqueViolation(error)) throw error;
        return this.repository.runningRunId(request.day);
      });
      if (runId === null) throw new DomainError('SETTLEMENT_RUNNING', request.day);
    } else if (await this.leases?.isHeld('settlement')) {
      throw new DomainError('SETTLEMENT_RUNNING', `run ${runId}`);
    } else {
      this.logger.warn(`settlement run ${runId} for ${request.day} was interrupted; resuming it`);
    }
    // executed by whichever instance holds the lease: here, or the one already running (it takes every RUNNING run)
    const completion = this.runner.runOnce().then(() => undefined);
    return { run: await this.run(runId), completion };
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
      const principalFen = reversal ? -t.amount : t.amount;
      return {
        seq: t.seq,
        kind: reversal ? 'REVERSAL' : 'REDEMPTION',
        principalFen,
        amountFen: principalFen, // deprecated alias

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
}

export { payeeOf } from './settlement-run.job';
