import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The share link's token: `<giftId>.<nonce>.<signature>` (HMAC-SHA256 of the first two parts). The signature turns a
 * forged or altered token away before any read; only the token's SHA-256 is stored, so a database leak gives no link.
 */
export class GiftTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'jucard', 'card-gift-key-1', 32));
  }

  issue(giftId: string, nonce: string): string {
    return `${giftId}.${nonce}.${this.sign(`${giftId}.${nonce}`)}`;
  }

  /** The gift id a well-signed token names, or null. */
  verify(token: string): string | null {
    const [giftId, nonce, signature, ...rest] = token.split('.');
    if (!giftId || !nonce || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(`${giftId}.${nonce}`));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? giftId : null;
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
