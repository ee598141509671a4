import { Injectable, Logger } from '@nestjs/common';
import type { CardReplacementView, CardView } from '@jucard/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardProductsRepository } from '../card-products/card-products.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LedgerRepository } from '../ledger/ledger.repository';
import { isExpired, renewedExpiry } from './card-expiry';
import { CardExpiryRepository } from './card-expiry.repository';
import { CardsRepository, type Card } from './cards.repository';
import { accountIdsOf, CardsService } from './cards.service';

/**
 * An expired card with a balance is never forfeited (docs/compliance.md §7): its holder asks for a new validity
 * period (reactivation) or a new card with every balance (replacement). Until then sales and top-ups refuse it
 * (CARD_EXPIRED) and the balance stays where it is.
 */
@Injectable()
export class CardExpiryService {
  private readonly logger = new Logger(CardExpiryService.name);

  constructor(
    private readonly cards: CardsRepository,
    private readonly cardViews: CardsService,
    private readonly expiries: CardExpiryRepository,
    private readonly products: CardProductsRepository,
    private readonly ledgerRepository: LedgerRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A new validity period from today (the product's, at least the rule's minimum); the card and its balance stay. */
  async reactivate(consumer: ConsumerPrincipal, cardId: string): Promise<CardView> {
    const card = await this.expiredCard(consumer, cardId);
    const product = await this.products.findById(card.productId);
    const now = this.clock.now();
    const expiresAt = renewedExpiry(now, product.validityMonths, this.cardViews.expiryRules);
    const renewed = await this.tx.run(async (em) => {
      if (!(await this.expiries.renewIfExpired(em, card.id, now, expiresAt))) return false;
      await this.audit.record(em, {
        actorType: 'consumer',
        actorId: consumer.consumerId,
        action: 'card.reactivated',
        targetType: 'card',
        targetId: card.id,
        detail: { expiredAt: card.expiresAt!.toISOString(), expiresAt: expiresAt.toISOString() },
      });
      return true;
    });
    const after = await this.cards.findById(card.id);
    // two requests at once: the other renewed it, which is what this one asked for
    if (!renewed && (after.status !== 'ACTIVE' || isExpired(after.expiresAt, now))) throw new DomainError('CARD_NOT_ACTIVE');
    if (renewed) this.logger.log(`card ${card.id} reactivated until ${expiresAt.toISOString()}`);
    return this.cardViews.viewOf(after);
  }

  /**
   * A new card number with a new validity period receives principal, bonus and points in ONE transaction
   * (operation `card-expiry-replacement:<card>`), and the expired card closes for good. Once per card: asked again
   * (or twice at once) it answers the first replacement.
   */
  async replace(consumer: ConsumerPrincipal, cardId: string): Promise<CardReplacementView> {
    const old = await this.cardViews.ownCard(consumer, cardId);
    const done = await this.replacementOf(old);
    if (done) return done;
    const expired = await this.expiredCard(consumer, cardId);
    const product = await this.products.findById(expired.productId);
    const now = this.clock.now();
    const operationId = operationIdOf(expired);
    try {
      const { card, moved } = await this.tx.run(async (em) => {
        // locked (MySQL) like 补卡's read; nothing else moves money on an expired card, but a refund may be running
        const balances = await this.ledgerRepository.balances(em, accountIdsOf(expired), !this.tx.isSqlite);
        if (!(await this.expiries.closeIfExpired(em, expired.id, now))) throw new DomainError('CARD_NOT_EXPIRED');
        const card = await this.cardViews.openCard(em, {
          consumerId: expired.consumerId,
          product,
          expiresAt: renewedExpiry(now, product.validityMonths, this.cardViews.expiryRules),
          generation: (expired.generation ?? 0) + 1,
          replacesCardId: expired.id,
        });
        const moved = await this.cardViews.moveBalances(em, expired, card, balances, operationId);
        await this.audit.record(em, {
          actorType: 'consumer',
          actorId: consumer.consumerId,
          action: 'card.expiry_replaced',
          targetType: 'card',
          targetId: expired.id,
          detail: { replacementCardId: card.id, cardNo: card.cardNo, principalFen: moved.principalFen, bonusFen: moved.bonusFen, points: moved.points },
        });
        return { card, moved };
      });
      this.logger.log(`expired card ${expired.id} replaced by ${card.id}: ${moved.principalFen} fen, ${moved.bonusFen} bonus, ${moved.points} points moved`);
      return { replacedCardId: expired.id, card: await this.cardViews.viewOf(card), moved };
    } catch (error) {
      // the other of two replacements at once won (its unique keys or its guard): answer that one
      if (!isUniqueViolation(error) && !(error instanceof DomainError && error.code === 'CARD_NOT_EXPIRED')) throw error;
      const first = await this.replacementOf(await this.cards.findById(expired.id));
      if (first) return first;
      throw error;
    }
  }

  private async replacementOf(old: Card): Promise<CardReplacementView | null> {
    if (old.status !== 'CLOSED') return null;
    const card = await this.cards.findReplacementOf(old.id);
    if (!card) return null;
    const transfers = await this.ledgerRepository.findTransfersByOperation(this.dataSource.manager, operationIdOf(old));
    const amountTo = (accountId: number) => transfers.filter((t) => t.creditAccountId === accountId).reduce((sum, t) => sum + t.amount, 0);
    const principalFen = amountTo(card.principalAccountId);
    const bonusFen = amountTo(card.bonusAccountId);
    return { replacedCardId: old.id, card: await this.cardViews.viewOf(card), moved: { principalFen, bonusFen, totalFen: principalFen + bonusFen, points: amountTo(card.pointsAccountId) } };
  }

  /** The holder's own active card, expired now; a card still valid is CARD_NOT_EXPIRED, a frozen or closed one CARD_NOT_ACTIVE. */
  private async expiredCard(consumer: ConsumerPrincipal, cardId: string): Promise<Card> {
    const card = await this.cardViews.ownCard(consumer, cardId);
    if (card.status !== 'ACTIVE') throw new DomainError('CARD_NOT_ACTIVE');
    if (!isExpired(card.expiresAt, this.clock.now())) throw new DomainError('CARD_NOT_EXPIRED');
    return card;
  }
}

function operationIdOf(card: Card): string {
  return `card-expiry-replacement:${card.id}`;
}
