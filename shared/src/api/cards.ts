import type { Fen } from '../money';
import type { CardKind, CardStatus, DeductionRule, ProductStatus } from '../status';
import type { ProductTermsView } from './contracts';

export interface TopUpTier {
  /** What the consumer pays. */
  payFen: Fen;
  /** Bonus credited with it ("充500送50": payFen 50000, bonusFen 5000). */
  bonusFen: Fen;
}

export interface CardProductInput {
  name: string;
  /** A cover style key the app knows how to draw (colour theme). */
  coverStyle: string;
  /** Uploaded images (POST /merchant/files, purposes CARD_LOGO / CARD_COVER) drawn on the card; null = none. */
  logoFileId?: string | null;
  coverFileId?: string | null;
  kind: CardKind;
  tiers: TopUpTier[];
  /** Whether the consumer may also top up an amount of their own choosing. */
  allowCustomAmount: boolean;
  minTopUpFen: Fen;
  /** Defaults: ¥5,000 named, ¥1,000 anonymous. */
  maxBalanceFen?: Fen;
  /** Months an anonymous card stays valid (≥ 36); null for named cards, whose principal never expires. */
  validityMonths?: number | null;
  /** Stores that accept the card; empty means every store of the merchant. */
  storeIds: string[];
  deductionRule: DeductionRule;
  /** Points per yuan redeemed. */
  pointsPerYuan: number;
  /** 冷静期: days after a top-up during which, if nothing was redeemed, it is refunded in full; 0 = none (default 7). */
  coolingOffDays?: number;
  /** Points earned in year Y expire at the end of year Y + this (Shanghai time), the earliest first; 0 = never (default 1). */
  pointsValidYears?: number;
  description: string;
  /**
   * 预付卡章程 / 充值协议 (docs/compliance.md §8): shown at claim and top-up; an edit that changes it makes a new version.
   * Left out: the current terms stay. Clauses void under 法释〔2025〕4号 are refused (422 TERMS_VOID_CLAUSE).
   */
  terms?: string;
}

export interface CardProductView extends Required<Omit<CardProductInput, 'validityMonths' | 'coolingOffDays' | 'pointsValidYears' | 'terms'>> {
  /** Always sent by the BFF; optional for clients built before it was. */
  coolingOffDays?: number;
  /** Always sent by the BFF; optional for clients built before it was. */
  pointsValidYears?: number;
  /** The terms now in force; null when the product has none (absent from clients built before it was). */
  contract?: ProductTermsView | null;
  id: string;
  merchantId: string;
  merchantName: string;
  validityMonths: number | null;
  status: ProductStatus;
  /** Token carried by the claim link / QR. */
  claimToken: string;
  /** Paths of the card-face images (publicFileUrl), null when the product has none. */
  logoUrl: string | null;
  coverUrl: string | null;
  createdAt: string;
}

export interface ClaimCardRequest {
  claimToken: string;
}

export interface CardBalance {
  principalFen: Fen;
  bonusFen: Fen;
  totalFen: Fen;
  points: number;
}

export interface CardView {
  id: string;
  cardNo: string;
  status: CardStatus;
  merchantId: string;
  merchantName: string;
  productId: string;
  productName: string;
  coverStyle: string;
  /** The product's card-face images (paths on the API's origin), null when it has none. */
  logoUrl: string | null;
  coverUrl: string | null;
  kind: CardKind;
  balance: CardBalance;
  maxBalanceFen: Fen;
  /** ISO date after which an anonymous card's balance can no longer be used; null when it never expires. */
  expiresAt: string | null;
  createdAt: string;
  /** The merchant's service phone (its KYC contact), shown when the card is frozen; null before KYC. */
  servicePhone: string | null;
  /** The platform's customer-service phone (PLATFORM_SERVICE_PHONE): the fallback when servicePhone is null. */
  platformServicePhone: string;
  /** The product's terms, shown before any top-up: tiers, custom amounts, how redemptions are taken, rules. */
  terms: CardTerms;
  /** 补卡: the lost card this one replaced (its balances moved here); absent or null on a card claimed anew. */
  replacesCardId?: string | null;
  /** Where the card stands against its expiry (docs/compliance.md §7); null when it never expires (a named card). */
  expiry?: CardExpiryView | null;
  /** The merchant's announced closing (docs/compliance.md §10), shown to every holder; null while it trades on. */
  merchantClosing?: MerchantClosingNotice | null;
}

/**
 * A merchant's closing, as its card holders see it: the day it stops taking the card and why. From the notice on it
 * takes no top-ups and issues no cards; until the day it honours them; from the day on every balance is refunded
 * without being asked (the holder may ask for 退卡 earlier).
 */
export interface MerchantClosingNotice {
  closingDate: string;
  reason: string;
  announcedAt: string;
}

/** The owner's notice of closing (≥ 30 days ahead by default: CLOSING_NOTICE_DAYS). */
export interface AnnounceClosingRequest {
  closingDate: string;
  reason: string;
}

/**
 * Expiry of an anonymous card (docs/compliance.md §7). EXPIRING from the reminder window (30 days by default) on;
 * EXPIRED: sales and top-ups are refused, the balance stays on the card, and the holder asks for
 * POST /me/cards/:cardId/reactivation → CardView (a new validity period) or
 * POST /me/cards/:cardId/expiry-replacement → CardReplacementView (a new card number with every balance).
 */
export interface CardExpiryView {
  state: 'VALID' | 'EXPIRING' | 'EXPIRED';
  expiresAt: string;
  /** Whole days left, rounded up; 0 once expired. */
  daysLeft: number;
  /** When the reminder for this validity period was stored for the card page; null before it. */
  reminderAt: string | null;
}

/**
 * 挂失 / 解挂 / 补卡 of a named card (docs/compliance.md §5):
 * POST /me/cards/:cardId/loss → CardView (LOST; the till refuses it with CARD_REPORTED_LOST);
 * POST /me/cards/:cardId/unlock-code → CardUnlockCodeSent (an SMS code to the account's phone);
 * POST /me/cards/:cardId/unlock (CardUnlockRequest) → CardView (ACTIVE again);
 * POST /me/cards/:cardId/replacement → CardReplacementView (a new card number with every balance; the old card CLOSED).
 * The replacement of one card happens once: asking again answers the same replacement.
 */
export interface CardUnlockCodeSent {
  /** The phone the code went to, masked (138****0000). */
  phoneMasked: string;
  resendAfterSeconds: number;
}

/**
 * 挂失 by merchant staff for a holder on the phone (any role): POST /merchant/card-losses/code { phone } →
 * CardUnlockCodeSent (an SMS code to that phone), then POST /merchant/card-losses { phone, code } → StaffCardLossView:
 * every usable named card of that holder at this merchant reported LOST. No card here: CARD_NOT_FOUND.
 */
export interface StaffCardLossView {
  phoneMasked: string;
  cards: Array<{ cardNoMasked: string; productName: string; status: CardStatus }>;
}

export interface CardUnlockRequest {
  code: string;
}

export interface CardReplacementView {
  replacedCardId: string;
  card: CardView;
  moved: CardBalance;
}

export interface CardTerms {
  tiers: TopUpTier[];
  allowCustomAmount: boolean;
  minTopUpFen: Fen;
  deductionRule: DeductionRule;
  pointsPerYuan: number;
  /** Stores that accept the card; empty = every store of the merchant. */
  storeIds: string[];
  description: string;
  /** Payment channels the merchant accepts for top-ups. */
  paymentChannels: Array<'WECHATPAY' | 'ALIPAY' | 'UNIONPAY'>;
}

export type MovementKind =
  | 'TOPUP'
  | 'BONUS'
  | 'REDEMPTION'
  | 'REVERSAL'
  | 'REFUND'
  | 'POINTS'
  /** Points past their validity, taken back (docs/marketing.md, "Points expiry"). */
  | 'POINTS_EXPIRY'
  | 'ADJUSTMENT';

export interface CardMovement {
  id: string;
  kind: MovementKind;
  /** Signed: positive credits the card, negative debits it. */
  amount: number;
  ledger: 'CNY' | 'BONUS' | 'POINTS';
  occurredAt: string;
  correlationId: string;
}

/**
 * One business event on a card (a top-up with its bonus, a sale with its points, a reversal, a refund): what the
 * consumer did, not the ledger's legs. Signed amounts: positive credits the card.
 */
export interface CardEvent {
  /** The ledger operation behind the event; opens its receipt. */
  id: string;
  kind: MovementKind;
  occurredAt: string;
  /** Principal + bonus. */
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  points: number;
  /** The card's balance right after the event. */
  balanceAfter: CardBalance;
  storeName: string | null;
  /** The merchant's order number of a sale (of the sale taken back, for a reversal); the order id of a top-up. */
  orderNo: string | null;
}

/** The receipt of one event: the line plus who took the money, where, how it was paid. */
export interface CardReceipt extends CardEvent {
  merchantName: string;
  cardNoMasked: string;
  /** The cashier's display name, "收银机" for a POS, null when no one at a counter was involved. */
  cashierName: string | null;
  /** The channel a top-up was paid with. */
  channel: 'WECHATPAY' | 'ALIPAY' | 'UNIONPAY' | null;
  /** A coupon used on the sale; none exist yet. */
  coupon: { name: string; discountFen: Fen } | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  nextCursor: string | null;
}
