import { couponTermsLabel, formatYuan, shanghaiDate, type CouponSource, type CouponStatus, type CouponView, type PointsItemView } from '@jucard/shared'

export const COUPON_STATUS_ZH: Record<CouponStatus, string> = { AVAILABLE: '可使用', USED: '已使用', EXPIRED: '已过期' }

/** How the shopper got the coupon (a campaign's reward is issued by the merchant too). */
export const COUPON_SOURCE_ZH: Record<CouponSource, string> = { ISSUED: '商家发放', CLAIMED: '领券链接领取', EXCHANGED: '积分兑换' }

/** The big figure on a coupon: ¥10 off, or 9折. */
export function couponFigure(coupon: Pick<CouponView, 'kind' | 'amountOffFen' | 'percentOff'>): string {
  switch (coupon.kind) {
    case 'AMOUNT_OFF':
      return formatYuan(coupon.amountOffFen ?? 0)
    case 'PERCENT_OFF':
      return `${(100 - (coupon.percentOff ?? 0)) / 10}折`
  }
}

/** 满100减10 · 有效期至 2026-12-31 */
export function couponSubtitle(coupon: CouponView): string {
  return `${couponTermsLabel(coupon)} · 有效期至 ${shanghaiDate(new Date(coupon.validUntil))}`
}

/** The validity of the coupon an exchange gives: 兑换后 30 天内有效, or 2026-12-01 至 2026-12-31. */
export function exchangedCouponValidity(coupon: Pick<PointsItemView['coupon'], 'validDays' | 'validFrom' | 'validUntil'>): string {
  if (coupon.validDays !== null) return `兑换后 ${coupon.validDays} 天内有效`
  const day = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : '')
  return `有效期 ${day(coupon.validFrom)} 至 ${day(coupon.validUntil)}`
}
