import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'sbx1';

/**
 * Secrets at rest (POS app secrets): AES-256-GCM, "sbx1:<key id>:<base64url(iv | tag | ciphertext)>". The key id
 * travels with the value, so keys rotate: the first key seals, every listed key opens what it sealed.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly current: string;

  /** `spec` is SECRETS_KEY ("k1:<base64>,k0:<base64>"); without it one key is derived from `fallbackSecret`. */
  constructor(spec: string | undefined, fallbackSecret: string) {
    const entries: Array<[string, Buffer]> = spec
      ? spec.split(',').map((entry) => {
          const [id = '', key = ''] = entry.split(':');
          return [id, Buffer.from(key, 'base64')];
        })
      : [['d0', Buffer.from(hkdfSync('sha256', fallbackSecret, 'jucard', 'secrets-at-rest', 32))]];
    for (const [id, key] of entries) if (key.length !== 32) throw new Error(`SECRETS_KEY ${id} is not 32 bytes`);
    this.keys = new Map(entries);
    this.current = entries[0]![0];
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}:`);
  }

  seal(clear: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.current)!, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `${PREFIX}:${this.current}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws on an unknown key id or a tampered value. */
  open(sealed: string): string {
    const [prefix, id = '', payload = ''] = sealed.split(':');
    const key = this.keys.get(id);
    if (prefix !== PREFIX || !key) throw new Error(`cannot open a secret sealed with key "${id}"`);
    const raw = Buffer.from(payload, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
