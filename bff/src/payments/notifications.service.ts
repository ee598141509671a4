import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { RateLimiter } from '../kv/rate-limiter';
import { NotificationRejectedError, type Acknowledgement, type Channel, type ChannelEvent, type PaymentState, type RawNotification } from './channel.port';
import { ChannelRefunds } from './channel-refunds';
import { DuplicatePaymentRefunds } from './duplicate-payments.service';
import { NotificationsRepository, type NotificationRow } from './notifications.repository';
import { PaymentChannels } from './payment-channels';
import { PaymentsRepository } from './payments.repository';
import { TopUpSettlement, type ConfirmedPayment } from './topup-settlement.service';

type Outcome =
  | 'CREDITED'
  | 'ALREADY_CREDITED'
  | 'DUPLICATE_PAYMENT'
  | 'NOT_PAID'
  | 'CLOSED'
  | 'REJECTED'
  | 'UNKNOWN_ORDER'
  | 'MERCHANT_MISMATCH'
  | 'AMOUNT_MISMATCH'
  | 'REFUND_EVENT';

/** Refused and written to the audit log: the channel keeps them visible, a person looks. */
const FLAGGED = new Set<Outcome>(['MERCHANT_MISMATCH', 'AMOUNT_MISMATCH', 'UNKNOWN_ORDER']);

/** A verified payment notification on its way to the crediting transaction. */
interface PaidNotification {
  channel: Channel;
  outTradeNo: string;
  paid: Extract<PaymentState, { kind: 'PAID' }>;
  row: NotificationRow;
}

/**
 * HandleChannelNotification: verify (signature over the exact bytes, probes and forgeries refused), decrypt,
 * cross-check merchant, app, order and amount, then credit the card — the raw request is stored in the same
 * transaction as what it caused (alone when it caused nothing, or when its processing failed), so a duplicate or
 * reordered notification is a no-op and none goes unrecorded. Payments that arrive together share one transaction
 * (group commit on MySQL/MariaDB). The answer is in the channel's own format; anything untrusted is refused.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly credit: (notification: PaidNotification) => Promise<Outcome>;

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly settlement: TopUpSettlement,
    private readonly refunds: ChannelRefunds,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly duplicates: DuplicatePaymentRefunds,
  ) {
    // SQLite queues every transaction anyway; the naive benchmark baseline keeps one transaction per notification
    if (!tx.isSqlite && config.NOTIFICATION_BATCH_MAX > 1 && config.LEDGER_HOT_ACCOUNTS_INLINE !== 'true') {
      const batches = new GroupCommit<PaidNotification, Outcome>(async (batch) => (await this.creditAll(batch)).map((value) => ({ ok: true, value })), {
        maxBatch: config.NOTIFICATION_BATCH_MAX,
        maxInFlight: config.NOTIFICATION_BATCHES_IN_FLIGHT,
        conflictKey: (n) => n.outTradeNo, // a WeChat retry of the same payment waits for the next batch
      });
      this.credit = (notification) => batches.submit(notification);
    } else {
      this.credit = async (notification) => (await this.creditAll([notification]))[0]!;
    }
  }

  async handle(channel: Channel, notification: RawNotification): Promise<Acknowledgement> {
    const adapter = this.channels.get(channel);
    const row = this.rowOf(channel, notification);
    let event: ChannelEvent;
    try {
      event = await adapter.parseNotification(notification);
    } catch (error) {
      const reason = error instanceof NotificationRejectedError ? error.reason : 'MALFORMED';
      // an anonymous sender gets a few refused bodies kept per window, then 429 and nothing stored (issue 13)
      await this.limiter.consume(`notify-refused:${notification.remoteAddress ?? 'unknown'}`, this.config.NOTIFY_REFUSALS_PER_ADDRESS, 10 * 60_000);
      await this.store({ ...row, outcome: 'REJECTED', detail: reason });
      this.logger.warn(`${channel} notification refused: ${reason}`);
      return adapter.acknowledge(false);
    }
    let outcome: Outcome;
    try {
      outcome = await this.apply(channel, event, row, adapter.merchantRef, adapter.appRef);
    } catch (error) {
      // the request is still kept when the database allows (the channel sends it again)
      await this.store({ ...row, outcome: 'FAILED', outTradeNo: event.outTradeNo, detail: String((error as Error).message).slice(0, 200) }).catch(() => undefined);
      throw error;
    }
    if (FLAGGED.has(outcome)) this.logger.error(`${channel} notification for ${event.outTradeNo} flagged: ${outcome}`);
    // the second paid attempt of an order: its money goes back to the payer (after this answer; the sweep retries)
    if (outcome === 'DUPLICATE_PAYMENT') this.duplicates.refundSoon();
    return adapter.acknowledge(!FLAGGED.has(outcome));
  }

  /** A verified event: a payment goes to the crediting transaction; anything else is applied, then stored. */
  private async apply(channel: Channel, event: ChannelEvent, row: NotificationRow, merchantRef: string, appRef: string | null): Promise<Outcome> {
    const stored = { ...row, outTradeNo: event.outTradeNo };
    const done = async (outcome: Outcome) => (await this.store({ ...stored, outcome }), outcome);
    if (event.merchantRef !== merchantRef) return done('MERCHANT_MISMATCH');
    if (event.kind === 'REFUND') return done((await this.refunds.applyByRefundNo(event.outRefundNo, event.state)) ? 'REFUND_EVENT' : 'UNKNOWN_ORDER');
    if (appRef && event.appRef && event.appRef !== appRef) return done('MERCHANT_MISMATCH');
    const state = event.state;
    if (state.kind === 'PAID') return this.credit({ channel, outTradeNo: event.outTradeNo, paid: state, row: stored });
    const attempt = (await this.payments.attemptsWithOrders([event.outTradeNo])).get(event.outTradeNo)?.attempt;
    if (!attempt || attempt.channel !== channel) return done('UNKNOWN_ORDER');
    switch (state.kind) {
      case 'CLOSED':
      case 'FAILED':
        await this.settlement.close(attempt);
        return done('CLOSED');
      case 'NOT_PAID':
      case 'UNKNOWN':
        return done('NOT_PAID');
    }
  }

  /** Payments for known attempts with the right amount are settled together; the others are refused one by one. */
  private async creditAll(batch: PaidNotification[]): Promise<Outcome[]> {
    const known = await this.payments.attemptsWithOrders(batch.map((n) => n.outTradeNo));
    const outcomes = new Map<PaidNotification, Outcome>();
    const confirmed: Array<ConfirmedPayment & { from: PaidNotification }> = [];
    for (const n of batch) {
      const found = known.get(n.outTradeNo);
      if (!found || found.attempt.channel !== n.channel) outcomes.set(n, 'UNKNOWN_ORDER');
      else if (n.paid.amountFen !== found.order.amountFen) outcomes.set(n, 'AMOUNT_MISMATCH');
      else confirmed.push({ ...found, paid: n.paid, notification: n.row, from: n });
    }
    const settled = await this.settlement.settleMany(confirmed);
    confirmed.forEach((c, i) => outcomes.set(c.from, settled[i]!));
    for (const n of batch) {
      const outcome = outcomes.get(n)!;
      if (FLAGGED.has(outcome)) await this.store({ ...n.row, outcome });
    }
    return batch.map((n) => outcomes.get(n)!);
  }

  /** One notification alone; a flagged one with its audit row, in the same transaction. */
  private async store(row: NotificationRow): Promise<void> {
    await this.tx.run(async (em) => {
      const id = await this.notifications.insert(em, row);
      if (!FLAGGED.has(row.outcome as Outcome)) return;
      await this.audit.record(em, {
        actorType: 'system',
        actorId: null,
        action: `payment.notification_${row.outcome.toLowerCase()}`,
        targetType: 'payment_notification',
        targetId: String(id),
        detail: { channel: row.channel, outTradeNo: row.outTradeNo },
      });
    });
  }

  private rowOf(channel: Channel, notification: RawNotification): NotificationRow {
    const headers = JSON.stringify(
      Object.fromEntries(Object.entries(notification.headers).filter(([name]) => /^(wechatpay-|content-type|user-agent)/i.test(name))),
    );
    return { channel, headers, body: notification.rawBody.toString('utf8'), outcome: 'RECEIVED', outTradeNo: null, detail: null, receivedAt: this.clock.now() };
  }
}
