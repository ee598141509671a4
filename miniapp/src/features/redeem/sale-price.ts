import { formatYuan, type Fen, type MemberCodeInspection, type RedemptionView } from '@jucard/shared'
import { discountRateZh } from '../marketing/member-level-labels'
import { discountOf } from './coupons'

/** One sale line by line: 原价, the coupon, the member level's discount, and what the card pays. */
export interface SalePrice {
  listPriceFen: Fen
  /** What the coupon takes off the list price (0 without one). */
  couponDiscountFen: Fen
  /** The level's discount on what the coupon left; null when it takes nothing off. `discountRate` null: not known here. */
  memberDiscount: { levelName: string; discountRate: number | null; discountFen: Fen } | null
  /** What the card pays. */
  payFen: Fen
}

/**
 * A level's discount on `amountFen` (what is left after the coupon): the member pays `discountRate` percent rounded up
 * to the fen, so the discount is rounded down. The BFF's rule, to the fen (bff/src/marketing/member-levels-rules.ts).
 */
export function levelDiscountFen(amountFen: Fen, discountRate: number): Fen {
  return amountFen - Math.ceil((amountFen * discountRate) / 100)
}

/** The till's preview of a sale of `amountFen` (the list price) with the chosen coupon, priced as the BFF will charge it. */
export function salePrice(member: MemberCodeInspection, amountFen: Fen, couponId: string | null): SalePrice {
  const couponDiscountFen = discountOf(member, amountFen, couponId)
  const afterCoupon = amountFen - couponDiscountFen
  const level = member.memberLevel ?? null
  const discountFen = level ? levelDiscountFen(afterCoupon, level.discountRate) : 0
  return {
    listPriceFen: amountFen,
    couponDiscountFen,
    memberDiscount: level && discountFen > 0 ? { levelName: level.name, discountRate: level.discountRate, discountFen } : null,
    payFen: afterCoupon - discountFen
  }
}

/**
 * The list price to send for the card to pay exactly `payFen` at the member's level (余额不足: its whole balance):
 * the largest one its discount brings down to `payFen`. Without a discount, `payFen` itself.
 */
export function listPriceForPay(member: MemberCodeInspection, payFen: Fen): Fen {
  return Math.floor((payFen * 100) / (member.memberLevel?.discountRate ?? 100))
}

/**
 * 余额不足: of a bill of `billFen`, the part the card's whole balance pays for at the member's level (sent as the
 * sale's amount, its list price) and the rest, paid another way at the list price.
 */
export function wholeBalanceSplit(member: MemberCodeInspection, billFen: Fen): { amountFen: Fen; restFen: Fen } {
  const amountFen = Math.min(billFen, listPriceForPay(member, member.balance.totalFen))
  return { amountFen, restFen: billFen - amountFen }
}

/**
 * A sale's lines as its answer says them (实付 = amountFen). The answer names the level but not its rate: the rate
 * the scan showed is used when it is the same level.
 */
export function priceOfRedemption(redemption: RedemptionView, member: MemberCodeInspection): SalePrice {
  const { coupon, memberDiscount } = redemption
  const level = member.memberLevel ?? null
  return {
    listPriceFen: coupon?.listPriceFen ?? redemption.amountFen + (memberDiscount?.discountFen ?? 0),
    couponDiscountFen: coupon?.discountFen ?? 0,
    memberDiscount: memberDiscount
      ? { levelName: memberDiscount.levelName, discountRate: level?.name === memberDiscount.levelName ? level.discountRate : null, discountFen: memberDiscount.discountFen }
      : null,
    payFen: redemption.amountFen
  }
}

/** True when the sale has anything off its list price, so 原价 / 实付 are worth showing. */
export function hasDiscount(price: SalePrice): boolean {
  return price.couponDiscountFen > 0 || price.memberDiscount !== null
}

/**
 * ["原价 ¥120.01", "优惠券 -¥20.00", "会员折扣（金卡 9.5折） -¥5.00", "实付 ¥95.01"]: the coupon and level lines only
 * when they take something off; `paidWith` follows 实付 ("（会员卡）").
 */
export function priceLinesZh(price: SalePrice, paidWith = ''): string[] {
  const { memberDiscount } = price
  return [
    `原价 ${formatYuan(price.listPriceFen)}`,
    ...(price.couponDiscountFen > 0 ? [`优惠券 -${formatYuan(price.couponDiscountFen)}`] : []),
    ...(memberDiscount
      ? [`会员折扣（${memberDiscount.levelName}${memberDiscount.discountRate !== null ? ` ${discountRateZh(memberDiscount.discountRate)}` : ''}） -${formatYuan(memberDiscount.discountFen)}`]
      : []),
    `实付 ${formatYuan(price.payFen)}${paidWith}`
  ]
}
