import type { KeyObject } from 'node:crypto';
import { Rsa } from 'wechatpay-axios-plugin';

/** An unknown serial re-reads the credentials at most this often, so forged serials cannot make every request read a file. */
const RELOAD_EVERY_MS = 30_000;

/**
 * WeChat Pay's platform public keys by serial, parsed once: parsing the PEM on every check cost ~100 µs of a
 * ~120 µs verification. When a notification names a serial we do not know, the credentials are read again
 * (rate-limited): a rotated key joins the one before it, which stays valid while WeChat still signs with it.
 */
export class WechatpayPlatformKeys {
  private keys: Map<string, KeyObject>;
  /** The serial of the key the credentials named last. */
  private newest: string;
  private reloadedAt = Number.NEGATIVE_INFINITY;

  constructor(
    current: { platformSerial: string; platformPublicKeyPem: string },
    private readonly reload?: () => { platformSerial: string; platformPublicKeyPem: string },
    private readonly onRotated: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new Map([[current.platformSerial, Rsa.from(current.platformPublicKeyPem, Rsa.KEY_TYPE_PUBLIC)]]);
    this.newest = current.platformSerial;
  }

  /** `{ serial: KeyObject }`, as the plugin's `certs` takes them. */
  all(): Record<string, KeyObject> {
    return Object.fromEntries(this.keys);
  }

  get(serial: string): KeyObject | undefined {
    const known = this.keys.get(serial);
    if (known || !this.reload || this.now() - this.reloadedAt < RELOAD_EVERY_MS) return known;
    this.reloadedAt = this.now();
    let fresh: { platformSerial: string; platformPublicKeyPem: string };
    try {
      fresh = this.reload();
    } catch {
      return undefined; // unreadable now: the notification is refused and WeChat sends it again
    }
    if (fresh.platformSerial !== serial) return undefined;
    const previous = this.keys.get(this.newest)!;
    this.keys = new Map([
      [serial, Rsa.from(fresh.platformPublicKeyPem, Rsa.KEY_TYPE_PUBLIC)],
      [this.newest, previous],
    ]);
    this.newest = serial;
    this.onRotated();
    return this.keys.get(serial);
  }
}
