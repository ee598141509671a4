import { Injectable, Logger } from '@nestjs/common';
import { canMerchantOperate, type PointsExchangeView, type PointsExpiringView, type PointsItemView, type PointsMallView } from '@jucard/shared';
import { AuditService } from '../audit/audit.service';
import type { ConsumerPrincipal, StaffPrincipal } from '../auth/principal';
import { CardProductsRepository } from '../card-products/card-products.repository';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/ids';
import { isUniqueViolation, TransactionRunner } from '../database/transaction-runner';
import { LEDGERS, TRANSFER_CODES } from '../ledger/ledger.constants';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { PlatformAccounts } from '../ledger/platform-accounts';
import { MerchantsRepository } from '../merchants/merchants.repository';
import { MerchantsService } from '../merchants/merchants.service';
import { CouponGrants } from './coupon-grants';
import { issueRefusal } from './coupon-rules';
import { couponView, termsOf } from './coupon-views';
import { CouponsRepository, type CouponTemplate } from './coupons.repository';
import type { PointsExchangeDto, PointsItemDto } from './points-mall.dto';
import { nextCutoff, pointsOlderThan } from './points-expiry-rules';
import { PointsMallRepository, type PointsExchange, type PointsItem } from './points-mall.repository';

/**
 * 积分商城 (docs/marketing.md, "Points mall"): a merchant puts coupons of its templates on offer for points; a member
 * spends one card's points for one. An exchange is ONE transaction: the item's stock (guarded UPDATE), the coupon's
 * grant (its template's quantity and per-consumer limit, CouponGrants), one POINTS posting `points-exchange:<id>` from
 * the card to the merchant's points pool (the card's account cannot go below zero: not enough points refuses the whole
 * exchange), the exchange row under the consumer's idempotency key, and its audit entry. A refusal anywhere takes
 * every write back; a retry with the same key answers the first exchange.
 */
@Injectable()
export class PointsMallService {
  private readonly logger = new Logger(PointsMallService.name);

  constructor(
    private readonly items: PointsMallRepository,
    private readonly coupons: CouponsRepository,
    private readonly grants: CouponGrants,
    private readonly merchants: MerchantsService,
    private readonly merchantRecords: MerchantsRepository,
    private readonly cards: CardsRepository,
    private readonly products: CardProductsRepository,
    private readonly ledger: LedgerService,
    private readonly ledgerRepository: LedgerRepository,
    private readonly accounts: PlatformAccounts,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async createItem(staff: StaffPrincipal, input: PointsItemDto): Promise<PointsItemView> {
    await this.merchants.requireOperating(staff);
    const template = await this.coupons.template(input.couponTemplateId, staff.merchantId);
    if (!template) throw new DomainError('COUPON_TEMPLATE_NOT_FOUND');
    const now = this.clock.now();
    const refusal = issueRefusal(template, now);
    if (refusal) throw new DomainError(refusal);
    const item: PointsItem = {
      id: this.ids.uuid(),
      merchantId: staff.merchantId,
      couponTemplateId: template.id,
      pointsPrice: input.pointsPrice,
      stock: input.stock,
      exchangedCount: 0,
      status: 'ACTIVE',
      createdBy: staff.staffId,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async (em) => {
      await this.items.insertItem(em, item);
      await this.audit.record(em, {
        actorType: 'staff',
        actorId: staff.staffId,
        action: 'points_item.created',
        targetType: 'points_item',
        targetId: item.id,
        detail: { couponTemplateId: template.id, pointsPrice: item.pointsPrice, stock: item.stock },
      });
    });
    return itemView(item, template);
  }

  async listItems(staff: StaffPrincipal): Promise<PointsItemView[]> {
    return this.views(await this.items.itemsOf(staff.merchantId));
  }

  /** Takes the item off the mall: no more exchanges; coupons already exchanged stay usable. */
  async stopItem(staff: StaffPrincipal, itemId: string): Promise<PointsItemView> {
    await this.merchants.requireOperating(staff);
    const item = await this.items.item(itemId, staff.merchantId);
    if (!item) throw new DomainError('POINTS_ITEM_NOT_FOUND');
    await this.tx.run(async (em) => {
      if (!(await this.items.stopItem(em, staff.merchantId, item.id, this.clock.now()))) throw new DomainError('POINTS_ITEM_STOPPED');
      await this.audit.record(em, { actorType: 'staff', actorId: staff.staffId, action: 'points_item.stopped', targetType: 'points_item', targetId: item.id });
    });
    const [view] = await this.views([(await this.items.item(item.id, staff.merchantId))!]);
    return view!;
  }

  /** The card's points and what its merchant's mall offers now. */
  async mall(consumer: ConsumerPrincipal, cardId: string): Promise<PointsMallView> {
    const card = await this.ownCard(consumer, cardId);
    const now = this.clock.now();
    const [merchant, points, items, templates, product] = await Promise.all([
      this.merchantRecords.merchantById(card.merchantId),
      this.pointsOf(card),
      this.items.itemsOf(card.merchantId, true),
      this.templatesOf(card.merchantId),
      this.products.findById(card.productId),
    ]);
    // an item whose template can no longer issue (stopped, ended) is not on offer either
    const offered = items.filter((item) => {
      const template = templates.get(item.couponTemplateId);
      return template !== undefined && issueRefusal(template, now) === null;
    });
    return {
      cardId: card.id,
      merchantName: merchant?.displayName ?? '',
      points,
      expiring: await this.expiringOf(card, points, product.pointsValidYears, now),
      items: offered.map((item) => itemView(item, templates.get(item.couponTemplateId)!)),
    };
  }

  async exchange(consumer: ConsumerPrincipal, cardId: string, input: PointsExchangeDto): Promise<PointsExchangeView> {
    const earlier = await this.items.exchangeByKey(consumer.consumerId, input.idempotencyKey);
    if (earlier) return this.repeatOf(earlier, cardId, input);
    const card = await this.ownCard(consumer, cardId);
    if (card.status !== 'ACTIVE') throw new DomainError('CARD_NOT_ACTIVE');
    const merchant = await this.merchantRecords.merchantById(card.merchantId);
    if (!merchant || !canMerchantOperate(merchant.status)) throw new DomainError(merchant?.status === 'FROZEN' ? 'MERCHANT_FROZEN' : 'MERCHANT_NOT_APPROVED');
    // another merchant's item reads as unknown
    const item = await this.items.item(input.itemId, card.merchantId);
    if (!item) throw new DomainError('POINTS_ITEM_NOT_FOUND');
    if (item.status !== 'ACTIVE') throw new DomainError('POINTS_ITEM_STOPPED');
    const template = (await this.coupons.template(item.couponTemplateId, card.merchantId))!;
    // resolved before the transaction: a first use may open the account on another pool connection
    const pointsPool = await this.accounts.merchantPointsPool(card.merchantId);
    const exchangeId = this.ids.uuid();
    let exchange: PointsExchange;
    try {
      exchange = await this.tx.run(async (em) => {
        const now = this.clock.now();
        if (!(await this.items.takeOne(em, item.id, now))) {
          const current = await this.items.item(item.id, card.merchantId, em);
          throw new DomainError(current?.status === 'ACTIVE' ? 'POINTS_ITEM_SOLD_OUT' : 'POINTS_ITEM_STOPPED');
        }
        const refusal = issueRefusal(template, now);
        if (refusal) throw new DomainError(refusal);
        const coupon = await this.grants.grantWithin(
          em,
          { template, consumerId: consumer.consumerId, grantKey: `points:${exchangeId}`, source: 'EXCHANGED', issuedBy: null, cardNo: card.cardNo },
          now,
        );
        await this.ledger
          .postInTransaction(em, {
            operationId: `points-exchange:${exchangeId}`,
            kind: 'POINTS_EXCHANGE',
            merchantId: card.merchantId,
            legs: [{ debitAccountId: card.pointsAccountId, creditAccountId: pointsPool, amount: item.pointsPrice, ledger: LEDGERS.POINTS, code: TRANSFER_CODES.POINTS_EXCHANGE }],
          })
          .catch((error: unknown) => {
            throw error instanceof DomainError && error.code === 'INSUFFICIENT_BALANCE' ? new DomainError('POINTS_INSUFFICIENT') : error;
          });
        const row: PointsExchange = {
          id: exchangeId,
          itemId: item.id,
          merchantId: card.merchantId,
          consumerId: consumer.consumerId,
          cardId: card.id,
          points: item.pointsPrice,
          couponId: coupon.id,
          idempotencyKey: input.idempotencyKey,
          createdAt: now,
        };
        await this.items.insertExchange(em, row);
        await this.audit.record(em, {
          actorType: 'consumer',
          actorId: consumer.consumerId,
          action: 'points.exchanged',
          targetType: 'card',
          targetId: card.id,
          detail: { exchangeId, itemId: item.id, points: item.pointsPrice, couponId: coupon.id },
        });
        return row;
      });
    } catch (error) {
      // the same key committed a moment earlier (two taps at once): answer that exchange
      if (!isUniqueViolation(error)) throw error;
      const first = await this.items.exchangeByKey(consumer.consumerId, input.idempotencyKey);
      if (!first) throw error;
      return this.repeatOf(first, cardId, input);
    }
    this.logger.log(`card ${card.id}: ${exchange.points} points exchanged for coupon ${exchange.couponId} (item ${item.id})`);
    return this.exchangeView(exchange, card, merchant.displayName);
  }

  private async repeatOf(earlier: PointsExchange, cardId: string, input: PointsExchangeDto): Promise<PointsExchangeView> {
    if (earlier.cardId !== cardId || earlier.itemId !== input.itemId) throw new DomainError('IDEMPOTENCY_KEY_REUSED', input.idempotencyKey);
    const card = await this.cards.findById(earlier.cardId);
    const merchant = await this.merchantRecords.merchantById(card.merchantId);
    return this.exchangeView(earlier, card, merchant?.displayName ?? '');
  }

  private async exchangeView(exchange: PointsExchange, card: Card, merchantName: string): Promise<PointsExchangeView> {
    const held = (await this.coupons.couponOfConsumer(exchange.consumerId, exchange.couponId))!;
    return {
      exchangeId: exchange.id,
      itemId: exchange.itemId,
      cardId: exchange.cardId,
      points: exchange.points,
      pointsLeft: await this.pointsOf(card),
      coupon: couponView(held.coupon, held.template, merchantName, this.clock.now()),
      createdAt: exchange.createdAt.toISOString(),
    };
  }

  private async ownCard(consumer: ConsumerPrincipal, cardId: string): Promise<Card> {
    const card = await this.cards.findOwned(consumer.consumerId, cardId);
    if (!card) throw new DomainError('CARD_NOT_FOUND');
    return card;
  }

  /** What of the card's points goes at the next cutoff (the end of this year), the earliest first. */
  private async expiringOf(card: Card, points: number, validYears: number, now: Date): Promise<PointsExpiringView | null> {
    const cutoff = nextCutoff(now, validYears);
    if (!cutoff || points <= 0) return null;
    const expiring = pointsOlderThan(points, await this.ledgerRepository.creditedSince(null, card.pointsAccountId, cutoff.creditedBefore));
    return expiring > 0 ? { points: expiring, lastDay: cutoff.lastDay } : null;
  }

  private async pointsOf(card: Card): Promise<number> {
    return (await this.ledgerRepository.balances(null, [card.pointsAccountId])).get(card.pointsAccountId) ?? 0;
  }

  private async views(items: PointsItem[]): Promise<PointsItemView[]> {
    if (items.length === 0) return [];
    const templates = await this.templatesOf(items[0]!.merchantId);
    return items.map((item) => itemView(item, templates.get(item.couponTemplateId)!));
  }

  private async templatesOf(merchantId: string): Promise<Map<string, CouponTemplate>> {
    return new Map((await this.coupons.templatesOf(merchantId)).map((t) => [t.id, t]));
  }
}

function itemView(item: PointsItem, template: CouponTemplate): PointsItemView {
  return {
    id: item.id,
    merchantId: item.merchantId,
    couponTemplateId: item.couponTemplateId,
    pointsPrice: item.pointsPrice,
    stock: item.stock,
    exchangedCount: item.exchangedCount,
    remaining: Math.max(0, item.stock - item.exchangedCount),
    status: item.status,
    createdAt: item.createdAt.toISOString(),
    coupon: {
      name: template.name,
      description: template.description,
      ...termsOf(template),
      validFrom: template.validFrom?.toISOString() ?? null,
      validUntil: template.validUntil?.toISOString() ?? null,
      validDays: template.validDays,
      storeIds: template.storeIds,
    },
  };
}
