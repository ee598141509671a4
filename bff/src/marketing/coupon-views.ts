import type { CouponTerms, CouponView } from '@jucard/shared';
import { couponStatus } from './coupon-rules';
import type { Coupon, CouponTemplate } from './coupons.repository';

/** A template's terms, as every coupon view carries them. */
export function termsOf(t: CouponTemplate): CouponTerms {
  return { kind: t.kind, amountOffFen: t.amountOffFen, percentOff: t.percentOff, capFen: t.capFen, thresholdFen: t.thresholdFen };
}

/** A coupon as its holder, the back office and the open API see it. */
export function couponView(c: Coupon, t: CouponTemplate, merchantName: string, now: Date): CouponView {
  return {
    id: c.id,
    templateId: t.id,
    merchantId: c.merchantId,
    merchantName,
    name: t.name,
    description: t.description,
    ...termsOf(t),
    storeIds: t.storeIds,
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil.toISOString(),
    status: couponStatus(c, now),
    source: c.source,
    issuedAt: c.issuedAt.toISOString(),
    usedAt: c.usedAt?.toISOString() ?? null,
  };
}
