import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { publicFileUrl } from '@jucard/shared';

/** How long a signed link to a private file (a KYC image) works: long enough to look, too short to pass around. */
export const PRIVATE_LINK_SECONDS = 600;

/**
 * Links to uploaded files. A private file's link carries an expiry and an HMAC over (id, expiry), so an `<img>` can
 * load it without a bearer token while only callers the API has checked ever get one.
 */
export class FileLinks {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'jucard', 'file-links', 32));
  }

  publicLink(fileId: string): string {
    return publicFileUrl(fileId);
  }

  signedLink(fileId: string, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + PRIVATE_LINK_SECONDS;
    return `/files/${fileId}?expires=${expires}&signature=${this.sign(fileId, expires)}`;
  }

  verify(fileId: string, expires: number | undefined, signature: string | undefined, now: Date): boolean {
    if (expires === undefined || signature === undefined || !Number.isSafeInteger(expires)) return false;
    if (expires < Math.floor(now.getTime() / 1000)) return false;
    const expected = Buffer.from(this.sign(fileId, expires));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(fileId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${fileId}.${expires}`).digest('base64url');
  }
}
