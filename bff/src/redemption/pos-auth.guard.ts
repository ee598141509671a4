import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyScope } from '@jucard/shared';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { KeyValueStore } from '../kv/key-value-store';
import { PosAppsRepository, type ApiKeyRow } from './pos-apps.repository';
import { PosSecrets } from './pos-apps.service';

export interface PosPrincipal {
  appKey: string;
  merchantId: string;
  /** Where a sale is taken: the key's first store. */
  storeId: string;
  storeIds: string[];
  scopes: ApiKeyScope[];
}

const SCOPE = 'jucard:api-key-scope';

/** The scope a signed route needs; a key without it is refused (403 API_KEY_SCOPE_MISSING). */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(SCOPE, scope);

type PosRequest = FastifyRequest & { rawBody?: Buffer; pos?: PosPrincipal };

/**
 * Merchant POS servers sign each request:
 *   signature = base64(HMAC-SHA256(appSecret, METHOD \n path?query \n timestamp \n nonce \n sha256hex(body)))
 * sent as X-JuCard-App-Key / -Timestamp (unix seconds) / -Nonce / -Signature. Requests outside the time window
 * or with a nonce seen before are refused; the merchant and store come from the app key, never from the body.
 * During a rotation's overlap the previous secret still verifies; a revoked key fails on its next request (the
 * key is read on every request). The route names the scope it needs with RequireScope; without one it is refused.
 */
@Injectable()
export class PosAuthGuard implements CanActivate {
  constructor(
    private readonly keys: PosAppsRepository,
    private readonly reflector: Reflector,
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly secrets: PosSecrets,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PosRequest>();
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : '';
    };
    const appKey = header('x-jucard-app-key');
    const timestamp = header('x-jucard-timestamp');
    const nonce = header('x-jucard-nonce');
    const signature = header('x-jucard-signature');
    if (!appKey || !/^\d{10}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || !signature) {
      throw new DomainError('POS_SIGNATURE_INVALID', 'missing or malformed X-JuCard-* headers');
    }
    const app = await this.keys.find(appKey);
    if (!app) throw new DomainError('POS_SIGNATURE_INVALID');

    const bodyHash = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
    const message = `${request.method}\n${request.originalUrl}\n${timestamp}\n${nonce}\n${bodyHash}`;
    const presented = Buffer.from(signature, 'base64');
    if (!this.secretsOf(app).some((secret) => matches(presented, createHmac('sha256', secret).update(message).digest()))) throw new DomainError('POS_SIGNATURE_INVALID');
    // only the key's holder learns that it was revoked
    if (!app.active || app.revokedAt) throw new DomainError('API_KEY_REVOKED');

    const skew = Math.abs(this.clock.now().getTime() / 1000 - Number(timestamp));
    if (skew > this.config.POS_REQUEST_WINDOW_SECONDS) throw new DomainError('POS_REQUEST_EXPIRED');
    // without the store a replayed request cannot be told apart: refuse rather than guess
    const fresh = await this.store
      .set(`pos-nonce:${appKey}:${nonce}`, '1', { ttlMs: this.config.POS_REQUEST_WINDOW_SECONDS * 2000, onlyIfAbsent: true })
      .catch(() => {
        throw new DomainError('SERVICE_UNAVAILABLE', 'nonce store unavailable');
      });
    if (!fresh) throw new DomainError('POS_REQUEST_REPLAYED');

    const scope = this.reflector.get<ApiKeyScope | undefined>(SCOPE, context.getHandler());
    if (!scope || !app.scopes.includes(scope)) throw new DomainError('API_KEY_SCOPE_MISSING', scope ? `needs ${scope}` : 'the route names no scope');
    await this.keys.touch(appKey, this.clock.now());
    request.pos = { appKey, merchantId: app.merchantId, storeId: app.storeIds[0]!, storeIds: app.storeIds, scopes: app.scopes };
    return true;
  }

  /** The current secret, and the previous one while its rotation overlap lasts. */
  private secretsOf(app: ApiKeyRow): string[] {
    const overlap = app.previousSecret && app.previousSecretUntil && app.previousSecretUntil > this.clock.now();
    return [this.secrets.open(app.secret), ...(overlap ? [this.secrets.open(app.previousSecret!)] : [])];
  }
}

function matches(presented: Buffer, expected: Buffer): boolean {
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export const CurrentPos = createParamDecorator((_: unknown, context: ExecutionContext): PosPrincipal => {
  const pos = context.switchToHttp().getRequest<PosRequest>().pos;
  if (!pos) throw new DomainError('POS_SIGNATURE_INVALID');
  return pos;
});

/** What a POS client computes (exported for the tests and for merchants' integration docs). */
export function signPosRequest(secret: string, method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`).digest('base64');
}
