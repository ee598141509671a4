import { Inject, Injectable } from '@nestjs/common';
import { KeyValueStore } from '../kv/key-value-store';
import type { RiskOperation, RiskRule } from './risk-rules';
import type { CounterNeed, CounterSubject } from './risk-counters';

/** Buckets per window: a count is exact to one bucket (it may include up to one bucket's worth of older events). */
const BUCKETS = 60;
const MIN_BUCKET_MS = 60_000;
const DAY_MS = 86_400_000;

function subjectId(subject: CounterSubject, operation: RiskOperation): string | null | undefined {
  switch (subject) {
    case 'card':
      return operation.cardId;
    case 'consumer':
      return operation.consumerId;
    case 'device':
      return operation.deviceId;
    case 'payer':
      return operation.payerRef;
  }
}

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
    if (need.metric === 'mirroredSales') return this.countMirrored(rule, need, operation, now);
    const { keys } = this.keysOf(rule, need, operation, now);
    const values = await this.kv.getMany(keys);
    return values.reduce((sum, value) => sum + (value === null ? 0 : Number(value)), 0);
  }

  async record(rule: RiskRule, need: CounterNeed, operation: RiskOperation, now: Date): Promise<void> {
    if (need.metric === 'mirroredSales') {
      // the card's last top-up amount, for the sales within the window after it
      await this.kv.set(this.lastTopUpKey(rule, operation), String(operation.amountFen), { ttlMs: need.windowMinutes * 60_000 });
      return;
    }
    const { keys, ttlMs } = this.keysOf(rule, need, operation, now);
    await this.kv.increment(keys[keys.length - 1]!, ttlMs);
  }

  /**
   * A sale mirrors the card's last top-up when one was noted within the window and its amount is near: then it is
   * counted at once (the day's count, this sale included, is the answer) — one GET for a sale that does not mirror.
   */
  private async countMirrored(rule: RiskRule, need: Extract<CounterNeed, { metric: 'mirroredSales' }>, operation: RiskOperation, now: Date): Promise<number> {
    const last = await this.kv.get(this.lastTopUpKey(rule, operation));
    if (last === null || Math.abs(Number(last) - operation.amountFen) > need.bandFen) return 0;
    const day = Math.floor(now.getTime() / DAY_MS);
    return this.kv.increment(`risk:{card:${operation.cardId}}:${rule.id}:mirrored:${day}`, DAY_MS);
  }

  private lastTopUpKey(rule: RiskRule, operation: RiskOperation): string {
    return `risk:{card:${operation.cardId}}:${rule.id}:last-topup`;
  }

  private keysOf(rule: RiskRule, need: CounterNeed, operation: RiskOperation, now: Date): { keys: string[]; ttlMs: number } {
    const windowMs = need.windowMinutes * 60_000;
    const bucketMs = Math.max(MIN_BUCKET_MS, Math.ceil(windowMs / BUCKETS));
    const subject = `${need.subject}:${subjectId(need.subject, operation)}`;
    const current = Math.floor(now.getTime() / bucketMs);
    const first = current - Math.ceil(windowMs / bucketMs) + 1;
    const keys: string[] = [];
    for (let bucket = first; bucket <= current; bucket++) keys.push(`risk:{${subject}}:${rule.id}:${bucketMs}:${bucket}`);
    return { keys, ttlMs: windowMs + bucketMs };
  }
}
