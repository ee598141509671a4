import { forwardRef, Inject, Injectable, Logger } from '@nestjs/common';
import type { CardGiftOffer, CardGiftPreview, CardGiftStatus, CardGiftView, CardView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal } from '../auth/principal';
import { CardProductsRepository } from '../card-products/card-products.repository';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { accountIdsOf, CardsService } from '../cards/cards.service';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LedgerRepository } from '../ledger/ledger.repository';
import { RealNameService } from '../real-name/real-name.service';
import { RiskService } from '../risk/risk.service';
import { GiftTokens } from './gift-tokens';
import { GiftingRepository, type CardGift } from './gifting.repository';

/** A share link is good for 24 hours. */
export const GIFT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * 转赠 of a whole card (docs/compliance.md). The claim is the guarded UPDATE of the gift from PENDING: of two claims
 * at once one wins. In the same transaction the giver's card closes (its member codes are refused from then on) and
 * a new card of the recipient receives its principal, bonus and points by ledger transfers (operation
 * `card-gift:<gift id>`). A balance gift between cards is not offered: no product carries that permission yet.
 */
@Injectable()
export class GiftingService {
  private readonly logger = new Logger(GiftingService.name);
  private readonly tokens: GiftTokens;

  constructor(
    private readonly gifts: GiftingRepository,
    private readonly cards: CardsRepository,
    private readonly cardViews: CardsService,
    private readonly products: CardProductsRepository,
    private readonly ledgerRepository: LedgerRepository,
    private readonly realName: RealNameService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(forwardRef(() => RiskService)) private readonly risk: RiskService,
    config: AppConfig,
  ) {
    this.tokens = new GiftTokens(config.JWT_SECRET);
  }

  async offer(giver: ConsumerPrincipal, cardId: string): Promise<CardGiftOffer> {
    const card = await this.cardViews.ownCard(giver, cardId);
    if (card.status !== 'ACTIVE') throw new DomainError('GIFT_NOT_ALLOWED', `card is ${card.status}`);
    const now = this.clock.now();
    const id = this.ids.uuid();
    const token = this.tokens.issue(id, this.ids.token(18));
    const gift: CardGift = {
      id,
      cardId: card.id,
      merchantId: card.merchantId,
      giverConsumerId: giver.consumerId,
      tokenHash: GiftTokens.hash(token),
      status: 'PENDING',
      expiresAt: new Date(now.getTime() + GIFT_TTL_MS),
      createdAt: now,
      recipientConsumerId: null,
      receivedCardId: null,
      claimedAt: null,
      cancelledAt: null,
    };
    try {
      await this.tx.run(async (em) => {
        await this.gifts.releaseExpired(em, card.id, now);
        await this.gifts.insert(em, gift);
        await this.audit.record(em, { actorType: 'consumer', actorId: giver.consumerId, action: 'card.gift_offered', targetType: 'card', targetId: card.id, detail: { giftId: id, expiresAt: gift.expiresAt.toISOString() } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('GIFT_ALREADY_PENDING');
      throw error;
    }
    return { gift: this.view(gift, now), token, sharePath: `/pages/gift-claim/index?token=${encodeURIComponent(token)}` };
  }

  /** The card's open gift, for the card page's 取消; null when none is pending. */
  async pendingOf(giver: ConsumerPrincipal, cardId: string): Promise<CardGiftView | null> {
    const card = await this.cardViews.ownCard(giver, cardId);
    const gift = await this.gifts.findOpenOfCard(card.id);
    const now = this.clock.now();
    return gift && statusAt(gift, now) === 'PENDING' ? this.view(gift, now) : null;
  }

  async cancel(giver: ConsumerPrincipal, giftId: string): Promise<CardGiftView> {
    const gift = await this.gifts.findOfGiver(giver.consumerId, giftId);
    if (!gift) throw new DomainError('NOT_FOUND');
    const now = this.clock.now();
    await this.tx.run(async (em) => {
      if (!(await this.gifts.cancelIfPending(em, gift.id, giver.consumerId, now))) throw new DomainError('GIFT_NOT_PENDING');
      await this.audit.record(em, { actorType: 'consumer', actorId: giver.consumerId, action: 'card.gift_cancelled', targetType: 'card', targetId: gift.cardId, detail: { giftId: gift.id } });
    });
    return this.view(await this.gifts.findById(gift.id), now);
  }

  /** What the recipient sees before claiming (signed in: the link alone shows nothing). */
  async preview(token: string): Promise<CardGiftPreview> {
    const gift = await this.giftOf(token);
    const card = await this.cards.findById(gift.cardId);
    const view = await this.cardViews.viewOf(card);
    return {
      status: statusAt(gift, this.clock.now()),
      productName: view.productName,
      merchantName: view.merchantName,
      kind: view.kind,
      coverStyle: view.coverStyle,
      balance: view.balance,
      expiresAt: gift.expiresAt.toISOString(),
      realNameRequired: view.kind === 'NAMED',
    };
  }

  async claim(recipient: ConsumerPrincipal, token: string): Promise<CardView> {
    const gift = await this.giftOf(token);
    this.refuseUnlessPending(gift, this.clock.now());
    if (gift.giverConsumerId === recipient.consumerId) throw new DomainError('GIFT_OWN_CARD');
    const given = await this.cards.findById(gift.cardId);
    const product = await this.products.findById(given.productId);
    if (product.kind === 'NAMED' && !(await this.realName.status(recipient)).verified) throw new DomainError('REAL_NAME_REQUIRED');
    if (await this.cards.findClaimed(recipient.consumerId, given.productId)) throw new DomainError('GIFT_RECIPIENT_HAS_CARD');
    const before = await this.ledgerRepository.balances(null, [given.principalAccountId, given.bonusAccountId]);
    await this.risk.decide({
      kind: 'GIFT',
      id: `card-gift:${gift.id}`,
      consumerId: recipient.consumerId,
      cardId: given.id,
      merchantId: given.merchantId,
      productId: given.productId,
      amountFen: (before.get(given.principalAccountId) ?? 0) + (before.get(given.bonusAccountId) ?? 0),
    });
    let received: Card;
    try {
      received = await this.tx.run(async (em) => {
        const now = this.clock.now();
        // the giver's accounts stay locked (MySQL) so a sale already past its checks cannot spend what moves
        const balances = await this.ledgerRepository.balances(em, accountIdsOf(given), !this.tx.isSqlite);
        const card = await this.cardViews.openCard(em, { consumerId: recipient.consumerId, product, expiresAt: given.expiresAt, generation: 0, replacesCardId: null });
        if (!(await this.gifts.claimIfPending(em, gift.id, recipient.consumerId, card.id, now))) throw new DomainError('GIFT_NOT_PENDING');
        if (!(await this.cards.closeIfActive(em, given.id))) throw new DomainError('GIFT_NOT_ALLOWED', 'the given card is no longer active');
        const { principalFen, bonusFen, points } = await this.cardViews.moveBalances(em, given, card, balances, `card-gift:${gift.id}`, 'CARD_GIFT');
        const detail = { giftId: gift.id, fromCardId: given.id, toCardId: card.id, principalFen, bonusFen, points };
        await this.audit.record(em, { actorType: 'consumer', actorId: recipient.consumerId, action: 'card.gift_given', targetType: 'card', targetId: given.id, detail });
        await this.audit.record(em, { actorType: 'consumer', actorId: recipient.consumerId, action: 'card.gift_received', targetType: 'card', targetId: card.id, detail });
        return card;
      });
    } catch (error) {
      // the other of two claims at once won (its guard, or the recipient's card key): say why this one lost
      if (!isUniqueViolation(error) && !(error instanceof DomainError && error.code === 'GIFT_NOT_PENDING')) throw error;
      this.refuseUnlessPending(await this.gifts.findById(gift.id), this.clock.now());
      throw error;
    }
    this.logger.log(`gift ${gift.id}: card ${given.id} → card ${received.id} of consumer ${recipient.consumerId}`);
    return this.cardViews.viewOf(received);
  }

  private async giftOf(token: string): Promise<CardGift> {
    const giftId = this.tokens.verify(token);
    const gift = giftId ? await this.gifts.findByTokenHash(GiftTokens.hash(token)) : null;
    if (!gift || gift.id !== giftId) throw new DomainError('GIFT_TOKEN_INVALID');
    return gift;
  }

  private refuseUnlessPending(gift: CardGift, now: Date): void {
    const status = statusAt(gift, now);
    switch (status) {
      case 'PENDING':
        return;
      case 'CLAIMED':
        throw new DomainError('GIFT_ALREADY_CLAIMED');
      case 'CANCELLED':
        throw new DomainError('GIFT_CANCELLED');
      case 'EXPIRED':
        throw new DomainError('GIFT_EXPIRED');
    }
  }

  private view(gift: CardGift, now: Date): CardGiftView {
    return {
      id: gift.id,
      cardId: gift.cardId,
      status: statusAt(gift, now),
      expiresAt: gift.expiresAt.toISOString(),
      createdAt: gift.createdAt.toISOString(),
      claimedAt: gift.claimedAt ? gift.claimedAt.toISOString() : null,
    };
  }
}

/** A pending gift past its expiry reads as EXPIRED (nothing has to run to expire it). */
export function statusAt(gift: CardGift, now: Date): CardGiftStatus {
  return gift.status === 'PENDING' && gift.expiresAt <= now ? 'EXPIRED' : gift.status;
}
