import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { KeyValueStore } from './key-value-store';

/** Fixed-window limits on the shared store, so every BFF instance counts the same attempts. */
@Injectable()
export class RateLimiter {
  constructor(private readonly store: KeyValueStore) {}

  async consume(bucket: string, limit: number, windowMs: number): Promise<void> {
    const count = await this.store.increment(`rl:${bucket}`, windowMs);
    if (count > limit) throw new DomainError('RATE_LIMITED', bucket.split(':')[0]);
  }

  async reset(bucket: string): Promise<void> {
    await this.store.delete(`rl:${bucket}`);
  }
}
