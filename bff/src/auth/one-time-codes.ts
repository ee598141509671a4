import { Injectable } from '@nestjs/common';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { KeyValueStore } from '../kv/key-value-store';
import { RateLimiter } from '../kv/rate-limiter';
import { SmsSender, type SmsMessage } from './sms-sender';

const OTP_TTL_MS = 5 * 60_000;
const OTP_MAX_ATTEMPTS = 5;
const OTP_RESEND_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Six-digit SMS codes: one per phone and purpose at a time, 5 minutes, one a minute, 5 tries, single use. The login
 * uses them, and so does anything that asks for the holder of a phone again (解挂 of a lost card). A purpose keeps a
 * login code from opening a card and the other way round.
 */
@Injectable()
export class OneTimeCodes {
  constructor(
    private readonly sms: SmsSender,
    private readonly store: KeyValueStore,
    private readonly limiter: RateLimiter,
  ) {}

  async send(phone: string, purpose: string, message: (code: string) => SmsMessage): Promise<{ resendAfterSeconds: number }> {
    const key = keyOf(phone, purpose);
    if (!(await this.store.set(`otp-resend:${key}`, '1', { ttlMs: OTP_RESEND_MS, onlyIfAbsent: true }))) {
      throw new DomainError('RATE_LIMITED', 'one code per minute', undefined, OTP_RESEND_MS / 1000);
    }
    await this.limiter.consume(`otp-send:${phone}`, 10, 24 * 3600_000);
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    await this.store.set(`otp:${key}`, sha256(`${phone}:${code}`), { ttlMs: OTP_TTL_MS });
    await this.store.delete(`otp-attempts:${key}`);
    try {
      await this.sms.send(phone, message(code));
    } catch (error) {
      // nothing reached the phone: the holder may ask again as soon as the provider is back, not in a minute
      await this.store.delete(`otp-resend:${key}`).catch(() => undefined);
      throw error;
    }
    return { resendAfterSeconds: OTP_RESEND_MS / 1000 };
  }

  /** True once for the right code: whoever deletes the code first has used it. */
  async consume(phone: string, purpose: string, code: string): Promise<boolean> {
    const key = keyOf(phone, purpose);
    const stored = await this.store.get(`otp:${key}`);
    if (!stored) return false;
    const attempts = await this.store.increment(`otp-attempts:${key}`, OTP_TTL_MS);
    const matches = timingSafeEqual(Buffer.from(stored), Buffer.from(sha256(`${phone}:${code}`)));
    if (!matches || attempts > OTP_MAX_ATTEMPTS) {
      if (attempts >= OTP_MAX_ATTEMPTS) await this.store.delete(`otp:${key}`);
      return false;
    }
    await this.store.delete(`otp:${key}`);
    return true;
  }
}

// the login's keys stay as they were (codes issued before a deploy still work)
function keyOf(phone: string, purpose: string): string {
  return purpose === 'login' ? phone : `${purpose}:${phone}`;
}
