import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { KeyValueStore } from '../kv/key-value-store';
import { PosSecrets } from './pos-apps.service';
import { RedemptionRepository } from './redemption.repository';

export interface PosPrincipal {
  appKey: string;
  merchantId: string;
  storeId: string;
}

type PosRequest = FastifyRequest & { rawBody?: Buffer; pos?: PosPrincipal };

/**
 * Merchant POS servers sign each request:
 *   signature = base64(HMAC-SHA256(appSecret, METHOD \n path?query \n timestamp \n nonce \n sha256hex(body)))
 * sent as X-JuCard-App-Key / -Timestamp (unix seconds) / -Nonce / -Signature. Requests outside the time window
 * or with a nonce seen before are refused; the merchant and store come from the app key, never from the body.
 */
@Injectable()
export class PosAuthGuard implements CanActivate {
  constructor(
    private readonly redemptions: RedemptionRepository,
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
    const app = await this.redemptions.findPosApp(appKey);
    if (!app?.active) throw new DomainError('POS_SIGNATURE_INVALID');

    const bodyHash = createHash('sha256').update(request.rawBody ?? Buffer.alloc(0)).digest('hex');
    const message = `${request.method}\n${request.originalUrl}\n${timestamp}\n${nonce}\n${bodyHash}`;
    const expected = createHmac('sha256', this.secrets.open(app.secret)).update(message).digest();
    const presented = Buffer.from(signature, 'base64');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw new DomainError('POS_SIGNATURE_INVALID');

    const skew = Math.abs(this.clock.now().getTime() / 1000 - Number(timestamp));
    if (skew > this.config.POS_REQUEST_WINDOW_SECONDS) throw new DomainError('POS_REQUEST_EXPIRED');
    // without the store a replayed request cannot be told apart: refuse rather than guess
    const fresh = await this.store
      .set(`pos-nonce:${appKey}:${nonce}`, '1', { ttlMs: this.config.POS_REQUEST_WINDOW_SECONDS * 2000, onlyIfAbsent: true })
      .catch(() => {
        throw new DomainError('SERVICE_UNAVAILABLE', 'nonce store unavailable');
      });
    if (!fresh) throw new DomainError('POS_REQUEST_REPLAYED');

    request.pos = { appKey, merchantId: app.merchantId, storeId: app.storeId };
    return true;
  }
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
