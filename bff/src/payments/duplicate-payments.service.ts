import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CardsRepository } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LeasedJobProvider } from '../jobs/leased-job';
import { Leases } from '../jobs/leases';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { ChannelRefunds } from './channel-refunds';
import type { CardRefundEntity, PaymentAttemptEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

/**
 * The sweep is the safety net behind the notification's own trigger: it looks back two days (by the attempts' last
 * poll time, an index range) once every 60 poll intervals, so its cost stays a small share of the poller's.
 */
const LOOK_BACK_MS = 2 * 86_400_000;
const SWEEP_EVERY_POLLS = 60;
const BATCH = 20;

/**
 * RefundDoublePayment (issue 15 item 10): when two attempts of one order are both paid, the order is credited once
 * (TopUpSettlement answers DUPLICATE_PAYMENT for the second) and the second payment goes back, whole, to the channel
 * it came from. In one transaction the money the channel holds for it is owed back (top-up clearing → refund
 * clearing; it was never the card's) and a refund (rule DOUBLE_PAYMENT) with one part for that attempt is written;
 * then the part travels like a 退卡's and leaves refund clearing when the channel confirms. The refund's key
 * `duplicate:<attempt id>` and the ledger operation id make it happen once, however many times it is asked. Runs
 * when a notification reports the duplicate and as a sweep (the poller and reconciliation find them too; a crash
 * between the two steps is picked up).
 */
@Injectable()
export class DuplicatePaymentRefunds extends LeasedJobProvider {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly refunds: RefundsRepository,
    private readonly channelRefunds: ChannelRefunds,
    private readonly cards: CardsRepository,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
    @Optional() leases?: Leases,
  ) {
    super('duplicate-payment-refunds', tx, leases, () => config.PAYMENT_POLL_INTERVAL_MS * SWEEP_EVERY_POLLS);
  }

  /** Right after a notification reported a double payment; failures are left to the sweep. */
  refundSoon(): void {
    this.runOnce().catch((error: unknown) => this.logger.warn(`double-payment refunds failed: ${(error as Error).message}; the sweep will retry`));
  }

  protected async work(): Promise<number> {
    const ids = await this.refunds.unrefundedDuplicates(new Date(this.clock.now().getTime() - LOOK_BACK_MS), BATCH);
    for (const id of ids) await this.refundAttempt(id);
    return ids.length;
  }

  private async refundAttempt(attemptId: string): Promise<void> {
    const attempt = await this.payments.findAttempt(attemptId);
    if (!attempt) throw new Error(`attempt ${attemptId} is missing`);
    const order = await this.payments.findOrder(attempt.orderId);
    const hot = { refundClearing: await this.accounts.refundClearing(), clearing: await this.accounts.topUpClearing(attempt.channel) };
    let refund: CardRefundEntity;
    try {
      refund = await this.tx.run((em) => this.owe(em, attempt, order, hot));
    } catch (error) {
      // another instance (or the notification's run) wrote it first: it sends the part
      if (isUniqueViolation(error)) return;
      throw error;
    }
    this.logger.warn(`double payment: ${attempt.channel} ${attempt.outTradeNo} of order ${order.id} (${order.amountFen} fen) is going back to the payer`);
    await this.channelRefunds.dispatch(refund.id);
  }

  private async owe(em: EntityManager, attempt: PaymentAttemptEntity, order: TopUpOrderEntity, hot: { refundClearing: number; clearing: number }): Promise<CardRefundEntity> {
    const now = this.clock.now();
    const refund = await this.channelRefunds.open(
      em,
      { cardId: order.cardId, consumerId: order.consumerId, idempotencyKey: `duplicate:${attempt.id}`, principalFen: order.amountFen, bonusForfeitedFen: 0, rule: 'DOUBLE_PAYMENT', paidFen: order.amountFen, bonusGrantedFen: 0, consumedFen: 0, consumedPrincipalFen: 0 },
      now,
    );
    // the whole payment goes back; the order keeps its credit from the other attempt, so nothing is taken off it
    await this.channelRefunds.addPart(em, refund, { order, attempt, amountFen: order.amountFen }, now);
    // nothing left the card (the payment was never credited to it), but its holder hears the money is going back
    await this.channelRefunds.announce(em, refund, await this.cards.findById(order.cardId, em), 0, attempt.channel);
    await this.ledger.postInTransaction(em, {
      operationId: `duplicate-payment:${attempt.id}`,
      kind: 'DOUBLE_PAYMENT_REFUND',
      merchantId: order.merchantId,
      legs: [{ debitAccountId: hot.clearing, creditAccountId: hot.refundClearing, amount: order.amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND }],
    });
    await this.audit.record(em, {
      actorType: 'system',
      actorId: null,
      action: 'payment.double_payment_refunded',
      targetType: 'topup_order',
      targetId: order.id,
      detail: { refundId: refund.id, channel: attempt.channel, outTradeNo: attempt.outTradeNo, amountFen: order.amountFen, creditedAttemptId: order.currentAttemptId },
    });
    return refund;
  }
}
