import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { CHANNELS, type Channel } from './channel.port';

const WINDOW_MS = 5 * 60_000;
/** Consecutive failures that mark a channel down, and for how long. */
const TRIP_AFTER = 3;
const COOL_DOWN_MS = 30_000;
/** What each channel costs the platform, in basis points (configuration in production). */
const FEE_BPS: Record<Channel, number> = { WECHATPAY: 60, ALIPAY: 60, UNIONPAY: 50 };

interface Health {
  outcomes: Array<{ at: number; ok: boolean }>;
  consecutiveFailures: number;
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
 */
@Injectable()
export class ChannelRouter {
  private readonly logger = new Logger(ChannelRouter.name);
  private readonly health = new Map<Channel, Health>(CHANNELS.map((c) => [c, { outcomes: [], consecutiveFailures: 0, downUntil: 0 }]));

  constructor(private readonly clock: Clock) {}

  /** Channels to try, in order, each with the reason it was chosen. */
  plan(enabled: readonly Channel[], preferred: Channel | undefined): RouteDecision[] {
    const now = this.clock.now().getTime();
    const candidates = enabled.filter((c) => this.isUp(c, now));
    const ranked = [...candidates].sort((a, b) => this.successRate(b, now) - this.successRate(a, now) || FEE_BPS[a] - FEE_BPS[b]);
    const ordered = preferred && ranked.includes(preferred) ? [preferred, ...ranked.filter((c) => c !== preferred)] : ranked;
    return ordered.map((channel, index) => ({
      channel,
      reason:
        index === 0 && channel === preferred
          ? 'consumer choice'
          : `${preferred && !ordered.includes(preferred) ? `${preferred} marked down; ` : ''}${index > 0 ? 'failover; ' : ''}success ${(this.successRate(channel, now) * 100).toFixed(0)}%, fee ${FEE_BPS[channel]} bps`,
    }));
  }

  record(channel: Channel, ok: boolean): void {
    const now = this.clock.now().getTime();
    const health = this.health.get(channel)!;
    health.outcomes.push({ at: now, ok });
    health.outcomes = health.outcomes.filter((o) => o.at > now - WINDOW_MS);
    health.consecutiveFailures = ok ? 0 : health.consecutiveFailures + 1;
    if (health.consecutiveFailures >= TRIP_AFTER && health.downUntil <= now) {
      health.downUntil = now + COOL_DOWN_MS;
      this.logger.warn(`${channel} marked down for ${COOL_DOWN_MS / 1000} s after ${health.consecutiveFailures} failures in a row`);
    }
  }

  isUp(channel: Channel, now = this.clock.now().getTime()): boolean {
    return this.health.get(channel)!.downUntil <= now;
  }

  private successRate(channel: Channel, now: number): number {
    const recent = this.health.get(channel)!.outcomes.filter((o) => o.at > now - WINDOW_MS);
    if (recent.length === 0) return 1;
    return recent.filter((o) => o.ok).length / recent.length;
  }
}
