import { Injectable, Logger } from '@nestjs/common';
import { businessDayRange, RECON_CHANNELS, type ReconChannel, type ReconDayView, type ReconDifferenceView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { ChannelRefunds } from '../payments/channel-refunds';
import type { BillLine } from '../payments/channel.port';
import { PaymentChannels } from '../payments/payment-channels';
import { PaymentRecordsRepository } from '../payments/payment-records.repository';
import { PaymentsRepository } from '../payments/payments.repository';
import { TopUpSettlement } from '../payments/topup-settlement.service';
import { differenceKey, matchBill, type Difference, type PlatformPayment, type PlatformRefund } from './recon-matcher';
import { ReconciliationRepository, type DifferenceFilter } from './reconciliation.repository';

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
    private readonly repository: ReconciliationRepository,
    private readonly payments: PaymentsRepository,
    private readonly records: PaymentRecordsRepository,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly topUps: TopUpSettlement,
    private readonly refunds: ChannelRefunds,
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
    const runs = await this.repository.runsOfDay(day);
    const openDifferences = runs.reduce((n, r) => n + r.openDifferences, 0);
    const completed = RECON_CHANNELS.every((c) => runs.some((r) => r.channel === c && r.status === 'COMPLETED'));
    return { businessDate: day, runs, reconciled: completed && openDifferences === 0, openDifferences };
  }

  differences(filter: DifferenceFilter): Promise<ReconDifferenceView[]> {
    return this.repository.differences(filter);
  }

  /** An operator closes a difference with a note (what was found, what was done outside the system). */
  async resolve(operatorId: string, id: number, note: string): Promise<ReconDifferenceView> {
    await this.tx.run(async (em) => {
      if (!(await this.repository.resolve(id, { kind: 'MANUAL', note, by: operatorId, at: this.clock.now() }, em))) {
        const existing = await this.repository.difference(id, em);
        throw existing ? new DomainError('DIFFERENCE_ALREADY_RESOLVED') : new DomainError('NOT_FOUND', `difference ${id}`);
      }
      await this.audit.record(em, { actorType: 'operator', actorId: operatorId, action: 'recon.difference_resolved', targetType: 'recon_difference', targetId: String(id), detail: { note } });
    });
    return (await this.repository.difference(id))!;
  }

  private async reconcileChannel(day: string, channel: ReconChannel, range: [Date, Date]): Promise<void> {
    const runId = await this.startRun(day, channel);
    const started = Date.now();
    let lines: BillLine[];
    try {
      lines = await this.channels.get(channel).downloadBill(day);
    } catch (error) {
      const message = (error as Error).message.slice(0, 480);
      this.logger.error(`reconciliation ${day} ${channel}: bill download failed: ${message}`);
      await this.repository.failRun(runId, message, this.clock.now());
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

    await this.repository.completeRun(runId, lines.length, { ...result, differences: result.differences.length }, this.clock.now());
    // the channel pays a day into the custody account once the day is over; a day still running has no final net
    if (this.clock.now() >= range[1]) await this.sweepToReserve(day, channel, result.channelPaymentsFen - result.channelRefundsFen);
    this.logger.log(
      `reconciliation ${day} ${channel}: ${lines.length} bill lines, ${result.matched} matched, ${result.differences.length} differences (${repaired} repaired, ${cleared} cleared since the last run) in ${Date.now() - started} ms`,
    );
  }

  private async startRun(day: string, channel: ReconChannel): Promise<number> {
    const now = this.clock.now();
    try {
      return await this.tx.run((em) => this.repository.insertRun(em, day, channel, now));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.repository.restartRun(day, channel, now);
    }
  }

  /** Payments the platform credited with a channel paid time on the day. */
  private dayPayments(channel: string, [start, end]: [Date, Date]): Promise<PlatformPayment[]> {
    return this.records.succeededPaymentsPaidBetween(channel, start, end);
  }

  /** Refunds the channel confirmed on the day. */
  private dayRefunds(channel: string, [start, end]: [Date, Date]): Promise<PlatformRefund[]> {
    return this.records.succeededRefundsBetween(channel, start, end);
  }

  private async paymentsByTradeNo(outTradeNos: string[]): Promise<Map<string, PlatformPayment>> {
    const found = new Map<string, PlatformPayment>();
    for (let i = 0; i < outTradeNos.length; i += IN_CHUNK) {
      for (const p of await this.records.paymentsByOutTradeNo(outTradeNos.slice(i, i + IN_CHUNK))) found.set(p.outTradeNo, p);
    }
    return found;
  }

  private async refundsByRefundNo(outRefundNos: string[]): Promise<Map<string, PlatformRefund>> {
    const found = new Map<string, PlatformRefund>();
    for (let i = 0; i < outRefundNos.length; i += IN_CHUNK) {
      for (const r of await this.records.refundsByOutRefundNo(outRefundNos.slice(i, i + IN_CHUNK))) found.set(r.outRefundNo, r);
    }
    return found;
  }

  /** Files a difference once; returns its id while it is still open (new, or open from an earlier run), else null. */
  private async file(key: string, day: string, channel: string, d: Difference): Promise<number | null> {
    try {
      return await this.tx.run((em) => this.repository.insertDifference(em, key, day, channel, d, this.clock.now()));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.repository.openDifferenceId(key);
    }
  }

  /** Asks the channel; if it proves the money moved, applies it through the same path as a notification. */
  private async repair(channel: ReconChannel, d: Difference): Promise<boolean> {
    const port = this.channels.get(channel);
    try {
      if (d.lineKind === 'PAYMENT') {
        const attempt = await this.payments.findAttemptByOutTradeNo(d.outTradeNo);
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
    await this.repository.resolve(id, { kind: 'AUTO_REPAIRED', note: '渠道查询确认后已自动补账 / confirmed by a channel query and applied', by: null, at: this.clock.now() });
  }

  /** Open differences of an earlier run that this run no longer finds (the bill or our records caught up). */
  private async clearVanished(day: string, channel: string, current: Set<string>): Promise<number> {
    const vanished = (await this.repository.openDifferenceKeys(day, channel)).filter((d) => !current.has(d.key));
    for (const { id } of vanished) {
      await this.repository.resolve(id, { kind: 'CLEARED', note: '复核时双方已一致 / both sides agree on a later run', by: null, at: this.clock.now() });
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
