import { Injectable, Logger } from '@nestjs/common';
import type { BalanceRefundView } from '@jucard/shared';
import type { Fen } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { ChannelUnavailableError, type RefundState } from './channel.port';
import { PaymentChannels } from './payment-channels';
import type { CardRefundEntity, RefundPartEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

/**
 * RefundUnusedBalance: the consumer gives the card back. At request time, in one transaction, the unused
 * principal is frozen (card principal → refund clearing), the remaining bonus is forfeited back to the merchant's
 * pool (gift value is never paid out: "pay ¥500 get ¥50, ¥275 left" returns ¥250), the card is closed and the
 * amount is spread over the card's paid top-ups, newest first. Each part then goes back to its original channel;
 * a part is done when the channel confirms (answer, notification or query), and only then does the money leave
 * refund clearing.
 */
@Injectable()
export class BalanceRefundsService {
  private readonly logger = new Logger(BalanceRefundsService.name);

  constructor(
    private readonly refunds: RefundsRepository,
    private readonly payments: PaymentsRepository,
    private readonly cards: CardsRepository,
    private readonly ledgerRepository: LedgerRepository,
    private readonly tx: TransactionRunner,
    private readonly channels: PaymentChannels,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly config: AppConfig,
  ) {}

  async request(consumer: ConsumerPrincipal, cardId: string, idempotencyKey: string): Promise<BalanceRefundView> {
    const earlier = await this.refunds.findByIdempotencyKey(consumer.consumerId, idempotencyKey);
    if (earlier) {
      if (earlier.cardId !== cardId) throw new DomainError('IDEMPOTENCY_KEY_REUSED', idempotencyKey);
      return this.view(earlier);
    }
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    let refund: CardRefundEntity;
    // resolved before the transaction: a first use may open the account on another pool connection
    const hot = { refundClearing: await this.accounts.refundClearing(), bonusPool: await this.accounts.merchantBonusPool(card.merchantId) };
    try {
      refund = await this.tx.run((em) => this.freeze(em, consumer, card, idempotencyKey, hot));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.request(consumer, cardId, idempotencyKey);
    }
    for (const part of await this.refunds.partsOf(refund.id)) await this.submit(part);
    return this.view(await this.refunds.findRefund(refund.id));
  }

  async get(consumer: ConsumerPrincipal, cardId: string, refundId: string): Promise<BalanceRefundView> {
    const refund = await this.refunds.findOwnRefund(consumer.consumerId, cardId, refundId);
    if (!refund) throw new DomainError('REFUND_NOT_FOUND');
    const pending = await this.refunds.processingParts(refund.id);
    for (const part of pending) {
      const state = await this.channels.get(part.channel).queryRefund(part.outRefundNo, part.outTradeNo).catch(() => null);
      if (state) await this.apply(part, state);
    }
    return this.view(await this.refunds.findRefund(refund.id));
  }

  /** A channel's word on one refund part (its answer, a refund notification, or a query). Idempotent. */
  async applyByRefundNo(outRefundNo: string, state: RefundState): Promise<boolean> {
    const part = await this.refunds.findPartByRefundNo(outRefundNo);
    if (!part) return false;
    await this.apply(part, state);
    return true;
  }

  private async freeze(
    em: EntityManager,
    consumer: ConsumerPrincipal,
    card: Card,
    idempotencyKey: string,
    hot: { refundClearing: number; bonusPool: number },
  ): Promise<CardRefundEntity> {
    // locked (MySQL) so a redemption cannot spend what is being frozen; SQLite's one writer serialises anyway
    const balances = await this.ledgerRepository.balances(em, [card.principalAccountId, card.bonusAccountId], !this.tx.isSqlite);
    const principal = balances.get(card.principalAccountId) ?? 0;
    const bonus = balances.get(card.bonusAccountId) ?? 0;
    if (principal <= 0) throw new DomainError('NOTHING_TO_REFUND');
    if (!(await this.cards.closeIfActive(em, card.id))) throw new DomainError('CARD_NOT_ACTIVE');

    const now = this.clock.now();
    const refund: CardRefundEntity = {
      id: this.ids.uuid(),
      cardId: card.id,
      consumerId: consumer.consumerId,
      idempotencyKey,
      principalFen: principal,
      bonusForfeitedFen: bonus,
      status: 'PROCESSING',
      createdAt: now,
      updatedAt: now,
    };
    await this.refunds.insertRefund(em, refund);

    const plan = spreadOverTopUps(principal, await this.payments.refundableOrders(em, card.id));
    for (const { order, attemptId, amount } of plan.parts) {
      const attempt = await this.payments.findAttempt(attemptId, em);
      if (!attempt) throw new Error(`attempt ${attemptId} of order ${order.id} is missing`);
      if (!(await this.payments.takeRefund(em, order.id, amount, now))) throw new DomainError('CONFLICT', 'top-up changed while refunding');
      await this.refunds.insertPart(em, {
        id: this.ids.uuid(),
        cardRefundId: refund.id,
        orderId: order.id,
        channel: attempt.channel,
        outTradeNo: attempt.outTradeNo,
        outRefundNo: `RF${now.toISOString().slice(0, 10).replace(/-/g, '')}${this.ids.digits(18)}`,
        amountFen: amount,
        orderTotalFen: order.amountFen,
        status: 'PROCESSING',
        channelRefundNo: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    // principal that did not come from this card's own payments cannot go back "the original way"
    if (plan.left > 0) throw new DomainError('REFUND_NOT_POSSIBLE');

    const legs: TransferLeg[] = [
      { debitAccountId: card.principalAccountId, creditAccountId: hot.refundClearing, amount: principal, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND },
    ];
    if (bonus > 0) {
      legs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: bonus, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_FORFEIT });
    }
    await this.ledger.postInTransaction(em, { operationId: `card-refund:${refund.id}`, kind: 'BALANCE_REFUND', merchantId: card.merchantId, legs });
    await this.audit.record(em, {
      actorType: 'consumer',
      actorId: consumer.consumerId,
      action: 'card.balance_refund_requested',
      targetType: 'card',
      targetId: card.id,
      detail: { refundId: refund.id, principalFen: principal, bonusForfeitedFen: bonus },
    });
    this.logger.log(`card ${card.id}: refund of ${principal} fen requested (bonus ${bonus} forfeited), card closed`);
    return refund;
  }

  private async submit(part: RefundPartEntity): Promise<void> {
    try {
      const state = await this.channels.get(part.channel).refund({
        outTradeNo: part.outTradeNo,
        outRefundNo: part.outRefundNo,
        refundFen: part.amountFen,
        totalFen: part.orderTotalFen,
        reason: '会员卡余额退款',
        notifyUrl: `${this.config.publicBaseUrl}/payments/notify/${part.channel.toLowerCase()}`,
      });
      await this.apply(part, state);
    } catch (error) {
      // the part stays PROCESSING: asked again when the consumer looks, confirmed by the channel's notification
      if (!(error instanceof ChannelUnavailableError)) throw error;
      this.logger.warn(`refund ${part.outRefundNo}: ${part.channel} unavailable; will ask again`);
    }
  }

  private async apply(part: RefundPartEntity, state: RefundState): Promise<void> {
    if (state.kind === 'PROCESSING' || state.kind === 'UNKNOWN') return;
    const refundClearing = await this.accounts.refundClearing();
    const channelClearing = await this.accounts.topUpClearing(part.channel);
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      if (state.kind === 'FAILED') {
        if (await this.refunds.failPartIfProcessing(em, part.id, now)) this.logger.error(`refund ${part.outRefundNo} FAILED at ${part.channel}: ${state.reason}; the money stays in refund clearing for an operator`);
      } else {
        if (!(await this.refunds.succeedPartIfProcessing(em, part.id, state.channelRefundNo, now))) return;
        await this.ledger.postInTransaction(em, {
          operationId: `refund-paid:${part.id}`,
          kind: 'REFUND_PAID',
          legs: [{ debitAccountId: refundClearing, creditAccountId: channelClearing, amount: part.amountFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND }],
        });
      }
      await this.refunds.rollUpStatus(em, part.cardRefundId, now);
    });
  }

  private async view(refund: CardRefundEntity): Promise<BalanceRefundView> {
    const parts = await this.refunds.partsOf(refund.id);
    return {
      refundId: refund.id,
      cardId: refund.cardId,
      principalFen: refund.principalFen,
      bonusForfeitedFen: refund.bonusForfeitedFen,
      status: refund.status,
      parts: parts.map((p) => ({ channel: p.channel, amountFen: p.amountFen, status: p.status })),
      createdAt: refund.createdAt.toISOString(),
    };
  }
}

/** One part of a balance refund: `amount` goes back through the order's paying attempt. */
export interface RefundSlice {
  order: Pick<TopUpOrderEntity, 'id' | 'amountFen'>;
  attemptId: string;
  amount: Fen;
}

/**
 * Spreads the principal over the card's paid top-ups (given newest first), each up to what it has not refunded
 * yet; `left` is what no top-up of this card can take back.
 */
export function spreadOverTopUps(
  principal: Fen,
  orders: Array<Pick<TopUpOrderEntity, 'id' | 'amountFen' | 'refundedFen' | 'currentAttemptId'>>,
): { parts: RefundSlice[]; left: Fen } {
  const parts: RefundSlice[] = [];
  let left = principal;
  for (const order of orders) {
    if (left === 0) break;
    const amount = Math.min(left, order.amountFen - order.refundedFen);
    if (amount <= 0 || !order.currentAttemptId) continue;
    parts.push({ order, attemptId: order.currentAttemptId, amount });
    left -= amount;
  }
  return { parts, left };
}
