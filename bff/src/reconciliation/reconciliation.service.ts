import { Injectable, Logger } from '@nestjs/common';
import { businessDayRange, RECON_CHANNELS, type ReconChannel, type ReconDayView, type ReconDifferenceView, type ReconRunView } from '@jucard/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { execute, insertReturningId, isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { placeholders, readInt, readIntOrNull, readTextOrNull, readTimeOrNull, sqlTime } from '../database/sql-values';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { BalanceRefundsService } from '../payments/balance-refunds.service';
import type { BillLine, Channel } from '../payments/channel.port';
import { PaymentAttemptEntity } from '../payments/payment.entities';
import { PaymentChannels } from '../payments/payment-channels';
import { TopUpSettlement } from '../payments/topup-settlement.service';
import { differenceKey, matchBill, type Difference, type PlatformPayment, type PlatformRefund } from './recon-matcher';

const IN_CHUNK = 500;

/**
 * Reconciliation of a business day, channel by channel: download the channel's bill, match it line by line
 * against payment attempts and refunds, file each difference once (a re-run finds the same keys), and repair what a
 * channel query can prove — a payment the channel has and we missed is credited through the same CreditTopUp as a
 * notification, so it is credited exactly once however often the day is re-run.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly topUps: TopUpSettlement,
    private readonly refunds: BalanceRefundsService,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Reconciles every channel for the day; a channel that fails is recorded as FAILED and the others go on. */
  async reconcileDay(day: string): Promise<ReconDayView> {
    const range = businessDayRange(day);
    if (!range) throw new DomainError('VALIDATION_FAILED', 'businessDate', { businessDate: ['must be a YYYY-MM-DD date'] });
    if (range[0] > this.clock.now()) throw new DomainError('BUSINESS_DAY_NOT_STARTED');
    for (const channel of RECON_CHANNELS) await this.reconcileChannel(day, channel, range);
    return this.day(day);
  }

  async day(day: string): Promise<ReconDayView> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.*, (SELECT COUNT(*) FROM recon_differences d WHERE d.business_date = r.business_date AND d.channel = r.channel AND d.status = 'OPEN') AS open_differences
         FROM recon_runs r WHERE r.business_date = ? ORDER BY r.channel`,
      [day],
    );
    const runs = rows.map(toRunView);
    const openDifferences = runs.reduce((n, r) => n + r.openDifferences, 0);
    const completed = RECON_CHANNELS.every((c) => runs.some((r) => r.channel === c && r.status === 'COMPLETED'));
    return { businessDate: day, runs, reconciled: completed && openDifferences === 0, openDifferences };
  }

  async differences(filter: { day?: string; status?: string; channel?: string; beforeId: number | null; limit: number }): Promise<ReconDifferenceView[]> {
    const conditions: Array<[string, unknown]> = [];
    if (filter.day) conditions.push(['business_date = ?', filter.day]);
    if (filter.status) conditions.push(['status = ?', filter.status]);
    if (filter.channel) conditions.push(['channel = ?', filter.channel]);
    if (filter.beforeId !== null) conditions.push(['id < ?', filter.beforeId]);
    const where = conditions.map(([sql]) => sql);
    const params = conditions.map(([, value]) => value);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT * FROM recon_differences${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      [...params, filter.limit],
    );
    return rows.map(toDifferenceView);
  }

  /** An operator closes a difference with a note (what was found, what was done outside the system). */
  async resolve(operatorId: string, id: number, note: string): Promise<ReconDifferenceView> {
    await this.tx.run(async (em) => {
      const changed = await execute(
        em,
        "UPDATE recon_differences SET status = 'RESOLVED', resolution = 'MANUAL', note = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'OPEN'",
        [note, operatorId, sqlTime(this.clock.now()), id],
      );
      if (changed !== 1) {
        const [row] = (await em.query('SELECT status FROM recon_differences WHERE id = ?', [id])) as Array<Record<string, unknown>>;
        throw row ? new DomainError('DIFFERENCE_ALREADY_RESOLVED') : new DomainError('NOT_FOUND', `difference ${id}`);
      }
      await this.audit.record(em, { actorType: 'operator', actorId: operatorId, action: 'recon.difference_resolved', targetType: 'recon_difference', targetId: String(id), detail: { note } });
    });
    const [row] = (await this.dataSource.query('SELECT * FROM recon_differences WHERE id = ?', [id])) as Array<Record<string, unknown>>;
    return toDifferenceView(row!);
  }

  private async reconcileChannel(day: string, channel: ReconChannel, range: [Date, Date]): Promise<void> {
    const runId = await this.startRun(day, channel);
    const started = Date.now();
    let lines: BillLine[];
    try {
      lines = await this.channels.get(channel as Channel).downloadBill(day);
    } catch (error) {
      const message = (error as Error).message.slice(0, 480);
      this.logger.error(`reconciliation ${day} ${channel}: bill download failed: ${message}`);
      await this.dataSource.query("UPDATE recon_runs SET status = 'FAILED', error = ?, finished_at = ? WHERE id = ?", [message, sqlTime(this.clock.now()), runId]);
      return;
    }

    const dayPayments = await this.dayPayments(channel, range);
    const dayRefunds = await this.dayRefunds(channel, range);
    const knownPayments = new Set(dayPayments.map((p) => p.outTradeNo));
    const knownRefunds = new Set(dayRefunds.map((r) => r.outRefundNo));
    const otherPayments = await this.paymentsByTradeNo(lines.filter((l) => l.kind === 'PAYMENT' && !knownPayments.has(l.outTradeNo)).map((l) => l.outTradeNo));
    const otherRefunds = await this.refundsByRefundNo(lines.filter((l) => l.kind === 'REFUND' && l.outRefundNo && !knownRefunds.has(l.outRefundNo)).map((l) => l.outRefundNo!));

    const result = matchBill({ lines, dayPayments, dayRefunds, otherPayments, otherRefunds });
    const keys = new Set<string>();
    let repaired = 0;
    for (const difference of result.differences) {
      const key = differenceKey(day, channel, difference);
      keys.add(key);
      const id = await this.file(key, day, channel, difference);
      if (id !== null && difference.repairable && (await this.repair(channel, difference))) {
        await this.closeAsRepaired(id);
        repaired += 1;
      }
    }
    const cleared = await this.clearVanished(day, channel, keys);

    await this.dataSource.query(
      `UPDATE recon_runs SET status = 'COMPLETED', bill_lines = ?, matched = ?, differences = ?, channel_payments_fen = ?, channel_refunds_fen = ?,
         platform_payments_fen = ?, platform_refunds_fen = ?, error = NULL, finished_at = ? WHERE id = ?`,
      [lines.length, result.matched, result.differences.length, result.channelPaymentsFen, result.channelRefundsFen, result.platformPaymentsFen, result.platformRefundsFen, sqlTime(this.clock.now()), runId],
    );
    // the channel pays a day into the custody account once the day is over; a day still running has no final net
    if (this.clock.now() >= range[1]) await this.sweepToReserve(day, channel, result.channelPaymentsFen - result.channelRefundsFen);
    this.logger.log(
      `reconciliation ${day} ${channel}: ${lines.length} bill lines, ${result.matched} matched, ${result.differences.length} differences (${repaired} repaired, ${cleared} cleared since the last run) in ${Date.now() - started} ms`,
    );
  }

  private async startRun(day: string, channel: ReconChannel): Promise<number> {
    const now = sqlTime(this.clock.now());
    try {
      return await this.tx.run((em) =>
        insertReturningId(em, "INSERT INTO recon_runs (business_date, channel, status, started_at) VALUES (?, ?, 'RUNNING', ?)", [day, channel, now]),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await this.dataSource.query("UPDATE recon_runs SET status = 'RUNNING', error = NULL, started_at = ?, finished_at = NULL WHERE business_date = ? AND channel = ?", [now, day, channel]);
      const [row] = (await this.dataSource.query('SELECT id FROM recon_runs WHERE business_date = ? AND channel = ?', [day, channel])) as Array<Record<string, unknown>>;
      return readInt(row?.id);
    }
  }

  /** Payments the platform credited with a channel paid time on the day. */
  private async dayPayments(channel: string, [start, end]: [Date, Date]): Promise<PlatformPayment[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.out_trade_no, a.status, o.amount_fen FROM payment_attempts a JOIN topup_orders o ON o.id = a.order_id
        WHERE a.channel = ? AND a.status = 'SUCCEEDED' AND o.current_attempt_id = a.id AND o.paid_at >= ? AND o.paid_at < ?`,
      [channel, sqlTime(start), sqlTime(end)],
    );
    return rows.map((r) => ({ outTradeNo: String(r.out_trade_no), status: String(r.status), amountFen: readInt(r.amount_fen) }));
  }

  /** Refunds the channel confirmed on the day (the confirmation is the row's last change). */
  private async dayRefunds(channel: string, [start, end]: [Date, Date]): Promise<PlatformRefund[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT out_trade_no, out_refund_no, amount_fen, status FROM refund_parts WHERE channel = ? AND status = 'SUCCEEDED' AND updated_at >= ? AND updated_at < ?",
      [channel, sqlTime(start), sqlTime(end)],
    );
    return rows.map(toRefund);
  }

  private async paymentsByTradeNo(outTradeNos: string[]): Promise<Map<string, PlatformPayment>> {
    const found = new Map<string, PlatformPayment>();
    for (let i = 0; i < outTradeNos.length; i += IN_CHUNK) {
      const chunk = outTradeNos.slice(i, i + IN_CHUNK);
      const rows: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT a.out_trade_no, a.status, o.amount_fen FROM payment_attempts a JOIN topup_orders o ON o.id = a.order_id WHERE a.out_trade_no IN (${placeholders(chunk.length)})`,
        chunk,
      );
      for (const r of rows) found.set(String(r.out_trade_no), { outTradeNo: String(r.out_trade_no), status: String(r.status), amountFen: readInt(r.amount_fen) });
    }
    return found;
  }

  private async refundsByRefundNo(outRefundNos: string[]): Promise<Map<string, PlatformRefund>> {
    const found = new Map<string, PlatformRefund>();
    for (let i = 0; i < outRefundNos.length; i += IN_CHUNK) {
      const chunk = outRefundNos.slice(i, i + IN_CHUNK);
      const rows: Array<Record<string, unknown>> = await this.dataSource.query(
        `SELECT out_trade_no, out_refund_no, amount_fen, status FROM refund_parts WHERE out_refund_no IN (${placeholders(chunk.length)})`,
        chunk,
      );
      for (const r of rows) found.set(String(r.out_refund_no), toRefund(r));
    }
    return found;
  }

  /** Files a difference once; returns its id while it is still open (new, or open from an earlier run), else null. */
  private async file(key: string, day: string, channel: string, d: Difference): Promise<number | null> {
    try {
      return await this.tx.run((em) => insertReturningId(
        em,
        `INSERT INTO recon_differences (diff_key, business_date, channel, kind, line_kind, out_trade_no, out_refund_no, channel_trade_no,
           channel_amount_fen, platform_amount_fen, platform_status, status, created_at) VALUES (${placeholders(11)}, 'OPEN', ?)`,
        [key, day, channel, d.kind, d.lineKind, d.outTradeNo, d.outRefundNo, d.channelTradeNo, d.channelAmountFen, d.platformAmountFen, d.platformStatus, sqlTime(this.clock.now())],
      ));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const [row] = (await this.dataSource.query('SELECT id, status FROM recon_differences WHERE diff_key = ?', [key])) as Array<Record<string, unknown>>;
      return row && row.status === 'OPEN' ? readInt(row.id) : null;
    }
  }

  /** Asks the channel; if it proves the money moved, applies it through the same path as a notification. */
  private async repair(channel: ReconChannel, d: Difference): Promise<boolean> {
    const port = this.channels.get(channel as Channel);
    try {
      if (d.lineKind === 'PAYMENT') {
        const attempt = await this.dataSource.getRepository(PaymentAttemptEntity).findOneBy({ outTradeNo: d.outTradeNo });
        if (!attempt) return false;
        const state = await port.query(d.outTradeNo);
        if (state.kind !== 'PAID') {
          this.logger.warn(`reconciliation: ${d.outTradeNo} is on the ${channel} bill but the channel answers ${state.kind}; left open`);
          return false;
        }
        const outcome = await this.topUps.settle(attempt, state);
        this.logger.warn(`reconciliation repaired ${channel} payment ${d.outTradeNo}: ${outcome}`);
        return outcome !== 'DUPLICATE_PAYMENT';
      }
      if (!d.outRefundNo) return false;
      const state = await port.queryRefund(d.outRefundNo, d.outTradeNo);
      if (state.kind !== 'SUCCEEDED') return false;
      await this.refunds.applyByRefundNo(d.outRefundNo, state);
      this.logger.warn(`reconciliation repaired ${channel} refund ${d.outRefundNo}: confirmed by query`);
      return true;
    } catch (error) {
      this.logger.error(`reconciliation: repair of ${d.outRefundNo ?? d.outTradeNo} failed: ${(error as Error).message}; left open`);
      return false;
    }
  }

  private async closeAsRepaired(id: number): Promise<void> {
    await this.dataSource.query(
      "UPDATE recon_differences SET status = 'RESOLVED', resolution = 'AUTO_REPAIRED', note = ?, resolved_at = ? WHERE id = ? AND status = 'OPEN'",
      ['渠道查询确认后已自动补账 / confirmed by a channel query and applied', sqlTime(this.clock.now()), id],
    );
  }

  /** Open differences of an earlier run that this run no longer finds (the bill or our records caught up). */
  private async clearVanished(day: string, channel: string, current: Set<string>): Promise<number> {
    const open: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id, diff_key FROM recon_differences WHERE business_date = ? AND channel = ? AND status = 'OPEN'",
      [day, channel],
    );
    const vanished = open.filter((r) => !current.has(String(r.diff_key))).map((r) => readInt(r.id));
    for (const id of vanished) {
      await this.dataSource.query(
        "UPDATE recon_differences SET status = 'RESOLVED', resolution = 'CLEARED', note = ?, resolved_at = ? WHERE id = ? AND status = 'OPEN'",
        ['复核时双方已一致 / both sides agree on a later run', sqlTime(this.clock.now()), id],
      );
    }
    return vanished.length;
  }

  /**
   * The channel settles the day's bill into the custody account: its net moves from the channel's clearing account
   * to the reserve, once per channel and day (a re-run replays the same posting).
   */
  private async sweepToReserve(day: string, channel: ReconChannel, netFen: number): Promise<void> {
    if (netFen === 0) return;
    const clearing = await this.accounts.topUpClearing(channel);
    const reserve = await this.accounts.reserve();
    const [debit, credit] = netFen > 0 ? [reserve, clearing] : [clearing, reserve];
    try {
      await this.ledger.post({
        operationId: `custody-sweep:${channel}:${day}`,
        kind: 'CUSTODY_SWEEP',
        platformInternal: true,
        legs: [{ debitAccountId: debit, creditAccountId: credit, amount: Math.abs(netFen), ledger: LEDGERS.CNY, code: TRANSFER_CODES.ADJUSTMENT }],
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'IDEMPOTENCY_KEY_REUSED') throw error;
      this.logger.error(`reconciliation ${day} ${channel}: the bill's net changed to ${netFen} fen after the day was swept into the reserve; needs an operator`);
    }
  }
}

function toRefund(r: Record<string, unknown>): PlatformRefund {
  return { outTradeNo: String(r.out_trade_no), outRefundNo: String(r.out_refund_no), status: String(r.status), amountFen: readInt(r.amount_fen) };
}

const iso = (value: unknown) => readTimeOrNull(value)?.toISOString() ?? null;

function toRunView(r: Record<string, unknown>): ReconRunView {
  return {
    id: readInt(r.id),
    businessDate: String(r.business_date),
    channel: String(r.channel) as ReconChannel,
    status: String(r.status) as ReconRunView['status'],
    billLines: readInt(r.bill_lines),
    matched: readInt(r.matched),
    differences: readInt(r.differences),
    openDifferences: readInt(r.open_differences),
    channelPaymentsFen: readInt(r.channel_payments_fen),
    channelRefundsFen: readInt(r.channel_refunds_fen),
    platformPaymentsFen: readInt(r.platform_payments_fen),
    platformRefundsFen: readInt(r.platform_refunds_fen),
    error: readTextOrNull(r.error),
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}

export function toDifferenceView(r: Record<string, unknown>): ReconDifferenceView {
  return {
    id: readInt(r.id),
    businessDate: String(r.business_date),
    channel: String(r.channel) as ReconChannel,
    kind: String(r.kind) as ReconDifferenceView['kind'],
    lineKind: String(r.line_kind) as ReconDifferenceView['lineKind'],
    outTradeNo: String(r.out_trade_no),
    outRefundNo: readTextOrNull(r.out_refund_no),
    channelTradeNo: readTextOrNull(r.channel_trade_no),
    channelAmountFen: readIntOrNull(r.channel_amount_fen),
    platformAmountFen: readIntOrNull(r.platform_amount_fen),
    platformStatus: readTextOrNull(r.platform_status),
    status: String(r.status) as ReconDifferenceView['status'],
    resolution: readTextOrNull(r.resolution) as ReconDifferenceView['resolution'],
    note: readTextOrNull(r.note),
    resolvedBy: readTextOrNull(r.resolved_by),
    resolvedAt: iso(r.resolved_at),
    createdAt: iso(r.created_at)!,
  };
}
