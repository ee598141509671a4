import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppConfig } from '../config/app-config';
import { DELIVERY_TIMEOUT_MS } from './webhook-schedule';
import { isSpecialAddress, targetRefusal, type TargetPolicy } from './webhook-target';

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What came back: a status and the start of the body, or no answer and why. */
export interface DeliveryAnswer {
  status: number | null;
  bodyExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

const EXCERPT_CHARS = 1000;
const EXCERPT_BYTES = 4096;

/**
 * POSTs one signed message. Redirects are not followed (a 3xx is a failure: a redirect could lead anywhere), the
 * whole exchange has 15 s, and in production every address the host resolves to is checked at connection time.
 */
@Injectable()
export class WebhookSender {
  readonly policy: TargetPolicy;

  constructor(config: AppConfig) {
    this.policy = config.NODE_ENV === 'production' ? 'public-only' : 'any';
  }

  send(delivery: DeliveryRequest, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<DeliveryAnswer> {
    const started = Date.now();
    const answer = (status: number | null, bodyExcerpt: string | null, error: string | null): DeliveryAnswer => ({ status, bodyExcerpt, error, durationMs: Date.now() - started });
    const refusal = targetRefusal(delivery.url, this.policy);
    if (refusal) return Promise.resolve(answer(null, null, `refused: ${refusal}`));
    const url = new URL(delivery.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: DeliveryAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = request(
        url,
        {
          method: 'POST',
          headers: { ...delivery.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(delivery.body), 'user-agent': 'JuCard-Webhooks/1' },
          ...(this.policy === 'public-only' ? { lookup: publicOnlyLookup } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const done = () => finish(answer(res.statusCode ?? null, Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS), null));
          res.on('data', (chunk: Buffer) => {
            if (size < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - size));
            size += chunk.length;
            // enough of the answer read: the rest is not kept
            if (size >= EXCERPT_BYTES) {
              done();
              res.destroy();
            }
          });
          res.on('end', done);
          res.on('error', done);
        },
      );
      const timer = setTimeout(() => {
        finish(answer(null, null, `no answer within ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => finish(answer(null, null, (error.code ? `${error.code}: ` : '') + error.message.slice(0, 250))));
      req.end(delivery.body);
    });
  }
}

/** dns.lookup that refuses special addresses, so the connection can only go to the address it checked. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isSpecialAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which webhooks may not reach`), { code: 'EADDRNOTALLOWED' }), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
