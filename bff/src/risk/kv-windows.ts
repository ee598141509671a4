import { Inject, Injectable } from '@nestjs/common';
import { KeyValueStore } from '../kv/key-value-store';
import type { CounterNeed, RiskOperation, RiskRule } from './risk-rules';

/** Buckets per window: a count is exact to one bucket (it may include up to one bucket's worth of older events). */
const BUCKETS = 60;
const MIN_BUCKET_MS = 60_000;

/**
 * Sliding-window counters in the key-value store (Redis in production): each window is BUCKETS buckets, one key
 * each, incremented when a counted operation goes through and read back with one MGET. The keys of one subject share
 * a hash tag, so the MGET lands in one slot on Redis Cluster. Errors are the caller's: when the store is down it
 * counts from the database instead.
 */
@Injectable()
export class KvWindows {
  constructor(@Inject(KeyValueStore) private readonly kv: KeyValueStore) {}

  async count(rule: RiskRule, need: CounterNeed, operation: RiskOperation, now: Date): Promise<number> {
    const { keys } = this.keysOf(rule, need, operation, now);
    const values = await this.kv.getMany(keys);
    return values.reduce((sum, value) => sum + (value === null ? 0 : Number(value)), 0);
  }

  async record(rule: RiskRule, need: CounterNeed, operation: RiskOperation, now: Date): Promise<void> {
    const { keys, ttlMs } = this.keysOf(rule, need, operation, now);
    await this.kv.increment(keys[keys.length - 1]!, ttlMs);
  }

  private keysOf(rule: RiskRule, need: CounterNeed, operation: RiskOperation, now: Date): { keys: string[]; ttlMs: number } {
    const windowMs = need.windowMinutes * 60_000;
    const bucketMs = Math.max(MIN_BUCKET_MS, Math.ceil(windowMs / BUCKETS));
    const subject = need.subject === 'card' ? `card:${operation.cardId}` : `consumer:${operation.consumerId}`;
    const current = Math.floor(now.getTime() / bucketMs);
    const first = current - Math.ceil(windowMs / bucketMs) + 1;
    const keys: string[] = [];
    for (let bucket = first; bucket <= current; bucket++) keys.push(`risk:{${subject}}:${rule.id}:${bucketMs}:${bucket}`);
    return { keys, ttlMs: windowMs + bucketMs };
  }
}
