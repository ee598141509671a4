import { couponTermsLabel, formatYuan, shanghaiDate, type CouponStatus, type CouponView } from '@jucard/shared'

export const COUPON_STATUS_ZH: Record<CouponStatus, string> = { AVAILABLE: '可使用', USED: '已使用', EXPIRED: '已过期' }

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
