import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { NotificationRejectedError, type Acknowledgement, type Channel, type ChannelEvent, type RawNotification } from './channel.port';
import { BalanceRefundsService } from './balance-refunds.service';
import { PaymentChannels } from './payment-channels';
import { PaymentsRepository } from './payments.repository';
import { TopUpSettlement } from './topup-settlement.service';

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

/**
 * HandleChannelNotification: store the raw request first, then verify (signature over the exact bytes, probes
 * and forgeries refused), decrypt, cross-check merchant, app, order and amount, and only then credit the card —
 * in one transaction keyed by the order, so a duplicate or reordered notification is a no-op. The answer is in
 * the channel's own format; anything untrusted is refused so the channel keeps it visible.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly settlement: TopUpSettlement,
    private readonly refunds: BalanceRefundsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async handle(channel: Channel, notification: RawNotification): Promise<Acknowledgement> {
    const adapter = this.channels.get(channel);
    const id = await this.store(channel, notification);
    let event: ChannelEvent;
    try {
      event = await adapter.parseNotification(notification);
    } catch (error) {
      const reason = error instanceof NotificationRejectedError ? error.reason : 'MALFORMED';
      await this.mark(id, 'REJECTED', null, reason);
      this.logger.warn(`${channel} notification ${id} refused: ${reason}`);
      return adapter.acknowledge(false);
    }
    const outcome = await this.apply(channel, event, adapter.merchantRef, adapter.appRef);
    await this.mark(id, outcome, event.outTradeNo, null);
    const accepted = !['MERCHANT_MISMATCH', 'AMOUNT_MISMATCH', 'UNKNOWN_ORDER'].includes(outcome);
    if (!accepted) {
      this.logger.error(`${channel} notification ${id} for ${event.outTradeNo} flagged: ${outcome}`);
      await this.tx.run((em) =>
        this.audit.record(em, { actorType: 'system', actorId: null, action: `payment.notification_${outcome.toLowerCase()}`, targetType: 'payment_notification', targetId: String(id), detail: { channel, outTradeNo: event.outTradeNo } }),
      );
    }
    return adapter.acknowledge(accepted);
  }

  private async apply(channel: Channel, event: ChannelEvent, merchantRef: string, appRef: string | null): Promise<Outcome> {
    if (event.merchantRef !== merchantRef) return 'MERCHANT_MISMATCH';
    if (event.kind === 'REFUND') return (await this.refunds.applyByRefundNo(event.outRefundNo, event.state)) ? 'REFUND_EVENT' : 'UNKNOWN_ORDER';
    if (appRef && event.appRef && event.appRef !== appRef) return 'MERCHANT_MISMATCH';
    const attempt = await this.settlement.findAttempt(event.outTradeNo);
    if (!attempt || attempt.channel !== channel) return 'UNKNOWN_ORDER';
    switch (event.state.kind) {
      case 'PAID': {
        const order = await this.payments.findOrder(attempt.orderId);
        if (event.state.amountFen !== order.amountFen) return 'AMOUNT_MISMATCH';
        return this.settlement.settle(attempt, event.state);
      }
      case 'CLOSED':
      case 'FAILED':
        await this.settlement.close(attempt);
        return 'CLOSED';
      case 'NOT_PAID':
      case 'UNKNOWN':
        return 'NOT_PAID';
    }
  }

  private async store(channel: Channel, notification: RawNotification): Promise<number> {
    const headers = JSON.stringify(
      Object.fromEntries(Object.entries(notification.headers).filter(([name]) => /^(wechatpay-|content-type|user-agent)/i.test(name))),
    );
    return this.tx.run((em) =>
      this.payments.insertNotification(em, { channel, headers, body: notification.rawBody.toString('utf8'), receivedAt: this.clock.now() }),
    );
  }

  private async mark(id: number, outcome: string, outTradeNo: string | null, detail: string | null): Promise<void> {
    await this.tx.run((em) => this.payments.markNotification(em, id, outcome, outTradeNo, detail));
  }
}
