import { randomBytes } from 'node:crypto';
import { signPosRequest } from '../../src/redemption/pos-auth.guard';
import type { TestApp } from '../support/test-app';

export interface PosKey {
  appKey: string;
  appSecret: string;
}

/** What a test may set instead of a fresh request's own: a wrong secret, an old timestamp, a reused nonce. */
export interface SigningOptions {
  secret?: string;
  /** Unix seconds. */
  timestamp?: number;
  nonce?: string;
}

/** One request signed as a POS app or a merchant's server signs it (pos-auth.guard.ts); a GET goes without a body. */
export function signedRequest(t: TestApp, key: PosKey, method: 'GET' | 'POST', path: string, body?: unknown, options: SigningOptions = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(12).toString('base64url');
  const req = method === 'GET' ? t.http.get(path) : t.http.post(path).set('content-type', 'application/json');
  req
    .set('X-JuCard-App-Key', key.appKey)
    .set('X-JuCard-Timestamp', timestamp)
    .set('X-JuCard-Nonce', nonce)
    .set('X-JuCard-Signature', signPosRequest(options.secret ?? key.appSecret, method, path, timestamp, nonce, text));
  return body === undefined ? req : req.send(text);
}
