import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { businessDayRange, type SettlementRunView, type StatementLineView, type StatementView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { execute, insertReturningId, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { placeholders, readInt, readTextOrNull, readTime, readTimeOrNull, sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { ReconciliationService } from '../reconciliation/reconciliation.service';
import { PayoutsService } from './payouts.service';
import { settlementFee } from './settlement-fee';

/** Transfers still being written at the cut-off of a day settled before it ended are left for the next statement. */
const PARTIAL_DAY_LAG_MS = 1_000;
/** Merchants settled at once (each in its own transaction over its own rows). */
const SETTLEMENT_CONCURRENCY = 3;
const SETTLED_CODES = `${TRANSFER_CODES.REDEMPTION}, ${TRANSFER_CODES.REVERSAL}`;

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
    private readonly dataSource: DataSource,
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

    const [running] = (await this.dataSource.query("SELECT * FROM settlement_runs WHERE business_date = ? AND status = 'RUNNING' ORDER BY id LIMIT 1", [
      request.day,
    ])) as Array<Record<string, unknown>>;
    let runId: number;
    if (running) {
      runId = readInt(running.id);
      const inProgress = this.active.get(runId);
      if (inProgress) throw new DomainError('SETTLEMENT_RUNNING', `run ${runId}`);
      this.logger.warn(`settlement run ${runId} for ${request.day} was interrupted; resuming it`);
    } else {
      const partialDay = now < range[1];
      const cutoff = partialDay ? new Date(now.getTime() - PARTIAL_DAY_LAG_MS) : range[1];
      runId = await this.tx.run(async (em) => {
        const id = await insertReturningId(
          em,
          `INSERT INTO settlement_runs (business_date, status, trigger_kind, partial_day, cutoff_at, override_reason, requested_by, started_at)
           VALUES (?, 'RUNNING', ?, ?, ?, ?, ?, ?)`,
          [request.day, request.trigger, partialDay, sqlTime(cutoff), recon.reconciled ? null : request.overrideReason, request.requestedBy, sqlTime(now)],
        );
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
    const completion = this.execute(runId).finally(() => this.active.delete(runId));
    this.active.set(runId, completion);
    return { run: await this.run(runId), completion };
  }

  async run(id: number): Promise<SettlementRunView> {
    const [row] = (await this.dataSource.query('SELECT * FROM settlement_runs WHERE id = ?', [id])) as Array<Record<string, unknown>>;
    if (!row) throw new DomainError('SETTLEMENT_RUN_NOT_FOUND');
    return toRunView(row);
  }

  async runs(beforeId: number | null, limit: number): Promise<SettlementRunView[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT * FROM settlement_runs${beforeId === null ? '' : ' WHERE id < ?'} ORDER BY id DESC LIMIT ?`,
      beforeId === null ? [limit] : [beforeId, limit],
    );
    return rows.map(toRunView);
  }

  async latestRun(day: string): Promise<SettlementRunView | null> {
    const [row] = (await this.dataSource.query('SELECT * FROM settlement_runs WHERE business_date = ? ORDER BY id DESC LIMIT 1', [day])) as Array<Record<string, unknown>>;
    return row ? toRunView(row) : null;
  }

  async statements(filter: { merchantId?: string; day?: string; status?: string; beforeId: number | null; limit: number }): Promise<StatementView[]> {
    const conditions: Array<[string, unknown]> = [];
    if (filter.merchantId) conditions.push(['s.merchant_id = ?', filter.merchantId]);
    if (filter.day) conditions.push(['s.business_date = ?', filter.day]);
    if (filter.status) conditions.push(['s.status = ?', filter.status]);
    if (filter.beforeId !== null) conditions.push(['s.id < ?', filter.beforeId]);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT s.*, m.display_name AS merchant_name FROM settlement_statements s JOIN merchants m ON m.id = s.merchant_id
       ${conditions.length ? `WHERE ${conditions.map(([sql]) => sql).join(' AND ')}` : ''} ORDER BY s.id DESC LIMIT ?`,
      [...conditions.map(([, value]) => value), filter.limit],
    );
    return rows.map(toStatementView);
  }

  /** One statement; with `merchantId`, only if it is that merchant's (another tenant's id is simply not found). */
  async statement(id: number, merchantId?: string): Promise<StatementView> {
    const [row] = (await this.dataSource.query(
      'SELECT s.*, m.display_name AS merchant_name FROM settlement_statements s JOIN merchants m ON m.id = s.merchant_id WHERE s.id = ?',
      [id],
    )) as Array<Record<string, unknown>>;
    if (!row || (merchantId !== undefined && row.merchant_id !== merchantId)) throw new DomainError('STATEMENT_NOT_FOUND');
    return toStatementView(row);
  }

  /** The statement's lines (its redemptions and reversals), newest first, strictly before `beforeSeq`. */
  async lines(statement: StatementView, beforeSeq: number | null, limit: number): Promise<StatementLineView[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT seq, code, amount, operation_id, created_at FROM ledger_transfers
        WHERE merchant_id = ? AND settlement_id = ?${beforeSeq === null ? '' : ' AND seq < ?'} ORDER BY seq DESC LIMIT ?`,
      beforeSeq === null ? [statement.merchantId, statement.id, limit] : [statement.merchantId, statement.id, beforeSeq, limit],
    );
    const sales = await this.salesOf(rows.map((r) => String(r.operation_id)));
    return rows.map((r) => {
      const reversal = readInt(r.code) === TRANSFER_CODES.REVERSAL;
      const sale = sales.get(String(r.operation_id));
      return {
        seq: readInt(r.seq),
        kind: reversal ? 'REVERSAL' : 'REDEMPTION',
        amountFen: reversal ? -readInt(r.amount) : readInt(r.amount),
        merchantOrderNo: sale?.merchantOrderNo ?? null,
        storeName: sale?.storeName ?? null,
        cardNoMasked: sale ? `${sale.cardNo.slice(0, 4)} **** ${sale.cardNo.slice(-4)}` : null,
        occurredAt: readTime(r.created_at).toISOString(),
      };
    });
  }

  /** The sale behind each ledger operation (`redeem:<redemption id>` or `reverse:<reversal id>`). */
  private async salesOf(operationIds: string[]): Promise<Map<string, { merchantOrderNo: string; storeName: string; cardNo: string }>> {
    const found = new Map<string, { merchantOrderNo: string; storeName: string; cardNo: string }>();
    const redeemIds = operationIds.filter((id) => id.startsWith('redeem:')).map((id) => id.slice('redeem:'.length));
    const reverseIds = operationIds.filter((id) => id.startsWith('reverse:')).map((id) => id.slice('reverse:'.length));
    const select = `SELECT r.id, r.merchant_order_no, s.name AS store_name, c.card_no FROM redemptions r
      JOIN stores s ON s.id = r.store_id JOIN cards c ON c.id = r.card_id`;
    if (redeemIds.length > 0) {
      const rows: Array<Record<string, unknown>> = await this.dataSource.query(`${select} WHERE r.id IN (${placeholders(redeemIds.length)})`, redeemIds);
      for (const r of rows) found.set(`redeem:${String(r.id)}`, saleOf(r));
    }
    if (reverseIds.length > 0) {
      const rows: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT v.id AS reversal_id, r.merchant_order_no, s.name AS store_name, c.card_no FROM redemption_reversals v JOIN redemptions r ON r.id = v.redemption_id
           JOIN stores s ON s.id = r.store_id JOIN cards c ON c.id = r.card_id WHERE v.id IN (${placeholders(reverseIds.length)})`,
        reverseIds,
      );
      for (const r of rows) found.set(`reverse:${String(r.reversal_id)}`, saleOf(r));
    }
    return found;
  }

  private async execute(runId: number): Promise<void> {
    const started = Date.now();
    const [row] = (await this.dataSource.query('SELECT * FROM settlement_runs WHERE id = ?', [runId])) as Array<Record<string, unknown>>;
    if (!row) throw new Error(`settlement run ${runId} vanished`);
    const run = toRunView(row);
    const cutoff = sqlTime(readTime(row.cutoff_at));
    try {
      // one index probe per merchant (ix_transfers_unsettled) rather than a scan of every transfer ever written
      const merchants: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT m.id FROM merchants m WHERE EXISTS (
           SELECT 1 FROM ledger_transfers t WHERE t.merchant_id = m.id AND t.settlement_id IS NULL AND t.ledger = ${LEDGERS.CNY}
              AND t.code IN (${SETTLED_CODES}) AND t.created_at < ?)`,
        [cutoff],
      );
      const merchantIds = merchants.map((m) => String(m.id)).sort();
      await this.dataSource.query('UPDATE settlement_runs SET merchants_total = merchants_done + ? WHERE id = ?', [merchantIds.length, runId]);
      this.logger.log(`settlement run ${runId} for ${run.businessDate}: ${merchantIds.length} merchants to settle (cut-off ${cutoff} UTC)`);

      const platform = { fee: await this.accounts.feeRevenue(), payout: await this.accounts.payoutClearing() };
      let next = 0;
      let done = 0;
      // merchants touch disjoint rows, so a few settle at once; the run's progress row is updated after each commit
      const worker = async () => {
        while (next < merchantIds.length) {
          const merchantId = merchantIds[next++]!;
          const payable = await this.accounts.merchantPayable(merchantId);
          await this.settleMerchant(runId, run.businessDate, merchantId, cutoff, { payable, ...platform });
          await this.dataSource.query('UPDATE settlement_runs SET merchants_done = merchants_done + 1 WHERE id = ?', [runId]);
          done += 1;
          if (done % 100 === 0 || done === merchantIds.length) this.logger.log(`settlement run ${runId}: ${done}/${merchantIds.length} merchants`);
        }
      };
      await Promise.all(Array.from({ length: this.tx.isSqlite ? 1 : SETTLEMENT_CONCURRENCY }, worker));

      const paid = await this.payouts.payRun(runId);
      await this.dataSource.query(
        `UPDATE settlement_runs SET status = 'COMPLETED', finished_at = ?,
           statements = (SELECT COUNT(*) FROM settlement_statements s WHERE s.run_id = settlement_runs.id),
           gross_fen = (SELECT COALESCE(SUM(net_fen), 0) FROM settlement_statements s WHERE s.run_id = settlement_runs.id),
           fee_fen = (SELECT COALESCE(SUM(fee_fen), 0) FROM settlement_statements s WHERE s.run_id = settlement_runs.id),
           payout_fen = (SELECT COALESCE(SUM(payout_fen), 0) FROM settlement_statements s WHERE s.run_id = settlement_runs.id)
         WHERE id = ?`,
        [sqlTime(this.clock.now()), runId],
      );
      const finished = await this.run(runId);
      this.logger.log(
        `settlement run ${runId} for ${run.businessDate} completed in ${Date.now() - started} ms: ${finished.statements} statements, net ${finished.grossFen} fen, fee ${finished.feeFen} fen, payouts ${finished.payoutFen} fen (${paid} paid now)`,
      );
    } catch (error) {
      const message = (error as Error).message.slice(0, 480);
      this.logger.error({ err: error }, `settlement run ${runId} failed: ${message}; starting it again resumes where it stopped`);
      await this.dataSource.query("UPDATE settlement_runs SET status = 'FAILED', error = ?, finished_at = ? WHERE id = ?", [message, sqlTime(this.clock.now()), runId]);
    }
  }

  private async settleMerchant(
    runId: number,
    day: string,
    merchantId: string,
    cutoff: string,
    accounts: { payable: number; fee: number; payout: number },
  ): Promise<'SETTLED' | 'ALREADY_SETTLED' | 'CARRIED_FORWARD'> {
    try {
      await this.tx.run((em) => this.settleWithin(em, runId, day, merchantId, cutoff, accounts));
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
    cutoff: string,
    accounts: { payable: number; fee: number; payout: number },
  ): Promise<void> {
    const [merchant] = (await em.query('SELECT fee_rate_bps, kyc FROM merchants WHERE id = ?', [merchantId])) as Array<Record<string, unknown>>;
    if (!merchant) throw new Error(`transfers name merchant ${merchantId}, which does not exist`);
    const feeRateBps = merchant.fee_rate_bps === null ? this.config.DEFAULT_FEE_RATE_BPS : readInt(merchant.fee_rate_bps);
    const now = sqlTime(this.clock.now());

    const statementId = await insertReturningId(
      em,
      `INSERT INTO settlement_statements (merchant_id, business_date, run_id, fee_rate_bps, status, payee, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'PENDING_PAYOUT', ?, ?, ?)`,
      [merchantId, day, runId, feeRateBps, JSON.stringify(payeeOf(merchant.kyc)), now, now],
    );
    await execute(
      em,
      `UPDATE ledger_transfers SET settlement_id = ?
        WHERE merchant_id = ? AND settlement_id IS NULL AND ledger = ${LEDGERS.CNY} AND code IN (${SETTLED_CODES}) AND created_at < ?`,
      [statementId, merchantId, cutoff],
    );
    const sums: Array<Record<string, unknown>> = await em.query(
      'SELECT code, COUNT(*) AS n, SUM(amount) AS total FROM ledger_transfers WHERE merchant_id = ? AND settlement_id = ? GROUP BY code',
      [merchantId, statementId],
    );
    const of = (code: number) => sums.find((s) => readInt(s.code) === code);
    const redeemed = readInt(of(TRANSFER_CODES.REDEMPTION)?.total);
    const reversed = readInt(of(TRANSFER_CODES.REVERSAL)?.total);
    const net = redeemed - reversed;
    // reversals ahead of their redemptions' settlement can leave nothing owed: everything waits for the next statement
    if (net <= 0) throw new NothingToSettle();
    const fee = settlementFee(net, feeRateBps);
    const payout = net - fee;

    await execute(
      em,
      `UPDATE settlement_statements SET redeemed_fen = ?, reversed_fen = ?, net_fen = ?, fee_fen = ?, payout_fen = ?, redemption_count = ?, reversal_count = ?
        WHERE id = ?`,
      [redeemed, reversed, net, fee, payout, readInt(of(TRANSFER_CODES.REDEMPTION)?.n), readInt(of(TRANSFER_CODES.REVERSAL)?.n), statementId],
    );
    const legs: TransferLeg[] = [];
    if (fee > 0) legs.push({ debitAccountId: accounts.payable, creditAccountId: accounts.fee, amount: fee, ledger: LEDGERS.CNY, code: TRANSFER_CODES.FEE });
    if (payout > 0) legs.push({ debitAccountId: accounts.payable, creditAccountId: accounts.payout, amount: payout, ledger: LEDGERS.CNY, code: TRANSFER_CODES.PAYOUT });
    await this.ledger.postInTransaction(em, { operationId: `settlement:${statementId}`, kind: 'SETTLEMENT', merchantId, legs, platformInternal: true });
  }
}

/** The settlement account from the merchant's KYC, copied onto the statement: what was instructed stays on record. */
function payeeOf(kyc: unknown): { accountNo: string; accountName: string; bankName: string } | null {
  if (kyc === null || kyc === undefined) return null;
  const parsed = (typeof kyc === 'string' ? JSON.parse(kyc) : kyc) as Record<string, unknown>;
  const accountNo = parsed.settlementAccountNo;
  const accountName = parsed.settlementAccountName;
  const bankName = parsed.settlementBankName;
  if (typeof accountNo !== 'string' || typeof accountName !== 'string' || typeof bankName !== 'string') return null;
  return { accountNo, accountName, bankName };
}

function saleOf(r: Record<string, unknown>): { merchantOrderNo: string; storeName: string; cardNo: string } {
  return { merchantOrderNo: String(r.merchant_order_no), storeName: String(r.store_name), cardNo: String(r.card_no) };
}

const iso = (value: unknown) => readTimeOrNull(value)?.toISOString() ?? null;

function toRunView(r: Record<string, unknown>): SettlementRunView {
  return {
    id: readInt(r.id),
    businessDate: String(r.business_date),
    status: String(r.status) as SettlementRunView['status'],
    trigger: String(r.trigger_kind) as SettlementRunView['trigger'],
    partialDay: r.partial_day === true || readInt(r.partial_day) === 1,
    overrideReason: readTextOrNull(r.override_reason),
    requestedBy: readTextOrNull(r.requested_by),
    merchantsTotal: readInt(r.merchants_total),
    merchantsDone: readInt(r.merchants_done),
    statements: readInt(r.statements),
    grossFen: readInt(r.gross_fen),
    feeFen: readInt(r.fee_fen),
    payoutFen: readInt(r.payout_fen),
    error: readTextOrNull(r.error),
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}

export function toStatementView(r: Record<string, unknown>): StatementView {
  return {
    id: readInt(r.id),
    merchantId: String(r.merchant_id),
    merchantName: String(r.merchant_name ?? ''),
    businessDate: String(r.business_date),
    redeemedFen: readInt(r.redeemed_fen),
    reversedFen: readInt(r.reversed_fen),
    netFen: readInt(r.net_fen),
    feeRateBps: readInt(r.fee_rate_bps),
    feeFen: readInt(r.fee_fen),
    payoutFen: readInt(r.payout_fen),
    redemptionCount: readInt(r.redemption_count),
    reversalCount: readInt(r.reversal_count),
    status: String(r.status) as StatementView['status'],
    payoutAttempts: readInt(r.payout_attempts),
    payoutReference: readTextOrNull(r.payout_reference),
    payoutError: readTextOrNull(r.payout_error),
    paidAt: iso(r.paid_at),
    createdAt: iso(r.created_at)!,
  };
}
