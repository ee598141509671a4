// Marketing: coupon templates (what a merchant offers) and coupons (one held by one consumer).
// A coupon is not money: a sale that uses one records list price, discount and paid, and the card pays the rest.

import type { Fen } from '../money/fen';
import { fenToYuan } from '../money/yuan';

/** 满减 (fixed amount off above a threshold) and 折扣 (percentage off, with an optional cap). 兑换券 comes later. */
export const COUPON_KINDS = ['AMOUNT_OFF', 'PERCENT_OFF'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

export const COUPON_TEMPLATE_STATUSES = ['ACTIVE', 'STOPPED'] as const;
export type CouponTemplateStatus = (typeof COUPON_TEMPLATE_STATUSES)[number];

/** A held coupon as its holder sees it: AVAILABLE until used or past its validity. */
export const COUPON_STATUSES = ['AVAILABLE', 'USED', 'EXPIRED'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

/** How a coupon reached its holder: issued by the merchant (or a campaign), claimed from a link, exchanged for points. */
export const COUPON_SOURCES = ['ISSUED', 'CLAIMED', 'EXCHANGED'] as const;
export type CouponSource = (typeof COUPON_SOURCES)[number];

/** What a coupon takes off a sale: the terms a template fixes and every coupon of it carries. */
export interface CouponTerms {
  kind: CouponKind;
  /** 满减: the amount off, in fen. */
  amountOffFen: number | null;
  /** 折扣: percent off (20 = 20% off, 八折). */
  percentOff: number | null;
  /** 折扣: the most it takes off, in fen; null = no cap. */
  capFen: number | null;
  /** The smallest sale it applies to, in fen (0 = 无门槛). */
  thresholdFen: number;
}

/** POST /merchant/coupon-templates. Validity is either fixed dates or a number of days from issue. */
export interface CouponTemplateInput extends CouponTerms {
  name: string;
  description?: string;
  /** ISO instants; with validDays null both are required. */
  validFrom?: string | null;
  validUntil?: string | null;
  /** Valid for N days from the moment it is issued (validFrom/validUntil then null). */
  validDays?: number | null;
  /** Stores where it can be used; empty = every store of the merchant. */
  storeIds: string[];
  /** How many one consumer may hold of this template (issued and claimed together). */
  perConsumerLimit: number;
  /** How many can ever be issued. */
  totalQuantity: number;
}

export interface CouponTemplateView extends CouponTerms {
  id: string;
  merchantId: string;
  name: string;
  description: string;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
  storeIds: string[];
  perConsumerLimit: number;
  totalQuantity: number;
  issuedCount: number;
  status: CouponTemplateStatus;
  /** The signed token of its claim link (`/pages/coupon-claim/index?t=…`). */
  claimToken: string;
  createdAt: string;
}

/** POST /merchant/coupon-templates/:id/issues: to one member, found by phone or by card number (exactly one). */
export interface IssueCouponRequest {
  phone?: string;
  cardNo?: string;
  /** The back office's request number: a repeat returns the first coupon. */
  requestNo: string;
}

/** A coupon as its holder (and the back office) sees it. */
export interface CouponView extends CouponTerms {
  id: string;
  templateId: string;
  merchantId: string;
  merchantName: string;
  name: string;
  description: string;
  storeIds: string[];
  validFrom: string;
  validUntil: string;
  status: CouponStatus;
  source: CouponSource;
  issuedAt: string;
  usedAt: string | null;
}

/** GET /coupon-claims/:token: what a claim link offers, before the consumer claims it. */
export interface CouponClaimPreview extends CouponTerms {
  templateId: string;
  merchantName: string;
  name: string;
  description: string;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
  remaining: number;
  status: CouponTemplateStatus;
}

/** A coupon the till may apply for this member at this store; `discountFen` for the amount asked, if one was given. */
export interface TillCouponOffer extends CouponTerms {
  couponId: string;
  name: string;
  validUntil: string;
  /** What it takes off the amount given with the inspection; null without an amount or below the threshold. */
  discountFen: number | null;
}

/**
 * A coupon checked for one sale before it is taken (open API): can this member's card use it at this store now, and
 * what would it take off `amountFen`. `reason` says why not (COUPON_USED, COUPON_NOT_USABLE); nothing is used.
 */
export interface CouponCheckView extends CouponTerms {
  couponId: string;
  name: string;
  validFrom: string;
  validUntil: string;
  status: CouponStatus;
  usable: boolean;
  reason: 'COUPON_USED' | 'COUPON_NOT_USABLE' | null;
  amountFen: number;
  /** What the coupon takes off amountFen; 0 when it is not usable. */
  discountFen: number;
  /** What the card would pay: amountFen − discountFen. */
  payFen: number;
}

/** The coupon of one sale, on its receipt: 原价 / 优惠券 / 实付 (what the card paid). */
export interface SaleCouponView {
  couponId: string;
  listPriceFen: number;
  discountFen: number;
  /** The list price less the coupon; the card paid that less a member level's discount, if any (RedemptionView.amountFen). */
  paidFen: number;
}

// ---- 积分商城: a merchant's points mall

export const POINTS_ITEM_STATUSES = ['ACTIVE', 'STOPPED'] as const;
export type PointsItemStatus = (typeof POINTS_ITEM_STATUSES)[number];

/** POST /merchant/points-items: one coupon of a template of this merchant for `pointsPrice` points, `stock` in all. */
export interface PointsItemInput {
  couponTemplateId: string;
  pointsPrice: number;
  stock: number;
}

/** A points mall item, as the back office and the consumer see it; `coupon` is its template's terms and validity. */
export interface PointsItemView {
  id: string;
  merchantId: string;
  couponTemplateId: string;
  pointsPrice: number;
  stock: number;
  exchangedCount: number;
  /** stock − exchangedCount (the template's own quantity may run out first: the exchange then says so). */
  remaining: number;
  status: PointsItemStatus;
  createdAt: string;
  coupon: CouponTerms & { name: string; description: string; validFrom: string | null; validUntil: string | null; validDays: number | null; storeIds: string[] };
}

/** GET /me/cards/:cardId/points-mall: the card's points and the items of its merchant on offer now (ACTIVE, in stock). */
export interface PointsMallView {
  cardId: string;
  merchantName: string;
  points: number;
  /** The card's points that expire next, at the end of `lastDay` ("2026-12-31"); null when none do (or the product keeps points for good). */
  expiring: PointsExpiringView | null;
  items: PointsItemView[];
}

/** Points past their validity go at the end of the year after they were earned, by default (docs/marketing.md, "Points expiry"). */
export interface PointsExpiringView {
  points: number;
  lastDay: string;
}

/** POST /me/cards/:cardId/points-exchanges: a repeat of the same key answers the first exchange. */
export interface PointsExchangeRequest {
  itemId: string;
  idempotencyKey: string;
}

/** One exchange: the points taken from the card (one POINTS posting) and the coupon it got. */
export interface PointsExchangeView {
  exchangeId: string;
  itemId: string;
  cardId: string;
  points: number;
  /** The card's points now (in the exchange's own answer: just after it; a repeat reads them again). */
  pointsLeft: number;
  coupon: CouponView;
  createdAt: string;
}

/**
 * What the coupon takes off a sale of `amountFen`, or null when it does not apply (below its threshold, or it would
 * leave nothing for the card to pay). Whole fen, rounded down in the consumer's favour never beyond the cap.
 */
export function couponDiscountFen(terms: CouponTerms, amountFen: number): number | null {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || amountFen < terms.thresholdFen) return null;
  let discount: number;
  switch (terms.kind) {
    case 'AMOUNT_OFF':
      discount = terms.amountOffFen ?? 0;
      break;
    case 'PERCENT_OFF':
      discount = Math.floor((amountFen * (terms.percentOff ?? 0)) / 100);
      if (terms.capFen !== null) discount = Math.min(discount, terms.capFen);
      break;
  }
  // the card pays at least one fen: a sale of nothing is not a sale
  return discount > 0 && discount < amountFen ? discount : null;
}

/** 满100减10 · 8折 最高减20 · 无门槛减5: the terms in a shopper's words. */
export function couponTermsLabel(terms: CouponTerms): string {
  // whole yuan without decimals (满100减10), else the shared formatter's two places: integer fen throughout
  const yuan = (fen: number) => fenToYuan(fen).replace(/\.00$/, '');
  const threshold = terms.thresholdFen > 0 ? `满${yuan(terms.thresholdFen)}` : '无门槛';
  switch (terms.kind) {
    case 'AMOUNT_OFF':
      return `${threshold}减${yuan(terms.amountOffFen ?? 0)}`;
    case 'PERCENT_OFF': {
      const rate = (100 - (terms.percentOff ?? 0)) / 10;
      const cap = terms.capFen !== null ? ` 最高减${yuan(terms.capFen)}` : '';
      return `${terms.thresholdFen > 0 ? threshold : ''}${rate}折${cap}`;
    }
  }
}

// ---- 会员等级: a merchant's member levels by cumulative top-up

/** One step of the ladder: reached when the member's cumulative top-up at the merchant is at least `thresholdFen`. */
export interface MemberLevelInput {
  /** 银卡 / 金卡 / 钻石卡: 1–16 characters, unique in the ladder. */
  name: string;
  thresholdFen: Fen;
  /** Points earned at the till in percent of the product's rate: 100 = ×1, 150 = ×1.5 (100–500, never lower than a lower step's). */
  pointsMultiplierPct: number;
  /**
   * The percent of the price its members pay at the till: 95 = 9.5折, 100 = no discount (50–100, never higher than a
   * lower step's). Taken after any coupon; the discount is rounded down to the fen. Left out: 100.
   */
  discountRate?: number;
}

export interface MemberLevelView extends MemberLevelInput {
  discountRate: number;
  id: string;
  /** 1 = the lowest step. */
  rank: number;
}

/** GET /merchant/member-levels; PUT replaces the whole ladder with `{ levels }` (empty: no levels). */
export interface MemberLadderView {
  levels: MemberLevelView[];
}

export interface MemberLadderRequest {
  levels: MemberLevelInput[];
}

/** GET /me/cards/:cardId/membership: the holder's level at the card's merchant and how far the next one is. */
export interface MembershipView {
  cardId: string;
  merchantName: string;
  /** Paid top-ups at the merchant (every card of the holder there) less what was refunded. */
  toppedUpFen: Fen;
  level: MemberLevelView | null;
  next: { level: MemberLevelView; missingFen: Fen } | null;
}
