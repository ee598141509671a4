import { chinaCompact, chinaDate, chinaDateTime, chinaRfc3339, parseChinaDateTime, parseRfc3339 } from './china-time';

describe('Beijing time formats', () => {
  const instant = new Date('2025-12-31T16:30:05.000Z'); // already 2026-01-01 in Beijing

  it('should write the Beijing wall clock whatever the host time zone', () => {
    expect(chinaDate(instant)).toBe('2026-01-01');
    expect(chinaDateTime(instant)).toBe('2026-01-01 00:30:05');
    expect(chinaCompact(instant)).toBe('20260101003005');
    expect(chinaRfc3339(instant)).toBe('2026-01-01T00:30:05+08:00');
  });

  it.each(['2026-01-01 00:30:05', '20260101003005'])('should read "%s" back to the same instant', (text) => {
    expect(parseChinaDateTime(text)?.toISOString()).toBe(instant.toISOString());
  });

  it.each(['2025-02-30 00:00:00', '2025-01-01', 'yesterday', ''])('should refuse "%s"', (text) => {
    expect(parseChinaDateTime(text)).toBeNull();
  });

  it('should read RFC 3339 with an offset and refuse anything else', () => {
    expect(parseRfc3339('2026-01-01T00:30:05+08:00')?.toISOString()).toBe(instant.toISOString());
    expect(parseRfc3339('2026-01-01 00:30:05')).toBeNull();
    expect(parseRfc3339(undefined)).toBeNull();
  });
});
