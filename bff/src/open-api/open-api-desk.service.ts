import { Injectable } from '@nestjs/common';
import type { BalanceRefundView, CouponCheckView, CouponView, RefundQuoteView } from '@jucard/shared';
import { CardsRepository, type Card } from '../cards/cards.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { CouponsAtTill } from '../marketing/coupons-at-till';
import { CouponsService } from '../marketing/coupons.service';
import { BalanceRefundsService } from '../payments/balance-refunds.service';
import type { PosPrincipal } from '../redemption/pos-auth.guard';
import type { CouponCheckQuery, OpenIssueCouponDto, OpenRefundDto } from './open-api.dto';
import { bindOnce, requireIdempotencyKey } from './open-api-keys';
import { OpenApiRequestsRepository } from './open-api-requests.repository';
import { holderOf } from './open-api.service';

/**
 * The service desk of the open API: 退卡 at the counter on the member's request (the payments context's own refund
 * of unused balance: quoted, then frozen on the locked balances and sent back to the original channels) and coupons
 * (the marketing context's issue and the till's pricing). Another merchant's card, refund or coupon reads as unknown.
 */
@Injectable()
export class OpenApiDeskService {
  constructor(
    private readonly cards: CardsRepository,
    private readonly refunds: BalanceRefundsService,
    private readonly coupons: CouponsService,
    private readonly till: CouponsAtTill,
    private readonly requests: OpenApiRequestsRepository,
    private readonly clock: Clock,
  ) {}

  /** What 退卡 would return now, with the pro-rata calculation; changes nothing. */
  async refundQuote(pos: PosPrincipal, cardNo: string): Promise<RefundQuoteView> {
    const card = await this.ownCard(pos, cardNo);
    return this.refunds.quote(holderOf(card), card.id);
  }

  /** 退卡: the card closed, unused principal back to the original payments, bonus forfeited. Once per Idempotency-Key. */
  async refund(pos: PosPrincipal, idempotencyKey: string | undefined, cardNo: string, body: OpenRefundDto): Promise<BalanceRefundView> {
    const key = requireIdempotencyKey(idempotencyKey);
    const card = await this.ownCard(pos, cardNo);
    const refundKey = await bindOnce(this.requests, pos.merchantId, key, 'balance_refund', { cardNo, quotedRefundFen: body.quotedRefundFen ?? null }, this.clock.now());
    // the consumer's own 退卡, asked for at the counter: the audit names the key of the system that sent it
    return this.refunds.request(holderOf(card), card.id, refundKey, body.quotedRefundFen, pos.appKey);
  }

  /** A refund of one of this merchant's cards, its parts asked after at their channels while processing. */
  async refundStatus(pos: PosPrincipal, cardNo: string, refundId: string): Promise<BalanceRefundView> {
    const card = await this.ownCard(pos, cardNo);
    return this.refunds.get(holderOf(card), card.id, refundId);
  }

  /** One coupon of a template of this merchant to one of its members. Once per Idempotency-Key. */
  async issueCoupon(pos: PosPrincipal, idempotencyKey: string | undefined, templateId: string, body: OpenIssueCouponDto): Promise<CouponView> {
    const key = requireIdempotencyKey(idempotencyKey);
    if ((body.cardNo === undefined) === (body.phone === undefined)) {
      const message = { en: 'give exactly one of phone and cardNo', zh: '请填写会员手机号或卡号（二选一）' };
      throw new DomainError('VALIDATION_FAILED', 'phone', { phone: [message.en] }, undefined, { phone: [message.zh] });
    }
    const member = body.cardNo !== undefined ? { cardNo: body.cardNo } : { phone: body.phone };
    const grantKey = await bindOnce(this.requests, pos.merchantId, key, 'coupon_issue', { templateId, ...member }, this.clock.now());
    return this.coupons.issueByKey(pos, templateId, member, grantKey);
  }

  /** Would this coupon take something off this sale with this card, at this store, now: the till's own pricing. */
  async checkCoupon(pos: PosPrincipal, couponId: string, query: CouponCheckQuery): Promise<CouponCheckView> {
    const storeId = query.storeId ?? pos.storeId;
    if (!pos.storeIds.includes(storeId)) throw new DomainError('STORE_NOT_ALLOWED');
    const card = await this.ownCard(pos, query.cardNo);
    return this.till.check({ couponId, cardId: card.id, merchantId: pos.merchantId, storeId, listPriceFen: query.amountFen });
  }

  private async ownCard(pos: PosPrincipal, cardNo: string): Promise<Card> {
    const card = await this.cards.findByCardNo(cardNo);
    if (!card || card.merchantId !== pos.merchantId) throw new DomainError('CARD_NOT_FOUND');
    return card;
  }
}
