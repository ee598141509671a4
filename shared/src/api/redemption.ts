import type { Fen } from '../money';
import type { CardBalance } from './cards';
import type { SaleCouponView, TillCouponOffer } from './marketing';

export interface MemberCodeView {
  codeId: string;
  /** 18 digits, for the barcode and for typing. */
  numericCode: string;
  /** The QR payload. */
  qrPayload: string;
  expiresAt: string;
  /** How long the code is valid, from issue. */
  ttlSeconds: number;
  /** When the page should fetch a fresh code. */
  refreshAfterSeconds: number;
  serverTime: string;
}

export type MemberCodeState = 'ACTIVE' | 'USED' | 'EXPIRED';

export interface MemberCodeStatus {
  codeId: string;
  state: MemberCodeState;
  /** Present once the code was redeemed. */
  redemption: { redemptionId: string; amountFen: Fen; storeName: string; balance: CardBalance; redeemedAt: string } | null;
}

/** Asks, right after a scan, whose code this is; reads only: the code stays usable for the sale. */
export interface InspectMemberCodeRequest {
  code: string;
  storeId: string;
  /** The amount typed so far: the coupons are then offered with their discount, best first. */
  amountFen?: Fen;
}

/** What the till shows once a scanned code checks out: the member and what the card can pay here. */
export interface MemberCodeInspection {
  codeId: string;
  cardNoMasked: string;
  productName: string;
  /** Masked for the counter: `张*`, `138****0000`; null when the member never gave one. */
  holder: { nameMasked: string | null; phoneMasked: string | null };
  balance: CardBalance;
  /** The code's own expiry: the sale must be confirmed before it (plus a short grace). */
  expiresAt: string;
  /** The member's coupons usable at this store now, best first for the amount given (couponDiscountFen prices them). */
  coupons?: TillCouponOffer[];
  /** The holder's member level at this merchant (会员等级), or null: the till prices its discount after the coupon. */
  memberLevel?: { name: string; discountRate: number } | null;
}

export interface RedeemRequest {
  /** The scanned or typed member code (either rendering). */
  code: string;
  amountFen: Fen;
  storeId: string;
  /** The merchant's own order number: the idempotency key of this redemption. */
  merchantOrderNo: string;
  /** A coupon of the card's holder: `amountFen` is then the list price and the card pays the rest. */
  couponId?: string;
}

export interface RedemptionView {
  redemptionId: string;
  merchantOrderNo: string;
  storeId: string;
  storeName: string;
  cardNoMasked: string;
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  pointsEarned: number;
  refundedFen: Fen;
  /** The card's balance right after this redemption. */
  balanceAfter: CardBalance;
  createdAt: string;
  /** True when this answer replays an earlier request with the same merchant order number. */
  replayed: boolean;
  /** The coupon applied: list price, discount, and what was left to pay. Absent on a sale without one. */
  coupon?: SaleCouponView;
  /** The member level's discount (会员等级), taken after the coupon; amountFen is what the card paid. Absent without one. */
  memberDiscount?: SaleMemberDiscountView;
}

export interface SaleMemberDiscountView {
  levelName: string;
  discountFen: Fen;
}

export interface ReverseRequest {
  amountFen: Fen;
  /** Idempotency key of this reversal. */
  reversalNo: string;
  reason?: string;
}

export interface ReversalView {
  reversalId: string;
  redemptionId: string;
  reversalNo: string;
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  pointsReversed: number;
  remainingFen: Fen;
  createdAt: string;
  replayed: boolean;
}

export interface RedemptionList {
  items: RedemptionView[];
  totals: { count: number; amountFen: Fen; refundedFen: Fen; netFen: Fen };
  nextCursor: string | null;
}

export interface PosAppCreated {
  appKey: string;
  /** Shown once; the POS signs requests with it. */
  appSecret: string;
  storeId: string;
  name: string;
}

/** One cashier's part of a shift: sales taken and what was reversed of them since. */
export interface ShiftCashierLine {
  operatorId: string;
  /** The staff member's name, or the POS app's for sales a POS took. */
  name: string;
  count: number;
  amountFen: Fen;
  refundedFen: Fen;
  netFen: Fen;
}

/** 交班: the sales at one store since the shift began, by cashier. A cashier sees only their own line. */
export interface ShiftSummary {
  storeId: string;
  startedAt: string;
  /** Set on a handover's answer: when this shift ended (and the next began). */
  endedAt: string | null;
  cashiers: ShiftCashierLine[];
  totals: { count: number; amountFen: Fen; refundedFen: Fen; netFen: Fen };
}
