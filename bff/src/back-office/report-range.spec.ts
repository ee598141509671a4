import { DomainError } from '../common/domain-error';
import { lastBusinessDays, reportRange, shanghaiDateTime } from './report-range';
import { decodeReportCursor, encodeReportCursor } from './reports.service';

// 2026-11-25 00:30 in Shanghai is still 2026-11-24 in UTC
const now = new Date('2026-11-24T16:30:00.000Z');

describe('reportRange', () => {
  it('should default to the last 7 Shanghai business days, today included', () => {
    const sut = reportRange(undefined, undefined, now);
    expect(sut).toEqual({
      from: '2026-11-19',
      to: '2026-11-25',
      start: new Date('2026-11-18T16:00:00.000Z'),
      end: new Date('2026-11-25T16:00:00.000Z'),
    });
  });

  it('should count 7 days back from a given end day', () => {
    expect(reportRange(undefined, '2026-03-01', now)).toMatchObject({ from: '2026-02-23', to: '2026-03-01' });
  });

  it('should accept exactly 366 days and refuse 367', () => {
    expect(reportRange('2025-11-25', '2026-11-25', now).from).toBe('2025-11-25');
    expect(() => reportRange('2025-11-24', '2026-11-25', now)).toThrow(DomainError);
  });

  it.each([
    ['2026-11-26', '2026-11-25'],
    ['2026-02-30', '2026-03-01'],
    ['2026-11-01', '2026-13-01'],
  ])('should refuse from %s to %s with REPORT_RANGE_INVALID', (from, to) => {
    expect(() => reportRange(from, to, now)).toThrow(expect.objectContaining({ code: 'REPORT_RANGE_INVALID' }));
  });
});

describe('lastBusinessDays', () => {
  it('should give 30 consecutive Shanghai days ending today, oldest first', () => {
    const days = lastBusinessDays(30, now);
    expect(days).toHaveLength(30);
    expect(days[0]?.date).toBe('2026-10-27');
    expect(days[29]).toEqual({ date: '2026-11-25', start: new Date('2026-11-24T16:00:00.000Z'), end: new Date('2026-11-25T16:00:00.000Z') });
    for (let i = 1; i < days.length; i++) expect(days[i]?.start).toEqual(days[i - 1]?.end);
  });
});

describe('shanghaiDateTime', () => {
  it('should print the Shanghai wall-clock time', () => {
    expect(shanghaiDateTime(now)).toBe('2026-11-25 00:30:00');
  });
});

describe('report cursors', () => {
  it('should round-trip a row key and refuse anything else', () => {
    const key = { at: new Date('2026-11-25T08:00:00.123Z'), id: '0f8fad5b-d9cb-469f-a165-70867728950e' };
    const cursor = encodeReportCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]{30}$/);
    expect(decodeReportCursor(cursor)).toEqual(key);
    expect(() => decodeReportCursor('bm90LWEtY3Vyc29y')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
