import { Injectable, Logger } from '@nestjs/common';
import type { BalanceRefundView, CardStatus, Fen, RefundCalculationView, RefundQuoteView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { computeRefund, refundableTopUps, type RefundCalculation } from '../consumer-rights/refund-calculation';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import type { PostCommand, TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { RiskService } from '../risk/risk.service';
import type { Channel } from './channel.port';
import { ChannelRefunds } from './channel-refunds';
import type { CardRefundEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

/**
 * RefundUnusedBalance: the consumer gives the card back. What comes back is worked out by computeRefund (gifts
 * counted pro rata, 法释〔2025〕4号: value used counts against principal at paid / (paid + bonus), whatever the
 * deduction order), quoted first (GET …/refund-quote) and recomputed on the locked balances when the consumer
 * confirms. In one transaction the card's principal goes to refund clearing, the remaining bonus is forfeited back
 * to the merchant's pool, the merchant's side of the count is settled (principal left beyond the refund is the
 * merchant's; principal spent beyond the count comes back from the merchant), the card is closed and the refund is
 * spread over the card's paid top-ups (and those of the cards it replaced, 补卡), newest first. Each part then goes back to its original channel (ChannelRefunds).
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
    private readonly channelRefunds: ChannelRefunds,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly risk: RiskService,
  ) {}

  /** What 退卡 would return now, with the calculation, for the consumer to confirm. Changes nothing. */
  async quote(consumer: ConsumerPrincipal, cardId: string): Promise<RefundQuoteView> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    if (card.status !== 'ACTIVE') throw new DomainError('CARD_NOT_ACTIVE');
    const { calculation } = await this.calculate(null, card, false);
    return {
      cardId: card.id,
      ...calculationView(calculation),
      principalBalanceFen: calculation.principalBalanceFen,
      bonusBalanceFen: calculation.bonusBalanceFen,
      quotedAt: this.clock.now().toISOString(),
    };
  }

  /** `viaApiKey`: the open-API key (appKey) of the merchant's system that asked for it at the counter, for the audit. */
  async request(consumer: ConsumerPrincipal, cardId: string, idempotencyKey: string, quotedRefundFen?: number, viaApiKey?: string): Promise<BalanceRefundView> {
    return this.requestOf(consumer, cardId, idempotencyKey, { quotedRefundFen, viaApiKey, from: ['ACTIVE'] });
  }

  /**
   * A closed merchant's free refund of the card (ClosingRefundsJob): as the holder's 退卡, and for a card reported lost
   * too — its money goes back to the payments that paid for it, never to whoever holds the card.
   */
  async requestOnClosing(consumer: ConsumerPrincipal, cardId: string, idempotencyKey: string): Promise<BalanceRefundView> {
    return this.requestOf(consumer, cardId, idempotencyKey, { from: ['ACTIVE', 'LOST'] });
  }

  private async requestOf(
    consumer: ConsumerPrincipal,
    cardId: string,
    idempotencyKey: string,
    { quotedRefundFen, viaApiKey, from }: { quotedRefundFen?: number; viaApiKey?: string; from: CardStatus[] },
  ): Promise<BalanceRefundView> {
    const earlier = await this.refunds.findByIdempotencyKey(consumer.consumerId, idempotencyKey);
    if (earlier) {
      if (earlier.cardId !== cardId) throw new DomainError('IDEMPOTENCY_KEY_REUSED', idempotencyKey);
      return this.channelRefunds.view(earlier);
    }
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    await this.risk.decide({ kind: 'BALANCE_REFUND', id: idempotencyKey, consumerId: consumer.consumerId, cardId: card.id, merchantId: card.merchantId, productId: card.productId, amountFen: quotedRefundFen ?? 0 });
    let refund: CardRefundEntity;
    // resolved before the transaction: a first use may open the account on another pool connection
    const hot = {
      refundClearing: await this.accounts.refundClearing(),
      bonusPool: await this.accounts.merchantBonusPool(card.merchantId),
      payable: await this.accounts.merchantPayable(card.merchantId),
    };
    try {
      refund = await this.tx.run((em) => this.freeze(em, consumer, card, idempotencyKey, quotedRefundFen, hot, viaApiKey, from));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.requestOf(consumer, cardId, idempotencyKey, { quotedRefundFen, viaApiKey, from });
    }
    return this.channelRefunds.dispatch(refund.id);
  }

  async get(consumer: ConsumerPrincipal, cardId: string, refundId: string): Promise<BalanceRefundView> {
    const refund = await this.refunds.findOwnRefund(consumer.consumerId, cardId, refundId);
    if (!refund) throw new DomainError('REFUND_NOT_FOUND');
    return this.channelRefunds.refresh(refund);
  }

  /**
   * The refund the card's top-ups and balances give. With `lock` (inside the refund's transaction, MySQL) the card's
   * accounts stay locked so a redemption cannot spend what is being frozen; SQLite's one writer serialises anyway.
   */
  private async calculate(em: EntityManager | null, card: Card, lock: boolean): Promise<{ calculation: RefundCalculation; orders: TopUpOrderEntity[] }> {
    const balances = await this.ledgerRepository.balances(em, [card.principalAccountId, card.bonusAccountId], lock);
    // a replacement card's money came from the top-ups of the cards it replaced: they go back the way they came
    const orders = await this.payments.refundableOrders(em, await this.cards.lineageOf(card, em ?? undefined));
    const given = refundableTopUps(orders);
    const outcome = computeRefund({
      ...given,
      principalBalanceFen: balances.get(card.principalAccountId) ?? 0,
      bonusBalanceFen: balances.get(card.bonusAccountId) ?? 0,
    });
    // principal that did not come from this card's own payments cannot go back "the original way"
    if (!outcome.ok) throw new DomainError('REFUND_NOT_POSSIBLE');
    if (outcome.calculation.refundFen <= 0) throw new DomainError('NOTHING_TO_REFUND');
    return { calculation: outcome.calculation, orders };
  }

  private async freeze(
    em: EntityManager,
    consumer: ConsumerPrincipal,
    card: Card,
    idempotencyKey: string,
    quotedRefundFen: number | undefined,
    hot: { refundClearing: number; bonusPool: number; payable: number },
    viaApiKey: string | undefined,
    from: CardStatus[],
  ): Promise<CardRefundEntity> {
    const { calculation, orders } = await this.calculate(em, card, !this.tx.isSqlite);
    if (quotedRefundFen !== undefined && quotedRefundFen !== calculation.refundFen) throw new DomainError('REFUND_QUOTE_CHANGED');
    const { refundFen: principal, bonusForfeitedFen: bonus } = calculation;
    if (!(await this.cards.closeIfIn(em, card.id, from))) throw new DomainError('CARD_NOT_ACTIVE');

    const now = this.clock.now();
    const refund = await this.channelRefunds.open(
      em,
      {
        cardId: card.id,
        consumerId: consumer.consumerId,
        idempotencyKey,
        principalFen: principal,
        bonusForfeitedFen: bonus,
        rule: 'PRO_RATA',
        paidFen: calculation.paidFen,
        bonusGrantedFen: calculation.bonusGrantedFen,
        consumedFen: calculation.consumedFen,
        consumedPrincipalFen: calculation.consumedPrincipalFen,
      },
      now,
    );
    // the orders the count was made of, read in this transaction: spread over them, newest first
    const plan = spreadOverTopUps(principal, orders);
    const channels: Channel[] = [];
    for (const { order, attemptId, amount } of plan.parts) channels.push(await this.channelRefunds.takeFromOrder(em, refund, order, attemptId, amount, now));
    if (plan.left > 0 || !channels[0]) throw new DomainError('REFUND_NOT_POSSIBLE');
    await this.channelRefunds.announce(em, refund, card, calculation.principalBalanceFen, channels[0]);

    for (const command of refundPostings(refund.id, card, calculation, hot)) await this.ledger.postInTransaction(em, command);
    await this.audit.record(em, {
      actorType: 'consumer',
      actorId: consumer.consumerId,
      action: 'card.balance_refund_requested',
      targetType: 'card',
      targetId: card.id,
      detail: { refundId: refund.id, ...calculation, ...(viaApiKey === undefined ? {} : { viaApiKey }) },
    });
    this.logger.log(`card ${card.id}: refund of ${principal} fen requested (bonus ${bonus} forfeited, ${calculation.consumedPrincipalFen} of ${calculation.paidFen} paid counted as used), card closed`);
    return refund;
  }
}

function calculationView(c: RefundCalculation): RefundCalculationView {
  return {
    rule: 'PRO_RATA',
    paidFen: c.paidFen,
    bonusGrantedFen: c.bonusGrantedFen,
    consumedFen: c.consumedFen,
    consumedPrincipalFen: c.consumedPrincipalFen,
    refundFen: c.refundFen,
    bonusForfeitedFen: c.bonusForfeitedFen,
  };
}

/**
 * The refund's ledger operations. The card's own (principal → refund clearing, bonus → pool) empties the card and
 * reads as one 退卡 in its history. The merchant's side of the pro-rata count moves between platform accounts in a
 * second operation, coded so settlement nets it like a sale (principal the count says was used, still on the card)
 * or a reversal (principal the card spent beyond the count, given back by the merchant).
 */
export function refundPostings(
  refundId: string,
  card: Pick<Card, 'merchantId' | 'principalAccountId' | 'bonusAccountId'>,
  c: RefundCalculation,
  hot: { refundClearing: number; bonusPool: number; payable: number },
): PostCommand[] {
  const cardLegs: TransferLeg[] = [];
  if (c.principalBalanceFen > 0) {
    cardLegs.push({ debitAccountId: card.principalAccountId, creditAccountId: hot.refundClearing, amount: c.principalBalanceFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND });
  }
  if (c.bonusForfeitedFen > 0) {
    cardLegs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: c.bonusForfeitedFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_FORFEIT });
  }
  const commands: PostCommand[] = [];
  if (cardLegs.length > 0) commands.push({ operationId: `card-refund:${refundId}`, kind: 'BALANCE_REFUND', merchantId: card.merchantId, legs: cardLegs });
  const merchantLeg: TransferLeg | null =
    c.toMerchantFen > 0
      ? { debitAccountId: hot.refundClearing, creditAccountId: hot.payable, amount: c.toMerchantFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REDEMPTION }
      : c.fromMerchantFen > 0
        ? { debitAccountId: hot.payable, creditAccountId: hot.refundClearing, amount: c.fromMerchantFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REVERSAL }
        : null;
  if (merchantLeg) commands.push({ operationId: `card-refund:${refundId}:merchant`, kind: 'BALANCE_REFUND_COUNT', merchantId: card.merchantId, legs: [merchantLeg] });
  return commands;
}

/** One part of a balance refund: `amount` goes back through the order's paying attempt. */
export interface RefundSlice<O = Pick<TopUpOrderEntity, 'id' | 'amountFen'>> {
  order: O;
  attemptId: string;
  amount: Fen;
}

/**
 * Spreads the principal over the card's paid top-ups (given newest first), each up to what it has not refunded
 * yet; `left` is what no top-up of this card can take back.
 */
export function spreadOverTopUps<O extends Pick<TopUpOrderEntity, 'id' | 'amountFen' | 'refundedFen' | 'currentAttemptId'>>(principal: Fen, orders: O[]): { parts: Array<RefundSlice<O>>; left: Fen } {
  const parts: Array<RefundSlice<O>> = [];
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
