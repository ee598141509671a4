import type { Fen } from '../money';
import type { CardKind } from '../status';
import type { Page } from './cards';
import type { CouponSource, CouponTerms } from './marketing';
import type { CardRefundRuleName, PaymentChannelName } from './payments';
import type { BusinessDate } from './settlement';

/**
 * Webhooks to a merchant's own servers, per the Standard Webhooks spec (https://www.standardwebhooks.com/): every
 * delivery carries `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body`, keyed with the endpoint's `whsec_…` secret, so any receiver can verify it with the
 * `standardwebhooks` package.
 */
export const WEBHOOK_EVENT_TYPES = [
  'card.claimed',
  'card.topped_up',
  'card.redeemed',
  'card.reversed',
  'card.refunded',
  'coupon.issued',
  'coupon.used',
  'statement.settled',
  'payout.paid',
  'payout.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The body of every delivery (the spec's recommended envelope). */
export interface WebhookPayload<T extends WebhookEventType = WebhookEventType> {
  type: T;
  /** When the change happened (ISO 8601). */
  timestamp: string;
  data: WebhookEventData[T];
}

export interface CardRedeemedData {
  redemptionId: string;
  merchantOrderNo: string;
  cardId: string;
  cardNo: string;
  storeId: string;
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  points: number;
  balanceAfter: { principalFen: Fen; bonusFen: Fen; points: number };
  operator: { type: 'staff' | 'pos'; id: string };
  redeemedAt: string;
}

export interface CardReversedData {
  reversalId: string;
  reversalNo: string;
  redemptionId: string;
  cardId: string;
  amountFen: Fen;
  principalFen: Fen;
  bonusFen: Fen;
  points: number;
  /** What of the redemption can still be reversed after this one. */
  remainingFen: Fen;
  /** The coupon this reversal gave back to its holder (a full reversal of a sale that used one, still in date); else null. */
  restoredCouponId: string | null;
  reversedAt: string;
}

export interface CardToppedUpData {
  orderId: string;
  cardId: string;
  channel: string;
  amountFen: Fen;
  bonusFen: Fen;
  paidAt: string;
}

/** A consumer claimed a card of one of the merchant's products (the card exists, with nothing on it yet). */
export interface CardClaimedData {
  cardId: string;
  cardNo: string;
  productId: string;
  productName: string;
  kind: CardKind;
  /** When an anonymous card's balance stops being usable; null when it never does. */
  expiresAt: string | null;
  claimedAt: string;
}

/**
 * Balance went back to the consumer's payment: 退卡 (PRO_RATA, the unused principal), a 冷静期 refund (COOLING_OFF,
 * recent top-ups in full) or a second payment of one order sent back (DOUBLE_PAYMENT). Sent when the refund is
 * accepted and taken off the card; the money then travels back through `channel`.
 */
export interface CardRefundedData {
  refundId: string;
  cardId: string;
  cardNo: string;
  kind: CardRefundRuleName;
  /** Principal taken off the card. */
  principalFen: Fen;
  /** Bonus forfeited with it (never refunded). */
  bonusForfeitedFen: Fen;
  /** What goes back to the consumer's payment. */
  refundedFen: Fen;
  /** The channel it goes back through (the first, when the card was paid through several). */
  channel: PaymentChannelName;
  requestedAt: string;
}

/** A coupon reached a member: issued by the back office or the open API, or claimed from a template's link. */
export interface CouponIssuedData extends CouponTerms {
  couponId: string;
  templateId: string;
  name: string;
  source: CouponSource;
  /** The member's card of this merchant it was issued against (the one named, else their first); null when they hold none. */
  cardNo: string | null;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
}

/** A sale used a coupon (sent with that sale's card.redeemed): the list price, what the coupon took off, what the card paid. */
export interface CouponUsedData {
  couponId: string;
  templateId: string;
  redemptionId: string;
  merchantOrderNo: string;
  cardId: string;
  cardNo: string;
  storeId: string;
  listPriceFen: Fen;
  discountFen: Fen;
  paidFen: Fen;
  usedAt: string;
}

/** A business day was settled for the merchant: its statement (what it will be paid, before the payout). */
export interface StatementSettledData {
  statementId: number;
  businessDate: BusinessDate;
  /** The principal part of the day's sales, less that of its reversals = net. */
  redeemedPrincipalFen: Fen;
  reversedPrincipalFen: Fen;
  netFen: Fen;
  feeRateBps: number;
  feeFen: Fen;
  /** net − fee: what the payout sends. */
  payoutFen: Fen;
  redemptionCount: number;
  reversalCount: number;
  settledAt: string;
}

/** The statement's payout reached the merchant's settlement account. */
export interface PayoutPaidData {
  statementId: number;
  businessDate: BusinessDate;
  payoutFen: Fen;
  /** The bank's reference ('NO_PAYOUT' when there was nothing to pay). */
  bankReference: string;
  paidAt: string;
}

/**
 * The statement's payout failed: refused by the bank, no settlement account, or blocked by risk control. `code`
 * says which (the bank's code, NO_SETTLEMENT_ACCOUNT, RISK_BLOCKED); an operator can retry once it is fixed, and a
 * retry that fails again sends this event again (with the next `attempt`).
 */
export interface PayoutFailedData {
  statementId: number;
  businessDate: BusinessDate;
  payoutFen: Fen;
  code: string;
  reason: string;
  /** The statement's payout attempts so far, this one included (a retry goes on counting). */
  attempt: number;
  failedAt: string;
}

export interface WebhookEventData {
  'card.claimed': CardClaimedData;
  'card.topped_up': CardToppedUpData;
  'card.redeemed': CardRedeemedData;
  'card.reversed': CardReversedData;
  'card.refunded': CardRefundedData;
  'coupon.issued': CouponIssuedData;
  'coupon.used': CouponUsedData;
  'statement.settled': StatementSettledData;
  'payout.paid': PayoutPaidData;
  'payout.failed': PayoutFailedData;
}

export type WebhookEndpointStatus = 'ACTIVE' | 'DISABLED';

export interface CreateWebhookEndpointRequest {
  /** https:// (http:// allowed outside production); private and loopback addresses are refused in production. */
  url: string;
  description?: string;
  /** Only these events; absent or empty = every event. */
  eventTypes?: WebhookEventType[];
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  /** Empty = every event. */
  eventTypes: WebhookEventType[];
  status: WebhookEndpointStatus;
  /** Why it was disabled (by the owner, or after failing for 5 days). */
  disabledReason: string | null;
  /** Since when every delivery has failed; null while it answers. */
  failingSince: string | null;
  createdAt: string;
}

/** The answer to a create: the signing secret, shown this once. */
export interface WebhookEndpointCreated extends WebhookEndpointView {
  secret: string;
}

export type WebhookDispatchStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

/** One HTTP attempt of one message to one endpoint, as logged. */
export interface WebhookDeliveryView {
  id: string;
  messageId: string;
  eventType: WebhookEventType;
  attempt: number;
  succeeded: boolean;
  /** The request as sent: URL and the Standard Webhooks headers (the body is the message's payload). */
  request: { url: string; headers: Record<string, string> };
  /** null when no answer came (timeout, refused connection): then `error` says why. */
  responseStatus: number | null;
  /** The first 1,000 characters of the answer. */
  responseBody: string | null;
  error: string | null;
  durationMs: number;
  startedAt: string;
}

export type WebhookDeliveryPage = Page<WebhookDeliveryView>;

/** Send one message again, or every message since a time that this endpoint has not acknowledged. */
export type WebhookReplayRequest = { messageId: string; since?: never } | { since: string; messageId?: never };

export interface WebhookReplayResult {
  /** Messages queued for delivery again. */
  queued: number;
}
