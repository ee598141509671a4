import { Injectable, Logger } from '@nestjs/common';
import type { BalanceRefundView, CoolingOffQuoteView } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardProductsRepository } from '../card-products/card-products.repository';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { coolingOffTopUps, coolingOffTotals, type CoolingOffEligible } from '../consumer-rights/cooling-off';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import type { TransferLeg } from '../ledger/ledger.types';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { CampaignRewards } from '../marketing/campaigns-rewards';
import { RiskService } from '../risk/risk.service';
import type { Channel } from './channel.port';
import { ChannelRefunds } from './channel-refunds';
import type { CardRefundEntity, TopUpOrderEntity } from './payment.entities';
import { PaymentsRepository } from './payments.repository';
import { RefundsRepository } from './refunds.repository';

/** A paid top-up with where its credit sits in the ledger. */
type SequencedOrder = TopUpOrderEntity & { creditSeq: number | null };

/**
 * RefundInCoolingOff (冷静期, docs/compliance.md): each top-up paid less than the product's coolingOffDays ago with
 * nothing redeemed since goes back in full to the channel it came from; its bonus is forfeited. Top-ups earn no
 * points (points come with sales), so there is nothing to claw back. The card stays open with whatever older
 * balance it has. The refund is a card_refunds row (rule COOLING_OFF) whose parts travel like a 退卡's.
 */
@Injectable()
export class CoolingOffRefundsService {
  private readonly logger = new Logger(CoolingOffRefundsService.name);

  constructor(
    private readonly refunds: RefundsRepository,
    private readonly payments: PaymentsRepository,
    private readonly cards: CardsRepository,
    private readonly products: CardProductsRepository,
    private readonly ledgerRepository: LedgerRepository,
    private readonly ledger: LedgerService,
    private readonly accounts: PlatformAccounts,
    private readonly channelRefunds: ChannelRefunds,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly risk: RiskService,
    private readonly rewards: CampaignRewards,
  ) {}

  /** What the cooling-off period would return now; changes nothing. */
  async quote(consumer: ConsumerPrincipal, cardId: string): Promise<CoolingOffQuoteView> {
    const card = await this.activeCard(consumer, cardId);
    const days = (await this.products.findById(card.productId)).coolingOffDays;
    const eligible = await this.eligible(null, card, days);
    return {
      cardId: card.id,
      coolingOffDays: days,
      ...coolingOffTotals(eligible),
      topUps: eligible.map(({ order, refundableUntil }) => ({
        orderId: order.id,
        amountFen: order.amountFen,
        bonusFen: order.bonusFen,
        paidAt: order.paidAt!.toISOString(),
        refundableUntil: refundableUntil.toISOString(),
      })),
      quotedAt: this.clock.now().toISOString(),
    };
  }

  async request(consumer: ConsumerPrincipal, cardId: string, idempotencyKey: string, quotedRefundFen?: number): Promise<BalanceRefundView> {
    const earlier = await this.refunds.findByIdempotencyKey(consumer.consumerId, idempotencyKey);
    if (earlier) {
      if (earlier.cardId !== cardId || earlier.rule !== 'COOLING_OFF') throw new DomainError('IDEMPOTENCY_KEY_REUSED', idempotencyKey);
      return this.channelRefunds.dispatch(earlier.id);
    }
    const card = await this.activeCard(consumer, cardId);
    await this.risk.decide({ kind: 'COOLING_OFF_REFUND', id: idempotencyKey, consumerId: consumer.consumerId, cardId: card.id, merchantId: card.merchantId, productId: card.productId, amountFen: quotedRefundFen ?? 0 });
    const days = (await this.products.findById(card.productId)).coolingOffDays;
    // resolved before the transaction: a first use may open the account on another pool connection
    const hot = { refundClearing: await this.accounts.refundClearing(), bonusPool: await this.accounts.merchantBonusPool(card.merchantId), pointsPool: await this.accounts.merchantPointsPool(card.merchantId) };
    let refund: CardRefundEntity;
    try {
      refund = await this.tx.run((em) => this.refundWithin(em, consumer, card, days, idempotencyKey, quotedRefundFen, hot));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.request(consumer, cardId, idempotencyKey, quotedRefundFen);
    }
    return this.channelRefunds.dispatch(refund.id);
  }

  private async activeCard(consumer: ConsumerPrincipal, cardId: string): Promise<Card> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    if (card.status !== 'ACTIVE') throw new DomainError('CARD_NOT_ACTIVE');
    return card;
  }

  /**
   * The top-ups still in their period with nothing redeemed since. A card that replaced others (补卡, 换新卡) counts
   * the top-ups of its whole line, and a sale on any card of the line counts as redeemed: the replacement moved the
   * money, it did not use it.
   */
  private async eligible(em: EntityManager | null, card: Card, days: number): Promise<Array<CoolingOffEligible<SequencedOrder>>> {
    const line = await this.cards.lineageOf(card, em ?? undefined);
    const cards = await Promise.all(line.map(async (id) => (id === card.id ? card : this.cards.findById(id, em ?? undefined))));
    const orders = await this.payments.refundableOrders(em, line);
    const marks = await this.refunds.cardLedgerMarks(em, cards.flatMap((c) => [c.principalAccountId, c.bonusAccountId]), orders.map((o) => o.id));
    const withSeq = orders.map((order): SequencedOrder => ({ ...order, creditSeq: marks.creditSeqs.get(order.id) ?? null }));
    return coolingOffTopUps(withSeq, days, this.clock.now(), marks.lastSaleSeq);
  }

  private async refundWithin(
    em: EntityManager,
    consumer: ConsumerPrincipal,
    card: Card,
    days: number,
    idempotencyKey: string,
    quotedRefundFen: number | undefined,
    hot: { refundClearing: number; bonusPool: number; pointsPool: number },
  ): Promise<CardRefundEntity> {
    // the card's accounts locked first (MySQL): a sale waits for this refund, or committed before it and is seen
    const balances = await this.ledgerRepository.balances(em, [card.principalAccountId, card.bonusAccountId, card.pointsAccountId], !this.tx.isSqlite);
    const eligible = await this.eligible(em, card, days);
    if (eligible.length === 0) throw new DomainError('NOT_IN_COOLING_OFF');
    const { refundFen, bonusForfeitedFen: bonusGranted } = coolingOffTotals(eligible);
    if (quotedRefundFen !== undefined && quotedRefundFen !== refundFen) throw new DomainError('REFUND_QUOTE_CHANGED');
    // a reversal of an older sale may have moved bonus; never forfeit more than the card holds
    const bonusForfeitedFen = Math.min(bonusGranted, balances.get(card.bonusAccountId) ?? 0);

    const now = this.clock.now();
    const refund = await this.channelRefunds.open(
      em,
      { cardId: card.id, consumerId: consumer.consumerId, idempotencyKey, principalFen: refundFen, bonusForfeitedFen, rule: 'COOLING_OFF', paidFen: refundFen, bonusGrantedFen: bonusGranted, consumedFen: 0, consumedPrincipalFen: 0 },
      now,
    );
    const channels: Channel[] = [];
    for (const { order } of eligible) channels.push(await this.channelRefunds.takeFromOrder(em, refund, order, order.currentAttemptId, order.amountFen, now));
    await this.channelRefunds.announce(em, refund, card, refundFen, channels[0]!);
    const legs: TransferLeg[] = [{ debitAccountId: card.principalAccountId, creditAccountId: hot.refundClearing, amount: refundFen, ledger: LEDGERS.CNY, code: TRANSFER_CODES.REFUND }];
    if (bonusForfeitedFen > 0) legs.push({ debitAccountId: card.bonusAccountId, creditAccountId: hot.bonusPool, amount: bonusForfeitedFen, ledger: LEDGERS.BONUS, code: TRANSFER_CODES.BONUS_FORFEIT });
    // a campaign's rewards of these top-ups go back with them: the bonus above (the order's bonus is what was granted),
    // the points still on the card, the coupons not used
    const clawed = await this.rewards.clawBackWithin(em, eligible.map((e) => e.order.id));
    const pointsTaken = Math.min(clawed.points, balances.get(card.pointsAccountId) ?? 0);
    if (pointsTaken > 0) legs.push({ debitAccountId: card.pointsAccountId, creditAccountId: hot.pointsPool, amount: pointsTaken, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.BONUS_FORFEIT });
    await this.ledger.postInTransaction(em, { operationId: `cooling-off:${refund.id}`, kind: 'COOLING_OFF_REFUND', merchantId: card.merchantId, legs });
    await this.audit.record(em, {
      actorType: 'consumer',
      actorId: consumer.consumerId,
      action: 'card.cooling_off_refund_requested',
      targetType: 'card',
      targetId: card.id,
      detail: { refundId: refund.id, refundFen, bonusForfeitedFen, coolingOffDays: days, orderIds: eligible.map((e) => e.order.id) },
    });
    this.logger.log(`card ${card.id}: cooling-off refund of ${refundFen} fen over ${eligible.length} top-up(s), bonus ${bonusForfeitedFen} forfeited`);
    return refund;
  }
}
