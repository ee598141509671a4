import type { Fen } from '../money';

export const PAYMENT_CHANNELS = ['WECHATPAY', 'ALIPAY', 'UNIONPAY'] as const;
export type PaymentChannelName = (typeof PAYMENT_CHANNELS)[number];

/** Top-up order states (DESIGN §4); a late CLOSED → PAID is allowed, money is never lost. */
export const TOPUP_STATUSES = ['INIT', 'PAYING', 'PAID', 'FAILED', 'CLOSED', 'PARTIALLY_REFUNDED', 'REFUNDED'] as const;
export type TopUpStatus = (typeof TOPUP_STATUSES)[number];

export function isTopUpSettled(status: TopUpStatus): boolean {
  switch (status) {
    case 'PAID':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return true;
    case 'INIT':
    case 'PAYING':
    case 'FAILED':
    case 'CLOSED':
      return false;
  }
}

export interface CreateTopUpRequest {
  cardId: string;
  /** What the consumer pays: a tier's payFen, or a custom amount where the product allows it. */
  amountFen: Fen;
  /** Preferred channel; the platform may fail over to another enabled one and says so in `channel`. */
  channel?: PaymentChannelName;
  /** Client-generated, reused on retry: a retried create returns the same order. */
  idempotencyKey: string;
  /** The card terms' version shown and accepted at this top-up; needed until the consumer accepted the version in force. */
  acceptedTermsVersion?: number;
}

export interface TopUpView {
  orderId: string;
  cardId: string;
  status: TopUpStatus;
  amountFen: Fen;
  bonusFen: Fen;
  channel: PaymentChannelName | null;
  /** For Taro.requestPayment on weapp. */
  miniProgramPayParams: Record<string, string> | null;
  /** The channel's H5 pay sheet. */
  cashierUrl: string | null;
  expiresAt: string;
  paidAt: string | null;
  createdAt: string;
}

export interface RefundBalanceRequest {
  /** Client-generated, reused on retry. */
  idempotencyKey: string;
  /**
   * The refundFen of the quote the consumer confirmed. When given, the refund is refused with REFUND_QUOTE_CHANGED
   * if the card changed since (a sale in between), so nobody is refunded an amount they did not see.
   */
  quotedRefundFen?: Fen;
}

/** Which consumer right decided a refund's amount (docs/compliance.md). */
/** DOUBLE_PAYMENT: a second paid attempt of one order, sent back whole (the card is credited once). */
export type CardRefundRuleName = 'PRO_RATA' | 'COOLING_OFF' | 'DOUBLE_PAYMENT';

/**
 * How a refund of unused balance is worked out (法释〔2025〕4号 Art. 25): value used is counted against principal at
 * paid / (paid + bonus), whatever the order the card was spent in; the rest of the paid principal goes back.
 */
export interface RefundCalculationView {
  rule: CardRefundRuleName;
  /** Principal paid by the card's refundable top-ups. */
  paidFen: Fen;
  /** Bonus given with them. */
  bonusGrantedFen: Fen;
  /** Value used so far (principal and bonus together). */
  consumedFen: Fen;
  /** Of that, what counts against principal: consumed × paid / (paid + bonus), rounded down to the fen. */
  consumedPrincipalFen: Fen;
  /** paid − consumed principal: returned to the original payments. */
  refundFen: Fen;
  /** Bonus still on the card, forfeited. */
  bonusForfeitedFen: Fen;
}

/**
 * GET /me/cards/:cardId/cooling-off-quote: the top-ups the 冷静期 still covers (paid less than coolingOffDays ago,
 * nothing redeemed since), returned in full with their bonus forfeited. Empty `topUps` when none.
 */
export interface CoolingOffQuoteView {
  cardId: string;
  coolingOffDays: number;
  refundFen: Fen;
  bonusForfeitedFen: Fen;
  topUps: Array<{ orderId: string; amountFen: Fen; bonusFen: Fen; paidAt: string; refundableUntil: string }>;
  quotedAt: string;
}

/** GET /me/cards/:cardId/refund-quote: what 退卡 would return now, shown before the consumer confirms. */
export interface RefundQuoteView extends RefundCalculationView {
  cardId: string;
  principalBalanceFen: Fen;
  bonusBalanceFen: Fen;
  quotedAt: string;
}

export interface BalanceRefundView {
  refundId: string;
  cardId: string;
  /** Unused principal returned to the original payment channel(s). */
  principalFen: Fen;
  /** Bonus forfeited with it (merchant-funded gift value is not refundable). */
  bonusForfeitedFen: Fen;
  status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED';
  parts: Array<{ channel: PaymentChannelName; amountFen: Fen; status: 'PROCESSING' | 'SUCCEEDED' | 'FAILED' }>;
  /** The calculation behind principalFen, as the consumer confirmed it (the receipt); null on refunds made before it was kept. */
  calculation: RefundCalculationView | null;
  createdAt: string;
}
