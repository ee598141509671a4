import { createHash, createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes, the form Standard Webhooks libraries read. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

/** The headers of one delivery per the Standard Webhooks spec (`webhook-signature: v1,<base64 HMAC-SHA256>`). */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs `id.timestamp.body` with the secret's key bytes (what follows `whsec_`, base64-decoded), as the spec says:
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): WebhookHeaders {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}

/**
 * The message id of an event, derived from the change it reports (`card.redeemed:<redemption id>`): the outbox's
 * unique key then refuses a second event for one change, and a receiver deduplicating on `webhook-id` sees the
 * same id on every retry and replay.
 */
export function messageIdOf(eventKey: string): string {
  return `msg_${createHash('sha256').update(eventKey).digest('hex').slice(0, 32)}`;
}
