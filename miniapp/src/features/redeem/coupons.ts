import { couponDiscountFen, type Fen, type MemberCodeInspection, type TillCouponOffer } from '@jucard/shared'

/** A coupon of the member that applies to this amount, with what it takes off. */
export interface PricedCoupon {
  coupon: TillCouponOffer
  discountFen: Fen
}

/** The member's coupons that apply to `amountFen`, best first (priced here as the BFF prices them, couponDiscountFen). */
export function couponsFor(member: MemberCodeInspection, amountFen: Fen): PricedCoupon[] {
  return (member.coupons ?? [])
    .flatMap((coupon) => {
      const discountFen = couponDiscountFen(coupon, amountFen)
      return discountFen === null ? [] : [{ coupon, discountFen }]
    })
    .sort((a, b) => b.discountFen - a.discountFen || a.coupon.validUntil.localeCompare(b.coupon.validUntil))
}

/** The coupon the till proposes for this amount: the best one, or none. */
export function proposedCoupon(member: MemberCodeInspection, amountFen: Fen): string | null {
  return couponsFor(member, amountFen)[0]?.coupon.couponId ?? null
}

/** What the chosen coupon takes off `amountFen` (0 without one). */
export function discountOf(member: MemberCodeInspection, amountFen: Fen, couponId: string | null): Fen {
  return couponsFor(member, amountFen).find((p) => p.coupon.couponId === couponId)?.discountFen ?? 0
}
