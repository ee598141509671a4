// A typed client of the JuCard open API v1 (docs/open-api.md): openapi-fetch over the types generated from the
// BFF's OpenAPI document (schema.d.ts), every request signed with the POS scheme. It shares no code with the BFF,
// so each side checks the other's reading of the scheme.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths } from './schema';
export type Schemas = components['schemas'];

export interface OpenApiClientOptions {
  /** The BFF's origin, e.g. https://api.jucard.example (no trailing /open/v1). */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** Another fetch (a proxy agent, a test double); the global one by default. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds since the epoch; the request's timestamp (refused beyond 300 s from the BFF's clock). */
  now?: () => number;
}

/** The error envelope every refusal carries; `code` is stable, `messageZh` can be shown to a cashier. */
export interface ErrorEnvelope {
  statusCode: number;
  code: string;
  message: string;
  messageZh: string;
  errors?: Record<string, string[]>;
  requestId: string;
}

export class OpenApiError extends Error {
  constructor(
    readonly status: number,
    readonly envelope: ErrorEnvelope,
  ) {
    super(`${status} ${envelope.code}: ${envelope.message} (requestId ${envelope.requestId})`);
    this.name = 'OpenApiError';
  }

  get code(): string {
    return this.envelope.code;
  }
}

/** base64 HMAC-SHA256(secret, METHOD \n path?query \n timestamp \n nonce \n sha256hex(body)). */
export function signature(secret: string, method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHmac('sha256', secret).update([method, pathWithQuery, timestamp, nonce, bodyHash].join('\n')).digest('base64');
}

/** Signs the request exactly as it leaves: its final URL (query serialised) and its body text. */
function signing(options: OpenApiClientOptions): Middleware {
  return {
    async onRequest({ request }) {
      const body = request.body === null ? '' : await request.clone().text();
      const url = new URL(request.url);
      const timestamp = String(Math.floor((options.now?.() ?? Date.now()) / 1000));
      const nonce = randomBytes(16).toString('base64url');
      request.headers.set('X-JuCard-App-Key', options.appKey);
      request.headers.set('X-JuCard-Timestamp', timestamp);
      request.headers.set('X-JuCard-Nonce', nonce);
      request.headers.set('X-JuCard-Signature', signature(options.appSecret, request.method, url.pathname + url.search, timestamp, nonce, body));
      return request;
    },
  };
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

function unwrap<T>({ data, error, response }: Answer<T>): T {
  if (response.ok && data !== undefined) return data;
  throw new OpenApiError(response.status, error as ErrorEnvelope);
}

type Body<P extends keyof paths, M extends 'post'> = paths[P][M] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

/**
 * The open API v1. Writes send the merchant's own idempotency key (merchantOrderNo, reversalNo, or the one given for
 * a top-up order) also as Idempotency-Key: after a timeout, call again with the same key — never a new one.
 */
export class JuCardOpenApi {
  /** The typed openapi-fetch client underneath, signed too, for what the methods below do not cover. */
  readonly raw: Client<paths>;

  constructor(options: OpenApiClientOptions) {
    this.raw = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), fetch: options.fetch });
    this.raw.use(signing(options));
  }

  /** The member holding a card, or with a phone, and their cards at this merchant. */
  async member(by: { cardNo: string } | { phone: string }): Promise<Schemas['OpenMemberSchema']> {
    return unwrap(await this.raw.GET('/open/v1/members', { params: { query: by } }));
  }

  async card(cardNo: string): Promise<Schemas['OpenCardSchema']> {
    return unwrap(await this.raw.GET('/open/v1/cards/{cardNo}', { params: { path: { cardNo } } }));
  }

  async events(cardNo: string, page: { limit?: number; cursor?: string } = {}): Promise<Schemas['CardEventPageSchema']> {
    return unwrap(await this.raw.GET('/open/v1/cards/{cardNo}/events', { params: { path: { cardNo }, query: page } }));
  }

  async redeem(body: Body<'/open/v1/redemptions', 'post'>): Promise<Schemas['RedemptionSchema']> {
    return unwrap(await this.raw.POST('/open/v1/redemptions', { body, headers: { 'Idempotency-Key': body.merchantOrderNo } }));
  }

  async reverse(redemptionId: string, body: Body<'/open/v1/redemptions/{redemptionId}/reversals', 'post'>): Promise<Schemas['ReversalSchema']> {
    return unwrap(
      await this.raw.POST('/open/v1/redemptions/{redemptionId}/reversals', {
        params: { path: { redemptionId } },
        body,
        headers: { 'Idempotency-Key': body.reversalNo },
      }),
    );
  }

  /** A top-up the member pays at the counter; the same idempotencyKey and body answer the same order again. */
  async createTopUpOrder(body: Body<'/open/v1/topup-orders', 'post'>, idempotencyKey: string): Promise<Schemas['TopUpSchema']> {
    return unwrap(await this.raw.POST('/open/v1/topup-orders', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body }));
  }

  /** An order of one of this merchant's cards: PAYING until the channel confirms, then PAID. */
  async topUpOrder(orderId: string): Promise<Schemas['TopUpSchema']> {
    return unwrap(await this.raw.GET('/open/v1/topup-orders/{orderId}', { params: { path: { orderId } } }));
  }

  /** What 退卡 would return now, with the pro-rata calculation; changes nothing. */
  async refundQuote(cardNo: string): Promise<Schemas['RefundQuoteSchema']> {
    return unwrap(await this.raw.GET('/open/v1/cards/{cardNo}/refund-quote', { params: { path: { cardNo } } }));
  }

  /** 退卡 on the member's request, confirming the quote's refundFen; the same idempotencyKey and body answer the same refund. */
  async refund(cardNo: string, body: Body<'/open/v1/cards/{cardNo}/refunds', 'post'>, idempotencyKey: string): Promise<Schemas['BalanceRefundSchema']> {
    return unwrap(await this.raw.POST('/open/v1/cards/{cardNo}/refunds', { params: { path: { cardNo }, header: { 'Idempotency-Key': idempotencyKey } }, body }));
  }

  async refundStatus(cardNo: string, refundId: string): Promise<Schemas['BalanceRefundSchema']> {
    return unwrap(await this.raw.GET('/open/v1/cards/{cardNo}/refunds/{refundId}', { params: { path: { cardNo, refundId } } }));
  }

  /** One coupon of a template to a member, by cardNo or phone; the same idempotencyKey and body answer the same coupon. */
  async issueCoupon(templateId: string, member: { cardNo: string } | { phone: string }, idempotencyKey: string): Promise<Schemas['CouponSchema']> {
    return unwrap(
      await this.raw.POST('/open/v1/coupon-templates/{templateId}/issues', { params: { path: { templateId }, header: { 'Idempotency-Key': idempotencyKey } }, body: member }),
    );
  }

  /** Would the coupon take something off this sale (card, amount, store), now; uses nothing. */
  async checkCoupon(couponId: string, sale: { cardNo: string; amountFen: number; storeId?: string }): Promise<Schemas['CouponCheckSchema']> {
    return unwrap(await this.raw.GET('/open/v1/coupons/{couponId}/check', { params: { path: { couponId }, query: sale } }));
  }

  async webhookEndpoints(): Promise<Schemas['WebhookEndpointSchema'][]> {
    return unwrap(await this.raw.GET('/open/v1/webhook-endpoints'));
  }
}
