import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { KeyValueStore } from '../kv/key-value-store';

/**
 * @nestjs/throttler's counters in the project's key-value store (Redis in production, so every instance spends the
 * same budget; the in-process store on the embedded profile). Fixed windows: a blocked client waits for its
 * window to end. When the store is unreachable the budget is not enforced, as for every limit (kv/rate-limiter.ts):
 * a Redis outage must not stop every login.
 */
export class KvThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('Limits');

  constructor(private readonly store: KeyValueStore) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const { count, resetInMs } = await this.store.hit(`thr:${throttlerName}:${key}`, ttl);
      const seconds = Math.ceil(resetInMs / 1000);
      return { totalHits: count, timeToExpire: seconds, isBlocked: count > limit, timeToBlockExpire: count > limit ? seconds : 0 };
    } catch (error) {
      this.logger.error(`budget ${throttlerName} not enforced: key-value store unavailable (${String(error)})`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
