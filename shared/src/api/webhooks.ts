import type { Fen } from '../money';
import type { Page } from './cards';

/**
 * Webhooks to a merchant's own servers, per the Standard Webhooks spec (https://www.standardwebhooks.com/): every
 * delivery carries `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body`, keyed with the endpoint's `whsec_…` secret, so any receiver can verify it with the
 * `standardwebhooks` package.
 */
export const WEBHOOK_EVENT_TYPES = ['card.redeemed', 'card.reversed', 'card.topped_up'] as const;
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

export interface WebhookEventData {
  'card.redeemed': CardRedeemedData;
  'card.reversed': CardReversedData;
  'card.topped_up': CardToppedUpData;
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
