import { Injectable } from '@nestjs/common';
import { MEMBER_CODE_PREFIX, MEMBER_QR_PREFIX, type ParsedMemberCode } from '@jucard/shared';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';

interface SigningKey {
  id: string;
  secret: Buffer;
}

export interface CodeClaims {
  keyId: string;
  codeId: string;
  cardId: string;
  expiresAt: Date;
}

/**
 * HMAC-SHA256 over (key id, code id, card id, expiry). The key id travels in the code, so a rotation signs new
 * codes with the new key while codes already on screens keep verifying with the old one.
 */
@Injectable()
export class MemberCodeSigner {
  private readonly keys: SigningKey[];

  constructor(config: AppConfig) {
    this.keys = config.MEMBER_CODE_KEYS
      ? config.MEMBER_CODE_KEYS.split(',').map((entry) => {
          const [id, ...rest] = entry.split(':');
          return { id: id!, secret: Buffer.from(rest.join(':'), 'utf8') };
        })
      : [{ id: '1', secret: Buffer.from(hkdfSync('sha256', config.JWT_SECRET, 'jucard', 'member-code-key-1', 32)) }];
  }

  get activeKeyId(): string {
    return this.keys[0]!.id;
  }

  /** Both renderings of one code. */
  render(claims: CodeClaims): { numericCode: string; qrPayload: string } {
    const mac = this.mac(claims);
    if (!mac) throw new Error(`no member-code key ${claims.keyId}`);
    return {
      numericCode: `${MEMBER_CODE_PREFIX}${claims.keyId}${claims.codeId}${numericMac(mac)}`,
      qrPayload: `${MEMBER_QR_PREFIX}${claims.keyId}.${claims.codeId}.${mac.toString('base64url')}`,
    };
  }

  /** True when the presented code carries the MAC of these claims (constant-time comparison). */
  verify(parsed: ParsedMemberCode, claims: CodeClaims): boolean {
    const mac = this.mac(claims);
    if (!mac || parsed.keyId !== claims.keyId) return false;
    const expected = parsed.form === 'numeric' ? Buffer.from(numericMac(mac)) : Buffer.from(mac.toString('base64url'));
    const presented = Buffer.from(parsed.mac);
    return expected.length === presented.length && timingSafeEqual(expected, presented);
  }

  private mac(claims: CodeClaims): Buffer | null {
    const key = this.keys.find((k) => k.id === claims.keyId);
    if (!key) return null;
    return createHmac('sha256', key.secret)
      .update(`${claims.keyId}|${claims.codeId}|${claims.cardId}|${claims.expiresAt.getTime()}`)
      .digest();
  }
}

/** Six decimal digits from the first 32 bits of the MAC (what fits in an 18-digit barcode). */
function numericMac(mac: Buffer): string {
  return (mac.readUInt32BE(0) % 1_000_000).toString().padStart(6, '0');
}
