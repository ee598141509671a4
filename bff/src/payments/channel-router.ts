import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { KeyValueStore } from '../kv/key-value-store';
import { MemoryKeyValueStore } from '../kv/memory-key-value-store';
import { CHANNELS, type Channel } from './channel.port';

/** Success rate over the last five minutes, counted in 30 s buckets (a key each, expiring on its own). */
const WINDOW_MS = 5 * 60_000;
const BUCKET_MS = 30_000;
/** Consecutive failures that mark a channel down, and for how long. */
const TRIP_AFTER = 3;
const COOL_DOWN_MS = 30_000;
/** What each channel costs the platform, in basis points (configuration in production). */
const FEE_BPS: Record<Channel, number> = { WECHATPAY: 60, ALIPAY: 60, UNIONPAY: 50 };
// One hash tag for every key: the whole health table is read with one MGET, which Redis Cluster allows only
// within one slot.
const PREFIX = '{channel-health}';

interface Health {
  ok: number;
  failed: number;
  downUntil: number;
}

export interface RouteDecision {
  channel: Channel;
  reason: string;
}

/**
 * Chooses the channel for a payment attempt: the consumer's choice first when it is up, then the other enabled
 * channels by success rate over a sliding window and by fee. A channel that fails several times in a row is
 * marked down for a cool-down period (a circuit breaker). The decision is recorded on the attempt.
 *
 * The windows and the circuit live in the shared key-value store, so every BFF instance routes alike. Each
 * outcome is also kept in an in-process store: while the shared one is unreachable the router decides from
 * what this instance saw, never failing the payment.
 */
@Injectable()
export class ChannelRouter {
  private readonly logger = new Logger(ChannelRouter.name);
  private readonly local: MemoryKeyValueStore;
  private degraded = false;

  constructor(
    private readonly clock: Clock,
    private readonly shared: KeyValueStore,
  ) {
    this.local = new MemoryKeyValueStore(() => this.clock.now().getTime());
  }

  /** Channels to try, in order, each with the reason it was chosen. */
  async plan(enabled: readonly Channel[], preferred: Channel | undefined): Promise<RouteDecision[]> {
    const now = this.clock.now().getTime();
    const health = await this.read(now);
    const rate = (c: Channel) => successRate(health.get(c)!);
    const candidates = enabled.filter((c) => health.get(c)!.downUntil <= now);
    const ranked = [...candidates].sort((a, b) => rate(b) - rate(a) || FEE_BPS[a] - FEE_BPS[b]);
    const ordered = preferred && ranked.includes(preferred) ? [preferred, ...ranked.filter((c) => c !== preferred)] : ranked;
    return ordered.map((channel, index) => ({
      channel,
      reason:
        index === 0 && channel === preferred
          ? 'consumer choice'
          : `${preferred && !ordered.includes(preferred) ? `${preferred} marked down; ` : ''}${index > 0 ? 'failover; ' : ''}success ${(rate(channel) * 100).toFixed(0)}%, fee ${FEE_BPS[channel]} bps`,
    }));
  }

  async record(channel: Channel, ok: boolean): Promise<void> {
    const now = this.clock.now().getTime();
    const trippedHere = await this.recordIn(this.local, channel, ok, now);
    const tripped = await this.withShared(() => this.recordIn(this.shared, channel, ok, now), trippedHere);
    if (tripped) this.logger.warn(`${channel} marked down for ${COOL_DOWN_MS / 1000} s after ${TRIP_AFTER} failures in a row`);
  }

  async isUp(channel: Channel): Promise<boolean> {
    const now = this.clock.now().getTime();
    return (await this.read(now)).get(channel)!.downUntil <= now;
  }

  /** Returns whether this outcome opened the circuit (only one instance wins the NX, so it is logged once). */
  private async recordIn(store: KeyValueStore, channel: Channel, ok: boolean, now: number): Promise<boolean> {
    await store.increment(bucketKey(channel, ok, Math.floor(now / BUCKET_MS)), WINDOW_MS + BUCKET_MS);
    if (ok) {
      await store.set(streakKey(channel), '0', { ttlMs: WINDOW_MS });
      return false;
    }
    const streak = await store.increment(streakKey(channel), WINDOW_MS);
    if (streak < TRIP_AFTER) return false;
    return store.set(downKey(channel), String(now + COOL_DOWN_MS), { ttlMs: COOL_DOWN_MS, onlyIfAbsent: true });
  }

  private async read(now: number): Promise<Map<Channel, Health>> {
    const current = Math.floor(now / BUCKET_MS);
    // buckets that started within the window: the oldest one counts while any of it is inside
    const buckets = Array.from({ length: WINDOW_MS / BUCKET_MS }, (_, i) => current - i);
    const keys = CHANNELS.flatMap((c) => [downKey(c), ...buckets.flatMap((b) => [bucketKey(c, true, b), bucketKey(c, false, b)])]);
    const values = await this.withShared(
      () => this.shared.getMany(keys),
      () => this.local.getMany(keys),
    );
    const byKey = new Map(keys.map((key, i) => [key, Number(values[i] ?? 0)]));
    return new Map(
      CHANNELS.map((c) => [
        c,
        {
          downUntil: byKey.get(downKey(c))!,
          ok: buckets.reduce((sum, b) => sum + byKey.get(bucketKey(c, true, b))!, 0),
          failed: buckets.reduce((sum, b) => sum + byKey.get(bucketKey(c, false, b))!, 0),
        },
      ]),
    );
  }

  /** Runs against the shared store; while it is unreachable, answers the fallback (logged once per outage). */
  private async withShared<T>(op: () => Promise<T>, fallback: T | (() => Promise<T>)): Promise<T> {
    try {
      const result = await op();
      if (this.degraded) this.logger.log('channel health shared again (key-value store reachable)');
      this.degraded = false;
      return result;
    } catch (error) {
      if (!this.degraded) this.logger.error(`channel health kept per instance: key-value store unavailable (${(error as Error).message})`);
      this.degraded = true;
      return typeof fallback === 'function' ? (fallback as () => Promise<T>)() : fallback;
    }
  }
}

function successRate(health: Health): number {
  const total = health.ok + health.failed;
  return total === 0 ? 1 : health.ok / total;
}

const bucketKey = (channel: Channel, ok: boolean, bucket: number) => `${PREFIX}:${channel}:${ok ? 'ok' : 'fail'}:${bucket}`;
const streakKey = (channel: Channel) => `${PREFIX}:${channel}:streak`;
const downKey = (channel: Channel) => `${PREFIX}:${channel}:down`;
