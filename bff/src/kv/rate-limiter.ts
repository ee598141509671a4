import { Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { KeyValueStore } from './key-value-store';

/**
 * Fixed-window limits on the shared store, so every BFF instance counts the same attempts. When the store is
 * unreachable the limit is not enforced (logged as an error): an outage of Redis must not stop every login and
 * every till. Money and single use never depend on this store.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(private readonly store: KeyValueStore) {}

  async consume(bucket: string, limit: number, windowMs: number): Promise<void> {
    let window: { count: number; resetInMs: number };
    try {
      window = await this.store.hit(`rl:${bucket}`, windowMs);
    } catch (error) {
      this.logger.error(`rate limit ${bucket.split(':')[0]} not enforced: key-value store unavailable (${(error as Error).message})`);
      return;
    }
    if (window.count > limit) throw new DomainError('RATE_LIMITED', bucket.split(':')[0], undefined, window.resetInMs / 1000);
  }

  async reset(bucket: string): Promise<void> {
    await this.store.delete(`rl:${bucket}`).catch(() => undefined);
  }
}
