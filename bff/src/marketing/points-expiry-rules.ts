import { fromShanghaiWallClock, shanghaiWallClock } from '@jucard/shared';

/**
 * Points expiry (docs/marketing.md, "Points expiry"): points earned in year Y (Shanghai time) expire at the end of year
 * Y + validYears, the earliest first — every spend, exchange or claw-back is taken from the oldest points a card holds.
 * So what has expired at an instant is never a per-lot record: of the card's balance, whatever was not credited since
 * the start of the first year still valid is old points, and goes. validYears 0: points never expire.
 */
export interface PointsCutoff {
  /** The last earning year whose points expire at this cutoff. */
  earnedThrough: number;
  /** Credits before this instant are of `earnedThrough` or earlier. */
  creditedBefore: Date;
  /** The day they expire at the end of, "2026-12-31" (Shanghai). */
  lastDay: string;
}

const startOfYear = (year: number): Date => fromShanghaiWallClock({ year, month: 1, day: 1, hour: 0, minute: 0, second: 0 });

function cutoffFor(earnedThrough: number, validYears: number): PointsCutoff {
  return { earnedThrough, creditedBefore: startOfYear(earnedThrough + 1), lastDay: `${earnedThrough + validYears}-12-31` };
}

/** The points that have expired by `now`: those earned through the year validYears + 1 before this one; null if they never expire. */
export function expiredCutoff(now: Date, validYears: number): PointsCutoff | null {
  if (validYears <= 0) return null;
  return cutoffFor(shanghaiWallClock(now).year - validYears - 1, validYears);
}

/** The points that expire next, at the end of this year: those earned through the year validYears before it. */
export function nextCutoff(now: Date, validYears: number): PointsCutoff | null {
  if (validYears <= 0) return null;
  return cutoffFor(shanghaiWallClock(now).year - validYears, validYears);
}

/** What of `balance` is older than the cutoff, given the points credited since it: never below 0. */
export function pointsOlderThan(balance: number, creditedSince: number): number {
  return Math.max(0, balance - creditedSince);
}
