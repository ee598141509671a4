import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Randomness behind one injectable seam (ids, tokens, card numbers). */
export abstract class IdGenerator {
  abstract uuid(): string;
  /** URL-safe random token with `bytes` bytes of entropy. */
  abstract token(bytes?: number): string;
  /** `count` random decimal digits. */
  abstract digits(count: number): string;
}

export class CryptoIdGenerator extends IdGenerator {
  uuid(): string {
    return randomUUID();
  }

  token(bytes = 24): string {
    return randomBytes(bytes).toString('base64url');
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += randomInt(0, 10).toString();
    return out;
  }
}
