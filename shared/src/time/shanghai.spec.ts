import {
  fromShanghaiWallClock,
  parseRfc3339,
  parseShanghaiDateTime,
  shanghaiCompact,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiRfc3339,
  shanghaiTimeOfDay,
  shanghaiWallClock,
} from './shanghai';

describe('Shanghai time (UTC+8, whatever the host zone)', () => {
  const instant = new Date('2025-12-31T16:30:05.000Z'); // already 2026-01-01 in Shanghai

  it('should write the Shanghai wall clock in every format the platform uses', () => {
    expect(shanghaiDate(instant)).toBe('2026-01-01');
    expect(shanghaiDateTime(instant)).toBe('2026-01-01 00:30:05');
    expect(shanghaiDateTime(instant, { seconds: false })).toBe('2026-01-01 00:30');
    expect(shanghaiCompact(instant)).toBe('20260101003005');
    expect(shanghaiRfc3339(instant)).toBe('2026-01-01T00:30:05+08:00');
    expect(shanghaiTimeOfDay(new Date('2026-11-24T18:05:00Z'))).toBe('02:05');
  });

  it('should give the wall-clock parts and turn them back into the same instant', () => {
    const clock = shanghaiWallClock(instant);
    expect(clock).toEqual({ year: 2026, month: 1, day: 1, hour: 0, minute: 30, second: 5 });
    expect(fromShanghaiWallClock(clock).toISOString()).toBe(instant.toISOString());
  });

  it.each(['2026-01-01 00:30:05', '20260101003005', '2026-01-01T00:30:05'])('should read "%s" back to the same instant', (text) => {
    expect(parseShanghaiDateTime(text)?.toISOString()).toBe(instant.toISOString());
  });

  it.each(['2025-02-30 00:00:00', '2025-01-01 24:00:00', '2025-01-01', 'yesterday', '', undefined])('should refuse %p as a Shanghai date-time', (text) => {
    expect(parseShanghaiDateTime(text)).toBeNull();
  });

  it.each([
    ['2026-01-01T00:30:05+08:00', instant.toISOString()],
    ['2025-12-31T16:30:05Z', instant.toISOString()],
    ['2025-12-31T16:30:05.250Z', '2025-12-31T16:30:05.250Z'],
  ])('should read RFC 3339 "%s" with its offset', (text, iso) => {
    expect(parseRfc3339(text)?.toISOString()).toBe(iso);
  });

  it.each(['2026-01-01 00:30:05', '2026-01-01T00:30:05', '2026-13-01T00:00:00Z', undefined])('should refuse %p as RFC 3339', (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });
});
