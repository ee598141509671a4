import { afterAttempt, disableCutoff, isSuccessStatus, MAX_ATTEMPTS } from './webhook-schedule';

const now = new Date('2026-12-03T08:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('webhook retry schedule', () => {
  it.each([
    [0, later(5_000)],
    [1, later(5 * 60_000)],
    [2, later(30 * 60_000)],
    [3, later(2 * 3_600_000)],
    [4, later(5 * 3_600_000)],
    [5, later(10 * 3_600_000)],
    [6, later(10 * 3_600_000)],
  ])('should retry a failure after %i earlier attempts at %s (Svix’s schedule)', (before, next) => {
    expect(afterAttempt(before, false, now, 1)).toEqual({ status: 'PENDING', attempts: before + 1, nextAttemptAt: new Date(next) });
  });

  it('should give up after the eighth attempt', () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(afterAttempt(7, false, now, 1)).toEqual({ status: 'FAILED', attempts: 8, nextAttemptAt: null });
  });

  it('should stop on success', () => {
    expect(afterAttempt(3, true, now, 1)).toEqual({ status: 'SUCCEEDED', attempts: 4, nextAttemptAt: null });
  });

  it('should shrink the schedule and the 5-day rule by the scale', () => {
    expect(afterAttempt(1, false, now, 0.001).nextAttemptAt).toEqual(new Date(later(300)));
    expect(disableCutoff(now, 1)).toEqual(new Date('2026-11-28T08:00:00.000Z'));
    expect(disableCutoff(now, 0.001)).toEqual(new Date(now.getTime() - 432_000));
  });

  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [410, false],
    [500, false],
    [null, false],
  ])('should count status %p as success: %p', (status, expected) => {
    expect(isSuccessStatus(status)).toBe(expected);
  });
});
