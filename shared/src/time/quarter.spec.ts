import { isQuarter, previousQuarter, quarterDays, quarterOf, quarterRange } from './quarter';

describe('quarters in Shanghai time', () => {
  it('should place an instant in its Shanghai quarter, not its UTC one', () => {
    // 2026-09-30 16:00 UTC is 2026-10-01 00:00 in Shanghai
    expect(quarterOf(new Date('2026-09-30T15:59:59Z'))).toBe('2026Q3');
    expect(quarterOf(new Date('2026-09-30T16:00:00Z'))).toBe('2026Q4');
  });

  it('should give a quarter as [start, end) instants and as its first and last days, across the year end', () => {
    expect(quarterRange('2026Q4')).toEqual([new Date('2026-09-30T16:00:00Z'), new Date('2026-12-31T16:00:00Z')]);
    expect(quarterDays('2026Q4')).toEqual(['2026-10-01', '2026-12-31']);
    expect(quarterDays('2027Q1')).toEqual(['2027-01-01', '2027-03-31']);
    expect(previousQuarter('2027Q1')).toBe('2026Q4');
    expect(previousQuarter('2026Q3')).toBe('2026Q2');
  });

  it.each(['2026Q5', '2026Q0', '2026-Q1', '26Q1', '', '2026q1'])('should refuse %p as a quarter', (text) => {
    expect(isQuarter(text)).toBe(false);
    expect(quarterRange(text)).toBeNull();
  });
});
