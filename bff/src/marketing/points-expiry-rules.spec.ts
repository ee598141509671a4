import { expiredCutoff, nextCutoff, pointsOlderThan } from './points-expiry-rules';

describe('points expiry rules', () => {
  it('should expire the points of 2024 at the first instant of 2026 in Shanghai under "end of the next year"', () => {
    // 2025-12-31 23:59:59 in Shanghai: 2024's points are still valid (their last day is today)
    expect(expiredCutoff(new Date('2025-12-31T15:59:59Z'), 1)).toMatchObject({ earnedThrough: 2023, lastDay: '2024-12-31' });
    expect(nextCutoff(new Date('2025-12-31T15:59:59Z'), 1)).toMatchObject({ earnedThrough: 2024, lastDay: '2025-12-31' });
    // 2026-01-01 00:00 in Shanghai (still 2025 in UTC): they have gone
    const cutoff = expiredCutoff(new Date('2025-12-31T16:00:00Z'), 1)!;
    expect(cutoff).toEqual({ earnedThrough: 2024, creditedBefore: new Date('2024-12-31T16:00:00Z'), lastDay: '2025-12-31' });
  });

  it('should keep points n years after the year they were earned', () => {
    expect(expiredCutoff(new Date('2026-06-01T00:00:00Z'), 3)).toMatchObject({ earnedThrough: 2022, lastDay: '2025-12-31' });
    expect(nextCutoff(new Date('2026-06-01T00:00:00Z'), 3)).toMatchObject({ earnedThrough: 2023, lastDay: '2026-12-31' });
  });

  it('should never expire points of a product that keeps them for good', () => {
    expect(expiredCutoff(new Date(), 0)).toBeNull();
    expect(nextCutoff(new Date(), 0)).toBeNull();
  });

  it('should count as old only what the card holds beyond the points credited since the cutoff', () => {
    // 500 earned in 2024, 300 in 2025, 200 spent in 2025 (from 2024's, the oldest): 300 of 2024 left
    expect(pointsOlderThan(600, 300)).toBe(300);
    // everything old was spent, and some new: nothing expires
    expect(pointsOlderThan(250, 300)).toBe(0);
    expect(pointsOlderThan(0, 0)).toBe(0);
  });
});
