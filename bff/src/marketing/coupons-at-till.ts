import { Injectable } from '@nestjs/common';
import { couponDiscountFen, type CouponCheckView, type Fen, type TillCouponOffer } from '@jucard/shared';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { Statement } from '../database/statements';
import { couponStatus, usableAt } from './coupon-rules';
import { CouponUsesRepository, type CouponRedemption } from './coupon-uses.repository';
import { CouponsRepository, type Coupon } from './coupons.repository';

/** A coupon as a sale applies it: what it takes off the list price. */
export interface AppliedCoupon {
  couponId: string;
  templateId: string;
  discountFen: Fen;
}

/** A paying sale's coupon: the sale, its list price and the coupon applied. */
export interface CouponUse {
  redemptionId: string;
  merchantId: string;
  listPriceFen: Fen;
  coupon: AppliedCoupon;
}

/** A coupon presented with a sale: which coupon, with which card, at which store, for what list price. */
export interface PresentedCoupon {
  couponId: string;
  cardId: string;
  merchantId: string;
  storeId: string;
  listPriceFen: Fen;
}

/**
 * The marketing side of a sale (the redemption pipeline calls it): price the coupons presented, use them with a
 * guarded UPDATE in the sale's transaction (single use: the UPDATE is the truth), and give one back on a reversal.
 * A sale without a coupon never calls it, so it runs no statement of it.
 */
@Injectable()
export class CouponsAtTill {
  constructor(
    private readonly coupons: CouponsRepository,
    private readonly uses: CouponUsesRepository,
    private readonly clock: Clock,
  ) {}

  /** Each presented coupon priced (one read for the batch), or why it cannot be used for that sale. */
  async price(presented: PresentedCoupon[]): Promise<Array<AppliedCoupon | DomainError>> {
    const found = await this.coupons.forCards(presented.map(({ couponId, cardId }) => ({ couponId, cardId })));
    const now = this.clock.now();
    return presented.map((p) => {
      const held = found.get(`${p.couponId}|${p.cardId}`);
      const refusal = refusalOf(held, p, now);
      if (refusal) return new DomainError(refusal);
      const discountFen = couponDiscountFen(held!.template, p.listPriceFen);
      return discountFen === null ? new DomainError('COUPON_NOT_USABLE', 'below the coupon’s threshold') : { couponId: p.couponId, templateId: held!.coupon.templateId, discountFen };
    });
  }

  /** One coupon checked as a sale would price it, without using it; another merchant's or card's reads as missing. */
  async check(p: PresentedCoupon): Promise<CouponCheckView> {
    const held = (await this.coupons.forCards([{ couponId: p.couponId, cardId: p.cardId }])).get(`${p.couponId}|${p.cardId}`);
    const now = this.clock.now();
    const refusal = refusalOf(held, p, now);
    if (refusal === 'COUPON_NOT_FOUND' || !held) throw new DomainError('COUPON_NOT_FOUND');
    const priced = refusal ? null : couponDiscountFen(held.template, p.listPriceFen);
    const { template: t, coupon } = held;
    return {
      couponId: coupon.id,
      name: t.name,
      kind: t.kind,
      amountOffFen: t.amountOffFen,
      percentOff: t.percentOff,
      capFen: t.capFen,
      thresholdFen: t.thresholdFen,
      validFrom: coupon.validFrom.toISOString(),
      validUntil: coupon.validUntil.toISOString(),
      status: couponStatus(coupon, now),
      usable: priced !== null,
      reason: priced !== null ? null : (refusal ?? 'COUPON_NOT_USABLE'),
      amountFen: p.listPriceFen,
      discountFen: priced ?? 0,
      payFen: p.listPriceFen - (priced ?? 0),
    };
  }

  /** The writes of the sales' coupons: the guarded use (expects every one to change) and the sales' coupon rows. */
  useStatements(uses: CouponUse[]): { use: Statement; rows: Statement } | null {
    if (uses.length === 0) return null;
    const now = this.clock.now();
    return {
      use: this.uses.useStatement(uses.map((u) => ({ couponId: u.coupon.couponId, redemptionId: u.redemptionId })), now),
      rows: this.uses.redemptionsInsert(uses.map((u) => rowOf(u, now))),
    };
  }

  /** The coupon row of a sale, for its receipt (a replay). */
  async ofSale(redemptionId: string): Promise<CouponRedemption | null> {
    return this.uses.redemptionOf(redemptionId);
  }

  /** A fully reversed sale gives its coupon back while the coupon is still in date; the coupon's id when it did, else null. */
  async restore(em: EntityManager, redemptionId: string): Promise<string | null> {
    const use = await this.uses.redemptionOf(redemptionId, em);
    return use !== null && use.restoredAt === null && (await this.uses.restore(em, use, this.clock.now())) ? use.couponId : null;
  }

  /** The member's coupons usable at this store now, priced for `amountFen` when given, best first. */
  async offers(consumerId: string, merchantId: string, storeId: string, amountFen: Fen | undefined): Promise<TillCouponOffer[]> {
    const now = this.clock.now();
    const held = await this.coupons.couponsOfConsumer(consumerId, merchantId);
    return held
      .filter(({ coupon, template }) => usableAt(coupon, template, storeId, now))
      .map(({ coupon, template }) => ({
        couponId: coupon.id,
        name: template.name,
        kind: template.kind,
        amountOffFen: template.amountOffFen,
        percentOff: template.percentOff,
        capFen: template.capFen,
        thresholdFen: template.thresholdFen,
        validUntil: coupon.validUntil.toISOString(),
        discountFen: amountFen === undefined ? null : couponDiscountFen(template, amountFen),
      }))
      .sort((a, b) => (b.discountFen ?? -1) - (a.discountFen ?? -1) || a.validUntil.localeCompare(b.validUntil));
  }
}

/** Why a held coupon cannot be used for this sale, or null when it can (its threshold aside). */
function refusalOf(
  held: { coupon: Coupon; template: Parameters<typeof usableAt>[1] } | undefined,
  p: PresentedCoupon,
  now: Date,
): 'COUPON_NOT_FOUND' | 'COUPON_USED' | 'COUPON_NOT_USABLE' | null {
  if (!held || held.coupon.merchantId !== p.merchantId) return 'COUPON_NOT_FOUND';
  if (couponStatus(held.coupon, now) === 'USED') return 'COUPON_USED';
  return usableAt(held.coupon, held.template, p.storeId, now) ? null : 'COUPON_NOT_USABLE';
}

function rowOf(u: CouponUse, now: Date): CouponRedemption {
  const paidFen = u.listPriceFen - u.coupon.discountFen;
  return { redemptionId: u.redemptionId, couponId: u.coupon.couponId, merchantId: u.merchantId, listPriceFen: u.listPriceFen, discountFen: u.coupon.discountFen, paidFen, createdAt: now, restoredAt: null };
}
