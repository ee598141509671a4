import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import type { PaymentState } from './channel.port';
import type { PaymentAttemptEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';

export type SettleOutcome = 'CREDITED' | 'ALREADY_CREDITED' | 'DUPLICATE_PAYMENT';

/**
 * CreditTopUp: a channel confirmed a payment (notification, poll, or a late answer to close). In ONE
 * transaction the attempt becomes SUCCEEDED, the order PAID (also from CLOSED or FAILED: money that arrived late
 * is never lost) and the card is credited principal + bonus. The ledger operation id is the order id, so any
 * replay — a duplicated notification racing the poller — is a no-op.
 */
@Injectable()
export class TopUpSettlement {
  private readonly logger = new Logger(TopUpSettlement.name);

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly cards: CardsRepository,
    private readonly tx: TransactionRunner,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async settle(attempt: PaymentAttemptEntity, paid: Extract<PaymentState, { kind: 'PAID' }>): Promise<SettleOutcome> {
    // resolved before the transaction: a first use may open the account on another pool connection
    const order = await this.payments.findOrder(attempt.orderId);
    const hot = { clearing: await this.accounts.topUpClearing(attempt.channel), bonusPool: await this.accounts.merchantBonusPool(order.merchantId) };
    const outcome = await this.tx.run((em) => this.settleWithin(em, attempt, paid, hot));
    if (outcome === 'CREDITED') this.logger.log(`top-up ${attempt.orderId} paid via ${attempt.channel} (${attempt.outTradeNo}); card credited`);
    if (outcome === 'DUPLICATE_PAYMENT') {
      // a second attempt of an order already paid through another one: the money must go back to the payer
      this.logger.error(`DUPLICATE PAYMENT: attempt ${attempt.outTradeNo} paid but order ${attempt.orderId} was already paid; refund needed`);
    }
    return outcome;
  }

  private async settleWithin(
    em: EntityManager,
    attempt: PaymentAttemptEntity,
    paid: Extract<PaymentState, { kind: 'PAID' }>,
    hot: { clearing: number; bonusPool: number },
  ): Promise<SettleOutcome> {
    const now = this.clock.now();
    if (!(await this.payments.markSucceededIfNot(em, attempt.id, paid.channelTradeNo, now))) return 'ALREADY_CREDITED';
    if (!(await this.payments.markPaidIfUnpaid(em, attempt.orderId, attempt, paid.paidAt, now))) return 'DUPLICATE_PAYMENT';

    const order = await this.payments.findOrder(attempt.orderId, em);
    const card = await this.cards.findById(order.cardId, em);
    await this.ledger.postInTransaction(em, {
      operationId: `topup:${order.id}`,
      kind: 'TOPUP',
      merchantId: order.merchantId,
      legs: topUpLegs(order, card, hot),
    });
    await this.audit.record(em, {
      actorType: 'system',
      actorId: null,
      action: 'card.topped_up',
      targetType: 'card',
      targetId: card.id,
      detail: { orderId: order.id, channel: attempt.channel, outTradeNo: attempt.outTradeNo, amountFen: order.amountFen, bonusFen: order.bonusFen },
    });
    return 'CREDITED';
  }

  /** Marks an unpaid attempt (and its order, when nothing else is pending) closed after the channel closed it. */
  async close(attempt: PaymentAttemptEntity): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      await this.payments.closeAttemptIfPending(em, attempt.id, now);
      await this.payments.closeIfNothingPending(em, attempt.orderId, now);
    });
    this.logger.log(`top-up ${attempt.orderId}: attempt ${attempt.outTradeNo} closed unpaid`);
  }

  /** The attempt behind a channel's order number. */
  findAttempt(outTradeNo: string): Promise<PaymentAttemptEntity | null> {
    return this.payments.findAttemptByOutTradeNo(outTradeNo);
  }
}

function topUpLegs(order: TopUpOrderEntity, card: Card, hot: { clearing: number; bonusPool: number }): TransferLeg[] {
  const legs: TransferLeg[] = [
    { debitAccountId: hot.clearing, creditAccountId: card.principalAccountId, amount: order.amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.TOPUP },
  ];
  if (order.bonusFen > 0) {
    legs.push({ debitAccountId: hot.bonusPool, creditAccountId: card.bonusAccountId, amount: order.bonusFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_GRANT });
  }
  return legs;
}
